/**
 * `Func` (wasmtime's `Func`): a function of a store, Wasm or host, in the internal
 * ABI (see ../funcref.ts), plus the unchecked API that passes values as `ValRaw`.
 * Typed calls go through `TypedFunc` (./typed-func.ts).
 */
import { FuncRef } from '../funcref.js';
import { I64_HI, boxedList, sigId, type ValType } from '../values.js';
import { Caller } from './caller.js';
import { StoreMismatchError } from './errors.js';
import { callHost } from './host-call.js';
import type { AsContext, Store } from './store.js';
import { pushInternal, rawFromInternal, v128Error, ValRaw } from './val-raw.js';
import { enterWasm, invokeWasm } from './wasm-entry.js';

/** A function type (wasmtime's `FuncType`). */
export interface FuncType<P extends readonly ValType[] = readonly ValType[], R extends readonly ValType[] = readonly ValType[]> {
  readonly params: P;
  readonly results: R;
}

/** The host side of `Func.newUnchecked`: reads params from `values`, writes results into it. */
export type UncheckedHostFunc<T> = (caller: Caller<T>, values: ValRaw[]) => void;

export class Func {
  /** Internal: use `Func.newUnchecked`, `Instance.getFunc` or `Func.fromRaw`. */
  constructor(
    /** Internal: the owning store. */
    readonly store: Store<any>,
    /** Internal: the function in the internal ABI. */
    readonly ref: FuncRef,
  ) {}

  /**
   * A host function with raw values. `fn` gets an array of max(params, results)
   * values with the params in front, and must write the results into its front.
   * Nothing checks that the values have the declared types: a wrong one is the
   * caller's bug, as with wasmtime's `unsafe` API.
   */
  static newUnchecked<T>(context: AsContext<T>, type: FuncType, fn: UncheckedHostFunc<T>): Func {
    const store = context.store;
    const { params, results } = type;
    if (params.includes('v128') || results.includes('v128')) throw v128Error();
    const caller = new Caller(store);
    const call = (...flat: unknown[]): unknown =>
      callHost(store, () => {
        const values = internalToRaw(store, params, flat, Math.max(params.length, results.length));
        fn(caller, values);
        return rawToInternalResult(store, results, values);
      });
    return new Func(store, new FuncRef(sigId(params, results), params, results, call));
  }

  /** The function with this raw value (`toRaw`), or null for 0. */
  static fromRaw(context: AsContext, raw: number): Func | null {
    const ref = context.store.funcRefs.fromRaw(raw);
    return ref === null ? null : new Func(context.store, ref);
  }

  /** The function's type. */
  ty(context: AsContext): FuncType {
    this.checkStore(context.store);
    return { params: this.ref.params, results: this.ref.results };
  }

  /** The raw u32 value (never 0), for `ValRaw.funcref`; valid for the store's lifetime. */
  toRaw(context: AsContext): number {
    this.checkStore(context.store);
    return context.store.funcRefs.toRaw(this.ref);
  }

  /** Whether both name the same function. */
  ptrEq(other: Func): boolean {
    return this.ref === other.ref;
  }

  /**
   * Calls with raw values: `values` holds the params in front and receives the
   * results in front, so it needs max(params, results) elements. Unchecked like
   * `newUnchecked`. A host-to-Wasm entry: sets the stack canary when outermost.
   */
  callUnchecked(context: AsContext, values: ValRaw[]): void {
    const store = context.store;
    this.checkStore(store);
    const { params, results, fn } = this.ref;
    const needed = Math.max(params.length, results.length);
    if (values.length < needed) throw new RangeError(`callUnchecked needs ${needed} values (params and results share the array), got ${values.length}`);
    enterWasm(store, () => {
      const flat = boxedList();
      for (let i = 0; i < params.length; i++) pushInternal(store, params[i]!, values[i]!, flat);
      const r = invokeWasm(fn, flat);
      // Read I64_HI now: converting the results may run other code.
      writeRawResults(store, results, r, I64_HI[0]!, values);
    });
  }

  /** Internal: throws unless this function belongs to `store`. */
  checkStore(store: Store<any>): void {
    if (store !== this.store) throw new StoreMismatchError('this Func');
  }
}

/** Internal-ABI params (flat, i64 as two words) as raw values, in an array of `length`. */
function internalToRaw(store: Store<any>, params: readonly ValType[], flat: readonly unknown[], length: number): ValRaw[] {
  const values = new Array<ValRaw>(length).fill(ValRaw.i32(0));
  let j = 0;
  for (let i = 0; i < params.length; i++) {
    const type = params[i]!;
    values[i] = rawFromInternal(store, type, flat[j], type === 'i64' ? (flat[j + 1] as number) : 0);
    j += type === 'i64' ? 2 : 1;
  }
  return values;
}

/** The results a host wrote into `values`, in the internal ABI (one value, lo with hi in I64_HI, or an array). */
function rawToInternalResult(store: Store<any>, results: readonly ValType[], values: readonly ValRaw[]): unknown {
  const flat = boxedList();
  for (let i = 0; i < results.length; i++) {
    const raw = values[i];
    if (!(raw instanceof ValRaw)) throw new TypeError(`an unchecked host function must write result ${i} as a ValRaw`);
    pushInternal(store, results[i]!, raw, flat);
  }
  if (results.length === 0) return undefined;
  if (results.length > 1) return flat;
  if (results[0] === 'i64') I64_HI[0] = flat[1] as number;
  return flat[0];
}

/** Writes an internal-ABI result `r` (with `hi` the I64_HI read right after the call) into `values`. */
function writeRawResults(store: Store<any>, results: readonly ValType[], r: unknown, hi: number, values: ValRaw[]): void {
  if (results.length === 0) return;
  if (results.length === 1) {
    values[0] = rawFromInternal(store, results[0]!, r, hi);
    return;
  }
  const flat = r as unknown[];
  let j = 0;
  for (let i = 0; i < results.length; i++) {
    const type = results[i]!;
    values[i] = rawFromInternal(store, type, flat[j], type === 'i64' ? (flat[j + 1] as number) : 0);
    j += type === 'i64' ? 2 : 1;
  }
}
