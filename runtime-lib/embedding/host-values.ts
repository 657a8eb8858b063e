/**
 * Typed values of the embedding API and their conversions to and from the internal
 * ABI (../funcref.ts): i32, f32, f64 are `number`; i64 is `bigint`; externref is an
 * `ExternRef` handle (a `Rooted` one when it comes out of Wasm) or null; funcref is
 * a `Func` or null. Inside Wasm an externref is its heap entry (`VMExternRef`).
 */
import type { FuncRef } from '../funcref.js';
import { I64_HI, boxedList, i64ToBigInt, toF32, toF64, toI32, toI64, type ValType } from '../values.js';
import type { VMExternRef } from './extern-heap.js';
import { ExternRef, externRefEntry, rootedExternRef, type Rooted } from './externref.js';
import { Func } from './func.js';
import type { Store } from './store.js';
import { v128Error } from './val-raw.js';

/** What the host passes to Wasm for a value of type `V`. */
export type ToWasm<V extends ValType> = V extends 'i32' | 'f32' | 'f64' ? number : V extends 'i64' ? bigint : V extends 'externref' ? ExternRef<any> | null : V extends 'funcref' ? Func | null : never;

/** What the host gets from Wasm for a value of type `V`. */
export type FromWasm<V extends ValType> = V extends 'externref' ? Rooted<ExternRef> | null : ToWasm<V>;

/** Host-side arguments for params `P`. */
export type ToWasmList<P extends readonly ValType[]> = { -readonly [K in keyof P]: ToWasm<P[K]> };
export type FromWasmList<P extends readonly ValType[]> = { -readonly [K in keyof P]: FromWasm<P[K]> };

/** A result list as the host sees it: nothing, one value, or a tuple. */
export type ResultOf<R extends readonly ValType[], Map extends readonly unknown[]> = R extends readonly [] ? void : R extends readonly [ValType] ? Map[0] : Map;

/** Appends a host value of `type` to `out` in the internal ABI; an externref is recorded in the activations table. */
export function pushToWasm(store: Store<any>, type: ValType, value: unknown, out: unknown[]): void {
  switch (type) {
    case 'i32': out.push(toI32(value)); break;
    case 'i64': {
      const lo = toI64(value);
      out.push(lo, I64_HI[0]);
      break;
    }
    case 'f32': out.push(toF32(value)); break;
    case 'f64': out.push(toF64(value)); break;
    case 'externref': out.push(externRefToWasm(store, value)); break;
    case 'funcref': out.push(funcToWasm(store, value)); break;
    case 'v128': throw v128Error();
  }
}

/** One internal value (`hi` only for i64) as a host value; an externref becomes a `Rooted` in the current scope. */
export function fromWasm(store: Store<any>, type: ValType, value: unknown, hi: number): unknown {
  switch (type) {
    case 'i64': return i64ToBigInt(value as number, hi);
    case 'externref': return value === null ? null : rootedExternRef(store, store.entryFromWasm(value));
    case 'funcref': return value === null ? null : new Func(store, value as FuncRef);
    case 'v128': throw v128Error();
    default: return value;
  }
}

/** Internal-ABI params (flat) as host values. */
export function paramsFromWasm(store: Store<any>, params: readonly ValType[], flat: readonly unknown[]): unknown[] {
  const args = boxedList();
  let j = 0;
  for (let i = 0; i < params.length; i++) {
    const type = params[i]!;
    args.push(fromWasm(store, type, flat[j], type === 'i64' ? (flat[j + 1] as number) : 0));
    j += type === 'i64' ? 2 : 1;
  }
  return args;
}

/** An internal-ABI result `r` (with `hi`, the I64_HI read right after the call) as the host's result. */
export function resultsFromWasm(store: Store<any>, results: readonly ValType[], r: unknown, hi: number): unknown {
  if (results.length === 0) return undefined;
  if (results.length === 1) return fromWasm(store, results[0]!, r, hi);
  return paramsFromWasm(store, results, r as unknown[]);
}

/** A host function's result in the internal ABI (an i64 as lo, with hi left in I64_HI). */
export function resultsToWasm(store: Store<any>, results: readonly ValType[], r: unknown): unknown {
  if (results.length === 0) return undefined;
  if (results.length === 1) {
    const flat = boxedList();
    pushToWasm(store, results[0]!, r, flat);
    if (results[0] === 'i64') I64_HI[0] = flat[1] as number;
    return flat[0];
  }
  if (!Array.isArray(r) || r.length !== results.length) {
    throw new TypeError(`a host function with ${results.length} results must return an array of ${results.length} values`);
  }
  const flat = boxedList();
  for (let i = 0; i < results.length; i++) pushToWasm(store, results[i]!, r[i], flat);
  return flat;
}

function externRefToWasm(store: Store<any>, value: unknown): VMExternRef | null {
  if (value === null) return null;
  if (!(value instanceof ExternRef)) throw new TypeError(`an externref must be an ExternRef or null, got ${describe(value)}`);
  const entry = externRefEntry(value, store);
  store.rootForWasm(entry);
  return entry;
}

function funcToWasm(store: Store<any>, value: unknown): FuncRef | null {
  if (value === null) return null;
  if (!(value instanceof Func)) throw new TypeError(`a funcref must be a Func or null, got ${describe(value)}`);
  value.checkStore(store);
  return value.ref;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
