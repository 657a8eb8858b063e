import test from 'ava';
import { compile } from '../../compiler/index.js';
import { Trap } from '../../runtime-lib/trap.js';
import { differential, everyCall, pairs, trap } from '../helpers/differential.js';
import { compileAndLoad, nativeInstance } from '../helpers/generated.js';

const I32_VALUES = [0, 1, -1, 2, 7, -7, 31, 32, 33, 0x7fffffff, -0x80000000, 0x12345678, -0x12345679];
const I64_VALUES = [
  0n, 1n, -1n, 2n, 7n, -7n, 31n, 32n, 63n, 64n, 65n,
  0xffffffffn, 0x100000000n, -0x100000000n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x123456789abcdef0n,
];

test('i32 arithmetic matches native over a grid of operands', async (t) => {
  await differential(t, 'i32_arithmetic', everyCall(['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u'], pairs(I32_VALUES)));
});

test('i32 arithmetic: known values', async (t) => {
  await differential(t, 'i32_arithmetic', [
    ['add', [0x7fffffff, 1], -0x80000000],
    ['sub', [-0x80000000, 1], 0x7fffffff],
    ['mul', [0x10000, 0x10000], 0],
    ['mul', [0x12345678, 0x9abcdef], -0x1dbd2df8],
    ['div_s', [-7, 2], -3],
    ['div_u', [-1, 2], 0x7fffffff],
    ['rem_s', [-7, 2], -1],
    ['rem_s', [7, -2], 1],
    ['rem_u', [-1, 10], 5],
    ['div_u', [1, 0], trap('IntegerDivideByZero')],
    ['max_plus_one', [], -0x80000000],
  ]);
});

