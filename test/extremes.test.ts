/**
 * Extreme but valid modules compile and run, or fail with a clear CompileError: never a
 * RangeError from the compiler's own stack or string limits. (A 64 MB data segment and
 * 1 MB of code in one function are measured by hand, too slow for every test run; see
 * the issue notes.)
 */
import test from 'ava';
import { CompileError } from '../compiler/index.js';
import { compileAndLoad } from './helpers/generated.js';

test('100,000 nested blocks with no branch to them compile to flat code and run', async (t) => {
  const n = 100_000;
  const text = `(module (func (export "f") (result i32) ${'(block '.repeat(n)}${')'.repeat(n)} (i32.const 7)))`;
  const m = await compileAndLoad('extreme-nest', text);
  t.is(m.instantiate({}).exports.f(), 7);
});

test('100,000 nested blocks that are all branch targets: a clear unsupported error, not a crash', async (t) => {
  const n = 100_000;
  const text = `(module (func (export "f") (param i32) (result i32) ${'(block (br_if 0 (local.get 0)) '.repeat(n)}${')'.repeat(n)} (i32.const 7)))`;
  const error = await t.throwsAsync(compileAndLoad('extreme-nest-targeted', text), { instanceOf: CompileError });
  t.true(error!.unsupported);
  t.regex(error!.message, /control flow nested 100001 blocks deep in function 0 \(JS engines cannot parse more than about \d+\)/);
});

test('800 nested branch targets still compile and run', async (t) => {
  const n = 800;
  const text = `(module (func (export "f") (param i32) (result i32) ${'(block (br_if 0 (local.get 0)) '.repeat(n)}${')'.repeat(n)} (i32.const 7)))`;
  const m = await compileAndLoad('extreme-nest-800', text);
  t.is(m.instantiate({}).exports.f(1), 7);
  t.is(m.instantiate({}).exports.f(0), 7);
});

test('a function with 50,000 locals', async (t) => {
  const text = `(module (func (export "f") (result i32) (local ${'i64 '.repeat(50_000)}) (local.set 49999 (i64.const 3)) (i32.wrap_i64 (local.get 49999))))`;
  const m = await compileAndLoad('extreme-locals', text);
  t.is(m.instantiate({}).exports.f(), 3);
});

test('a memory maximum of 65,536 pages, and growth past it returns -1', async (t) => {
  const text = `(module (memory (export "m") 1 65536) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;
  const { exports } = (await compileAndLoad('extreme-memory-max', text)).instantiate({});
  t.is(exports.grow(1), 1);
  t.is(exports.grow(65_535), -1);
  t.is(exports.m.buffer.byteLength, 2 * 65_536);
});

test('a table of 10 million entries', async (t) => {
  const text = `(module (table (export "t") 10000000 funcref) (func (export "size") (result i32) (table.size)))`;
  const { exports } = (await compileAndLoad('extreme-table', text)).instantiate({});
  t.is(exports.size(), 10_000_000);
  t.is(exports.t.get(9_999_999), null);
});

test('100,000 functions', async (t) => {
  let text = '(module ';
  for (let i = 0; i < 100_000; i++) text += `(func $f${i} (result i32) (i32.const ${i})) `;
  text += '(export "last" (func $f99999)))';
  const m = await compileAndLoad('extreme-functions', text);
  t.is(m.instantiate({}).exports.last(), 99_999);
});
