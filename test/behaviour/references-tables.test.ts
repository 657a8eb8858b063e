import test from 'ava';
import { differential, trap } from '../helpers/differential.js';

type AnyFunction = (...args: unknown[]) => unknown;

test('externref: host values pass through parameters, results, globals and tables unchanged', async (t) => {
  const host = { name: 'host object' };
  const symbol = Symbol('host');
  await differential(t, 'references', [
    ['identity', [host], host],
    ['identity', [symbol], symbol],
    ['identity', [null], null],
    ['identity', [undefined], undefined],
    ['identity', [0], 0],
    ['identity', ['text'], 'text'],
    ['is_null_extern', [null], 1],
    ['is_null_extern', [undefined], 0],
    ['is_null_extern', [0], 0],
    ['is_null_extern', [host], 0],
    ['null_extern', [], null],
    ['fresh_local_is_null', [], 1],
    ['recall', [], null],
    ['remember', [host], undefined],
    ['recall', [], host],
    ['store_host', [1, symbol], undefined],
    ['load_host', [1], symbol],
    ['load_host', [0], null],
    ['load_host', [4], trap('OutOfBoundsTable')],
    ['store_host', [4, host], trap('OutOfBoundsTable')],
  ]);
});

test('funcref: ref.null, ref.func and ref.is_null', async (t) => {
  const { native, wasm2ts } = await differential(t, 'references', [
    ['null_func', [], null],
    ['is_null_func', [null], 1],
  ]);
  for (const [side, exports] of [['native', native.exports], ['wasm2ts', wasm2ts.exports]] as const) {
    const ref = (exports['func_ref'] as AnyFunction)();
    t.is(typeof ref, 'function', `${side}: ref.func gives a function`);
    t.is((ref as AnyFunction)(), 42, `${side}: calling it runs $forty_two`);
    t.is((exports['func_ref'] as AnyFunction)(), ref, `${side}: the same function object each time`);
    t.is((exports['is_null_func'] as AnyFunction)(ref), 0, `${side}: a function reference is not null`);
    t.throws(() => (exports['is_null_func'] as AnyFunction)(() => 42), { instanceOf: TypeError }, `${side}: a plain JS function is not a funcref`);
  }
});

test('table.get/set/size/grow/fill/copy/init and elem.drop', async (t) => {
  const host = { thing: true };
  const { native, wasm2ts } = await differential(t, 'tables', [
    ['size', [], 4],
    ['is_null', [0], 0],
    ['is_null', [2], 1],
    ['call', [0], 10],
    ['call', [1], 20],
    ['call', [2], trap('UninitializedElement')],
    ['grow', [2], 4],
    ['size', [], 6],
    ['grow', [10], -1],
    ['grow_with', [1], 6],
    ['call', [6], 30],
    ['fill', [2, 2], undefined],
    ['call', [2], 20],
    ['call', [3], 20],
    ['copy', [0, 1, 2], undefined],
    ['call', [0], 20],
    ['call', [1], 20],
    ['init', [4, 0, 3], undefined],
    ['call', [4], 30],
    ['call', [5], 10],
    ['call', [6], 20],
    ['grow', [1], 7],
    ['is_null', [7], 1],
    ['copy_slot', [7, 4], undefined],
    ['call', [7], 30],
    ['clear', [7], undefined],
    ['call', [7], trap('UninitializedElement')],
    ['grow', [1], -1],
    ['drop', [], undefined],
    ['init', [0, 0, 0], undefined],
    ['init', [0, 0, 1], trap('OutOfBoundsTable')],
    ['call', [8], trap('UndefinedElement')],
    ['things_size', [], 2],
    ['grow_things', [host, 3], 2],
    ['things_size', [], 5],
    ['thing', [1], null],
    ['thing', [4], host],
  ]);
  for (const [side, exports] of [['native', native.exports], ['wasm2ts', wasm2ts.exports]] as const) {
    const funcs = exports['funcs'] as { length: number; get(i: number): unknown; grow(d: number): number };
    t.is(funcs.length, 8, `${side}: the exported table sees growth from Wasm`);
    t.is((funcs.get(4) as AnyFunction)(), 30, `${side}: the exported table sees table.init`);
    t.is(funcs.get(7), null, `${side}: the exported table sees table.set of null`);
  }
});
