import test from 'ava';
import { libcalls } from '../../runtime-lib/libcalls/impl.js';
import { Trap } from '../../runtime-lib/trap.js';
import { I64_EDGES, hi, lo, pairResult, randomI64s } from './i64-values.js';
import { F64_EDGES, nextDown, nextDownF32, nextUp, nextUpF32, randomF64s } from './float-values.js';
import { nativeOp, nativeOutcome } from './native.js';

function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof Trap) return `trap:${e.code}`;
    throw e;
  }
}

const BOUNDARIES = [0, 1, -1, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 32, 2 ** 32 - 1, 2 ** 63, -(2 ** 63), 2 ** 64, 2 ** 53];

/** Values around every boundary, in both precisions, plus edges and random doubles. */
function truncationInputs(type: 'f32' | 'f64'): number[] {
  const out: number[] = [];
  for (const b of BOUNDARIES) {
    for (const d of [0, 0.5, 0.9, 1, 1.5]) out.push(b + d, b - d);
    if (type === 'f64') out.push(nextUp(b), nextDown(b), nextUp(nextUp(b)), nextDown(nextDown(b)));
    else { const f = Math.fround(b); out.push(f, nextUpF32(f), nextDownF32(f)); }
  }
  out.push(...F64_EDGES, ...randomF64s(3000, 11), -2147483648.9, -2147483649, 4294967295.9, -0.9, -0.5);
  return type === 'f32' ? out.map(Math.fround) : out;
}

const TRUNCATIONS = [
  ['i32_trunc_f32_s', [0xa8], 'f32', 'i32'], ['i32_trunc_f32_u', [0xa9], 'f32', 'i32'],
  ['i32_trunc_f64_s', [0xaa], 'f64', 'i32'], ['i32_trunc_f64_u', [0xab], 'f64', 'i32'],
  ['i64_trunc_f32_s', [0xae], 'f32', 'i64'], ['i64_trunc_f32_u', [0xaf], 'f32', 'i64'],
  ['i64_trunc_f64_s', [0xb0], 'f64', 'i64'], ['i64_trunc_f64_u', [0xb1], 'f64', 'i64'],
  ['i32_trunc_sat_f32_s', [0xfc, 0], 'f32', 'i32'], ['i32_trunc_sat_f32_u', [0xfc, 1], 'f32', 'i32'],
  ['i32_trunc_sat_f64_s', [0xfc, 2], 'f64', 'i32'], ['i32_trunc_sat_f64_u', [0xfc, 3], 'f64', 'i32'],
  ['i64_trunc_sat_f32_s', [0xfc, 4], 'f32', 'i64'], ['i64_trunc_sat_f32_u', [0xfc, 5], 'f32', 'i64'],
  ['i64_trunc_sat_f64_s', [0xfc, 6], 'f64', 'i64'], ['i64_trunc_sat_f64_u', [0xfc, 7], 'f64', 'i64'],
] as const;

for (const [name, opcode, from, to] of TRUNCATIONS) {
  test(`${name} matches native around every boundary`, (t) => {
    const native = nativeOp(opcode, [from], to);
    const fn = libcalls[name] as (x: number) => number;
    for (const x of truncationInputs(from)) {
      const mine = outcome(() => (to === 'i64' ? pairResult(fn(x)) : fn(x)));
      const nat = nativeOutcome(() => native(x));
      if ((typeof mine === 'string' ? 'trap' : mine) !== nat) t.fail(`${name}(${x}): got ${String(mine)}, native ${String(nat)}`);
      if (typeof mine === 'string' && mine !== (Number.isNaN(x) ? 'trap:InvalidConversionToInteger' : 'trap:IntegerOverflow')) {
        t.fail(`${name}(${x}): wrong trap ${mine}`);
      }
    }
    t.pass();
  });
}

test('trapping truncation boundaries, spelled out', (t) => {
  t.is(libcalls.i32_trunc_f64_s(-2147483648.9), -2147483648);
  t.is(outcome(() => libcalls.i32_trunc_f64_s(-2147483649)), 'trap:IntegerOverflow');
  t.is(libcalls.i32_trunc_f64_s(2147483647.9), 2147483647);
  t.is(outcome(() => libcalls.i32_trunc_f64_s(2147483648)), 'trap:IntegerOverflow');
  t.is(libcalls.i32_trunc_f64_u(-0.9), 0);
  t.is(outcome(() => libcalls.i32_trunc_f64_u(-1)), 'trap:IntegerOverflow');
  t.is(libcalls.i32_trunc_f64_u(4294967295.9), -1);
  t.is(outcome(() => libcalls.i32_trunc_f64_u(4294967296)), 'trap:IntegerOverflow');
  t.is(outcome(() => libcalls.i32_trunc_f32_s(NaN)), 'trap:InvalidConversionToInteger');
  t.is(outcome(() => libcalls.i64_trunc_f64_u(-Infinity)), 'trap:IntegerOverflow');
  t.is(pairResult(libcalls.i64_trunc_f64_s(-(2 ** 63))), -(2n ** 63n));
  t.is(outcome(() => libcalls.i64_trunc_f64_s(2 ** 63)), 'trap:IntegerOverflow');
  t.is(pairResult(libcalls.i64_trunc_f64_u(2 ** 64 - 2048)), 2n ** 64n - 2048n - 2n ** 64n);
  t.is(outcome(() => libcalls.i64_trunc_f64_u(2 ** 64)), 'trap:IntegerOverflow');
  t.is(pairResult(libcalls.i64_trunc_f64_s(-1.5)), -1n);
  t.true(Object.is(libcalls.i32_trunc_f64_s(-0.5), 0));
});

