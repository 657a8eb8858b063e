/**
 * The typed host functions of `Linker.funcWrap`: a host closure `(caller, ...args)`
 * turned into an internal-ABI function of one store. Arguments arrive as host values
 * (externrefs as `Rooted` handles, valid for the call); the result goes back to Wasm
 * with its externrefs recorded in the activations table before the call's root
 * scope closes, so no GC can free them on the way.
 */
import { FuncRef } from '../funcref.js';
import { sigId } from '../values.js';
import { Caller } from './caller.js';
import type { FuncType } from './func.js';
import { callHost } from './host-call.js';
import { paramsFromWasm, resultsToWasm } from './host-values.js';
import type { Store } from './store.js';
import { v128Error } from './val-raw.js';

export type HostFunc<T> = (caller: Caller<T>, ...args: any[]) => unknown;

export function wrapHostFunc<T>(store: Store<T>, type: FuncType, fn: HostFunc<T>, name: string): FuncRef {
  const { params, results } = type;
  if (params.includes('v128') || results.includes('v128')) throw v128Error();
  const caller = new Caller(store);
  const call = (...flat: unknown[]): unknown =>
    callHost(store, () => resultsToWasm(store, results, fn(caller, ...paramsFromWasm(store, params, flat))));
  return new FuncRef(sigId(params, results), params, results, call, name);
}