test('i32 division and remainder by constants (inlined unless they can trap) match native', async (t) => {
  const divisors = [1, 2, 3, 7, 10, 65536, 1000000007, 0x7fffffff, -0x80000000, -1, -2, -3, -10, 0x12345678, 0];
  const ops = ['div_s', 'div_u', 'rem_s', 'rem_u'] as const;
  const name = (op: string, k: number) => `${op}_${k < 0 ? 'm' : ''}${Math.abs(k)}`;
  const funcs = divisors.flatMap((k) =>
    ops.map((op) => `(func (export "${name(op, k)}") (param i32) (result i32) (i32.${op} (local.get 0) (i32.const ${k})))`),
  );
  const text = `(module ${funcs.join('\n')})`;
  const ours = (await compileAndLoad('i32-division-by-constants', text)).instantiate({}).exports;
  const native = nativeInstance(text).exports as Record<string, (x: number) => number>;
  const xs = [...I32_VALUES, 3, -3, 9, -9, 100, -100, 0x7ffffffe, -0x7fffffff, 0xfffffff, 65535, 65536, 1000000006, 1000000007, -1000000007];
  let seed = 12345;
  for (let i = 0; i < 200; i++) xs.push((seed = (Math.imul(seed, 1103515245) + 12345) | 0));
  for (const k of divisors) {
    for (const op of ops) {
      const f = name(op, k);
      for (const x of xs) {
        let expected: number | string;
        try {
          expected = native[f]!(x);
        } catch (e) {
          expected = `trap (${(e as Error).constructor.name})`;
        }
        let actual: number | string;
        try {
          actual = ours[f](x);
        } catch (e) {
          actual = (e as Error) instanceof Trap ? `trap (RuntimeError)` : `${(e as Error).constructor.name}`;
        }
        if (actual !== expected) t.fail(`${f}(${x}): wasm2ts ${actual}, native ${expected}`);
      }
    }
  }
  // The ones that cannot trap have no libcall left; by 0 and div_s by -1 keep theirs.
  const { code } = await compile(text, { target: 'js', format: false });
  t.is((code.match(/i32_(div|rem)_[su]\(/g) ?? []).length, 5);
  t.pass();
});

test('i32 bitwise, shifts and rotates match native', async (t) => {
  await differential(t, 'i32_bitwise', [
    ...everyCall(['and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'], pairs(I32_VALUES)),
    ...everyCall(['clz', 'ctz', 'popcnt', 'eqz', 'shr_u_by_33', 'shl_by_31'], I32_VALUES.map((x) => [x])),
    ...everyCall(['rotl_by_0', 'rotl_by_7', 'rotr_by_32', 'rotl_by_minus_1', 'rotr_by_35', 'rotl_of_call'], I32_VALUES.map((x) => [x])),
  ]);
});

test('i32 bitwise: known values', async (t) => {
  await differential(t, 'i32_bitwise', [
    ['shl', [1, 31], -0x80000000],
    ['shl', [1, 32], 1],
    ['shr_s', [-0x80000000, 31], -1],
    ['shr_u', [-0x80000000, 31], 1],
    ['shr_u', [-1, 0], -1],
    ['rotl', [0x80000001, 1], 3],
    ['rotr', [1, 1], -0x80000000],
    ['rotl', [0x12345678, 36], 0x23456781],
    ['rotl_by_7', [0x12345678], 0x1a2b3c09],
    ['rotl_by_minus_1', [1], -0x80000000],
    ['rotr_by_35', [8], 1],
    ['rotr_by_32', [-5], -5],
    ['rotl_of_call', [1], 513],
    ['clz', [0], 32],
    ['clz', [1], 31],
    ['ctz', [0], 32],
    ['ctz', [-0x80000000], 31],
    ['popcnt', [-1], 32],
    ['eqz', [0], 1],
    ['shr_u_by_33', [-1], 0x7fffffff],
    ['shl_by_31', [3], -0x80000000],
  ]);
});

test('i32 comparisons match native', async (t) => {
  await differential(t, 'i32_comparison', [
    ...everyCall(['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'], pairs(I32_VALUES)),
    ['lt_s', [-1, 0], 1],
    ['lt_u', [-1, 0], 0],
    ['ge_u', [-0x80000000, 0x7fffffff], 1],
  ]);
});

test('i64 arithmetic matches native over a grid of operands', async (t) => {
  await differential(t, 'i64_arithmetic', everyCall(['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u'], pairs(I64_VALUES)));
});

test('i64 arithmetic: known values', async (t) => {
  await differential(t, 'i64_arithmetic', [
    ['add', [0x7fffffffffffffffn, 1n], -0x8000000000000000n],
    ['add', [0xffffffffn, 1n], 0x100000000n],
    ['sub', [0n, 0x100000000n], -0x100000000n],
    ['mul', [0x100000000n, 0x100000000n], 0n],
    ['mul', [0x123456789n, 0x987654321n], 0xd77d742cce1833a9n - 2n ** 64n],
    ['mul', [-1n, -0x8000000000000000n], -0x8000000000000000n],
    ['div_s', [-7n, 2n], -3n],
    ['div_u', [-1n, 2n], 0x7fffffffffffffffn],
    ['div_u', [-1n, 0x100000000n], 0xffffffffn],
    ['rem_s', [-7n, 2n], -1n],
    ['rem_u', [-1n, 10n], 5n],
    ['rem_s', [-0x8000000000000000n, -1n], 0n],
    ['div_s', [-0x8000000000000000n, -1n], trap('IntegerOverflow')],
    ['rem_u', [5n, 0n], trap('IntegerDivideByZero')],
    ['mix', [1n, 3], 0xac10d74a773ba945n - 2n ** 64n],
  ]);
});

test('i64 bitwise, shifts and rotates match native', async (t) => {
  const constantShifts = ['shl_by_0', 'shl_by_1', 'shl_by_32', 'shl_by_63', 'shr_s_by_31', 'shr_s_by_40', 'shr_u_by_32', 'shr_u_by_65', 'rotl_by_8', 'rotr_by_48'];
  await differential(t, 'i64_bitwise', [
    ...everyCall(['and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'], pairs(I64_VALUES)),
    ...everyCall(['clz', 'ctz', 'popcnt', 'eqz', ...constantShifts], I64_VALUES.map((x) => [x])),
  ]);
});

test('i64 bitwise: known values', async (t) => {
  await differential(t, 'i64_bitwise', [
    ['shl', [1n, 63n], -0x8000000000000000n],
    ['shl', [1n, 64n], 1n],
    ['shl', [0xffffffffn, 16n], 0xffffffff0000n],
    ['shr_s', [-0x8000000000000000n, 63n], -1n],
    ['shr_u', [-0x8000000000000000n, 63n], 1n],
    ['shr_u', [-1n, 32n], 0xffffffffn],
    ['rotl', [-0x8000000000000000n + 1n, 1n], 3n],
    ['rotr', [1n, 1n], -0x8000000000000000n],
    ['rotl', [0x0123456789abcdefn, 36n], 0x9abcdef012345678n - 2n ** 64n],
    ['clz', [0n], 64n],
    ['clz', [0xffffffffn], 32n],
    ['ctz', [0x100000000n], 32n],
    ['ctz', [0n], 64n],
    ['popcnt', [-1n], 64n],
    ['eqz', [0x100000000n], 0],
    ['shl_by_32', [0x89abcdefn], -0x7654321100000000n],
    ['shr_s_by_40', [-0x8000000000000000n], -0x800000n],
    ['shr_u_by_65', [-2n], 0x7fffffffffffffffn],
    ['rotl_by_8', [0x0123456789abcdefn], 0x23456789abcdef01n],
    ['rotr_by_48', [0x0123456789abcdefn], 0x456789abcdef0123n],
  ]);
});

test('i64 comparisons match native, including halves that differ in one word', async (t) => {
  await differential(t, 'i64_comparison', [
    ...everyCall(['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'], pairs(I64_VALUES)),
    ['eq', [0x100000000n, 0n], 0],
    ['eq', [0x1ffffffffn, 0x1ffffffffn], 1],
    ['lt_s', [-1n, 0n], 1],
    ['lt_u', [-1n, 0n], 0],
    ['gt_u', [0x100000000n, 0xffffffffn], 1],
    ['lt_s', [-0x100000000n, 0xffffffffn], 1],
  ]);
});

test('i64 values through block results, branches, loop parameters, select, multi-value, globals, tables and memory', async (t) => {
  await differential(t, 'i64_control_flow', [
    ['if_result', [1, 0x1_0000_0002n, -1n], 0x1_0000_0002n],
    ['if_result', [0, 0x1_0000_0002n, -1n], -1n],
    ['br_if_value', [1, -0x1_0000_0000n], -0x1_0000_0000n],
    ['br_if_value', [0, -0x1_0000_0000n], 0x1_0000_0001n],
    ['br_table_value', [0, 0xffffffffn], 0x1_0000_0000n],
    ['br_table_value', [1, 0xffffffffn], BigInt.asIntN(64, 0xffffffff_0000_0001n)],
    ['br_table_value', [7, 3n], 4n],
    ['loop_param', [3], 0x0001_0003_0003_0001n],
    ['loop_param', [4], 0x0004_0006_0004_0001n],
    ['select_i64', [0x1_0000_0000n, 0xffff_ffffn, 0], 0xffff_ffffn],
    ['select_i64', [0x1_0000_0000n, 0xffff_ffffn, 1], 0x1_0000_0000n],
    ['halves', [0x0123_4567_89ab_cdefn], [0x0123_4567n, 0x89ab_cdefn]],
    ['swap_halves_via_multi_value', [0x0123_4567_89ab_cdefn], BigInt.asIntN(64, 0x89ab_cdef_0123_4567n)],
    ['indirect', [0, 0x0123_4567_89ab_cdefn], BigInt.asIntN(64, 0x89ab_cdef_0123_4567n)],
    ['indirect', [1, 0x1_0000_0000n], -0x1_0000_0000n],
    ['save_and_swap', [0x7fff_ffff_ffff_ffffn], -1n],
    ['save_and_swap', [0n], 0x7fff_ffff_ffff_ffffn],
    ['through_memory', [0x0000_0002_0000_0001n], 0x0000_0002_0000_0003n],
    ['tee_and_compare', [0xffff_ffffn], 1],
    ['tee_and_compare', [-1n], 0],
  ]);
});

// Operands that take the i64 lowering's special paths: constant halves folded into literals,
// zero-extended operands whose high half is the literal 0, carries across the 32-bit
// boundary. Values are chosen so that each half is 0, 1, all ones or has bit 31 set.
const I64_EDGE_VALUES = [
  ...I64_VALUES,
  0x7fffffffn, 0x80000000n, 0xfffffffen, 0x1ffffffffn, 0xffffffff00000000n - 2n ** 64n, 0x8000000080000000n - 2n ** 64n,
  0x9e3779b185ebca87n - 2n ** 64n, 0x0000ffff0000ffffn, 0xffff0000ffff0000n - 2n ** 64n,
];
const U32_EDGE_VALUES = [0, 1, 2, -1, -2, 0x7fffffff, -0x80000000, 0x10000, 0xffff, 0x1ffff, -0x10000, 0x12345678, -0x6543210f];
const LOWERING_CONSTANTS = ['one', 'minus_one', 'low_ones', 'two_pow_32', 'min', 'max', 'prime1', 'prime5', 'sign_low', 'high_only', 'low_only'];

test('i64 comparisons with constant operands (low halves 0 or all ones, equal high halves) fold and match native', async (t) => {
  const ops = ['lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'] as const;
  const constants = [0n, 1n, -1n, 0xffffffffn, 0x100000000n, -0x100000000n, 0x7fffffff00000000n, -0x8000000000000000n, 0x1ffffffffn, 0x123456789n];
  const hex = (k: bigint) => (k < 0n ? `m${(-k).toString(16)}` : k.toString(16));
  const funcs: string[] = [];
  for (const op of ops) {
    for (const k of constants) {
      funcs.push(`(func (export "${op}_x_${hex(k)}") (param i64) (result i32) (i64.${op} (local.get 0) (i64.const ${k})))`);
      funcs.push(`(func (export "${op}_${hex(k)}_x") (param i64) (result i32) (i64.${op} (i64.const ${k}) (local.get 0)))`);
    }
    // Zero-extended operands: both high halves the literal 0.
    funcs.push(`(func (export "${op}_u32") (param i32 i32) (result i32) (i64.${op} (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1))))`);
  }
  const text = `(module ${funcs.join('\n')})`;
  const { code } = await compile(text, { target: 'js', format: false });
  // (esbuild has dropped the parentheses.) No literal half is converted at run time, and no low comparison a literal decides is left.
  t.notRegex(code, /(?<![\w$])-?\d+ >>> 0|(?<![\w$])p0 >>> 0 (?:< 0|>= 0|> 4294967295|<= 4294967295)(?!\d)|(?:(?<!\d)0 >|(?<!\d)0 <=|4294967295 <|4294967295 >=) p0 >>> 0/);
  t.regex(code, /return \+\(p0 >>> 0 < p1 >>> 0\);/, 'zero-extended operands compare their low halves only');
  t.regex(code, /return \+\(p0\$hi === 0 && p0 >>> 0 <= 1\);/, 'x <= 1 unsigned: the high half cannot be below 0');
  t.regex(code, /return \+\(p0\$hi === -2147483648 && p0 >>> 0 <= 0\);/, 'x <= -2^63 signed: the high half cannot be below -2^31');
  t.regex(code, /return \+\(p0\$hi >= 0\);/, 'x >= 0 signed: the low half of 0 cannot be above');
  const ours = (await compileAndLoad('i64-comparison-constants', text)).instantiate({}).exports;
  const native = nativeInstance(text).exports as Record<string, (...x: unknown[]) => number>;
  const xs = [...I64_VALUES, ...constants, ...constants.map((k) => k + 1n), ...constants.map((k) => k - 1n)].map((x) => BigInt.asIntN(64, x));
  let checked = 0;
  for (const op of ops) {
    for (const k of constants) {
      for (const f of [`${op}_x_${hex(k)}`, `${op}_${hex(k)}_x`]) {
        for (const x of xs) {
          t.is(ours[f](x), native[f]!(x), `${f}(${x})`);
          checked++;
        }
      }
    }
    for (const [a, b] of pairs(I32_VALUES)) {
      t.is(ours[`${op}_u32`](a, b), native[`${op}_u32`]!(a, b), `${op}_u32(${a}, ${b})`);
      checked++;
    }
  }
  t.true(checked > 4000);
});

test('i64 and, or, xor with constants whose halves are 0 or all ones, and (hi << 32) | lo, drop the identity halves, fold the absorbed ones, and match native', async (t) => {
  const ops = ['and', 'or', 'xor'] as const;
  const constants = [0n, -1n, 0xffffffffn, -0x100000000n, 0x100000000n, 0x12345678n, 0x1234567800000000n];
  const funcs = ops.flatMap((op) =>
    constants.map((k, i) => `(func (export "${op}_${i}") (param i64) (result i64) (i64.${op} (local.get 0) (i64.const ${k})))`),
  );
  funcs.push(
    '(func (export "combine") (param i32 i32) (result i64) (i64.or (i64.shl (i64.extend_i32_u (local.get 0)) (i64.const 32)) (i64.extend_i32_u (local.get 1))))',
    '(func (export "shl32") (param i64) (result i64) (i64.shl (local.get 0) (i64.const 32)))',
  );
  const text = `(module ${funcs.join('\n')})`;
  const { code } = await compile(text, { target: 'js', format: false });
  // (This module has no `| 0` coercions, so any `x | 0` here would be an identity operand.)
  t.notRegex(code, /[|^] 0[;,)]|& -1[;,)]|(?<![\w$])0 [|^] |-1 & |<< 0\b/, 'no identity operand is left');
  t.notRegex(code, /[\w$]+ & 0[;,)]|[\w$]+ \| -1[;,)]/, 'a variable and-ed with 0 or or-ed with -1 is the literal');
  t.regex(code, /function combine\(p0, p1\) \{\s*return I64_HI\[0\] = p0, p1;/, '(hi << 32) | lo is the two halves as they are');
  const ours = (await compileAndLoad('i64-bitwise-constants', text)).instantiate({}).exports;
  const native = nativeInstance(text).exports as Record<string, (...x: unknown[]) => bigint>;
  for (const f of [...ops.flatMap((op) => constants.map((_k, i) => `${op}_${i}`)), 'shl32']) {
    for (const x of [...I64_VALUES, ...constants]) t.is(ours[f](x), native[f]!(x), `${f}(${x})`);
  }
  for (const [a, b] of pairs(I32_VALUES)) t.is(ours['combine'](a, b), native['combine']!(a, b), `combine(${a}, ${b})`);
});

