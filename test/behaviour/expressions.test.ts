import test from 'ava';
import { differential, everyCall, pairs } from '../helpers/differential.js';

const f32 = Math.fround;
const I32_EDGES = [0, 1, -1, 2, 0x7fffffff, -0x80000000, 0x40000000, 0x12345678, 65535];
const F32_EDGES = [0, -0, 1, -1, f32(0.1), f32(1e-7), 16777216, 16777217, f32(3.4e38), f32(1.1), f32(1 / 3), 1e-45, NaN, Infinity];

test('i32 intermediate results are wrapped to 32 bits before the next operation', async (t) => {
  await differential(t, 'expression_rounding', [
    ['div_of_sum', [0x7fffffff, 1, 2], -0x40000000],
    ['div_u_of_product', [0x10000, 0x10000, 3], 0],
    ['div_u_of_product', [0x10001, 0x10001, 1], 0x20001],
    ['rem_of_difference', [-0x80000000, 1, 10], 7],
    ['sum_is_negative', [0x7fffffff, 1], 1],
    ['sum_lt_u', [-1, 2, 5], 1],
    ['sum_is_zero', [-1, 1], 1],
    ['sum_is_zero', [0x80000000 | 0, 0x80000000 | 0], 1],
    ['shifted_sum', [-1, -1], 0x7fffffff],
    ['sum_as_f64', [0x7fffffff, 1], -2147483648],
    ['sum_as_u64', [-1, 2], 1n],
    ['sum_as_address', [-1, 101], 9],
    ['many_adds', [0x12345], (((0x12345 * 2 + Math.imul(0x12345, 0x12345)) | 0) + Math.imul(0x12346, 0x12345) + 0x12345) | 0],
    ['clz_of_sum', [-1, 1], 32],
    ['sum_as_f32_bits', [-1, 0], 0x4f800000],
    ...everyCall(['div_of_sum', 'rem_of_difference', 'div_u_of_product', 'sum_lt_u'], pairs(I32_EDGES).map(([a, b]) => [a, b, 3])),
    ...everyCall(['sum_is_negative', 'sum_is_zero', 'shifted_sum', 'sum_as_f64', 'sum_as_u64', 'clz_of_sum', 'sum_as_f32_bits'], pairs(I32_EDGES)),
    ...everyCall(['many_adds'], I32_EDGES.map((a) => [a])),
  ]);
});

test('f32 intermediate results are rounded to single precision before the next operation', async (t) => {
  await differential(t, 'expression_rounding', [
    ['f32_fma_like', [f32(1.1), f32(1.1), f32(-1.21)], f32(f32(f32(1.1) * f32(1.1)) + f32(-1.21))],
    ['f32_cancel', [16777216, 1], 0],
    ['f32_cancel', [1, f32(1e-8)], 0],
    ['f32_sum_loop', [f32(0.1), 10], [...Array(10)].reduce((s: number) => f32(s + f32(0.1)), 0)],
    ['f32_div_then_mul', [1, 3], f32(f32(1 / 3) * 3)],
    ['f32_from_i32_plus', [16777217, 0], 16777216],
    ['f32_compare_rounded', [1, f32(1e-8)], 1],
    ['f32_promoted_sum', [f32(0.1), f32(0.2)], f32(f32(0.1) + f32(0.2))],
    ['f32_sqrt_of_product', [f32(1e30), f32(1e30)], Infinity],
    ['f32_trunc_of_sum', [16777216, 1], 16777216],
    ['f32_demoted_through_memory', [0.1], f32(0.1)],
    ...everyCall(['f32_fma_like'], pairs(F32_EDGES).map(([a, b]) => [a, b, f32(-0.3)])),
    ...everyCall(['f32_cancel', 'f32_div_then_mul', 'f32_compare_rounded', 'f32_promoted_sum', 'f32_sqrt_of_product', 'f32_trunc_of_sum'], pairs(F32_EDGES)),
    ...everyCall(['f32_demoted_through_memory'], [0.1, 1e-40, 1e39, -0, 16777217, NaN].map((x) => [x])),
  ]);
});
