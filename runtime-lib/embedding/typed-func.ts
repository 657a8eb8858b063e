/**
 * `TypedFunc` (wasmtime's `TypedFunc`): a function whose type was checked once, when
 * it was obtained, so calls convert values without looking at types again.
 */
import { I64_HI, boxedList, sigId, type ValType } from '../values.js';
import type { Func } from './func.js';
import { pushToWasm, resultsFromWasm, type FromWasmList, type ResultOf, type ToWasmList } from './host-values.js';
import type { AsContext } from './store.js';
import { enterWasm, invokeWasm } from './wasm-entry.js';

export class TypedFunc<P extends readonly ValType[], R extends readonly ValType[]> {
  /** Internal: use `Instance.getTypedFunc`. Throws a TypeError when `func` does not have type (P) -> (R). */
  constructor(
    readonly func: Func,
    readonly params: P,
    readonly results: R,
  ) {
    const expected = sigId(params, results);
    if (func.ref.sig !== expected) throw new TypeError(`function type mismatch: the function has type (${func.ref.sig}), asked for (${expected})`);
  }

  /**
   * Calls the function. An externref argument is any live `ExternRef` handle of this
   * store; an externref result is a `Rooted` in the current scope. A host-to-Wasm
   * entry: sets the stack canary when it is the outermost one.
   */
  call(context: AsContext, ...args: ToWasmList<P>): ResultOf<R, FromWasmList<R>> {
    const store = context.store;
    this.func.checkStore(store);
    const { params, results } = this;
    if (args.length !== params.length) throw new TypeError(`expected ${params.length} arguments, got ${args.length}`);
    const fn = this.func.ref.fn;
    return enterWasm(store, () => {
      const flat = boxedList();
      for (let i = 0; i < params.length; i++) pushToWasm(store, params[i]!, args[i], flat);
      const r = invokeWasm(fn, flat);
      return resultsFromWasm(store, results, r, I64_HI[0]!);
    }) as ResultOf<R, FromWasmList<R>>;
  }
}
