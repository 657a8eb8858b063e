/**
 * Floats built from exact bit patterns, for constants whose NaN payload matters:
 * a JS literal can only spell the canonical NaN.
 */
import { f32_reinterpret_i32 } from './libcalls/float.js';

const scratch = new DataView(new ArrayBuffer(8));

/**
 * The f32 with these 32 bits, as a JS number. Delegates to the reinterpret libcall,
 * which keeps a signalling NaN signalling (a Float32/DataView read would quiet it).
 */
export function f32FromBits(bits: number): number {
  return f32_reinterpret_i32(bits);
}

/** The f64 whose high and low 32-bit words are these. */
export function f64FromBits(hi: number, lo: number): number {
  scratch.setUint32(0, hi >>> 0);
  scratch.setUint32(4, lo >>> 0);
  return scratch.getFloat64(0);
}
