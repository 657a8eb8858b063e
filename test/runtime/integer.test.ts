import test from 'ava';
import { libcalls } from '../../runtime-lib/libcalls/impl.js';
import { I64_HI } from '../../runtime-lib/values.js';
import { Trap } from '../../runtime-lib/trap.js';
import { I64_EDGES, hi, lo, pairResult, randomI64s } from './i64-values.js';
import { nativeOp, nativeOutcome, prng } from './native.js';

/** Runs `f`, mapping a Trap to 'trap:<code>'. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof Trap) return `trap:${e.code}`;
    throw e;
  }
}

const I32_EDGES = [0, 1, -1, 2, -2, 3, 7, -7, 31, 32, 33, 63, 64, 0x7fffffff, -0x80000000, 0x40000000, 0xffff, 0x10000, -0x10000, 0x55555555, -0x55555556];

function i32Pairs(): [number, number][] {
  const next = prng(0x1234);
  const pairs: [number, number][] = [];
  for (const a of I32_EDGES) for (const b of I32_EDGES) pairs.push([a, b]);
  for (let i = 0; i < 3000; i++) pairs.push([next() >> ((next() >>> 0) % 32), next() >> ((next() >>> 0) % 32)]);
  return pairs;
}

// ---------------------------------------------------------------- i32

test('i32 div/rem: traps and values match native', (t) => {
  const ops = [
    ['i32_div_s', 0x6d], ['i32_div_u', 0x6e], ['i32_rem_s', 0x6f], ['i32_rem_u', 0x70], ['i32_rotl', 0x77], ['i32_rotr', 0x78],
  ] as const;
  for (const [name, opcode] of ops) {
    const native = nativeOp([opcode], ['i32', 'i32'], 'i32');
    for (const [a, b] of i32Pairs()) {
      const mine = outcome(() => libcalls[name](a, b));
      const expected = nativeOutcome(() => native(a, b));
      if ((typeof mine === 'string' ? 'trap' : mine) !== expected) t.fail(`${name}(${a}, ${b}): got ${String(mine)}, native ${String(expected)}`);
    }
  }
  t.pass();
});

test('i32 div/rem: exact trap codes', (t) => {
  t.is(outcome(() => libcalls.i32_div_s(1, 0)), 'trap:IntegerDivideByZero');
  t.is(outcome(() => libcalls.i32_div_u(1, 0)), 'trap:IntegerDivideByZero');
  t.is(outcome(() => libcalls.i32_rem_s(1, 0)), 'trap:IntegerDivideByZero');
  t.is(outcome(() => libcalls.i32_rem_u(1, 0)), 'trap:IntegerDivideByZero');
  t.is(outcome(() => libcalls.i32_div_s(-0x80000000, -1)), 'trap:IntegerOverflow');
  t.is(libcalls.i32_rem_s(-0x80000000, -1), 0);
  t.true(Object.is(libcalls.i32_rem_s(-4, 2), 0), 'no -0 from rem');
  t.is(libcalls.i32_div_u(-1, 2), 0x7fffffff);
  t.is(libcalls.i32_div_u(-1, 1), -1);
  t.is(libcalls.i32_rem_u(-1, 10), 5);
  t.is(libcalls.i32_div_s(-7, 2), -3);
  t.is(libcalls.i32_rem_s(-7, 2), -1);
});

test('i32 ctz/popcnt/rotates: edges and native', (t) => {
  t.is(libcalls.i32_ctz(0), 32);
  t.is(libcalls.i32_ctz(-0x80000000), 31);
  t.is(libcalls.i32_ctz(1), 0);
  t.is(libcalls.i32_popcnt(0), 0);
  t.is(libcalls.i32_popcnt(-1), 32);
  t.is(libcalls.i32_popcnt(0x55555555), 16);
  t.is(libcalls.i32_rotl(0x80000001, 1), 3);
  t.is(libcalls.i32_rotr(3, 1), 0x80000001 | 0);
  t.is(libcalls.i32_rotl(0x12345678, 0), 0x12345678);
  t.is(libcalls.i32_rotl(0x12345678, 32), 0x12345678);
  t.is(libcalls.i32_rotr(0x12345678, -28), 0x81234567 | 0); // count mod 32 = 4
  const ctz = nativeOp([0x68], ['i32'], 'i32');
  const popcnt = nativeOp([0x69], ['i32'], 'i32');
  for (const [a] of i32Pairs()) {
    if (libcalls.i32_ctz(a) !== ctz(a)) t.fail(`ctz(${a})`);
    if (libcalls.i32_popcnt(a) !== popcnt(a)) t.fail(`popcnt(${a})`);
  }
  t.pass();
});

// ---------------------------------------------------------------- i64

const MIN64 = -(1n << 63n);
const u64 = (v: bigint) => BigInt.asUintN(64, v);
const s64 = (v: bigint) => BigInt.asIntN(64, v);

type Reference = (a: bigint, b: bigint) => bigint | string;
const I64_BINARY: readonly (readonly [keyof typeof libcalls, number, Reference])[] = [
  ['i64_mul', 0x7e, (a, b) => s64(a * b)],
  ['i64_sdiv', 0x7f, (a, b) => (b === 0n ? 'trap:IntegerDivideByZero' : a === MIN64 && b === -1n ? 'trap:IntegerOverflow' : s64(a / b))],
  ['i64_udiv', 0x80, (a, b) => (b === 0n ? 'trap:IntegerDivideByZero' : s64(u64(a) / u64(b)))],
  ['i64_srem', 0x81, (a, b) => (b === 0n ? 'trap:IntegerDivideByZero' : s64(a % b))],
  ['i64_urem', 0x82, (a, b) => (b === 0n ? 'trap:IntegerDivideByZero' : s64(u64(a) % u64(b)))],
  ['i64_ishl', 0x86, (a, b) => s64(a << (u64(b) & 63n))],
  ['i64_sshr', 0x87, (a, b) => a >> (u64(b) & 63n)],
  ['i64_ushr', 0x88, (a, b) => s64(u64(a) >> (u64(b) & 63n))],
  ['i64_rotl', 0x89, (a, b) => { const n = u64(b) & 63n; return s64((u64(a) << n) | (u64(a) >> (64n - n))); }],
  ['i64_rotr', 0x8a, (a, b) => { const n = u64(b) & 63n; return s64((u64(a) >> n) | (u64(a) << (64n - n))); }],
];

function i64Pairs(seed: number): [bigint, bigint][] {
  const pairs: [bigint, bigint][] = [];
  for (const a of I64_EDGES) for (const b of I64_EDGES) pairs.push([a, b]);
  const xs = randomI64s(4000, seed);
  const ys = randomI64s(4000, seed + 1);
  for (let i = 0; i < xs.length; i++) pairs.push([xs[i]!, ys[i]!]);
  // Shift counts: every count, with junk in the upper bits that must be ignored.
  for (let n = 0n; n < 130n; n++) pairs.push([0x123456789abcdef0n, n], [-0x123456789abcdefn, n | (5n << 40n)]);
  return pairs;
}

for (const [name, opcode, reference] of I64_BINARY) {
  test(`${name}: BigInt reference and native agree on edges and random pairs`, (t) => {
    const native = nativeOp([opcode], ['i64', 'i64'], 'i64');
    const fn = libcalls[name] as (a: number, b: number, c: number, d: number) => number;
    let checked = 0;
    for (const [a, b] of i64Pairs(opcode)) {
      const mine = outcome(() => pairResult(fn(lo(a), hi(a), lo(b), hi(b))));
      const expected = reference(a, b);
      if (mine !== expected) t.fail(`${name}(${a}, ${b}): got ${String(mine)}, expected ${String(expected)}`);
      const nat = nativeOutcome(() => native(a, b));
      if ((typeof expected === 'string' ? 'trap' : expected) !== nat) t.fail(`${name}(${a}, ${b}): native says ${String(nat)}`);
      checked++;
    }
    t.true(checked > 5000);
  });
}

test('i64 division by divisors below 2^32 of dividends above 2^53 (long division in doubles: one step below 2^21, two above)', (t) => {
  // Divisors on both sides of the one-step bound, and as negative divisors for the signed ops.
  const small = [1n, 2n, 3n, 7n, 10n, 1000n, 999999n, 1000000000n, (1n << 21n) - 1n, 1n << 21n, (1n << 21n) + 1n, 10000000n,
    (1n << 31n) - 1n, 1n << 31n, (1n << 32n) - 1n];
  const next = prng(0x5eed);
  for (let i = 0; i < 300; i++) small.push(BigInt(next() >>> 11) + 1n, BigInt(next() >>> 0) + 1n);
  const dividends = [...randomI64s(200, 77), 1n << 53n, (1n << 53n) + 1n, (1n << 63n) - 1n, MIN64, -1n, -(1n << 53n) - 1n]
    .map((a) => (a >= 0n && a < 1n << 53n ? a | (1n << 62n) : a < 0n && a >= -(1n << 53n) ? a - (1n << 62n) : a));
  const ops = I64_BINARY.filter(([name]) => /div|rem/.test(name));
  let checked = 0;
  for (const [name, , reference] of ops) {
    const fn = libcalls[name] as (a: number, b: number, c: number, d: number) => number;
    for (const a of dividends) {
      for (const d of small) {
        for (const b of name.startsWith('i64_s') ? [d, -d] : [d]) {
          const mine = outcome(() => pairResult(fn(lo(a), hi(a), lo(b), hi(b))));
          if (mine !== reference(a, b)) t.fail(`${name}(${a}, ${b}): got ${String(mine)}, expected ${String(reference(a, b))}`);
          checked++;
        }
      }
    }
  }
  t.true(checked > 500000);
});

test('i64 division by zero and overflow trap codes', (t) => {
  for (const name of ['i64_sdiv', 'i64_udiv', 'i64_srem', 'i64_urem'] as const) {
    t.is(outcome(() => libcalls[name](5, 0, 0, 0)), 'trap:IntegerDivideByZero', name);
    t.is(outcome(() => libcalls[name](0, -0x80000000, 0, 0)), 'trap:IntegerDivideByZero', name);
  }
  t.is(outcome(() => libcalls.i64_sdiv(0, -0x80000000, -1, -1)), 'trap:IntegerOverflow');
  t.is(pairResult(libcalls.i64_srem(0, -0x80000000, -1, -1)), 0n);
  // Not a division by zero: only the high word is non-zero.
  t.is(pairResult(libcalls.i64_udiv(0, 2, 0, 1)), 2n);
});

test('i64 results never leave -0 or a stale high word', (t) => {
  I64_HI[0] = 1234;
  t.true(Object.is(libcalls.i64_srem(-4, -1, 2, 0), 0));
  t.is(I64_HI[0], 0);
  I64_HI[0] = 1234;
  t.is(pairResult(libcalls.i64_ishl(5, 0, 0, 0)), 5n);
});

test('i64 clz/ctz/popcnt against BigInt and native', (t) => {
  const clz = nativeOp([0x79], ['i64'], 'i64');
  const ctz = nativeOp([0x7a], ['i64'], 'i64');
  const popcnt = nativeOp([0x7b], ['i64'], 'i64');
  for (const v of [...I64_EDGES, ...randomI64s(3000, 99)]) {
    const bits = u64(v).toString(2).padStart(64, '0');
    const refClz = BigInt(bits.indexOf('1') < 0 ? 64 : bits.indexOf('1'));
    const refCtz = BigInt(bits.lastIndexOf('1') < 0 ? 64 : 63 - bits.lastIndexOf('1'));
    const refPop = BigInt([...bits].filter((c) => c === '1').length);
    const [l, h] = [lo(v), hi(v)];
    if (BigInt(libcalls.i64_clz(l, h)) !== refClz || refClz !== clz(v)) t.fail(`clz(${v})`);
    if (BigInt(libcalls.i64_ctz(l, h)) !== refCtz || refCtz !== ctz(v)) t.fail(`ctz(${v})`);
    if (BigInt(libcalls.i64_popcnt(l, h)) !== refPop || refPop !== popcnt(v)) t.fail(`popcnt(${v})`);
  }
  t.is(libcalls.i64_clz(0, 0), 64);
  t.is(libcalls.i64_ctz(0, 0), 64);
  t.is(libcalls.i64_clz(1, 0), 63);
  t.is(libcalls.i64_ctz(0, 1), 32);
  t.is(libcalls.i64_popcnt(-1, -1), 64);
});
