import test from 'ava';
import { differential, everyCall, trap } from '../helpers/differential.js';

const I32_VALUES = [0, 1, -1, 0x7fffffff, -0x80000000, 16777217, 123456789];
const I64_VALUES = [0n, 1n, -1n, 0x7fffffffffffffffn, -0x8000000000000000n, 9007199254740993n, 0xffffffffn, 0x0020000020000001n];
const F32_VALUES = [0, -0, 1.9, -1.9, -0.9, 2147483520, 2147483648, -2147483648, -2147483904, 4294967040, 4294967296, 9223371487098961920, 9223372036854775808, 1e-45, NaN, Infinity, -Infinity];
const F64_VALUES = [0, -0, 0.1, -0.9, 1e40, -1e40, 2147483647.9, 2147483648, -2147483648.9, -2147483649, 4294967295.9, 4294967296, 9223372036854774784, 9223372036854775808, 18446744073709549568, 18446744073709551616, 3.4028235677973366e38, 5e-324, NaN, Infinity, -Infinity];

test('wrap, extend, convert, demote and promote match native', async (t) => {
  await differential(t, 'numeric_conversions', [
    ['i32_wrap_i64', [0x100000005n], 5],
    ['i32_wrap_i64', [0xffffffffn], -1],
    ['i64_extend_i32_s', [-1], -1n],
    ['i64_extend_i32_u', [-1], 0xffffffffn],
    ['f32_convert_i32_s', [16777217], 16777216],
    ['f32_convert_i32_u', [-1], 4294967296],
    ['f64_convert_i32_u', [-1], 4294967295],
    ['f64_convert_i64_u', [-1n], 18446744073709551616],
    ['f64_convert_i64_s', [9007199254740993n], 9007199254740992],
    // Rounds once from 64 bits to 24, not via a double (which would round twice).
    ['f32_convert_i64_s', [0x0020000020000001n], 9007200328482816],
    ['f32_convert_i64_u', [-1n], 18446744073709551616],
    ['f32_demote_f64', [1e40], Infinity],
    ['f32_demote_f64', [0.1], Math.fround(0.1)],
    ['f32_demote_f64', [-0], -0],
    ['f64_promote_f32', [0.1], Math.fround(0.1)],
    ...everyCall(['i64_extend_i32_s', 'i64_extend_i32_u', 'f32_convert_i32_s', 'f32_convert_i32_u', 'f64_convert_i32_s', 'f64_convert_i32_u'], I32_VALUES.map((x) => [x])),
    ...everyCall(['i32_wrap_i64', 'f32_convert_i64_s', 'f32_convert_i64_u', 'f64_convert_i64_s', 'f64_convert_i64_u'], I64_VALUES.map((x) => [x])),
    ...everyCall(['f32_demote_f64'], F64_VALUES.map((x) => [x])),
    ...everyCall(['f64_promote_f32'], F32_VALUES.map((x) => [x])),
  ]);
});

test('reinterpret preserves bits, NaN payloads included', async (t) => {
  const signed = (x: bigint) => BigInt.asIntN(64, x);
  await differential(t, 'reinterpret', [
    ['i32_reinterpret_f32', [1.5], 0x3fc00000],
    ['i32_reinterpret_f32', [-0], 0x80000000 | 0],
    ['f32_reinterpret_i32', [0x3fc00000], 1.5],
    ['f32_reinterpret_i32', [0x7f800000], Infinity],
    ['i64_reinterpret_f64', [-2], signed(0xc000000000000000n)],
    ['f64_reinterpret_i64', [1n], 5e-324],
    ['round_trip_i32', [0x7fa00001], 0x7fa00001],
    ['round_trip_i32', [0xff800001 | 0], 0xff800001 | 0],
    ['round_trip_i64', [0x7ff0000000000001n], 0x7ff0000000000001n],
    ['round_trip_i64', [signed(0xfff4000000000000n)], signed(0xfff4000000000000n)],
    ['round_trip_via_memory', [0x7f800001], 0x7f800001],
    ['round_trip_via_memory', [0xffc00123 | 0], 0xffc00123 | 0],
    ['round_trip_via_f32_load', [0x7f800001], 0x7f800001],
    ['round_trip_via_f32_load', [0xffa00123 | 0], 0xffa00123 | 0],
    ['round_trip_via_f64_memory', [0x7ff0000000000001n], 0x7ff0000000000001n],
    ['round_trip_via_f64_memory', [signed(0xfff4000000000123n)], signed(0xfff4000000000123n)],
  ]);
});

