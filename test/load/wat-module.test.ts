/** Module fields of the text format and their abbreviations (compiler/load/wat/module.ts, fields.ts, types.ts). */
import test from 'ava';
import { CompileError } from '../../compiler/errors.js';
import { decodeModule } from '../../compiler/load/decode.js';
import { loadModule } from '../../compiler/load/index.js';
import { watToBinary } from '../../compiler/load/wat/index.js';
import type { WasmModule } from '../../compiler/model/types.js';

const decode = (text: string): WasmModule => decodeModule(watToBinary(text));

function problem(text: string): string | undefined {
  try {
    watToBinary(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return e.unsupported ? `unsupported ${e.problem}` : e.problem;
  }
}

const signature = (m: WasmModule) => m.types.map((t) => `${t.params.join(' ')}->${t.results.join(' ')}`);

test('implicit types are appended after the explicit ones, in order of first use, and reused', (t) => {
  const m = decode(`(module
    (func (param i64))
    (type $a (func (param i32)))
    (func (param i32))
    (func (result f32) (block (result i32 i32) (i32.const 1) (i32.const 2)) (drop) (drop) (f32.const 0))
    (func (param i64))
    (type $b (func)))`);
  t.deepEqual(signature(m), ['i32->', '->', 'i64->', '->f32', '->i32 i32']);
  t.deepEqual(
    m.funcs.map((f) => f.typeIndex),
    [2, 0, 3, 2],
  );
});

test('a type use with (type x) and inline declarations must agree', (t) => {
  const m = decode('(module (type $t (func (param i32) (result i32))) (func (type $t) (param $x i32) (result i32) (local.get $x)))');
  t.deepEqual([...(m.names.locals.get(0) ?? [])], [[0, 'x']]);
  t.regex(problem('(module (type $t (func (param i32))) (func (type $t) (param i64)))') ?? '', /^inline function type/);
  t.regex(problem('(module (func (type 3) (param i32)))') ?? '', /^unknown type/);
  t.regex(problem('(module (type $t (func (param i32) (result i32))) (func (type $t) (result i32) (param i32) (i32.const 0)))') ?? '', /^unexpected token/);
  t.regex(problem('(module (func (call_indirect (param $x i32) (i32.const 0))))') ?? '', /^unexpected token/);
});

test('imports keep their order and must come before definitions', (t) => {
  const m = decode(`(module
    (import "m" "g" (global $g i32))
    (func $f (import "m" "f") (param i32))
    (memory (import "m" "mem") 1)
    (table $t (export "t") (import "m" "t") 1 funcref))`);
  t.deepEqual(
    m.imports.map((i) => `${i.name}:${i.desc.kind}`),
    ['g:global', 'f:func', 'mem:memory', 't:table'],
  );
  t.deepEqual(m.exports, [{ name: 't', kind: 'table', index: 0 }]);
  t.is(problem('(module (func) (import "" "" (func)))'), 'import after function');
  t.is(problem('(module (global i64 (i64.const 0)) (table 0 funcref) (func (import "" "")))'), 'import after global');
  t.is(problem('(module (memory 0) (import "" "" (memory 1)))'), 'import after memory');
  t.is(problem('(module (table 0 funcref) (global (import "" "") i32))'), 'import after table');
});

test('identifiers must be unique in each index space', (t) => {
  t.is(problem('(module (func $f) (func $f))'), 'duplicate func $f');
  t.is(problem('(module (import "" "" (global $g i32)) (global $g i32 (i32.const 0)))'), 'duplicate global $g');
  t.is(problem('(module (type $t (func)) (type $t (func)))'), 'duplicate type $t');
  t.is(problem('(module (memory $m 1) (memory $m 1))'), 'duplicate memory $m');
  t.is(problem('(module (table $t 1 funcref) (table $t 1 funcref))'), 'duplicate table $t');
  t.is(problem('(module (elem $e func) (elem $e func))'), 'duplicate elem $e');
  t.is(problem('(module (data $d) (data $d))'), 'duplicate data $d');
  // Different spaces may share a name, and names scope over the text before them.
  t.notThrows(() => decode('(module (func $x (call $y)) (global $x i32 (i32.const 0)) (func $y))'));
});

test('inline exports come in text order', (t) => {
  const m = decode(`(module
    (func $f (export "a") (export "b"))
    (export "c" (func $f))
    (global (export "d") i32 (i32.const 0))
    (memory (export "e") 1))`);
  t.deepEqual(
    m.exports.map((e) => `${e.name}:${e.kind}${e.index}`),
    ['a:func0', 'b:func0', 'c:func0', 'd:global0', 'e:memory0'],
  );
});

test('a table with inline elements gets limits from their count and an active segment at 0', (t) => {
  const m = decode('(module (func $f) (table $t0 0 funcref) (table $t1 funcref (elem $f $f 0)) (table externref (elem (ref.null extern))))');
  t.deepEqual(
    m.tables.map((x) => [x.element, x.limits.min, x.limits.max]),
    [
      ['funcref', 0, undefined],
      ['funcref', 3, 3],
      ['externref', 1, 1],
    ],
  );
  t.deepEqual(
    m.elems.map((e) => [e.mode.kind, e.mode.kind === 'active' ? e.mode.table : -1, e.type, e.items.length]),
    [
      ['active', 1, 'funcref', 3],
      ['active', 2, 'externref', 1],
    ],
  );
});

test('a memory with inline data gets as many pages as the data needs', (t) => {
  const m = decode(`(module (memory (data "ab" "c")) (memory $big (data "${'\\00'.repeat(65537)}")))`);
  t.deepEqual(
    m.memories.map((x) => [x.limits.min, x.limits.max]),
    [
      [1, 1],
      [2, 2],
    ],
  );
  t.deepEqual(
    m.datas.map((d) => [d.mode.kind === 'active' ? d.mode.memory : -1, d.bytes.length]),
    [
      [0, 3],
      [1, 65537],
    ],
  );
});

test('element segments: every form', (t) => {
  const m = decode(`(module
    (table $t 4 funcref) (table $u 4 externref) (func $f) (func $g)
    (elem (i32.const 0) $f $g)
    (elem (table $t) (offset (i32.const 1)) func $g)
    (elem (table $u) (i32.const 0) externref (ref.null extern))
    (elem $passive funcref (ref.func $f) (item ref.func $g) (item (ref.null func)))
    (elem declare func $f)
    (elem 0 (i32.const 2) $f))`);
  t.deepEqual(
    m.elems.map((e) => `${e.mode.kind}${e.mode.kind === 'active' ? e.mode.table : ''}:${e.type}:${e.items.length}`),
    ['active0:funcref:2', 'active0:funcref:1', 'active1:externref:1', 'passive:funcref:3', 'declarative:funcref:1', 'active0:funcref:1'],
  );
  // Bare function indices only in the form without a table use.
  t.regex(problem('(module (table 1 funcref) (func $f) (elem (table 0) (i32.const 0) $f))') ?? '', /^unexpected token/);
  // (ref func) segments of ref.func items mean the same as funcref ones; others need typed function references.
  t.is(decode('(module (table 1 funcref) (func) (elem (i32.const 0) (ref func) (ref.func 0)))').elems[0].type, 'funcref');
  t.regex(problem('(module (table 1 funcref) (elem (i32.const 0) (ref func) (ref.null func)))') ?? '', /^unsupported/);
});

test('data segments: active with or without a memory use, passive, strings concatenated', (t) => {
  const m = decode(`(module (memory 1) (memory $m 1)
    (data (i32.const 1) "a" "bc")
    (data (memory $m) (offset (i32.const 2)) "d")
    (data $p "" "e")
    (data 1 (i32.const 3)))`);
  t.deepEqual(
    m.datas.map((d) => `${d.mode.kind}${d.mode.kind === 'active' ? d.mode.memory : ''}:${new TextDecoder().decode(d.bytes)}`),
    ['active0:abc', 'active1:d', 'passive:e', 'active1:'],
  );
});

test('the start function, only one', (t) => {
  t.is(decode('(module (func) (func $main) (start $main))').start, 1);
  t.is(problem('(module (func $a) (start $a) (start $a))'), 'multiple start sections');
});

test('the name section carries the identifiers', (t) => {
  const m = decode(`(module $mod
    (import "m" "f" (func $imported))
    (func $defined (param $p i32) (local $l i64) (local f32))
    (table $tab 1 funcref) (memory $mem 1) (global $glob i32 (i32.const 0)))`);
  t.is(m.names.module, 'mod');
  t.deepEqual([...m.names.functions], [
    [0, 'imported'],
    [1, 'defined'],
  ]);
  t.deepEqual([...(m.names.locals.get(1) ?? [])], [
    [0, 'p'],
    [1, 'l'],
  ]);
  t.deepEqual([...m.names.tables], [[0, 'tab']]);
  t.deepEqual([...m.names.memories], [[0, 'mem']]);
  t.deepEqual([...m.names.globals], [[0, 'glob']]);
  // No identifiers, no name section.
  t.deepEqual(decode('(module (func))').customs, []);
});

test('the (module ...) around the fields may be left out', (t) => {
  t.is(decode('(func) (func)').funcs.length, 2);
  t.regex(problem('(module) (module)') ?? '', /^unexpected token/);
});

test('limits and types are read as the text writes them, the validator checks ranges', (t) => {
  const e = t.throws(() => loadModule('(module (memory 0x1_0000_0000))'), { instanceOf: CompileError });
  t.regex(e?.problem ?? '', /memory size/);
  t.is(problem('(module (memory 0x1_0000_0000_0000_0000))'), 'i64 constant out of range: 0x1_0000_0000_0000_0000');
  t.deepEqual(decode('(module (global (mut i64) (i64.const 0)) (global funcref (ref.null func)))').globals.map((g) => g.type), [
    { type: 'i64', mutable: true },
    { type: 'funcref', mutable: false },
  ]);
  t.is(decode('(module (memory 1 2 shared))').memories[0].shared, true);
});

test('syntax of unsupported proposals is unsupported, not malformed', (t) => {
  t.is(problem('(module (memory i64 1))'), 'unsupported unsupported: memory64');
  t.is(problem('(module (table i64 1 funcref))'), 'unsupported unsupported: table64 (memory64 proposal)');
  t.is(problem('(module (type (struct)))'), 'unsupported unsupported: GC (struct, array, sub and rec types)');
  t.is(problem('(module (tag $e))'), 'unsupported unsupported: exception handling (tag section)');
  t.is(problem('(module (func (param (ref $t))))'), 'unsupported unsupported: typed function references ((ref $t))');
  t.is(problem('(module (func (param (ref null 0))))'), 'unsupported unsupported: typed function references ((ref null $t))');
  t.is(problem('(module (global anyref (ref.null any)))'), 'unsupported unsupported: GC (anyref)');
  t.is(problem('(module (func (param v128) (drop (v128.const i32x4 0 0 0 0))))'), 'unsupported unsupported: SIMD');
  // The v128 type itself is in the model (a host import may have it); its instructions are not.
  t.deepEqual(decode('(module (import "m" "f" (func (param v128))))').types, [{ params: ['v128'], results: [] }]);
  t.is(problem('(module (table 1 funcref (ref.null func)))'), 'unsupported unsupported: typed function references (table with initializer)');
  // Names that belong to no proposal stay malformed.
  t.is(problem('(module (global anyfunc (ref.null func)))'), 'unknown operator anyfunc');
});