test('an i64 operand and-ed with 0 or or-ed with -1 keeps its trap (only variables and literals are dropped)', async (t) => {
  const text = `(module (memory 1)
    (func (export "load_and_0") (param i32) (result i64) (i64.and (i64.load (local.get 0)) (i64.const 0)))
    (func (export "load_or_m1") (param i32) (result i64) (i64.or (i64.load (local.get 0)) (i64.const -1)))
    (func (export "div_and_0") (param i64 i64) (result i64) (i64.and (i64.div_s (local.get 0) (local.get 1)) (i64.const 0))))`;
  const ours = (await compileAndLoad('i64-absorbed-traps', text)).instantiate({}).exports;
  const outcome = (f: () => unknown) => {
    try {
      return f();
    } catch (e) {
      return e instanceof Trap ? `trap: ${e.message}` : `${(e as Error).constructor.name}`;
    }
  };
  t.is(outcome(() => ours.load_and_0(0)), 0n);
  t.is(outcome(() => ours.load_and_0(65536)), 'trap: out of bounds memory access');
  t.is(outcome(() => ours.load_or_m1(65529)), 'trap: out of bounds memory access');
  t.is(outcome(() => ours.load_or_m1(8)), -1n);
  t.is(outcome(() => ours.div_and_0(7n, 0n)), 'trap: integer divide by zero');
  t.is(outcome(() => ours.div_and_0(7n, 2n)), 0n);
});

