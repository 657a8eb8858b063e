/**
 * One test per trap kind. Each sequence also makes ordinary calls after the traps, on the
 * same instance, to show a trap leaves the instance usable and its state intact.
 */
import test from 'ava';
import { Trap, TRAP_MESSAGES } from '../../runtime-lib/index.js';
import { differential, trap } from '../helpers/differential.js';
import { loadFixture } from '../helpers/generated.js';

test('out of bounds memory access: loads, stores (nothing written) and bulk operations', async (t) => {
  await differential(t, 'trap_out_of_bounds_memory', [
    ['load', [65532], 0],
    ['load', [65533], trap('OutOfBoundsMemory')],
    ['load', [65536], trap('OutOfBoundsMemory')],
    ['load', [-1], trap('OutOfBoundsMemory')],
    ['load_i64', [65528], 0n],
    ['load_i64', [65529], trap('OutOfBoundsMemory')],
    ['load_f64', [65529], trap('OutOfBoundsMemory')],
    ['load8_offset', [0], trap('OutOfBoundsMemory')],
    ['load8_offset', [1], trap('OutOfBoundsMemory')],
    ['store', [65534, -1], trap('OutOfBoundsMemory')],
    ['load8', [65534], 0],
    ['store16', [65535, -1], trap('OutOfBoundsMemory')],
    ['load8', [65535], 0],
    ['store_i64', [65530, -1n], trap('OutOfBoundsMemory')],
    ['load8', [65530], 0],
    ['fill', [65530, 7], trap('OutOfBoundsMemory')],
    ['load8', [65530], 0],
    ['fill', [65536, 0], undefined],
    ['fill', [65537, 0], trap('OutOfBoundsMemory')],
    ['copy', [0, 65530, 7], trap('OutOfBoundsMemory')],
    ['copy', [65530, 0, 7], trap('OutOfBoundsMemory')],
    ['copy', [0, 0, -1], trap('OutOfBoundsMemory')],
    ['init', [65530, 0, 7], trap('OutOfBoundsMemory')],
    ['init', [0, 5, 6], trap('OutOfBoundsMemory')],
    ['init', [0, 10, 0], undefined],
    ['store', [65532, 0x12345678], undefined],
    ['load', [65532], 0x12345678],
  ]);
});

test('integer divide by zero, every width and signedness', async (t) => {
  await differential(t, 'trap_integer_divide_by_zero', [
    ['i32_div_s', [1, 0], trap('IntegerDivideByZero')],
    ['i32_div_u', [1, 0], trap('IntegerDivideByZero')],
    ['i32_rem_s', [1, 0], trap('IntegerDivideByZero')],
    ['i32_rem_u', [1, 0], trap('IntegerDivideByZero')],
    ['i32_div_s', [0, 0], trap('IntegerDivideByZero')],
    ['i64_div_s', [1n, 0n], trap('IntegerDivideByZero')],
    ['i64_div_u', [1n, 0n], trap('IntegerDivideByZero')],
    ['i64_rem_s', [1n, 0n], trap('IntegerDivideByZero')],
    ['i64_rem_u', [-1n, 0n], trap('IntegerDivideByZero')],
    ['i64_div_s', [1n, 0x100000000n], 0n],
    ['constant_zero', [5], trap('IntegerDivideByZero')],
    ['i32_div_u', [10, 3], 3],
  ]);
});

test('integer overflow: signed division and out-of-range truncation', async (t) => {
  await differential(t, 'trap_integer_overflow', [
    ['i32_div_s', [-0x80000000, -1], trap('IntegerOverflow')],
    ['i32_rem_s', [-0x80000000, -1], 0],
    ['i64_div_s', [-(2n ** 63n), -1n], trap('IntegerOverflow')],
    ['i64_rem_s', [-(2n ** 63n), -1n], 0n],
    ['i32_trunc_f64_s', [2147483648], trap('IntegerOverflow')],
    ['i32_trunc_f64_s', [-2147483649], trap('IntegerOverflow')],
    ['i32_trunc_f64_s', [Infinity], trap('IntegerOverflow')],
    ['i32_trunc_f64_s', [2147483647.9], 2147483647],
    ['i32_trunc_f32_u', [-1], trap('IntegerOverflow')],
    ['i32_trunc_f32_u', [4294967296], trap('IntegerOverflow')],
    ['i64_trunc_f64_u', [18446744073709551616], trap('IntegerOverflow')],
    ['i64_trunc_f32_s', [9223372036854775808], trap('IntegerOverflow')],
    ['i64_trunc_f32_s', [-9223372036854775808], -(2n ** 63n)],
    ['i32_div_s', [-0x80000000, 1], -0x80000000],
  ]);
});

