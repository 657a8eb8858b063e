/**
 * Integer libcalls: i32 operations with traps or no JS primitive, and i64 operations
 * on (lo, hi) int32 pairs. An i64 result is returned as lo with hi in `I64_HI[0]`.
 *
 * The i64 paths avoid BigInt (~40x slower than native Wasm, DESIGN.md): multiply uses
 * 16-bit partial products, division takes an exact double path whenever both operands
 * fit in 53 bits and falls back to BigInt only beyond that.
 */
import { trap } from '../trap.js';
import { I64_HI, bigintToI64, i64ToBigInt } from '../values.js';

const TWO_POW_32 = 4294967296;
const INT32_MIN = -2147483648;

// ---------------------------------------------------------------- i32

export function i32_div_s(a: number, b: number): number {
  if (b === 0) trap('IntegerDivideByZero');
  if (a === INT32_MIN && b === -1) trap('IntegerOverflow');
  // Exact: the rounded quotient of two int32s never crosses an integer boundary.
  return (a / b) | 0;
}

export function i32_div_u(a: number, b: number): number {
  if (b === 0) trap('IntegerDivideByZero');
  return ((a >>> 0) / (b >>> 0)) | 0;
}

export function i32_rem_s(a: number, b: number): number {
  if (b === 0) trap('IntegerDivideByZero');
  return (a % b) | 0; // INT32_MIN % -1 is -0, and `| 0` makes it 0: no trap, as Wasm says
}

export function i32_rem_u(a: number, b: number): number {
  if (b === 0) trap('IntegerDivideByZero');
  return ((a >>> 0) % (b >>> 0)) | 0;
}

