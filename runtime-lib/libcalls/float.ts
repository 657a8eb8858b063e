/**
 * Float libcalls with exact IEEE semantics: rounding to integers (nearest is
 * ties-to-even, unlike `Math.round`), minimum/maximum, copysign and reinterprets.
 * Bit-level operations go through scratch typed arrays sharing one buffer.
 * f32 results are `Math.fround`ed so they are always float32 values.
 *
 * f32 NaNs: an f32 lives in a JS number, i.e. a double. The hardware float-to-double
 * conversion behind a Float32Array read sets the quiet bit, which would turn a
 * signalling NaN into a quiet one. So the f32 reinterprets convert NaNs by hand:
 * the f32 payload moves into the top of the double's payload unchanged (exactly the
 * hardware conversion minus the quieting), and back. Copysign works on the double's
 * sign bit, which is the f32's, and so keeps any payload too.
 */
import { I64_HI } from '../values.js';

const scratch = new ArrayBuffer(8);
const F64 = new Float64Array(scratch);
const F32 = new Float32Array(scratch);
const I32 = new Int32Array(scratch);
/** Index of a double's low and high words in I32: the platform's byte order decides. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

/** Above this magnitude every double is an integer (and NaN/Infinity fall through the same test). */
const TWO_POW_52 = 4503599627370496;

// ---------------------------------------------------------------- rounding

/** Ties to even; keeps -0 (Math.round(-0.5) is -0 already). A NaN comes back as it is: the callers quiet it. */
function roundHalfEven(x: number): number {
  if (x !== x) return x;
  if (!(Math.abs(x) < TWO_POW_52)) return x; // ±Infinity and numbers that are integers already
  const r = Math.round(x); // ties go towards +Infinity
  // r - x is exact here. A tie that went up to an odd number belongs one below.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// A NaN operand must give a quiet ("arithmetic") NaN. Unoptimised V8 code returns a
// signalling NaN from Math.ceil and friends unchanged, so the f64 versions quiet it with
// `x + 0` (a float add quiets and keeps the payload; `x - 0` or `x * 1` an optimiser may fold
// away); in the f32 versions `fround` does the same. Both match V8's own roundss/roundsd,
// which keep the payload (a fuzz find: NaN bits stored to memory can steer control flow).
export function f32_ceil(x: number): number { return Math.fround(Math.ceil(x)); }
export function f32_floor(x: number): number { return Math.fround(Math.floor(x)); }
export function f32_trunc(x: number): number { return Math.fround(Math.trunc(x)); }
export function f32_nearest(x: number): number { return Math.fround(roundHalfEven(x)); }
export function f64_ceil(x: number): number { return x === x ? Math.ceil(x) : x + 0; }
export function f64_floor(x: number): number { return x === x ? Math.floor(x) : x + 0; }
export function f64_trunc(x: number): number { return x === x ? Math.trunc(x) : x + 0; }
export function f64_nearest(x: number): number { return x === x ? roundHalfEven(x) : x + 0; }

// ---------------------------------------------------------------- min / max

// Math.min and Math.max are exactly IEEE minimum/maximum: NaN if either operand is
// NaN, and -0 is less than +0.
export function f32_min(a: number, b: number): number { return Math.fround(Math.min(a, b)); }
export function f32_max(a: number, b: number): number { return Math.fround(Math.max(a, b)); }
export function f64_min(a: number, b: number): number { return Math.min(a, b); }
export function f64_max(a: number, b: number): number { return Math.max(a, b); }

// ---------------------------------------------------------------- bits

/** The magnitude bits of `a` with the sign bit of `b`, on the bits (so NaNs have signs too). */
export function f64_copysign(a: number, b: number): number {
  F64[0] = b;
  const sign = I32[HI] & 0x80000000;
  F64[0] = a;
  I32[HI] = (I32[HI] & 0x7fffffff) | sign;
  return F64[0];
}

/**
 * The same on the double that holds the f32: the sign bit is the f32's sign bit, and
 * flipping it keeps an f32 value an f32 value. No `fround`, which would quiet a
 * signalling NaN.
 */
export const f32_copysign = f64_copysign;

/** The f32's bits. A NaN's payload is read from the double (see the header), keeping a signalling NaN signalling. */
export function i32_reinterpret_f32(x: number): number {
  if (x !== x) {
    F64[0] = x;
    const hi = I32[HI];
    // The top 23 payload bits of the double are the f32 payload.
    let payload = ((hi & 0xfffff) << 3) | (I32[LO] >>> 29);
    // A double NaN with only low payload bits (never an f32 made here) still needs to be a NaN.
    if (payload === 0) payload = 0x400000;
    return (hi & 0x80000000) | 0x7f800000 | payload;
  }
  F32[0] = x;
  return I32[0];
}

/** The f32 with these bits. A NaN is built as a double by hand so its payload (and signalling bit) survive. */
export function f32_reinterpret_i32(bits: number): number {
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) {
    I32[HI] = (bits & 0x80000000) | 0x7ff00000 | ((bits & 0x7fffff) >>> 3);
    I32[LO] = bits << 29;
    return F64[0];
  }
  I32[0] = bits;
  return F32[0];
}

export function i64_reinterpret_f64(x: number): number {
  F64[0] = x;
  I64_HI[0] = I32[HI];
  return I32[LO];
}

export function f64_reinterpret_i64(lo: number, hi: number): number {
  I32[LO] = lo;
  I32[HI] = hi;
  return F64[0];
}

/**
 * f32.load that keeps a NaN's exact bits: `getFloat32` converts through the FPU,
 * which quiets a signalling NaN, so a NaN is re-read as bits and rebuilt by hand.
 */
export function f32_load(view: DataView, address: number): number {
  const x = view.getFloat32(address, true);
  return x === x ? x : f32_reinterpret_i32(view.getInt32(address, true));
}

/** f32.store that keeps a NaN's exact bits (see f32_load). */
export function f32_store(view: DataView, address: number, x: number): void {
  if (x === x) view.setFloat32(address, x, true);
  else view.setInt32(address, i32_reinterpret_f32(x), true);
}