test('invalid conversion to integer: NaN, from JS or made from bits inside Wasm', async (t) => {
  await differential(t, 'trap_invalid_conversion', [
    ['i32_trunc_f32_s', [NaN], trap('InvalidConversionToInteger')],
    ['i32_trunc_f64_u', [NaN], trap('InvalidConversionToInteger')],
    ['i64_trunc_f32_u', [NaN], trap('InvalidConversionToInteger')],
    ['i64_trunc_f64_s', [NaN], trap('InvalidConversionToInteger')],
    ['trunc_nan_bits', [0x7fc00000], trap('InvalidConversionToInteger')],
    ['trunc_nan_bits', [0xffa00001 | 0], trap('InvalidConversionToInteger')],
    ['trunc_nan_bits', [0x7f800001], trap('InvalidConversionToInteger')],
    ['trunc_nan_bits', [0x3f800000], 1],
  ]);
});

test('unreachable, including in operand position; effects before it persist', async (t) => {
  await differential(t, 'trap_unreachable', [
    ['always', [], trap('Unreachable')],
    ['when_negative', [5], 5],
    ['when_negative', [-1], trap('Unreachable')],
    ['as_operand', [], trap('Unreachable')],
    ['side_effect', [], 0],
    ['after_effect', [], trap('Unreachable')],
    ['side_effect', [], 1],
  ]);
});

test('undefined element: call_indirect past the end of the table', async (t) => {
  await differential(t, 'trap_undefined_element', [
    ['call', [0], 1],
    ['call', [3], trap('UndefinedElement')],
    ['call', [-1], trap('UndefinedElement')],
    ['call', [0x7fffffff], trap('UndefinedElement')],
    ['call', [2], 1],
  ]);
});

test('uninitialized element: call_indirect on a null slot', async (t) => {
  await differential(t, 'trap_uninitialized_element', [
    ['call', [0], 1],
    ['call', [1], trap('UninitializedElement')],
    ['call', [3], trap('UninitializedElement')],
    ['clear', [0], undefined],
    ['call', [0], trap('UninitializedElement')],
    ['call', [4], trap('UndefinedElement')],
  ]);
});

test('indirect call type mismatch, by result type or parameter type; same shape matches', async (t) => {
  await differential(t, 'trap_indirect_call_type_mismatch', [
    ['call_as_i32_to_i32', [0, 21], 42],
    ['call_as_i32_to_i32', [1, 21], trap('IndirectCallTypeMismatch')],
    ['call_as_i32_to_i32', [2, 21], trap('IndirectCallTypeMismatch')],
    ['call_as_same_shape', [0, 5], 10],
    ['call_as_same_shape', [1, 5], trap('IndirectCallTypeMismatch')],
    ['call_as_i32_to_i32', [3, 21], trap('UndefinedElement')],
  ]);
});

test('call stack exhausted: direct and mutual infinite recursion', async (t) => {
  await differential(t, 'trap_call_stack_exhausted', [
    ['depth', [1000], 1000],
    ['forever', [0], trap('CallStackExhausted')],
    ['depth', [10], 10],
    ['mutual', [], trap('CallStackExhausted')],
    ['depth', [1000], 1000],
  ]);
});

test('out of bounds table access: table.get/set and fill/copy/init ranges (nothing written)', async (t) => {
  await differential(t, 'trap_out_of_bounds_table', [
    ['get_is_null', [3], 1],
    ['get_is_null', [4], trap('OutOfBoundsTable')],
    ['get_is_null', [-1], trap('OutOfBoundsTable')],
    ['set', [4], trap('OutOfBoundsTable')],
    ['set', [3], undefined],
    ['get_is_null', [3], 0],
    ['fill', [3, 2], trap('OutOfBoundsTable')],
    ['get_is_null', [3], 0],
    ['fill', [4, 0], undefined],
    ['fill', [5, 0], trap('OutOfBoundsTable')],
    ['copy', [0, 3, 2], trap('OutOfBoundsTable')],
    ['copy', [3, 0, 2], trap('OutOfBoundsTable')],
    ['copy', [4, 0, 0], undefined],
    ['init', [3, 0, 2], trap('OutOfBoundsTable')],
    ['get_is_null', [3], 0],
    ['init', [0, 1, 2], trap('OutOfBoundsTable')],
    ['init', [0, 2, 0], undefined],
    ['init', [2, 0, 2], undefined],
    ['get_is_null', [2], 0],
  ]);
});

test('a trap is a Trap: an Error named RuntimeError, with the code and the spec message', async (t) => {
  const generated = await loadFixture('trap_integer_divide_by_zero');
  const { exports } = generated.instantiate({});
  const error = t.throws(() => exports['i32_div_u'](1, 0), { instanceOf: Trap, message: 'integer divide by zero' });
  t.is(error?.code, 'IntegerDivideByZero');
  t.is(error?.name, 'RuntimeError');
  t.true(error instanceof Error);
  t.is(TRAP_MESSAGES.IntegerDivideByZero, 'integer divide by zero');
  t.is(exports['i32_div_u'](9, 3), 3, 'the instance is still usable');
});
