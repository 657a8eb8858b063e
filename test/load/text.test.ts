import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CompileError } from '../../compiler/errors.js';
import { decodeModule } from '../../compiler/load/decode.js';
import { loadModule } from '../../compiler/load/index.js';
import { parseWat } from '../../compiler/load/text.js';

test('text becomes a binary with a name section', (t) => {
  const m = decodeModule(
    parseWat(`(module $demo
      (func $add (export "add") (param $a i32) (param $b i32) (result i32)
        (i32.add (local.get $a) (local.get $b)))
      (global $counter (mut i32) (i32.const 0)))`),
  );
  t.is(m.names.module, 'demo');
  t.deepEqual([...m.names.functions], [[0, 'add']]);
  t.deepEqual([...(m.names.locals.get(0) ?? [])], [
    [0, 'a'],
    [1, 'b'],
  ]);
  t.deepEqual([...m.names.globals], [[0, 'counter']]);
  t.deepEqual(m.exports, [{ name: 'add', kind: 'func', index: 0 }]);
});

test('NaN payloads in constants survive', (t) => {
  const m = decodeModule(
    parseWat(`(module
      (global f32 (f32.const nan:0x200000))
      (global f32 (f32.const -nan:0x1))
      (global f32 (f32.const nan))
      (global f64 (f64.const nan:0x4000000000001))
      (global f64 (f64.const -nan:0x8000000000000)))`),
  );
  t.deepEqual(
    m.globals.map((g) => g.init[0].value),
    [0x7fa00000, 0xff800001, 0x7fc00000, 0x7ff4000000000001n, 0xfff8000000000000n],
  );
});

test('reference nulls are funcref and externref nulls', (t) => {
  const m = loadModule(`(module
    (func (result funcref) (ref.null func))
    (func (result externref) (ref.null extern))
    (table 1 funcref) (elem (i32.const 0) funcref (ref.null func)))`);
  t.deepEqual(
    m.funcs.map((f) => f.body[0].types),
    [['funcref'], ['externref']],
  );
  t.deepEqual(m.elems[0].items[0][0].types, ['funcref']);
});

test('imports keep the order of the text', (t) => {
  const m = loadModule(`(module
    (import "env" "a" (func (param i32)))
    (import "env" "b" (global i32))
    (import "env" "c" (memory 1))
    (import "env" "d" (func)))`);
  t.deepEqual(
    m.imports.map((i) => `${i.module}.${i.name}:${i.desc.kind}`),
    ['env.a:func', 'env.b:global', 'env.c:memory', 'env.d:func'],
  );
});

test('syntax errors are CompileErrors at the byte offset of the token', (t) => {
  const text = ';; ünï\n(module (func (i32.bogus)))';
  const e = t.throws(() => parseWat(text), { instanceOf: CompileError });
  t.false(e?.unsupported);
  t.is(e?.problem, 'unknown operator i32.bogus');
  t.is(Buffer.from(text).subarray(e?.offset).toString().slice(0, 9), 'i32.bogus');
  const unclosed = t.throws(() => parseWat('(module'), { instanceOf: CompileError });
  t.regex(unclosed?.problem ?? '', /^unexpected end/);
  t.is(unclosed?.offset, 0);
  t.throws(() => parseWat('(module (func (call $nope)))'), { instanceOf: CompileError, message: /^unknown func \$nope/ });
});

test('validation errors in text point at the text: the instruction or field the bytes came from', (t) => {
  // Each case: the text, and what the text at the error's offset starts with. The first has a
  // non-ASCII comment before it, so the offset must be counted in UTF-8 bytes, not UTF-16 units.
  const cases: [string, string][] = [
    [';; ü\n(module (func (result i32) (i64.const 1)))', '))'], // the function's end: its closing parenthesis
    ['(module\n  (func (param i32) (result i32)\n    local.get 0\n    f32.const 1\n    i32.add))', 'i32.add))'],
    ['(module (func (result i32) (i32.add (i32.const 1) (f32.const 2))))', '(i32.add'],
    ['(module (memory 1) (func (drop (i32.load offset=4 align=8 (i32.const 0)))))', '(i32.load'],
    ['(module (global i32 (f32.const 1)))', '(f32.const 1)'],
    ['(module (func) (export "a" (func 0)) (export "a" (func 0)))', '(export "a" (func 0)))'],
    ['(module (func $f (param i32)) (start $f))', '(start $f)'],
  ];
  for (const [text, expected] of cases) {
    const e = t.throws(() => loadModule(text), { instanceOf: CompileError }, text);
    t.not(e?.offset, undefined, text);
    t.is(Buffer.from(text).subarray(e?.offset).toString().slice(0, expected.length), expected, `${text}: ${e?.message}`);
    t.notRegex(e?.message ?? '', /binary encoding/);
  }
});

test('text is validated by our validator', (t) => {
  const e = t.throws(() => loadModule('(module (func (result i32) (i64.const 1)))'), { instanceOf: CompileError });
  t.regex(e?.problem ?? '', /^type mismatch/);
  t.notThrows(() => loadModule(new Uint8Array(parseWat('(module (func (result i32) (i32.const 1)))'))));
});

