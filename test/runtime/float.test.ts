import test from 'ava';
import { libcalls } from '../../runtime-lib/libcalls/impl.js';
import { I64_HI } from '../../runtime-lib/values.js';
import { F64_EDGES, f32FromBits, f64Bits, f64FromBits, randomF64s } from './float-values.js';
import { nativeFunction, nativeOp, prng } from './native.js';

const VALUES = [...F64_EDGES, ...randomF64s(4000, 7)];
const F32_VALUES = VALUES.map(Math.fround);

const same = (a: number, b: number) => Object.is(a, b);

const UNARY = [
  ['f32_ceil', 0x8d, 'f32'], ['f32_floor', 0x8e, 'f32'], ['f32_trunc', 0x8f, 'f32'], ['f32_nearest', 0x90, 'f32'],
  ['f64_ceil', 0x9b, 'f64'], ['f64_floor', 0x9c, 'f64'], ['f64_trunc', 0x9d, 'f64'], ['f64_nearest', 0x9e, 'f64'],
] as const;

for (const [name, opcode, type] of UNARY) {
  test(`${name} matches native (including -0 and NaN)`, (t) => {
    const native = nativeOp([opcode], [type], type);
    const fn = libcalls[name] as (x: number) => number;
    for (const x of type === 'f32' ? F32_VALUES : VALUES) {
      if (!same(fn(x), native(x))) t.fail(`${name}(${x}): got ${fn(x)}, native ${native(x)}`);
    }
    t.pass();
  });
}

test('nearest rounds ties to even and keeps the sign of zero', (t) => {
  const cases: [number, number][] = [
    [0.5, 0], [1.5, 2], [2.5, 2], [3.5, 4], [-0.5, -0], [-1.5, -2], [-2.5, -2], [0.49999999999999994, 0],
    [-0.4, -0], [-0, -0], [0, 0], [4503599627370495.5, 4503599627370496], [4503599627370497, 4503599627370497],
    [Infinity, Infinity], [-Infinity, -Infinity],
  ];
  for (const [x, expected] of cases) {
    t.true(same(libcalls.f64_nearest(x), expected), `f64_nearest(${x})`);
    t.true(same(libcalls.f32_nearest(Math.fround(x)), Math.fround(expected)), `f32_nearest(${x})`);
  }
  t.true(Number.isNaN(libcalls.f64_nearest(NaN)));
  t.is(libcalls.f32_nearest(8388607.5), 8388608);
  t.is(libcalls.f32_nearest(-8388606.5), -8388606);
});

const BINARY = [
  ['f32_min', 0x96, 'f32'], ['f32_max', 0x97, 'f32'], ['f64_min', 0xa4, 'f64'], ['f64_max', 0xa5, 'f64'],
  ['f32_copysign', 0x98, 'f32'], ['f64_copysign', 0xa6, 'f64'],
] as const;

for (const [name, opcode, type] of BINARY) {
  test(`${name} matches native`, (t) => {
    const native = nativeOp([opcode], [type, type], type);
    const fn = libcalls[name] as (a: number, b: number) => number;
    const values = (type === 'f32' ? F32_VALUES : VALUES).slice(0, 300);
    for (const a of values) for (const b of values) {
      const mine = fn(a, b);
      const nat = native(a, b);
      // NaN signs do not survive the trip through a JS number reliably; bits are tested below.
      if (!(same(mine, nat) || (Number.isNaN(mine) && Number.isNaN(nat)))) t.fail(`${name}(${a}, ${b}): got ${mine}, native ${nat}`);
    }
    t.pass();
  });
}

test('min/max: NaN wins, -0 < +0', (t) => {
  for (const [min, max] of [[libcalls.f32_min, libcalls.f32_max], [libcalls.f64_min, libcalls.f64_max]] as const) {
    t.true(same(min(0, -0), -0));
    t.true(same(min(-0, 0), -0));
    t.true(same(max(-0, 0), 0));
    t.true(same(max(0, -0), 0));
    t.true(Number.isNaN(min(NaN, 1)));
    t.true(Number.isNaN(min(1, NaN)));
    t.true(Number.isNaN(max(-Infinity, NaN)));
    t.is(min(-Infinity, 3), -Infinity);
  }
  t.is(libcalls.f32_min(Math.fround(1.1), 2), Math.fround(1.1));
});

test('f64 copysign and reinterprets work on the bits, NaNs included (checked inside native Wasm)', (t) => {
  // native: i64.reinterpret(f64.copysign(f64.reinterpret(a), f64.reinterpret(b))) keeps every bit.
  const native = nativeFunction(['i64', 'i64'], ['i64'], [0x20, 0, 0xbf, 0x20, 1, 0xbf, 0xa6, 0xbd]);
  const nans = [0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff0000000000001n, 0x7ff4000000000123n, 0xfffffffffffffffFn];
  const values = [...nans, ...F64_EDGES.map(f64Bits)];
  for (const a of values) for (const b of values) {
    const x = libcalls.f64_reinterpret_i64(Number(BigInt.asIntN(32, a)), Number(BigInt.asIntN(32, a >> 32n)));
    const y = libcalls.f64_reinterpret_i64(Number(BigInt.asIntN(32, b)), Number(BigInt.asIntN(32, b >> 32n)));
    const rLo = libcalls.i64_reinterpret_f64(libcalls.f64_copysign(x, y));
    const mine = BigInt.asUintN(64, (BigInt(I64_HI[0]!) << 32n) | BigInt(rLo >>> 0));
    const expected = BigInt.asUintN(64, native(BigInt.asIntN(64, a), BigInt.asIntN(64, b)));
    if (mine !== expected) t.fail(`copysign bits ${a.toString(16)} ${b.toString(16)}: ${mine.toString(16)} vs ${expected.toString(16)}`);
  }
  t.true(same(libcalls.f64_copysign(1, -0), -1));
  t.true(same(libcalls.f64_copysign(-0, 1), 0));
  t.true(same(libcalls.f64_copysign(2, f64FromBits(0xfff8000000000000n)), -2), 'sign of a negative NaN');
  t.true(same(libcalls.f64_copysign(2, f64FromBits(0x7ff8000000000000n)), 2));
});

