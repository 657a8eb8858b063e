/**
 * Literal parsing for script values: integers to bigint, floats to exact bit patterns
 * (correctly rounded from decimal or hexadecimal, without going through a double for f32).
 */

import { libcalls } from '../../runtime-lib/libcalls/impl.js';
export class LiteralError extends Error {}

function clean(text: string): string {
  return text.replace(/_/g, '');
}

/** Parses an integer literal (`-0x1f`, `1_000`); returns the mathematical value. */
export function parseIntLiteral(text: string): bigint {
  let t = clean(text);
  let neg = false;
  if (t.startsWith('+') || t.startsWith('-')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(t)) throw new LiteralError(`bad integer literal ${text}`);
  const v = BigInt(t);
  return neg ? -v : v;
}

export function i32FromLiteral(text: string): number {
  const v = parseIntLiteral(text);
  if (v < -(1n << 31n) || v >= 1n << 32n) throw new LiteralError(`i32 literal out of range: ${text}`);
  return Number(BigInt.asIntN(32, v));
}

export function i64FromLiteral(text: string): bigint {
  const v = parseIntLiteral(text);
  if (v < -(1n << 63n) || v >= 1n << 64n) throw new LiteralError(`i64 literal out of range: ${text}`);
  return BigInt.asIntN(64, v);
}

interface FloatFormat {
  /** Precision in bits, including the implicit bit. */
  p: number;
  emin: number;
  emax: number;
  bits: number;
}

const F32: FloatFormat = { p: 24, emin: -126, emax: 127, bits: 32 };
const F64: FloatFormat = { p: 53, emin: -1022, emax: 1023, bits: 64 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Correctly rounds the positive rational n/d (round to nearest, ties to even); returns magnitude bits. */
function roundRational(n: bigint, d: bigint, f: FloatFormat): bigint {
  const expBits = BigInt(f.bits - f.p);
  const infBits = ((1n << expBits) - 1n) << BigInt(f.p - 1);
  if (n === 0n) return 0n;
  let e = bitLength(n) - bitLength(d);
  const ge = e >= 0 ? n >= d << BigInt(e) : n << BigInt(-e) >= d;
  if (!ge) e--;
  let E = Math.max(e, f.emin);
  const shift = f.p - 1 - E;
  let num = n;
  let den = d;
  if (shift >= 0) num <<= BigInt(shift);
  else den <<= BigInt(-shift);
  let q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) q++;
  if (q === 1n << BigInt(f.p)) {
    q >>= 1n;
    E++;
  }
  if (E > f.emax) return infBits;
  const implicit = 1n << BigInt(f.p - 1);
  if (q < implicit) return q; // subnormal (E == emin)
  return (BigInt(E + (1 << (f.bits - f.p - 1)) - 1) << BigInt(f.p - 1)) | (q - implicit);
}

/** Parses a float literal to its bit pattern (as bigint). `nan:canonical`/`nan:arithmetic` are not literals. */
function floatBits(text: string, f: FloatFormat): bigint {
  let t = clean(text);
  let neg = false;
  if (t.startsWith('+') || t.startsWith('-')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  const signBit = neg ? 1n << BigInt(f.bits - 1) : 0n;
  const expMask = ((1n << BigInt(f.bits - f.p)) - 1n) << BigInt(f.p - 1);
  const mantMask = (1n << BigInt(f.p - 1)) - 1n;
  if (t === 'inf') return signBit | expMask;
  if (t === 'nan') return signBit | expMask | (1n << BigInt(f.p - 2));
  if (t.startsWith('nan:0x')) {
    const payload = BigInt(t.slice(4));
    if (payload === 0n || payload > mantMask) throw new LiteralError(`bad NaN payload ${text}`);
    return signBit | expMask | payload;
  }
  let n: bigint;
  let d = 1n;
  let m: RegExpMatchArray | null;
  if ((m = /^0x([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/.exec(t))) {
    const int = m[1] ?? '';
    const frac = m[2] ?? '';
    if (int === '' && frac === '') throw new LiteralError(`bad float literal ${text}`);
    const mant = BigInt('0x0' + int + frac);
    let exp = Number(m[3] ?? '0') - 4 * frac.length;
    // Far outside the range the result is 0 or inf either way; clamp to keep the bigints small.
    exp = Math.max(-20000, Math.min(20000, exp));
    n = mant;
    if (exp >= 0) n <<= BigInt(exp);
    else d = 1n << BigInt(-exp);
  } else if ((m = /^([0-9]+)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(t))) {
    const int = m[1]!;
    const frac = m[2] ?? '';
    const mant = BigInt(int + frac);
    const digits = (int + frac).replace(/^0+/, '').length;
    let k = Number(m[3] ?? '0') - frac.length;
    k = Math.max(-(400 + digits), Math.min(400, k));
    n = mant;
    if (k >= 0) n *= 10n ** BigInt(k);
    else d = 10n ** BigInt(-k);
  } else {
    throw new LiteralError(`bad float literal ${text}`);
  }
  return signBit | roundRational(n, d, f);
}

export function f32BitsFromLiteral(text: string): number {
  return Number(floatBits(text, F32));
}

export function f64BitsFromLiteral(text: string): bigint {
  return floatBits(text, F64);
}

const buf = new ArrayBuffer(8);
const f64v = new Float64Array(buf);
const u64v = new BigUint64Array(buf);

/**
 * f32 values cross the JS boundary in wasm2ts's representation: the double with the
 * same value, and for a NaN the double NaN carrying the f32's payload bits unchanged
 * (a Float32Array would quiet a signaling NaN). So the runtime's reinterprets are the
 * exact conversions.
 */
export function f32FromBits(bits: number): number {
  return libcalls.f32_reinterpret_i32(bits | 0);
}

export function f32ToBits(x: number): number {
  return libcalls.i32_reinterpret_f32(x) >>> 0;
}

export function f64FromBits(bits: bigint): number {
  u64v[0] = BigInt.asUintN(64, bits);
  return f64v[0]!;
}

export function f64ToBits(x: number): bigint {
  f64v[0] = x;
  return u64v[0]!;
}

export function hex32(bits: number): string {
  return '0x' + (bits >>> 0).toString(16).padStart(8, '0');
}

export function hex64(bits: bigint): string {
  return '0x' + BigInt.asUintN(64, bits).toString(16).padStart(16, '0');
}