test('type errors in unreachable code survive to the validator', (t) => {
  // binaryen's parser used to drop the code after `unreachable`, and the error with it.
  const e = t.throws(() => loadModule('(module (func (unreachable) (i32.add (i64.const 0) (i32.const 0)) (drop)))'), { instanceOf: CompileError });
  t.regex(e?.problem ?? '', /^type mismatch/);
});

test('unsupported features in text are reported as unsupported', (t) => {
  const e = t.throws(() => loadModule('(module (func (result v128) (v128.const i32x4 0 0 0 0)))'), { instanceOf: CompileError });
  t.true(e?.unsupported);
  t.is(e?.problem, 'unsupported: SIMD');
});

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

test('every fixture .wat loads', (t) => {
  if (!existsSync(fixtures)) return t.pass('no fixtures directory');
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.wat'));
  t.true(files.length > 0);
  for (const file of files) {
    t.notThrows(() => loadModule(readFileSync(fixtures + file, 'utf8')), file);
  }
});

test('float literals are rounded exactly', (t) => {
  const value = (type: 'f32' | 'f64', literal: string) => decodeModule(parseWat(`(module (func (result ${type}) (${type}.const ${literal})))`)).funcs[0].body[0].value;
  t.is(value('f32', '1.00000005960464477539062500000000001'), 0x3f800001); // not via an f64: that gives 0x3f800000
  t.is(value('f32', '0x1.fffffefffffff8p127'), 0x7f7fffff);
  t.is(value('f64', '-0x0.000000000000080000000000p-1022'), 0x8000000000000000n);
  t.is(value('f32', '-nan:0x200000'), 0xffa00000);
  const e = t.throws(() => parseWat('(module (global f32 (f32.const 0x1p128)))'), { instanceOf: CompileError });
  t.is(e?.problem, 'constant out of range: 0x1p128 is not a finite f32');
  t.is(e?.offset, 31);
});

test('a carriage return ends a line comment', (t) => {
  const m = loadModule('(module (func (result i32) (i32.const 1) ;; comment\r (return (i32.const 2))))');
  t.true(m.funcs[0].body.some((i) => i.op === 'return'));
});

test('abbreviated segment offsets with operands are accepted', (t) => {
  const m = loadModule(`(module (memory 1) (table 1 funcref) (func $f)
    (data (i32.add (i32.const 1) (i32.const 2)) "x")
    (elem $e (table 0) (i32.sub (i32.const 1) (i32.const 1)) func $f)
    (table $t funcref (elem (ref.func $f))))`);
  const data = m.datas[0].mode;
  t.deepEqual(data.kind === 'active' ? data.offset.map((i) => i.op) : [], ['i32.const', 'i32.const', 'i32.add']);
  t.is(m.elems.length, 2);
});

test('a memory offset beyond 32 bits is kept, and rejected by the validator', (t) => {
  const e = t.throws(() => loadModule('(module (memory 1) (func (drop (i32.load offset=0x1_0000_0000 (i32.const 0)))))'), { instanceOf: CompileError });
  t.regex(e?.problem ?? '', /^offset out of range/);
  t.notThrows(() => loadModule('(module (memory 1) (func (drop (i32.load offset=0xffff_ffff (i32.const 0)))))'));
});

test('strings with non-ASCII characters, a byte order mark included, keep their bytes', (t) => {
  const m = loadModule('(module (func (export "\u{feff}")) (func (export "ünï😀")) (func (export "a\\ef\\bb\\bfb")))');
  t.deepEqual(
    m.exports.map((e) => e.name),
    ['\u{feff}', 'ünï😀', 'a\u{feff}b'],
  );
  const e = t.throws(() => parseWat('(module (func (export "ü") (i32.bogus)))'), { instanceOf: CompileError });
  t.is(Buffer.from('(module (func (export "ü") (i32.bogus)))').subarray(e?.offset).toString(), 'i32.bogus)))');
});

test('tokens must be separated: adjacent strings are malformed', (t) => {
  const e = t.throws(() => parseWat('(module (data "a""b"))'), { instanceOf: CompileError });
  t.regex(e?.problem ?? '', /^unknown operator/);
  t.is(e?.offset, 14);
  t.throws(() => parseWat('(module (data $d"a"))'), { instanceOf: CompileError, message: /^unknown operator/ });
  // Parentheses and comments separate tokens too.
  t.notThrows(() => parseWat('(module (memory 1) (data (i32.const 0)"a") (data "c"(;x;)"d"))'));
});

test('duplicate parameter or local names are malformed', (t) => {
  for (const text of ['(module (func (param $x i32) (param $x i32)))', '(module (func (param $x i32) (local $x i32)))', '(module (func (local $x i32) (local $x i64)))']) {
    t.throws(() => parseWat(text), { instanceOf: CompileError, message: /^duplicate local \$x/ }, text);
  }
  t.notThrows(() => parseWat('(module (func (param $x i32) (local $y i32)) (func (param $x i32)))'));
});

test('text nested 100,000 deep loads', (t) => {
  const depth = 100_000;
  const folded = '(module (func ' + '(block '.repeat(depth) + ')'.repeat(depth) + '))';
  t.is(loadModule(folded).funcs[0].body.length, 2 * depth + 1);
  const plain = '(module (func ' + 'block '.repeat(depth) + 'end '.repeat(depth) + '))';
  t.is(loadModule(plain).funcs[0].body.length, 2 * depth + 1);
});
