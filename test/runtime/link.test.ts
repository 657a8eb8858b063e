import test from 'ava';
import { LinkError } from '../../runtime-lib/errors.js';
import { FuncRef } from '../../runtime-lib/funcref.js';
import { Global } from '../../runtime-lib/global.js';
import { importModuleObject, linkFunc, linkGlobal, linkMemory, linkTable } from '../../runtime-lib/link.js';
import { Memory } from '../../runtime-lib/memory.js';
import { Table } from '../../runtime-lib/table.js';
import { I64_HI, sigId } from '../../runtime-lib/values.js';

function linkErrorMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof LinkError) return e.message;
    throw e;
  }
  throw new Error('no LinkError');
}

test('importModuleObject: TypeErrors for a bad imports object or module', (t) => {
  const env = {};
  t.is(importModuleObject({ env }, 'env'), env);
  t.throws(() => importModuleObject(undefined, 'env'), { instanceOf: TypeError });
  t.throws(() => importModuleObject(5, 'env'), { instanceOf: TypeError });
  t.throws(() => importModuleObject({}, 'env'), { instanceOf: TypeError, message: /"env"/ });
  t.throws(() => importModuleObject({ env: 1 }, 'env'), { instanceOf: TypeError });
  const fnModule = () => 1;
  t.is(importModuleObject({ env: fnModule }, 'env'), fnModule, 'a function is an object');
});

test('linkFunc: callables only; wasm2ts functions must match the signature', (t) => {
  const ref = linkFunc({ env: { f: (x: number) => x + 1 } }, 'env', 'f', ['i32'], ['i32']);
  t.is(ref.sig, 'i32 -> i32');
  t.is(ref.fn(41), 42);
  t.is(linkErrorMessage(() => linkFunc({ env: { f: 1 } }, 'env', 'f', [], [])), 'import "env" "f": expected a function, got number');
  t.regex(linkErrorMessage(() => linkFunc({ env: {} }, 'env', 'f', [], [])), /^import "env" "f": .*undefined/);
  const exported = new FuncRef(sigId(['i64'], ['i64']), ['i64'], ['i64'], (lo: number, hi: number) => { I64_HI[0] = hi; return lo; });
  t.is(linkFunc({ m: { g: exported.toJS() } }, 'm', 'g', ['i64'], ['i64']), exported);
  t.regex(linkErrorMessage(() => linkFunc({ m: { g: exported.toJS() } }, 'm', 'g', ['i32'], ['i32'])), /^import "m" "g": incompatible import type/);
});

test('linkMemory: a shared import needs a shared memory and a non-shared one a non-shared memory (fuzz: mut-s132-3732)', (t) => {
  const plain = new Memory({ initial: 1, maximum: 2 });
  const shared = new Memory({ initial: 1, maximum: 2, shared: true });
  t.is(linkMemory({ env: { m: shared } }, 'env', 'm', 1, 2, true), shared);
  t.is(linkMemory({ env: { m: plain } }, 'env', 'm', 1, 2), plain);
  t.regex(linkErrorMessage(() => linkMemory({ env: { m: plain } }, 'env', 'm', 1, 2, true)), /needs a shared memory, got a non-shared one/);
  t.regex(linkErrorMessage(() => linkMemory({ env: { m: shared } }, 'env', 'm', 1, 2)), /needs a non-shared memory, got a shared one/);
});

test('linkMemory: kind, minimum and maximum', (t) => {
  const m = new Memory({ initial: 2, maximum: 4 });
  t.is(linkMemory({ env: { m } }, 'env', 'm', 1, undefined), m);
  t.is(linkMemory({ env: { m } }, 'env', 'm', 2, 4), m);
  t.is(linkMemory({ env: { m } }, 'env', 'm', 0, 5), m);
  t.regex(linkErrorMessage(() => linkMemory({ env: { m } }, 'env', 'm', 3, undefined)), /^import "env" "m": incompatible import type.*2 pages/);
  t.regex(linkErrorMessage(() => linkMemory({ env: { m } }, 'env', 'm', 1, 3)), /maximum 4/);
  t.regex(linkErrorMessage(() => linkMemory({ env: { m: new Memory({ initial: 1 }) } }, 'env', 'm', 1, 3)), /no maximum/);
  t.is(linkErrorMessage(() => linkMemory({ env: { m: {} } }, 'env', 'm', 1, 3)), 'import "env" "m": expected a Memory, got Object');
  t.regex(linkErrorMessage(() => linkMemory({ env: { m: new Table({ element: 'anyfunc', initial: 1 }) } }, 'env', 'm', 0, undefined)), /got Table/);
  m.grow(1);
  t.is(linkMemory({ env: { m } }, 'env', 'm', 3, undefined), m, 'the current size counts, not the initial one');
});

