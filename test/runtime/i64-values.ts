/** Test-only: i64 test values (edges plus seeded random of varied widths) and pair helpers. */
import { I64_HI, i64ToBigInt } from '../../runtime-lib/values.js';
import { prng } from './native.js';

export const I64_EDGES: readonly bigint[] = (() => {
  const base = [
    0n, 1n, 2n, 3n, 7n, 10n, 255n, 256n,
    (1n << 31n) - 1n, 1n << 31n, (1n << 32n) - 1n, 1n << 32n, (1n << 32n) + 1n,
    (1n << 52n) - 1n, 1n << 52n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n,
    (1n << 62n), (1n << 63n) - 1n, 0x123456789abcdefn, 0x0000ffff0000ffffn,
  ];
  const all = new Set<bigint>();
  for (const v of base) {
    all.add(BigInt.asIntN(64, v));
    all.add(BigInt.asIntN(64, -v));
  }
  all.add(-(1n << 63n));
  return [...all];
})();

/** `count` seeded random i64 values; widths vary so both small (fast path) and huge values occur. */
export function randomI64s(count: number, seed: number): bigint[] {
  const next = prng(seed);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    const raw = (BigInt(next() >>> 0) << 32n) | BigInt(next() >>> 0);
    const width = BigInt(((next() >>> 0) % 64) + 1);
    out.push(BigInt.asIntN(Number(width), raw));
  }
  return out;
}

export function lo(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

export function hi(v: bigint): number {
  return Number(BigInt.asIntN(32, v >> 32n));
}

/** The i64 result of a libcall: lo returned, hi in I64_HI. */
export function pairResult(resultLo: number): bigint {
  return i64ToBigInt(resultLo, I64_HI[0]!);
}