test('trapping truncation: in-range values truncate toward zero', async (t) => {
  await differential(t, 'truncation_trapping', [
    ['i32_trunc_f32_s', [-1.9], -1],
    ['i32_trunc_f32_s', [2147483520], 2147483520],
    ['i32_trunc_f32_s', [-2147483648], -2147483648],
    ['i32_trunc_f32_u', [-0.9], 0],
    ['i32_trunc_f32_u', [4294967040], 4294967040 | 0],
    ['i32_trunc_f64_s', [-2147483648.9], -2147483648],
    ['i32_trunc_f64_s', [2147483647.9], 2147483647],
    ['i32_trunc_f64_u', [4294967295.9], -1],
    ['i64_trunc_f32_s', [-9223372036854775808], -0x8000000000000000n],
    ['i64_trunc_f32_u', [18446742974197923840], 18446742974197923840n - 2n ** 64n],
    ['i64_trunc_f64_s', [9223372036854774784], 9223372036854774784n],
    ['i64_trunc_f64_u', [18446744073709549568], 18446744073709549568n - 2n ** 64n],
    ['i64_trunc_f64_u', [-0.9], 0n],
  ]);
});

test('trapping truncation: NaN is an invalid conversion, out of range an overflow', async (t) => {
  await differential(t, 'truncation_trapping', [
    ['i32_trunc_f32_s', [NaN], trap('InvalidConversionToInteger')],
    ['i32_trunc_f32_s', [2147483648], trap('IntegerOverflow')],
    ['i32_trunc_f32_s', [-2147483904], trap('IntegerOverflow')],
    ['i32_trunc_f32_u', [-1], trap('IntegerOverflow')],
    ['i32_trunc_f32_u', [4294967296], trap('IntegerOverflow')],
    ['i32_trunc_f64_s', [-2147483649], trap('IntegerOverflow')],
    ['i32_trunc_f64_u', [NaN], trap('InvalidConversionToInteger')],
    ['i32_trunc_f64_u', [4294967296], trap('IntegerOverflow')],
    ['i64_trunc_f32_s', [9223372036854775808], trap('IntegerOverflow')],
    ['i64_trunc_f32_u', [-Infinity], trap('IntegerOverflow')],
    ['i64_trunc_f64_s', [9223372036854775808], trap('IntegerOverflow')],
    ['i64_trunc_f64_s', [NaN], trap('InvalidConversionToInteger')],
    ['i64_trunc_f64_u', [18446744073709551616], trap('IntegerOverflow')],
    ['i64_trunc_f64_u', [-1], trap('IntegerOverflow')],
  ]);
});

test('trapping truncation matches native across the boundaries', async (t) => {
  await differential(t, 'truncation_trapping', [
    ...everyCall(['i32_trunc_f32_s', 'i32_trunc_f32_u', 'i64_trunc_f32_s', 'i64_trunc_f32_u'], F32_VALUES.map((x) => [x])),
    ...everyCall(['i32_trunc_f64_s', 'i32_trunc_f64_u', 'i64_trunc_f64_s', 'i64_trunc_f64_u'], F64_VALUES.map((x) => [x])),
  ]);
});

test('saturating truncation clamps and maps NaN to 0', async (t) => {
  await differential(t, 'truncation_saturating', [
    ['i32_trunc_sat_f32_s', [NaN], 0],
    ['i32_trunc_sat_f32_s', [Infinity], 0x7fffffff],
    ['i32_trunc_sat_f32_s', [-Infinity], -0x80000000],
    ['i32_trunc_sat_f32_u', [-1], 0],
    ['i32_trunc_sat_f32_u', [Infinity], -1],
    ['i32_trunc_sat_f64_s', [-2147483648.9], -2147483648],
    ['i32_trunc_sat_f64_u', [4294967295.9], -1],
    ['i64_trunc_sat_f32_s', [-Infinity], -0x8000000000000000n],
    ['i64_trunc_sat_f32_u', [NaN], 0n],
    ['i64_trunc_sat_f64_s', [1e40], 0x7fffffffffffffffn],
    ['i64_trunc_sat_f64_u', [Infinity], -1n],
    ['i64_trunc_sat_f64_u', [18446744073709549568], 18446744073709549568n - 2n ** 64n],
    ...everyCall(['i32_trunc_sat_f32_s', 'i32_trunc_sat_f32_u', 'i64_trunc_sat_f32_s', 'i64_trunc_sat_f32_u'], F32_VALUES.map((x) => [x])),
    ...everyCall(['i32_trunc_sat_f64_s', 'i32_trunc_sat_f64_u', 'i64_trunc_sat_f64_s', 'i64_trunc_sat_f64_u'], F64_VALUES.map((x) => [x])),
  ]);
});

test('sign extension of the low 8, 16 and 32 bits', async (t) => {
  await differential(t, 'sign_extension', [
    ['i32_extend8_s', [0x80], -128],
    ['i32_extend8_s', [0x7f], 127],
    ['i32_extend8_s', [0x1234ff], -1],
    ['i32_extend16_s', [0x8000], -32768],
    ['i32_extend16_s', [0x12347fff], 0x7fff],
    ['i64_extend8_s', [0x0123456789abcdefn], -17n],
    ['i64_extend16_s', [0xffff8000n], -32768n],
    ['i64_extend32_s', [0x80000000n], -2147483648n],
    ['i64_extend32_s', [0x123456787fffffffn], 0x7fffffffn],
  ]);
});