test('linkTable: kind, element type, limits', (t) => {
  const table = new Table({ element: 'anyfunc', initial: 2, maximum: 10 });
  t.is(linkTable({ env: { t: table } }, 'env', 't', 'funcref', 2, 10), table);
  t.is(linkTable({ env: { t: table } }, 'env', 't', 'funcref', 1, undefined), table);
  t.regex(linkErrorMessage(() => linkTable({ env: { t: table } }, 'env', 't', 'externref', 1, undefined)), /incompatible import type.*externref/);
  t.regex(linkErrorMessage(() => linkTable({ env: { t: table } }, 'env', 't', 'funcref', 3, undefined)), /at least 3/);
  t.regex(linkErrorMessage(() => linkTable({ env: { t: table } }, 'env', 't', 'funcref', 1, 9)), /maximum 10/);
  t.regex(linkErrorMessage(() => linkTable({ env: { t: new Table({ element: 'anyfunc', initial: 1 }) } }, 'env', 't', 'funcref', 1, 9)), /no maximum/);
  t.regex(linkErrorMessage(() => linkTable({ env: { t: null } }, 'env', 't', 'funcref', 1, 9)), /expected a Table, got null/);
});

test('linkGlobal: Globals must match type and mutability', (t) => {
  const g = new Global({ value: 'i32', mutable: true }, 5);
  t.is(linkGlobal({ env: { g } }, 'env', 'g', 'i32', true), g);
  t.regex(linkErrorMessage(() => linkGlobal({ env: { g } }, 'env', 'g', 'i32', false)), /^import "env" "g": incompatible import type/);
  t.regex(linkErrorMessage(() => linkGlobal({ env: { g } }, 'env', 'g', 'i64', true)), /incompatible import type/);
  const anyfunc = new Global({ value: 'anyfunc' });
  t.is(linkGlobal({ env: { anyfunc } }, 'env', 'anyfunc', 'funcref', false), anyfunc);
});

test('linkGlobal: plain values only for immutable globals, of the right JS type', (t) => {
  const i32 = linkGlobal({ env: { g: 7.9 } }, 'env', 'g', 'i32', false);
  t.true(i32 instanceof Global);
  t.is(i32.v, 7);
  t.false(i32.mutable);
  const f32 = linkGlobal({ env: { g: 1.1 } }, 'env', 'g', 'f32', false);
  t.is(f32.v, Math.fround(1.1));
  const i64 = linkGlobal({ env: { g: -1n } }, 'env', 'g', 'i64', false);
  t.deepEqual([i64.v, i64.h], [-1, -1]);
  t.regex(linkErrorMessage(() => linkGlobal({ env: { g: 1 } }, 'env', 'g', 'i64', false)), /expected a bigint/);
  t.regex(linkErrorMessage(() => linkGlobal({ env: { g: 1n } }, 'env', 'g', 'i32', false)), /expected a number/);
  t.regex(linkErrorMessage(() => linkGlobal({ env: { g: '1' } }, 'env', 'g', 'f64', false)), /expected a number/);
  t.regex(linkErrorMessage(() => linkGlobal({ env: { g: 1 } }, 'env', 'g', 'i32', true)), /mutable/);
  t.regex(linkErrorMessage(() => linkGlobal({ env: {} }, 'env', 'g', 'i32', false)), /got undefined/);
  t.regex(linkErrorMessage(() => linkGlobal({ env: { g: 1 } }, 'env', 'g', 'v128', false)), /v128/);
  const o = {};
  t.is(linkGlobal({ env: { g: o } }, 'env', 'g', 'externref', false).v, o);
  t.is(linkGlobal({ env: { g: null } }, 'env', 'g', 'funcref', false).v, null);
  t.throws(() => linkGlobal({ env: { g: () => 1 } }, 'env', 'g', 'funcref', false), { instanceOf: TypeError }, 'ToWebAssemblyValue rejects it first');
});
