/**
 * Function references and the two conversions across the JS boundary.
 *
 * A `FuncRef` is the runtime's funcref value: a table element, a funcref global's
 * value, what `call_indirect` looks up. Its `fn` uses the **internal ABI**:
 * - parameters flattened, each i64 passed as two int32 args (lo, hi);
 * - no result: returns undefined; one non-i64 result: returns it; one i64 result:
 *   returns lo and leaves hi in `I64_HI[0]`; several results: returns an array of the
 *   flattened values (each i64 as lo, hi). A funcref value is a `FuncRef` or null.
 *
 * `toJS()` gives the JS API's "exported function" (JS values in, JS values out);
 * `hostFuncRef` goes the other way, wrapping a host function in the internal ABI.
 */
import { markHostError, translateError } from './errors.js';
import { I64_HI, boxedList, i64ToBigInt, sigId, toF32, toF64, toI32, toI64, type ValType } from './values.js';

type AnyFunction = (...args: any[]) => any;

/** The property under which an exported function carries its FuncRef. */
export const FUNCREF: unique symbol = Symbol('wasm2ts.funcref');

export class FuncRef {
  private exported: AnyFunction | undefined;

  constructor(
    /** `sigId(params, results)`, compared by `call_indirect` and by linking. */
    readonly sig: string,
    readonly params: readonly ValType[],
    readonly results: readonly ValType[],
    /** The function in the internal ABI. */
    readonly fn: AnyFunction,
    /** The exported function's `name` (the JS API uses the function index). */
    readonly name: string = '',
  ) {}

  /** The JS API exported function for this reference; the same function object every time. */
  toJS(): AnyFunction {
    return (this.exported ??= exportFunction(this));
  }
}

/** The FuncRef behind a wasm2ts exported function, or undefined for any other value. */
export function funcRefOf(value: unknown): FuncRef | undefined {
  if (typeof value !== 'function') return undefined;
  const ref = (value as { [FUNCREF]?: unknown })[FUNCREF];
  return ref instanceof FuncRef ? ref : undefined;
}

/** ToWebAssemblyValue(v, funcref): null, or an exported function; anything else is a TypeError. */
export function toFuncRef(value: unknown): FuncRef | null {
  if (value === null) return null;
  const ref = funcRefOf(value);
  if (ref === undefined) throw new TypeError('a funcref must be null or an exported WebAssembly function');
  return ref;
}

/** ToJSValue of a funcref: its exported function, or null. */
export function funcRefToJS(ref: unknown): AnyFunction | null {
  return ref === null ? null : (ref as FuncRef).toJS();
}

/** Converts one JS value to a non-i64 `type` (ToWebAssemblyValue). */
function toWasmScalar(type: ValType, value: unknown): unknown {
  switch (type) {
    case 'i32': return toI32(value);
    case 'f32': return toF32(value);
    case 'f64': return toF64(value);
    case 'funcref': return toFuncRef(value);
    case 'externref': return value;
    default: throw v128Error(); // i64 never comes here: it needs two words
  }
}

/** Converts one JS value to `type` and appends it to `out` in the internal ABI (i64 as two words). */
function pushWasmValue(out: unknown[], type: ValType, value: unknown): void {
  if (type === 'i64') {
    const lo = toI64(value);
    out.push(lo, I64_HI[0]);
  } else {
    out.push(toWasmScalar(type, value));
  }
}

/** Converts one internal value (`hi` only used for i64) to its JS value. */
function toJSValue(type: ValType, value: unknown, hi: number): unknown {
  switch (type) {
    case 'i64': return i64ToBigInt(value as number, hi);
    case 'funcref': return funcRefToJS(value);
    case 'v128': throw v128Error();
    default: return value;
  }
}

function v128Error(): TypeError {
  return new TypeError('a v128 value cannot cross the JS boundary');
}

/** The internal result `r` of a call (read right after it, while `I64_HI` is fresh) as a JS value. */
function resultToJS(results: readonly ValType[], r: unknown): unknown {
  if (results.length === 0) return undefined;
  if (results.length === 1) return toJSValue(results[0], r, I64_HI[0]);
  const flat = r as unknown[];
  const out = boxedList();
  let j = 0;
  for (const type of results) {
    out.push(toJSValue(type, flat[j], type === 'i64' ? (flat[j + 1] as number) : 0));
    j += type === 'i64' ? 2 : 1;
  }
  return out;
}

function exportFunction(ref: FuncRef): AnyFunction {
  const { params, results, fn } = ref;
  const resultsHaveV128 = results.includes('v128');
  // An arrow function: exported functions are not constructors.
  const exported = (...args: unknown[]): unknown => {
    const flat = boxedList();
    for (let i = 0; i < params.length; i++) pushWasmValue(flat, params[i], args[i]);
    if (resultsHaveV128) throw v128Error();
    let r: unknown;
    try {
      r = fn(...flat);
    } catch (e) {
      throw translateError(e);
    }
    return resultToJS(results, r);
  };
  Object.defineProperty(exported, 'length', { value: params.length });
  Object.defineProperty(exported, 'name', { value: ref.name });
  Object.defineProperty(exported, FUNCREF, { value: ref });
  return exported;
}

/**
 * Wraps a host function in the internal ABI. If `fn` is already a wasm2ts exported
 * function, returns its own FuncRef (the caller checks that its sig matches).
 * A RangeError the host throws is marked so it is not mistaken for a trap.
 */
export function hostFuncRef(fn: Function, params: readonly ValType[], results: readonly ValType[]): FuncRef {
  const own = funcRefOf(fn);
  if (own !== undefined) return own;
  const hasV128 = params.includes('v128') || results.includes('v128');
  const call = (...flat: unknown[]): unknown => {
    if (hasV128) throw v128Error();
    const args = boxedList();
    let j = 0;
    for (let i = 0; i < params.length; i++) {
      const type = params[i];
      if (type === 'i64') {
        args.push(i64ToBigInt(flat[j] as number, flat[j + 1] as number));
        j += 2;
      } else {
        args.push(toJSValue(type, flat[j++], 0));
      }
    }
    let r: unknown;
    try {
      r = Reflect.apply(fn, undefined, args);
    } catch (e) {
      markHostError(e);
      throw e;
    }
    return resultFromHost(results, r);
  };
  return new FuncRef(sigId(params, results), params, results, call);
}

/** A host function's JS result in the internal ABI. */
function resultFromHost(results: readonly ValType[], r: unknown): unknown {
  if (results.length === 0) return undefined;
  if (results.length === 1) {
    return results[0] === 'i64' ? toI64(r) /* lo, with hi left in I64_HI[0] */ : toWasmScalar(results[0], r);
  }
  if (r === null || r === undefined || typeof (r as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`a host function with ${results.length} results must return an iterable`);
  }
  const values = [...(r as Iterable<unknown>)];
  if (values.length !== results.length) {
    throw new TypeError(`a host function with ${results.length} results returned ${values.length} values`);
  }
  const flat = boxedList();
  for (let i = 0; i < results.length; i++) pushWasmValue(flat, results[i], values[i]);
  return flat;
}