test('i32.eqz of a comparison negates it (NaN operands included) and matches native', async (t) => {
  const text = `(module
    (func (export "not_lt") (param f64 f64) (result i32) (i32.eqz (f64.lt (local.get 0) (local.get 1))))
    (func (export "not_not_ge") (param f64 f64) (result i32) (i32.eqz (i32.eqz (f64.ge (local.get 0) (local.get 1)))))
    (func (export "not_lt_u64") (param i64 i64) (result i32) (i32.eqz (i64.lt_u (local.get 0) (local.get 1))))
    (func (export "branch") (param i32 i32) (result i32)
      (if (result i32) (i32.eqz (i32.lt_u (local.get 0) (local.get 1))) (then (i32.const 5)) (else (i32.const 7)))))`;
  const { code } = await compile(text, { target: 'js', format: false });
  t.regex(code, /return \+!\(p0 < p1\);/, 'a negated comparison, not +(p0 < p1) === 0');
  t.notRegex(code, /\) === 0/);
  const ours = (await compileAndLoad('i32-eqz-of-comparisons', text)).instantiate({}).exports;
  const native = nativeInstance(text).exports as Record<string, (...x: unknown[]) => number>;
  const floats = [0, -0, 1, -1, 0.5, Infinity, -Infinity, NaN];
  for (const f of ['not_lt', 'not_not_ge']) for (const a of floats) for (const b of floats) t.is(ours[f](a, b), native[f]!(a, b), `${f}(${a}, ${b})`);
  for (const [a, b] of pairs(I64_VALUES)) t.is(ours['not_lt_u64'](a, b), native['not_lt_u64']!(a, b), `not_lt_u64(${a}, ${b})`);
  for (const [a, b] of pairs(I32_VALUES)) t.is(ours['branch'](a, b), native['branch']!(a, b), `branch(${a}, ${b})`);
});