export function i32_ctz(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

export function i32_popcnt(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function i32_rotl(x: number, n: number): number {
  // JS shifts take the count mod 32, so n = 0 gives x | x.
  return (x << n) | (x >>> (32 - n));
}

export function i32_rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

// ---------------------------------------------------------------- i64 bits

export function i64_clz(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

export function i64_ctz(lo: number, hi: number): number {
  return lo !== 0 ? i32_ctz(lo) : 32 + i32_ctz(hi);
}

export function i64_popcnt(lo: number, hi: number): number {
  return i32_popcnt(lo) + i32_popcnt(hi);
}

// ---------------------------------------------------------------- i64 shifts (count is b mod 64; bHi is ignored)

export function i64_ishl(aLo: number, aHi: number, bLo: number, _bHi: number): number {
  const n = bLo & 63;
  if (n === 0) { I64_HI[0] = aHi; return aLo | 0; }
  if (n < 32) { I64_HI[0] = (aHi << n) | (aLo >>> (32 - n)); return aLo << n; }
  I64_HI[0] = aLo << (n - 32);
  return 0;
}

export function i64_ushr(aLo: number, aHi: number, bLo: number, _bHi: number): number {
  const n = bLo & 63;
  if (n === 0) { I64_HI[0] = aHi; return aLo | 0; }
  if (n < 32) { I64_HI[0] = aHi >>> n; return (aLo >>> n) | (aHi << (32 - n)); }
  I64_HI[0] = 0;
  return (aHi >>> (n - 32)) | 0;
}

export function i64_sshr(aLo: number, aHi: number, bLo: number, _bHi: number): number {
  const n = bLo & 63;
  if (n === 0) { I64_HI[0] = aHi; return aLo | 0; }
  if (n < 32) { I64_HI[0] = aHi >> n; return (aLo >>> n) | (aHi << (32 - n)); }
  I64_HI[0] = aHi >> 31;
  return aHi >> (n - 32);
}

export function i64_rotl(aLo: number, aHi: number, bLo: number, _bHi: number): number {
  let n = bLo & 63;
  let lo = aLo;
  let hi = aHi;
  if (n >= 32) { lo = aHi; hi = aLo; n -= 32; } // rotating by 32 swaps the halves
  if (n === 0) { I64_HI[0] = hi; return lo | 0; }
  I64_HI[0] = (hi << n) | (lo >>> (32 - n));
  return (lo << n) | (hi >>> (32 - n));
}

export function i64_rotr(aLo: number, aHi: number, bLo: number, _bHi: number): number {
  return i64_rotl(aLo, aHi, 64 - (bLo & 63), 0);
}

// ---------------------------------------------------------------- i64 multiply

/** Low 64 bits of a * b, from 16-bit partial products (every intermediate is an exact double). */
export function i64_mul(aLo: number, aHi: number, bLo: number, bHi: number): number {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  // Bits 16..47 of aLo * bLo, as unsigned: its carry out of bit 31 feeds the high word.
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const carry = a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  I64_HI[0] = carry + Math.imul(aLo, bHi) + Math.imul(aHi, bLo);
  return Math.imul(aLo, bLo);
}

// ---------------------------------------------------------------- i64 divide

/**
 * Whether both pairs are sign extensions of their low words (int32 values). Division of
 * such values is int32 arithmetic, about four times faster than the double paths below (whose
 * `%` is a call to fmod): C code divides 64-bit integers that hold small values all the time
 * (sql.js: 2 million i64 divisions and remainders per query).
 */
function bothInt32(aLo: number, aHi: number, bLo: number, bHi: number): boolean {
  return aHi === aLo >> 31 && bHi === bLo >> 31;
}

/** Whether hi says the value lies in [-2^53, 2^53): exactly representable as a double. */
function signedFitsDouble(hi: number): boolean {
  return hi >= -0x200000 && hi < 0x200000;
}

/** Sets the pair for an integer-valued double |q| < 2^64 (two's complement if negative); returns lo. */
function doubleToI64(q: number): number {
  // Both steps are exact: dividing by 2^32 only moves the exponent.
  const hi = Math.floor(q / TWO_POW_32);
  I64_HI[0] = hi;
  return (q - hi * TWO_POW_32) | 0;
}

/** Divisors below this (2^21) take udivmod64by32's low word in one step: r * 2^32 + lo < 2^53. */
const SINGLE_STEP_DIVISOR = 0x200000;

/** Remainder of the last `udivmod64by32`, and its quotient's high word. */
let remainder = 0;
let quotientHi = 0;

/**
 * Unsigned (aHi:aLo) / d for 0 < d < 2^32, without BigInt: long division in a
 * 32-bit step, then one 32-bit step for d < 2^21 (sql.js's decimal conversions and `%`)
 * or two 16-bit steps, each on an integer x below 2^53. Flooring the double quotient
 * x / d is exact there: rounding up to the next integer would need its distance from
 * x / d, at least 1/d, to be under half an ulp, at most (x / d) * 2^-53 < 1/d. Returns
 * the quotient's low word (unsigned); sets `quotientHi` and `remainder`.
 */
function udivmod64by32(aLo: number, aHi: number, d: number): number {
  const ah = aHi >>> 0;
  const al = aLo >>> 0;
  const qh = Math.floor(ah / d);
  let r = ah - qh * d;
  quotientHi = qh;
  if (d < SINGLE_STEP_DIVISOR) {
    const x = r * TWO_POW_32 + al; // r < d < 2^21
    const q = Math.floor(x / d);
    remainder = x - q * d;
    return q;
  }
  const x1 = r * 65536 + (al >>> 16);
  const q1 = Math.floor(x1 / d);
  r = x1 - q1 * d;
  const x0 = r * 65536 + (al & 0xffff);
  const q0 = Math.floor(x0 / d);
  remainder = x0 - q0 * d;
  return q1 * 65536 + q0;
}

/** Two's-complement negation of a pair; returns lo, sets I64_HI[0]. */
function negate(lo: number, hi: number): number {
  I64_HI[0] = lo === 0 ? -hi | 0 : ~hi;
  return -lo | 0;
}

/**
 * Signed division or remainder when the divisor's magnitude is below 2^32 (the common
 * case beyond 53 bits: dividing a 64-bit value by a small constant), on magnitudes.
 */
function sdivrem64by32(aLo: number, aHi: number, bLo: number, bHi: number, wantRemainder: boolean): number {
  const negA = aHi < 0;
  const negB = bHi < 0;
  let lo = aLo;
  let hi = aHi;
  if (negA) {
    lo = negate(aLo, aHi);
    hi = I64_HI[0];
  }
  const d = negB ? -(bLo >>> 0) + (bHi === -1 ? TWO_POW_32 : 0) : bLo >>> 0;
  const qLo = udivmod64by32(lo, hi, d);
  if (wantRemainder) {
    // The remainder takes the dividend's sign.
    I64_HI[0] = 0;
    return negA ? negate(remainder, 0) : remainder | 0;
  }
  I64_HI[0] = quotientHi | 0;
  return negA !== negB ? negate(qLo | 0, quotientHi | 0) : qLo | 0;
}

/** Whether (bLo, bHi) is a divisor of magnitude in [1, 2^32). */
function smallSignedDivisor(bLo: number, bHi: number): boolean {
  return (bHi === 0) || (bHi === -1 && bLo !== 0);
}

function checkDivisor(bLo: number, bHi: number): void {
  if (bLo === 0 && bHi === 0) trap('IntegerDivideByZero');
}

export function i64_sdiv(aLo: number, aHi: number, bLo: number, bHi: number): number {
  checkDivisor(bLo, bHi);
  if (bothInt32(aLo, aHi, bLo, bHi)) {
    // The double quotient of int32 values truncates to the exact one; only -2^31 / -1 = 2^31
    // leaves int32, and its pair (lo -2^31 after `| 0`, hi 0) is still right.
    const q = Math.trunc(aLo / bLo);
    I64_HI[0] = q < 0 ? -1 : 0;
    return q | 0;
  }
  if (signedFitsDouble(aHi) && signedFitsDouble(bHi)) {
    const a = aHi * TWO_POW_32 + (aLo >>> 0);
    const b = bHi * TWO_POW_32 + (bLo >>> 0);
    // `%` is exact on doubles, and a - a % b is an exact multiple of b: so is the quotient.
    return doubleToI64((a - (a % b)) / b);
  }
  if (aHi === INT32_MIN && aLo === 0 && bLo === -1 && bHi === -1) trap('IntegerOverflow');
  if (smallSignedDivisor(bLo, bHi)) return sdivrem64by32(aLo, aHi, bLo, bHi, false);
  return bigintToI64(i64ToBigInt(aLo, aHi) / i64ToBigInt(bLo, bHi));
}

export function i64_srem(aLo: number, aHi: number, bLo: number, bHi: number): number {
  checkDivisor(bLo, bHi);
  if (bothInt32(aLo, aHi, bLo, bHi)) {
    const r = (aLo % bLo) | 0; // -0 becomes 0; -2^31 % -1 is 0, as in Wasm
    I64_HI[0] = r >> 31;
    return r;
  }
  if (signedFitsDouble(aHi) && signedFitsDouble(bHi)) {
    const a = aHi * TWO_POW_32 + (aLo >>> 0);
    const b = bHi * TWO_POW_32 + (bLo >>> 0);
    return doubleToI64(a % b); // the sign follows the dividend, as in Wasm; -0 becomes 0
  }
  // INT64_MIN rem -1 is 0 without a trap, which both paths give.
  if (smallSignedDivisor(bLo, bHi)) return sdivrem64by32(aLo, aHi, bLo, bHi, true);
  return bigintToI64(i64ToBigInt(aLo, aHi) % i64ToBigInt(bLo, bHi));
}

export function i64_udiv(aLo: number, aHi: number, bLo: number, bHi: number): number {
  checkDivisor(bLo, bHi);
  if ((aHi | bHi) === 0) {
    // Both below 2^32: the double quotient truncates to the exact one.
    I64_HI[0] = 0;
    return ((aLo >>> 0) / (bLo >>> 0)) | 0;
  }
  if (aHi >>> 0 < 0x200000 && bHi >>> 0 < 0x200000) {
    const a = aHi * TWO_POW_32 + (aLo >>> 0);
    const b = bHi * TWO_POW_32 + (bLo >>> 0);
    return doubleToI64((a - (a % b)) / b);
  }
  if (bHi === 0) {
    const qLo = udivmod64by32(aLo, aHi, bLo >>> 0);
    I64_HI[0] = quotientHi | 0;
    return qLo | 0;
  }
  return bigintToI64(unsignedBigInt(aLo, aHi) / unsignedBigInt(bLo, bHi));
}

export function i64_urem(aLo: number, aHi: number, bLo: number, bHi: number): number {
  checkDivisor(bLo, bHi);
  if ((aHi | bHi) === 0) {
    I64_HI[0] = 0;
    return ((aLo >>> 0) % (bLo >>> 0)) | 0;
  }
  if (aHi >>> 0 < 0x200000 && bHi >>> 0 < 0x200000) {
    const a = aHi * TWO_POW_32 + (aLo >>> 0);
    const b = bHi * TWO_POW_32 + (bLo >>> 0);
    return doubleToI64(a % b);
  }
  if (bHi === 0) {
    udivmod64by32(aLo, aHi, bLo >>> 0);
    I64_HI[0] = 0;
    return remainder | 0;
  }
  return bigintToI64(unsignedBigInt(aLo, aHi) % unsignedBigInt(bLo, bHi));
}

function unsignedBigInt(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}
