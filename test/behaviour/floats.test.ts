import test from 'ava';
import { differential, everyCall, pairs } from '../helpers/differential.js';

const f32 = Math.fround;
const F32_VALUES = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, f32(0.1), f32(3.4028234663852886e38), 1e-45, 16777217, Infinity, -Infinity, NaN];
const F64_VALUES = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 0.1, 1.7976931348623157e308, 5e-324, 2 ** 52 + 0.5, 4503599627370497, Infinity, -Infinity, NaN];
const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign', 'eq', 'ne', 'lt', 'gt', 'le', 'ge'];
const UNARY_OPS = ['abs', 'neg', 'sqrt', 'ceil', 'floor', 'trunc', 'nearest'];

test('f32 operators match native over a grid of operands, -0 and NaN included', async (t) => {
  await differential(t, 'f32_arithmetic', [
    ...everyCall(BINARY_OPS, pairs(F32_VALUES)),
    ...everyCall(UNARY_OPS, F32_VALUES.map((x) => [x])),
  ]);
});

test('f32: results are rounded to single precision', async (t) => {
  await differential(t, 'f32_arithmetic', [
    ['add', [0.1, 0.2], f32(f32(0.1) + f32(0.2))],
    ['mul', [f32(1.1), f32(1.1)], f32(f32(1.1) * f32(1.1))],
    ['div', [1, 3], f32(1 / 3)],
    ['sqrt', [2], f32(Math.SQRT2)],
    ['add', [3.4028234663852886e38, 3.4028234663852886e38], Infinity],
    ['add', [16777216, 1], 16777216],
  ]);
});

test('f32: -0 and NaN follow Wasm rules', async (t) => {
  await differential(t, 'f32_arithmetic', [
    ['min', [0, -0], -0],
    ['min', [-0, 0], -0],
    ['max', [-0, 0], 0],
    ['max', [0, -0], 0],
    ['min', [NaN, 1], NaN],
    ['max', [1, NaN], NaN],
    ['nearest', [0.5], 0],
    ['nearest', [1.5], 2],
    ['nearest', [2.5], 2],
    ['nearest', [-0.5], -0],
    ['nearest', [-2.5], -2],
    ['ceil', [-0.5], -0],
    ['floor', [-0], -0],
    ['trunc', [-0.7], -0],
    ['copysign', [1, -0], -1],
    ['copysign', [-2, NaN], 2],
    ['neg', [0], -0],
    ['sqrt', [-1], NaN],
    ['sqrt', [-0], -0],
    ['div', [1, -0], -Infinity],
    ['eq', [NaN, NaN], 0],
    ['ne', [NaN, NaN], 1],
    ['eq', [0, -0], 1],
  ]);
});

test('f32: abs, neg and copysign keep NaN payloads bit for bit', async (t) => {
  await differential(t, 'f32_arithmetic', [
    ['abs_bits', [0xffc00001 | 0], 0x7fc00001],
    ['abs_bits', [0xff800001 | 0], 0x7f800001],
    ['neg_bits', [0x7fa00000], 0xffa00000 | 0],
    ['neg_bits', [0xffc00000 | 0], 0x7fc00000],
    ['neg_bits', [0], 0x80000000 | 0],
    ['copysign_bits', [0x7f800123, 0x80000000 | 0], 0xff800123 | 0],
    ['copysign_bits', [0xffc00000 | 0, 0], 0x7fc00000],
    ['nan_constant_bits', [], 0x7fa00001],
  ]);
});

test('f64 operators match native over a grid of operands, -0 and NaN included', async (t) => {
  await differential(t, 'f64_arithmetic', [
    ...everyCall(BINARY_OPS, pairs(F64_VALUES)),
    ...everyCall(UNARY_OPS, F64_VALUES.map((x) => [x])),
  ]);
});

test('f64: -0 and NaN follow Wasm rules', async (t) => {
  await differential(t, 'f64_arithmetic', [
    ['add', [0.1, 0.2], 0.30000000000000004],
    ['min', [0, -0], -0],
    ['max', [-0, 0], 0],
    ['min', [-Infinity, NaN], NaN],
    ['max', [Infinity, NaN], NaN],
    ['nearest', [2.5], 2],
    ['nearest', [3.5], 4],
    ['nearest', [-0.4], -0],
    ['nearest', [4503599627370497], 4503599627370497],
    ['ceil', [-0.9], -0],
    ['floor', [-0.1], -1],
    ['trunc', [-0.9], -0],
    ['copysign', [0, -1], -0],
    ['abs', [-0], 0],
    ['neg', [NaN], NaN],
    ['sqrt', [-0], -0],
    ['lt', [-0, 0], 0],
    ['le', [NaN, 1], 0],
  ]);
});

test('f64: abs, neg and copysign keep NaN payloads bit for bit', async (t) => {
  const signed = (x: bigint) => BigInt.asIntN(64, x);
  await differential(t, 'f64_arithmetic', [
    ['abs_bits', [signed(0xfff8000000000001n)], 0x7ff8000000000001n],
    ['abs_bits', [signed(0xfff0000000000001n)], 0x7ff0000000000001n],
    ['neg_bits', [0x7ff4000000000000n], signed(0xfff4000000000000n)],
    ['neg_bits', [0n], signed(0x8000000000000000n)],
    ['copysign_bits', [0x7ff0000000000abcn, -1n], signed(0xfff0000000000abcn)],
    ['nan_constant_bits', [], signed(0xfff4000000000001n)],
  ]);
});