test('saturating truncations clamp and map NaN to 0', (t) => {
  t.is(libcalls.i32_trunc_sat_f64_s(NaN), 0);
  t.is(libcalls.i32_trunc_sat_f64_s(-Infinity), -2147483648);
  t.is(libcalls.i32_trunc_sat_f64_s(1e10), 2147483647);
  t.is(libcalls.i32_trunc_sat_f64_u(-5), 0);
  t.is(libcalls.i32_trunc_sat_f64_u(1e10), -1);
  t.is(pairResult(libcalls.i64_trunc_sat_f64_s(NaN)), 0n);
  t.is(pairResult(libcalls.i64_trunc_sat_f64_s(-1e300)), -(2n ** 63n));
  t.is(pairResult(libcalls.i64_trunc_sat_f64_s(1e300)), 2n ** 63n - 1n);
  t.is(pairResult(libcalls.i64_trunc_sat_f64_u(Infinity)), -1n);
  t.is(pairResult(libcalls.i64_trunc_sat_f64_u(-0.5)), 0n);
});

/** i64 values whose float32 rounding is delicate: ties, just-past-ties (sticky bits far below), and large powers. */
function conversionInputs(): bigint[] {
  const out = [...I64_EDGES, ...randomI64s(5000, 21)];
  for (let shift = 24n; shift <= 40n; shift++) {
    for (const m of [(1n << 24n) + 1n, (1n << 24n) + 3n, (1n << 24n) - 1n, 0xffffffn]) {
      const tie = m << shift;                         // exactly a tie between two float32s when m is odd
      out.push(tie, tie + 1n, tie - 1n, -tie, -tie - 1n, -tie + 1n);
      const big = (m << 39n) | 1n;                    // a tie plus a single far-away sticky bit
      out.push(BigInt.asIntN(64, big), BigInt.asIntN(64, -big));
    }
  }
  out.push((1n << 63n) - 1n, -(1n << 63n), (1n << 53n) + 1n, 0x7fffff4000000001n, 0x7fffff4000000000n);
  return out.map((v) => BigInt.asIntN(64, v));
}

const CONVERSIONS = [
  ['f32_convert_i64_s', 0xb4, 'f32'], ['f32_convert_i64_u', 0xb5, 'f32'],
  ['f64_convert_i64_s', 0xb9, 'f64'], ['f64_convert_i64_u', 0xba, 'f64'],
] as const;

for (const [name, opcode, to] of CONVERSIONS) {
  test(`${name} is correctly rounded (matches native)`, (t) => {
    const native = nativeOp([opcode], ['i64'], to);
    const fn = libcalls[name] as (lo: number, hi: number) => number;
    for (const v of conversionInputs()) {
      const mine = fn(lo(v), hi(v));
      if (!Object.is(mine, native(v))) t.fail(`${name}(${v}): got ${mine}, native ${native(v)}`);
    }
    t.pass();
  });
}

test('f32_convert_i64 avoids double rounding', (t) => {
  // 2^24 + 1 is a tie between 2^24 and 2^24 + 2; with a sticky bit 2^-39 below, it must round up.
  const v = (((1n << 24n) + 1n) << 39n) + 1n;
  const viaDouble = Math.fround(Number(v)); // the double rounding a naive implementation does
  t.is(libcalls.f32_convert_i64_u(lo(v), hi(v)), Math.fround(2 ** 63 + 2 ** 40));
  t.not(viaDouble, Math.fround(2 ** 63 + 2 ** 40));
  const w = (((1n << 24n) + 1n) << 38n) + 1n; // the same below 2^63, negated, through the signed path
  t.is(libcalls.f32_convert_i64_s(lo(-w), hi(-w)), -Math.fround(2 ** 62 + 2 ** 39));
  t.is(libcalls.f32_convert_i64_s(0, -0x80000000), -(2 ** 63));
  t.is(libcalls.f32_convert_i64_u(-1, -1), 2 ** 64);
  t.is(libcalls.f64_convert_i64_u(-1, -1), 2 ** 64);
  t.is(libcalls.f64_convert_i64_s(-1, -1), -1);
});
