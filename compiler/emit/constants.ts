/** Literal spelling of Wasm constants in generated code. */
import type { ModuleContext } from './context.js';

const scratch = new DataView(new ArrayBuffer(8));

export function i32Constant(n: number): string {
  return n < 0 ? `(${n})` : String(n);
}

/** An i64 constant as its (lo, hi) int32 halves. */
export function i64Constant(v: bigint): [string, string] {
  return [i32Constant(Number(BigInt.asIntN(32, v))), i32Constant(Number(BigInt.asIntN(32, v >> 32n)))];
}

export function f32FromBits(bits: number): number {
  scratch.setUint32(0, bits);
  return scratch.getFloat32(0);
}

export function f64FromBits(bits: bigint): number {
  scratch.setBigUint64(0, bits);
  return scratch.getFloat64(0);
}

/** Whether these f32 bits are a signalling NaN (exponent all ones, payload non-zero, quiet bit clear). */
export function isSignallingF32(bits: number): boolean {
  return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0 && (bits & 0x400000) === 0;
}

export function numberLiteral(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  if (Object.is(x, -0)) return '(-0)';
  return x < 0 ? `(${x})` : String(x);
}

/**
 * A float constant. Ordinary values are literals; a NaN other than the canonical
 * quiet NaN keeps its exact bits through a module-scope constant built from them.
 */
export function floatConstant(mod: ModuleContext, type: 'f32' | 'f64', bits: number | bigint): string {
  const x = type === 'f32' ? f32FromBits(Number(bits)) : f64FromBits(BigInt(bits));
  if (Number.isNaN(x)) {
    const canonical = type === 'f32' ? Number(bits) === 0x7fc00000 : BigInt(bits) === 0x7ff8000000000000n;
    if (!canonical) return mod.constantFloat(type, bits);
  }
  return numberLiteral(x);
}