test('f32 copysign and reinterprets work on the bits (checked inside native Wasm)', (t) => {
  const native = nativeFunction(['i32', 'i32'], ['i32'], [0x20, 0, 0xbe, 0x20, 1, 0xbe, 0x98, 0xbc]);
  // Quiet NaNs only: a signalling f32 NaN is quieted as soon as it becomes a JS number.
  const values = [0x7fc00000, 0xffc00000 | 0, 0x7fc00123, 0, 0x80000000 | 0, 0x3f800000, 0xbf800000 | 0, 0x7f800000, 0x00000001, 0x7f7fffff];
  for (const a of values) for (const b of values) {
    const mine = libcalls.i32_reinterpret_f32(libcalls.f32_copysign(libcalls.f32_reinterpret_i32(a), libcalls.f32_reinterpret_i32(b)));
    if (mine !== native(a, b)) t.fail(`copysign bits ${a.toString(16)} ${b.toString(16)}`);
  }
  t.is(libcalls.i32_reinterpret_f32(-0), 0x80000000 | 0);
  t.is(libcalls.f32_reinterpret_i32(0x3f800000), 1);
  t.is(libcalls.f32_reinterpret_i32(1), f32FromBits(1));
  t.true(same(libcalls.f32_copysign(Math.fround(1.5), -0), -1.5));
});

test('i64 <-> f64 reinterprets against native', (t) => {
  const toBits = nativeOp([0xbd], ['f64'], 'i64');
  for (const x of VALUES) {
    if (Number.isNaN(x)) continue; // NaN payloads through JS numbers are covered above
    const lo = libcalls.i64_reinterpret_f64(x);
    const bits = (BigInt(I64_HI[0]!) << 32n) | BigInt(lo >>> 0);
    if (bits !== toBits(x)) t.fail(`bits of ${x}`);
    if (!same(libcalls.f64_reinterpret_i64(lo, I64_HI[0]!), x)) t.fail(`round trip of ${x}`);
  }
  t.pass();
});

test('f32 reinterprets keep signalling NaNs through the JS number (native keeps them inside Wasm)', (t) => {
  const native = nativeFunction(['i32'], ['i32'], [0x20, 0, 0xbe, 0xbc]); // i32.reinterpret(f32.reinterpret(x))
  const patterns = [0x7f800001, 0x7fa00001, 0xff800001 | 0, 0x7fbfffff, 0x7fc00000, 0xffc00001 | 0, 0x7fffffff, 0x7f800000, 0x3f800000, 0, 0x80000000 | 0, 1];
  for (const bits of patterns) {
    const f = libcalls.f32_reinterpret_i32(bits);
    t.is(libcalls.i32_reinterpret_f32(f), bits, `0x${(bits >>> 0).toString(16)}`);
    t.is(native(bits), bits);
  }
  const next = prng(77);
  for (let i = 0; i < 5000; i++) {
    const bits = (next() | 0x7f800000) & (next() < 0 ? -1 : 0x7fffffff); // mostly NaN and infinity exponents
    if (libcalls.i32_reinterpret_f32(libcalls.f32_reinterpret_i32(bits)) !== bits) t.fail(`0x${(bits >>> 0).toString(16)}`);
  }
  // A NaN made elsewhere (payload only in the low double bits) is still a NaN as an f32.
  t.is(libcalls.i32_reinterpret_f32(f64FromBits(0x7ff0000000000001n)), 0x7fc00000);
  // The f32 value of a signalling NaN is a NaN, and copysign keeps its payload.
  const snan = libcalls.f32_reinterpret_i32(0x7fa00001);
  t.true(Number.isNaN(snan));
  t.is(libcalls.i32_reinterpret_f32(libcalls.f32_copysign(snan, -1)), 0xffa00001 | 0);
  t.is(libcalls.i32_reinterpret_f32(libcalls.f32_copysign(libcalls.f32_reinterpret_i32(0xffa00001 | 0), 1)), 0x7fa00001);
});

test('rounding a signalling NaN gives a quiet NaN', (t) => {
  const quiet = (x: number) => {
    libcalls.i64_reinterpret_f64(x);
    return (I64_HI[0]! & 0x00080000) !== 0;
  };
  const snan = f64FromBits(0x7ff0000000000001n);
  for (const name of ['f64_ceil', 'f64_floor', 'f64_trunc', 'f64_nearest', 'f32_ceil', 'f32_floor', 'f32_trunc', 'f32_nearest'] as const) {
    const r = libcalls[name](snan);
    t.true(Number.isNaN(r) && quiet(r), name);
  }
});
