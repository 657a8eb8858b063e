import test from 'ava';
import binaryen from 'binaryen';
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

test('NaN payloads in constants survive binaryen', (t) => {
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

test('reference nulls come back as funcref and externref nulls', (t) => {
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

test('several imports from one module use the plain import encoding', (t) => {
  const m = loadModule(`(module
    (import "env" "a" (func (param i32)))
    (import "env" "b" (global i32))
    (import "env" "c" (memory 1))
    (import "env" "d" (func)))`);
  // binaryen groups imports by kind (a known difference: index spaces are per kind, so
  // only the order of import lookups changes).
  t.deepEqual(m.imports.map((i) => `${i.module}.${i.name}:${i.desc.kind}`).sort(), ['env.a:func', 'env.b:global', 'env.c:memory', 'env.d:func']);
  t.deepEqual(
    m.imports.filter((i) => i.desc.kind === 'func').map((i) => i.name),
    ['a', 'd'],
  );
});

test('syntax errors are CompileErrors at the byte offset binaryen reports', (t) => {
  const text = ';; ünï\n(module (func (i32.bogus)))';
  const e = t.throws(() => parseWat(text), { instanceOf: CompileError });
  t.false(e?.unsupported);
  t.regex(e?.problem ?? '', /^text format: unrecognized instruction \(line 2, column 15\)$/);
  t.is(Buffer.from(text).subarray(e?.offset).toString().slice(0, 9), 'i32.bogus');
  const unclosed = t.throws(() => parseWat('(module'), { instanceOf: CompileError });
  t.is(unclosed?.offset, 7);
  t.throws(() => parseWat('(module (func (call $nope)))'), { instanceOf: CompileError, message: /\$nope does not exist/ });
});

test('binaryen prints nothing and its global debug-info flag is restored', (t) => {
  const write = process.stderr.write;
  let written = '';
  process.stderr.write = ((chunk: string) => {
    written += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    binaryen.setDebugInfo(false);
    t.throws(() => parseWat('(module (func (i32.bogus)))'), { instanceOf: CompileError });
    parseWat('(module)');
    t.false(binaryen.getDebugInfo());
  } finally {
    process.stderr.write = write;
  }
  t.is(written, '');
});

test('text is validated by our validator (binaryen does not validate)', (t) => {
  const e = t.throws(() => loadModule('(module (func (result i32) (i64.const 1)))'), { instanceOf: CompileError });
  t.regex(e?.problem ?? '', /^type mismatch/);
  t.notThrows(() => loadModule(new Uint8Array(parseWat('(module (func (result i32) (i32.const 1)))'))));
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

test('float literals are rounded exactly, not as binaryen would', (t) => {
  const value = (type: 'f32' | 'f64', literal: string) => decodeModule(parseWat(`(module (func (result ${type}) (${type}.const ${literal})))`)).funcs[0].body[0].value;
  t.is(value('f32', '1.00000005960464477539062500000000001'), 0x3f800001); // binaryen: 0x3f800000
  t.is(value('f32', '0x1.fffffefffffff8p127'), 0x7f7fffff); // binaryen: infinity
  t.is(value('f64', '-0x0.000000000000080000000000p-1022'), 0x8000000000000000n); // binaryen: +0
  t.is(value('f32', '-nan:0x200000'), 0xffa00000);
  const e = t.throws(() => parseWat('(module (global f32 (f32.const 0x1p128)))'), { instanceOf: CompileError });
  t.is(e?.problem, 'constant out of range: 0x1p128 is not a finite f32');
  t.is(e?.offset, 31);
});

test('text rewrites keep error offsets in terms of the original text', (t) => {
  const text = '(module (func (f32.const 0x1p-149) (drop) (i32.bogus)))';
  const e = t.throws(() => parseWat(text), { instanceOf: CompileError });
  t.is(text.slice(e?.offset), 'i32.bogus)))');
});

test('a carriage return ends a line comment', (t) => {
  // binaryen alone reads the comment on to the next line feed, swallowing the return.
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

test('a memory offset beyond 32 bits is rejected, not wrapped', (t) => {
  const e = t.throws(() => parseWat('(module (memory 1) (func (drop (i32.load offset=0x1_0000_0000 (i32.const 0)))))'), { instanceOf: CompileError });
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
  t.is(e?.offset, 17);
  t.throws(() => parseWat('(module (data $d"a"))'), { instanceOf: CompileError, message: /^unknown operator/ });
  // Parentheses and comments separate tokens too.
  t.notThrows(() => parseWat('(module (memory 1) (data (i32.const 0)"a") (data "c"(;x;)"d"))'));
});

test('duplicate parameter or local names are malformed', (t) => {
  for (const text of ['(module (func (param $x i32) (param $x i32)))', '(module (func (param $x i32) (local $x i32)))', '(module (func (local $x i32) (local $x i64)))']) {
    t.throws(() => parseWat(text), { instanceOf: CompileError, message: /^duplicate local: \$x/ }, text);
  }
  t.notThrows(() => parseWat('(module (func (param $x i32) (local $y i32)) (func (param $x i32)))'));
});

test('text nested deeper than binaryen can parse is a CompileError, not a crash', (t) => {
  const depth = 20_000;
  const text = '(module (func ' + '(block '.repeat(depth) + ')'.repeat(depth) + '))';
  const e = t.throws(() => loadModule(text), { instanceOf: CompileError });
  t.regex(e?.problem ?? '', /nesting too deep/);
});