test('i64 add, sub and mul with a constant operand match native', async (t) => {
  const names = ['add', 'sub', 'mul'].flatMap((op) => LOWERING_CONSTANTS.flatMap((k) => (op === 'add' ? [`${op}_${k}`] : [`${op}_${k}`, `${k}_${op}`])));
  await differential(t, 'i64_lowering', [
    ...everyCall([...names, 'square', 'double'], I64_EDGE_VALUES.map((x) => [x])),
    ['add_low_ones', [1n], 0x100000000n],
    ['sub_one', [0x100000000n], 0xffffffffn],
    ['one_sub', [2n], -1n],
    ['mul_prime1', [-1n], -(0x9e3779b185ebca87n - 2n ** 64n)],
    ['mul_low_ones', [0xffffffffn], 0xfffffffe00000001n - 2n ** 64n],
    ['mul_sign_low', [0x80000000n], 0x4000000000000000n],
    ['square', [0xffffffffn], 0xfffffffe00000001n - 2n ** 64n],
    ['double', [0x80000000n], 0x100000000n],
  ]);
});

test('i64 arithmetic on zero-extended and sign-extended i32 operands matches native', async (t) => {
  const u32Pairs = pairs(U32_EDGE_VALUES);
  await differential(t, 'i64_lowering', [
    ...everyCall(['mul_u32', 'mul_s32'], u32Pairs),
    ...everyCall(['mul_u32_by_i64', 'u32_add'], U32_EDGE_VALUES.flatMap((a) => I64_EDGE_VALUES.map((b) => [a, b]))),
    ...everyCall(['add_u32', 'sub_u32'], I64_EDGE_VALUES.flatMap((a) => U32_EDGE_VALUES.map((b) => [a, b]))),
    ...everyCall(['mac'], pairs(U32_EDGE_VALUES).flatMap(([a, b]) => [[a, b, a, b], [a, b, -1, -1], [a, b, 0, 1]])),
    ['mul_u32', [-1, -1], 0xfffffffe00000001n - 2n ** 64n],
    ['mul_u32', [0x10000, 0x10000], 0x100000000n],
    // The high word of the 32x32 product is computed through a rounded double product; these
    // products lie just above 2^63 with a low word that makes the rounding error push the
    // estimate below the true high word (a lowering that subtracts the low word without its
    // half-word offset, and truncates, gets 2^31 - 1).
    ['mul_u32', [0x80000017 | 0, 0xffffffd3 | 0], 0x800000007ffffbf5n - 2n ** 64n],
    ['mul_u32', [0x80000019 | 0, 0xffffffd0 | 0], 0x80000000fffffb50n - 2n ** 64n],
    ['mul_u32_by_i64', [0x8000001b | 0, 0xffffffcbn], 0x800000007ffffa69n - 2n ** 64n],
    ['mul_s32', [-0x80000000, -0x80000000], 0x4000000000000000n],
    ['mac', [-1, -1, -1, -1], -1n],
    ['mac', [-1, -1, -1, 0], -0x100000000n],
    ['add_u32', [0xffffffffn, 1], 0x100000000n],
    ['sub_u32', [0x100000000n, 1], 0xffffffffn],
    ...everyCall(['widen_sum'], u32Pairs),
    ...everyCall(['widen_product'], pairs(I64_EDGE_VALUES)),
    ...everyCall(['widen_through_block'], U32_EDGE_VALUES.flatMap((a) => [[a, 0], [a, 1]])),
    ['widen_sum', [0x10000, 0xffff], 0x10000ffffn],
    ['widen_through_block', [-1, 1], 0n],
    ['widen_through_block', [-1, 0], -1n],
  ]);
});
