/** Instructions in text: plain and folded forms, labels, immediates, literals (compiler/load/wat/instructions.ts). */
import test from 'ava';
import { CompileError } from '../../compiler/errors.js';
import { decodeModule } from '../../compiler/load/decode.js';
import { loadModule } from '../../compiler/load/index.js';
import { watToBinary } from '../../compiler/load/wat/index.js';
import type { Instr } from '../../compiler/model/types.js';

/** The body of the module's first defined function. */
const body = (text: string): readonly Instr[] => decodeModule(watToBinary(text)).funcs[0].body;
/** The body as op names with their index immediates. */
const ops = (text: string): string =>
  body(text)
    .map((i) => i.op + (i.index === undefined ? '' : ` ${i.index}`) + (i.index2 === undefined ? '' : ` ${i.index2}`))
    .join(', ');

function problem(text: string): string | undefined {
  try {
    watToBinary(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return e.unsupported ? `unsupported ${e.problem}` : e.problem;
  }
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('plain and folded forms encode the same', (t) => {
  const pairs: [string, string][] = [
    ['(i32.add (i32.const 1) (i32.const 2))', 'i32.const 1 i32.const 2 i32.add'],
    ['(block $b (result i32) (br $b (i32.const 1)))', 'block $b (result i32) i32.const 1 br $b end'],
    ['(loop $l (br_if $l (i32.const 0)))', 'loop $l i32.const 0 br_if $l end'],
    ['(if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3)))', 'i32.const 1 if (result i32) i32.const 2 else i32.const 3 end'],
    ['(if (i32.const 1) (then (nop)))', 'i32.const 1 if nop end'],
    ['(drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))', 'i32.const 1 i32.const 2 i32.const 0 select (result i32) drop'],
  ];
  for (const [folded, plain] of pairs) {
    t.is(hex(watToBinary(`(module (func (result i32) ${folded} (i32.const 0)))`)), hex(watToBinary(`(module (func (result i32) ${plain} i32.const 0))`)), folded);
  }
});

test('labels: by name or depth, innermost first, shadowing allowed', (t) => {
  t.is(ops('(module (func (block $a (block $b (br $a) (br $b) (br 1)))))'), 'block, block, br 1, br 0, br 1, end, end, end');
  t.is(ops('(module (func (block $a (block $a (br $a)))))'), 'block, block, br 0, end, end, end');
  t.is(ops('(module (func (block $a (if $b (i32.const 0) (then (br $a)) (else (br $b)))) ))'), 'block, i32.const, if, br 1, else, br 0, end, end, end');
  t.regex(problem('(module (func (block $a) (br $a)))') ?? '', /^unknown label \$a/);
  // The condition of a folded if is outside the if.
  t.regex(problem('(module (func (if $l (br_if $l (i32.const 0) (i32.const 1)) (then))))') ?? '', /^unknown label \$l/);
  t.is(ops('(module (func (block $x (i32.const 0) (br_table $x 0 $x))))'), 'block, i32.const, br_table 0, end, end');
});

test('end and else may repeat the label, and only it', (t) => {
  t.notThrows(() => watToBinary('(module (func block $l end $l loop $m end i32.const 0 if $i else $i end $i))'));
  t.regex(problem('(module (func block end $l))') ?? '', /^mismatching label/);
  t.regex(problem('(module (func block $a end $l))') ?? '', /^mismatching label/);
  t.regex(problem('(module (func i32.const 0 if else $l end))') ?? '', /^mismatching label/);
  t.regex(problem('(module (func i32.const 0 if $a else $a end $l))') ?? '', /^mismatching label/);
});

test('plain blocks must end in the list they start in', (t) => {
  t.regex(problem('(module (func block))') ?? '', /^unexpected token/);
  t.regex(problem('(module (func (block end)))') ?? '', /^unexpected token/);
  t.regex(problem('(module (func end))') ?? '', /^unexpected token/);
  t.regex(problem('(module (func i32.const 0 if else else end))') ?? '', /^unexpected token/);
  t.regex(problem('(module (func (if i32.const 0 (then))))') ?? '', /^unexpected token/);
  t.regex(problem('(module (func (if (i32.const 0))))') ?? '', /^unexpected token/);
});

test('block types: none, one value type, or a type index for anything else', (t) => {
  const blockTypes = (text: string) => body(text).flatMap((i) => (i.blockType === undefined ? [] : [i.blockType]));
  t.deepEqual(blockTypes('(module (type $t (func (result i32))) (func (block) (block (result i64) (unreachable)) (block (type $t) (unreachable)) (block (param) (result f32) (unreachable)) (block (result i32 i32) (unreachable))))'), [
    { kind: 'empty' },
    { kind: 'value', type: 'i64' },
    { kind: 'func', typeIndex: 0 },
    { kind: 'value', type: 'f32' },
    { kind: 'func', typeIndex: 2 },
  ]);
  t.regex(problem('(module (func (block (param $x i32) (drop))))') ?? '', /^unexpected token/);
  t.regex(problem('(module (type $t (func (param i32))) (func (block (type $t) (result i32) (unreachable))))') ?? '', /^inline function type/);
});

test('memory arguments: natural alignment by default, offsets as u64, memory indices', (t) => {
  const memargs = (text: string) => body(text).flatMap((i) => (i.memarg === undefined ? [] : [i.memarg]));
  t.deepEqual(memargs('(module (memory 1) (memory $m 1) (func (drop (i64.load (i32.const 0))) (drop (i32.load16_u offset=0x10 align=1 (i32.const 0))) (drop (i32.load $m offset=1_000 (i32.const 0))) (i64.store 1 align=8 (i32.const 0) (i64.const 0))))'), [
    { align: 3, offset: 0, memory: 0 },
    { align: 0, offset: 16, memory: 0 },
    { align: 2, offset: 1000, memory: 1 },
    { align: 3, offset: 0, memory: 1 },
  ]);
  t.regex(problem('(module (memory 1) (func (drop (i32.load align=3 (i32.const 0)))))') ?? '', /^alignment must be a power of two/);
  t.regex(problem('(module (memory 1) (func (drop (i32.load align=0 (i32.const 0)))))') ?? '', /^alignment/);
  // Larger than natural is well formed, and invalid.
  t.throws(() => loadModule('(module (memory 1) (func (drop (i32.load align=8 (i32.const 0)))))'), { message: /alignment/ });
});

test('integer constants: signed or unsigned, in range for the type', (t) => {
  const constants = (text: string) => body(text).flatMap((i) => (i.value === undefined ? [] : [i.value]));
  t.deepEqual(constants('(module (func i32.const 0xffff_ffff i32.const -0x8000_0000 i32.const +7 i32.const 1_000 i64.const 0xffffffffffffffff i64.const -9223372036854775808))'), [
    -1, -2147483648, 7, 1000, -1n, -9223372036854775808n,
  ]);
  t.regex(problem('(module (func i32.const 0x1_0000_0000))') ?? '', /^constant out of range/);
  t.regex(problem('(module (func i32.const -0x8000_0001))') ?? '', /^constant out of range/);
  t.regex(problem('(module (func i64.const 18446744073709551616))') ?? '', /^constant out of range/);
  t.regex(problem('(module (func i32.const 1__0))') ?? '', /^unknown operator/);
  t.regex(problem('(module (func i32.const 0x))') ?? '', /^unknown operator/);
  t.regex(problem('(module (func i32.const 1.5))') ?? '', /^unexpected token/);
  t.regex(problem('(module (func f32.const nan:canonical))') ?? '', /^unexpected token/);
});

test('indices of calls, tables, segments: optional where the text format allows', (t) => {
  t.is(ops('(module (type $v (func)) (table 1 funcref) (table $t1 1 funcref) (func (call_indirect $t1 (type $v) (i32.const 0)) (call_indirect (i32.const 0))))'), 'i32.const, call_indirect 0 1, i32.const, call_indirect 0 0, end');
  t.is(ops(`(module (table 1 funcref) (table $t 1 funcref) (elem $e func) (func (table.init $e (i32.const 0) (i32.const 0) (i32.const 0)) (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 0))))`), 'i32.const, i32.const, i32.const, table.init 0 0, i32.const, i32.const, i32.const, table.init 0 1, end');
  t.is(ops(`(module (memory 1) (memory $m 1) (func (memory.copy (i32.const 0) (i32.const 0) (i32.const 0)) (memory.copy $m 0 (i32.const 0) (i32.const 0) (i32.const 0)) (drop (memory.size $m))))`), 'i32.const, i32.const, i32.const, memory.copy 0 0, i32.const, i32.const, i32.const, memory.copy 1 0, memory.size 1, drop, end');
  t.is(ops(`(module (memory 1) (data $d "") (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 0)) (data.drop $d)))`), 'i32.const, i32.const, i32.const, memory.init 0 0, data.drop 0, end');
  t.regex(problem('(module (func (call $missing)))') ?? '', /^unknown func \$missing/);
  t.regex(problem('(module (func (local.get $x)))') ?? '', /^unknown local \$x/);
});

test('locals: parameters first, then locals, by name or index', (t) => {
  t.is(ops('(module (func (param $a i32) (param i64) (local $b f32) (local f64 i32) (drop (local.get $a)) (drop (local.get $b)) (drop (local.get 4))))'), 'local.get 0, drop, local.get 2, drop, local.get 4, drop, end');
  const m = decodeModule(watToBinary('(module (func (local i32 i32 i64) (local $x i32)))'));
  t.deepEqual(m.funcs[0].locals, ['i32', 'i32', 'i64', 'i32']);
});

test('instructions of unsupported proposals are unsupported; unknown and obsolete names are malformed', (t) => {
  t.is(problem('(module (func (drop (i32x4.splat (i32.const 0)))))'), 'unsupported unsupported: SIMD');
  t.is(problem('(module (memory 1 1 shared) (func (drop (i32.atomic.load (i32.const 0)))))'), 'unsupported unsupported: threads (atomic instructions)');
  t.is(problem('(module (func (return_call 0)))'), 'unsupported unsupported: tail calls (return_call)');
  t.is(problem('(module (func (try_table)))'), 'unsupported unsupported: exception handling (try_table)');
  t.is(problem('(module (func (drop (get_local 0))))'), 'unknown operator get_local');
  t.is(problem('(module (func (drop (f32x4.convert_s/i32x4 (i32.const 0)))))'), 'unknown operator f32x4.convert_s/i32x4');
  t.is(problem('(module (func (select_t)))'), 'unknown operator select_t');
});

test('nesting without bound: 100,000 folded ifs and operands', (t) => {
  const depth = 100_000;
  const ifs = '(module (func ' + '(if (i32.const 1) (then '.repeat(depth) + '))'.repeat(depth) + '))';
  t.is(loadModule(ifs).funcs[0].body.length, 3 * depth + 1);
  const operands = '(module (func (result i32) ' + '(i32.add (i32.const 1) '.repeat(depth) + '(i32.const 0)' + ')'.repeat(depth) + '))';
  t.is(loadModule(operands).funcs[0].body.length, 2 * depth + 2);
});
