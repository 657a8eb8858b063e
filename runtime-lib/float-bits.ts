/**
 * Floats built from exact bit patterns, for constants whose NaN payload matters:
 * a JS literal can only spell the canonical NaN.
 */
const scratch = new DataView(new ArrayBuffer(8));

/** The f32 with these 32 bits, as a JS number. */
export function f32FromBits(bits: number): number {
  scratch.setUint32(0, bits >>> 0);
  return scratch.getFloat32(0);
}

/** The f64 whose high and low 32-bit words are these. */
export function f64FromBits(hi: number, lo: number): number {
  scratch.setUint32(0, hi >>> 0);
  scratch.setUint32(4, lo >>> 0);
  return scratch.getFloat64(0);
}
