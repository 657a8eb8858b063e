/**
 * Conversions between floats and integers.
 *
 * Trapping truncations: NaN is 'InvalidConversionToInteger'; a value whose truncation
 * does not fit is 'IntegerOverflow'. The bounds are written as open intervals on the
 * untruncated value, e.g. i32 signed accepts (-2147483649, 2147483648): -2147483648.9
 * truncates to INT32_MIN, -2147483649 does not fit. Saturating truncations clamp and
 * map NaN to 0. i64 results are returned as lo with hi in `I64_HI[0]`.
 */
import { trap } from '../trap.js';
import { I64_HI } from '../values.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_63 = 9223372036854775808;
const TWO_POW_64 = 18446744073709551616;

/** Splits an integer-valued double with |t| < 2^64 into a pair; returns lo. Exact: /2^32 moves only the exponent. */
function integerToI64(t: number): number {
  const hi = Math.floor(t / TWO_POW_32);
  I64_HI[0] = hi;
  return (t - hi * TWO_POW_32) | 0;
}

function checkTruncatable(x: number, lowerExclusive: number, upperExclusive: number): void {
  if (x !== x) trap('InvalidConversionToInteger');
  if (!(x > lowerExclusive && x < upperExclusive)) trap('IntegerOverflow');
}

// ---------------------------------------------------------------- trapping

export function i32_trunc_f64_s(x: number): number {
  checkTruncatable(x, -2147483649, 2147483648);
  return x | 0; // ToInt32 truncates towards zero
}

export function i32_trunc_f64_u(x: number): number {
  checkTruncatable(x, -1, TWO_POW_32);
  return x | 0; // the unsigned value's bits as an int32
}

// Every f32 is a double, and the bounds above are also the exact f32 bounds.
export const i32_trunc_f32_s = i32_trunc_f64_s;
export const i32_trunc_f32_u = i32_trunc_f64_u;

export function i64_trunc_f64_s(x: number): number {
  // The double below -2^63 is -2^63 - 2048, whose truncation does not fit; -2^63 itself does.
  if (x !== x) trap('InvalidConversionToInteger');
  if (!(x >= -TWO_POW_63 && x < TWO_POW_63)) trap('IntegerOverflow');
  return integerToI64(Math.trunc(x));
}

export function i64_trunc_f64_u(x: number): number {
  checkTruncatable(x, -1, TWO_POW_64);
  return integerToI64(Math.trunc(x));
}

export const i64_trunc_f32_s = i64_trunc_f64_s;
export const i64_trunc_f32_u = i64_trunc_f64_u;

// ---------------------------------------------------------------- saturating

export function i32_trunc_sat_f64_s(x: number): number {
  if (x !== x) return 0;
  if (x <= -2147483648) return -2147483648;
  if (x >= 2147483647) return 2147483647;
  return x | 0;
}

export function i32_trunc_sat_f64_u(x: number): number {
  if (!(x > 0)) return 0; // NaN and everything up to 0
  if (x >= 4294967295) return -1;
  return x | 0;
}

export const i32_trunc_sat_f32_s = i32_trunc_sat_f64_s;
export const i32_trunc_sat_f32_u = i32_trunc_sat_f64_u;

export function i64_trunc_sat_f64_s(x: number): number {
  if (x !== x) { I64_HI[0] = 0; return 0; }
  if (x < -TWO_POW_63) { I64_HI[0] = -2147483648; return 0; }
  if (x >= TWO_POW_63) { I64_HI[0] = 0x7fffffff; return -1; }
  return integerToI64(Math.trunc(x));
}

export function i64_trunc_sat_f64_u(x: number): number {
  if (!(x > 0)) { I64_HI[0] = 0; return 0; }
  if (x >= TWO_POW_64) { I64_HI[0] = -1; return -1; }
  return integerToI64(Math.trunc(x));
}

export const i64_trunc_sat_f32_s = i64_trunc_sat_f64_s;
export const i64_trunc_sat_f32_u = i64_trunc_sat_f64_u;

// ---------------------------------------------------------------- i64 -> float

export function f64_convert_i64_s(lo: number, hi: number): number {
  // hi * 2^32 is exact, so the sum is rounded once.
  return hi * TWO_POW_32 + (lo >>> 0);
}

export function f64_convert_i64_u(lo: number, hi: number): number {
  return (hi >>> 0) * TWO_POW_32 + (lo >>> 0);
}

/**
 * An unsigned 64-bit magnitude rounded once to float32. Below 2^53 the double is
 * exact, so `fround` rounds once. Above, the value's top bit is at 53 or higher, so
 * float32's guard bit is at 29 or higher: bits 0..28 only matter as a sticky bit.
 * Folding them into bit 28 leaves at most 36 significant bits (exact as a double)
 * without changing the float32 rounding: no double rounding.
 */
function unsignedToF32(lo: number, hi: number): number {
  const uhi = hi >>> 0;
  let ulo = lo >>> 0;
  if (uhi >= 0x200000 && (ulo & 0x1fffffff) !== 0) ulo = ((ulo & 0xe0000000) | 0x10000000) >>> 0;
  return Math.fround(uhi * TWO_POW_32 + ulo);
}

export function f32_convert_i64_u(lo: number, hi: number): number {
  return unsignedToF32(lo, hi);
}

export function f32_convert_i64_s(lo: number, hi: number): number {
  if (hi >= 0) return unsignedToF32(lo, hi);
  // Round the magnitude (ties-to-even is symmetric) and negate. -INT64_MIN is 2^63 unsigned.
  const nlo = (~lo + 1) | 0;
  const nhi = (~hi + (nlo === 0 ? 1 : 0)) | 0;
  return -unsignedToF32(nlo, nhi);
}

