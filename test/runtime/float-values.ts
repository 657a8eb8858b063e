/** Test-only: float test values and bit helpers. */
import { prng } from './native.js';

const dv = new DataView(new ArrayBuffer(8));

export function f64Bits(x: number): bigint {
  dv.setFloat64(0, x, true);
  return dv.getBigUint64(0, true);
}

export function f64FromBits(bits: bigint): number {
  dv.setBigUint64(0, BigInt.asUintN(64, bits), true);
  return dv.getFloat64(0, true);
}

export function f32FromBits(bits: number): number {
  dv.setUint32(0, bits >>> 0, true);
  return dv.getFloat32(0, true);
}

/** The next double above/below x (finite x). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const b = f64Bits(x);
  return f64FromBits(x > 0 ? b + 1n : b - 1n);
}
export function nextDown(x: number): number {
  return -nextUp(-x);
}

/** The next float32 above/below x (finite x, itself a float32). */
export function nextUpF32(x: number): number {
  if (x === 0) return f32FromBits(1);
  dv.setFloat32(0, x, true);
  const b = dv.getUint32(0, true);
  return f32FromBits(x > 0 ? b + 1 : b - 1);
}
export function nextDownF32(x: number): number {
  return -nextUpF32(-x);
}

export const F64_EDGES: readonly number[] = (() => {
  const base = [
    0, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3.5, 4.5, 5.5, 0.49999999999999994, 0.5000000000000001,
    1e-300, Number.MIN_VALUE, Number.MAX_VALUE, Infinity, 2 ** 23, 2 ** 23 + 0.5, 2 ** 31, 2 ** 32,
    2 ** 52, 2 ** 52 - 0.5, 2 ** 52 + 1, 2 ** 53, 2 ** 63, 2 ** 64, 1e300, 123456.789, 8388607.5, 8388608.5,
  ];
  return [...base, ...base.map((x) => -x), NaN];
})();

/** Seeded random doubles: uniform bits (all exponents, NaNs included) and small values with halves. */
export function randomF64s(count: number, seed: number): number[] {
  const next = prng(seed);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) out.push(f64FromBits((BigInt(next() >>> 0) << 32n) | BigInt(next() >>> 0)));
    else out.push(((next() % 4000) / 4) * (i % 3 === 0 ? 1 : 1 / 1024));
  }
  return out;
}
