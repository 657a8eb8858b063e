import test from 'ava';
import { differential, trap } from '../helpers/differential.js';

test('block, loop and if with results; br, br_if, br_table, return and nested labels', async (t) => {
  await differential(t, 'control_flow', [
    ['abs', [-5], 5],
    ['abs', [5], 5],
    ['abs', [-0x80000000], -0x80000000],
    ['clamp_to_ten', [11], 10],
    ['clamp_to_ten', [3], 3],
    ['sum_to', [10], 55],
    ['sum_to', [0], 0],
    ['classify', [0], 100],
    ['classify', [1], 101],
    ['classify', [2], 102],
    ['classify', [3], -1],
    ['classify', [-1], -1],
    ['classify', [1000], -1],
    ['table_with_value', [0], 1007],
    ['table_with_value', [1], 7],
    ['table_with_value', [2], 1007],
    ['table_with_value', [99], 1007],
    ['find_first_multiple', [7, 100], 7],
    ['find_first_multiple', [200, 100], -1],
    ['find_first_multiple', [0, 100], trap('IntegerDivideByZero')],
    ['index_of_first_set_bit', [0], -1],
    ['index_of_first_set_bit', [8], 3],
    ['index_of_first_set_bit', [-0x80000000], 31],
    ['br_if_value', [1], 1],
    ['br_if_value', [0], 2],
    ['nop_and_drop', [], 6],
  ]);
});

test('multi-value: several results, block/loop/if parameters', async (t) => {
  await differential(t, 'multi_value', [
    ['swap', [1, 2], [2, 1]],
    ['div_mod', [17, 5], [3, 2]],
    ['div_mod', [1, 0], trap('IntegerDivideByZero')],
    ['mixed_types', [-3], [-3n, -3, -6]],
    ['block_params', [10, 3], -7],
    ['loop_param', [5], 32],
    ['loop_param', [0], 2],
    ['sum_of_swap', [10, 3], -7],
    ['if_params', [1], [10, 1]],
    ['if_params', [0], [10, 2]],
  ]);
});

test('direct calls, recursion and mutual recursion', async (t) => {
  await differential(t, 'calls_and_recursion', [
    ['factorial', [0n], 1n],
    ['factorial', [20n], 2432902008176640000n],
    ['factorial', [25n], BigInt.asIntN(64, 15511210043330985984000000n)],
    ['fib', [20], 6765],
    ['is_even', [10], 1],
    ['is_odd', [10], 0],
    ['is_odd', [7], 1],
    ['call_weighted', [3], -1.25],
    ['call_n_times', [5], 5],
    ['call_n_times', [2], 7],
  ]);
});

test('call_indirect: dispatch by table slot, signature checked at the call', async (t) => {
  await differential(t, 'call_indirect', [
    ['apply_binary', [0, 7, 3], 10],
    ['apply_binary', [1, 7, 3], 4],
    ['apply_binary', [2, 7, 3], 21],
    ['apply_unary', [3, 9], -9],
    ['apply_binary', [3, 7, 3], trap('IndirectCallTypeMismatch')],
    ['apply_unary', [0, 9], trap('IndirectCallTypeMismatch')],
    ['apply_binary', [4, 7, 3], trap('UninitializedElement')],
    ['apply_binary', [5, 7, 3], trap('UndefinedElement')],
    ['apply_binary', [-1, 7, 3], trap('UndefinedElement')],
    ['apply_binary', [0, 1, 1], 2],
  ]);
});

test('select, untyped and typed, evaluates both operands', async (t) => {
  const host = { a: 1 };
  const other = { b: 2 };
  await differential(t, 'select', [
    ['pick_i32', [1, 2, 1], 1],
    ['pick_i32', [1, 2, 0], 2],
    ['pick_i32', [1, 2, -1], 1],
    ['pick_i64', [0x100000000n, -1n, 0], -1n],
    ['pick_i64', [0x100000000n, -1n, 5], 0x100000000n],
    ['pick_f32', [-0, NaN, 1], -0],
    ['pick_f32', [-0, NaN, 0], NaN],
    ['pick_f64_typed', [0.1, 0.2, 0], 0.2],
    ['pick_extern', [host, other, 1], host],
    ['pick_extern', [host, null, 0], null],
    ['both_evaluated', [1], 3],
    ['both_evaluated', [0], 3],
  ]);
});

test('names from the name section: reserved words and odd characters still work', async (t) => {
  await differential(t, 'name_section', [
    ['dot_product', [1, 2, 3, 4], 11],
    ['reserved_words', [2, 3], 10],
    ['calls_odd_name', [41], 42],
  ]);
});
