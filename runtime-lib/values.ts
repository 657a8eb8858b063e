/**
 * Value representation shared by generated code and the runtime.
 *
 * Inside generated code an i64 travels as two int32 numbers, `lo` and `hi`
 * (BigInt is ~40x slower than native Wasm on i64-heavy code; see DESIGN.md).
 * A function that returns an i64 returns `lo` and leaves `hi` in `I64_HI[0]`,
 * the "high word register". BigInt appears only at the JS boundary, where the
 * JS API says i64 values are `bigint`.
 *
 * The `to*` conversions implement the JS API's ToWebAssemblyValue for numbers.
 */

/** The runtime's own value types (kept separate from the compiler's model). */
export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

/** The high word of the last i64 result. An Int32Array so every store wraps to int32 for free. */
export const I64_HI = new Int32Array(1);

/** The signed 64-bit value of the pair (lo, hi). */
export function i64ToBigInt(lo: number, hi: number): bigint {
  return (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
}

/** Splits `v` (wrapped to 64 bits) into a pair: returns lo, leaves hi in `I64_HI[0]`. */
export function bigintToI64(v: bigint): number {
  I64_HI[0] = Number(BigInt.asIntN(32, v >> 32n));
  return Number(BigInt.asIntN(32, v));
}

/**
 * JS ToNumber. Unary plus, not `Number()`: `Number(1n)` converts a BigInt, but the
 * JS API requires ToNumber, which throws a TypeError for BigInt (and Symbol).
 */
function toNumber(v: unknown): number {
  return +(v as number);
}

/** ToWebAssemblyValue(v, i32): ToInt32(ToNumber(v)). */
export function toI32(v: unknown): number {
  return toNumber(v) | 0;
}

/** ToWebAssemblyValue(v, f32): the nearest float32 of ToNumber(v). */
export function toF32(v: unknown): number {
  const n = toNumber(v);
  // A NaN is passed through as is: its payload may carry exact f32 bits (see libcalls/float.ts),
  // and `fround` would quiet it. The JS API allows any NaN here.
  return n === n ? Math.fround(n) : n;
}

/** ToWebAssemblyValue(v, f64): ToNumber(v). */
export function toF64(v: unknown): number {
  return toNumber(v);
}

/**
 * ToWebAssemblyValue(v, i64): ToBigInt64(v). Returns lo, hi in `I64_HI[0]`.
 * `BigInt.asIntN` applies exactly the spec's ToBigInt to its argument (a Number
 * throws a TypeError, a string is parsed, a boolean is 0n/1n), unlike `BigInt()`,
 * which would accept integral Numbers.
 */
export function toI64(v: unknown): number {
  const big = BigInt.asIntN(64, v as bigint);
  // Fast split when the value is small: avoids two more BigInt operations.
  if (big >= -0x80000000n && big <= 0x7fffffffn) {
    const lo = Number(big);
    I64_HI[0] = lo < 0 ? -1 : 0;
    return lo;
  }
  return bigintToI64(big);
}

/**
 * The canonical signature string: `call_indirect` compares it against the callee's,
 * and linking compares an imported wasm2ts function's against the import's.
 * Example: `sigId(['i32', 'i64'], ['f32'])` is `'i32 i64 -> f32'`.
 */
export function sigId(params: readonly ValType[], results: readonly ValType[]): string {
  return params.join(' ') + ' -> ' + results.join(' ');
}

/**
 * An empty array whose elements V8 keeps boxed. A double stored into a fresh array
 * makes it a double-elements array, and V8 quiets signalling NaNs stored there; a
 * NaN's exact bits must survive argument and result lists, so those use this.
 */
export function boxedList(): unknown[] {
  const list: unknown[] = [undefined];
  list.length = 0;
  return list;
}

/**
 * Several results of a generated function (the internal ABI returns them as an
 * array). Rest-parameter arrays keep their elements boxed, so NaN bits survive.
 */
export function multiValue<T extends unknown[]>(...values: T): T {
  return values;
}
