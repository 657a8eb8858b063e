import test from 'ava';
import { FuncRef } from '../../runtime-lib/funcref.js';
import { Global } from '../../runtime-lib/global.js';
import { sigId } from '../../runtime-lib/values.js';
import { NativeWebAssembly } from './native.js';

function result(f: () => { value: unknown }): string {
  try {
    const v = f().value;
    return `${typeof v} ${String(v)}`;
  } catch (e) {
    return (e as Error).constructor.name;
  }
}

test('construction and conversion match WebAssembly.Global', (t) => {
  const cases: [unknown, unknown][] = [
    [{ value: 'i32' }, '7'], [{ value: 'i32' }, 1n], [{ value: 'i32' }, 2 ** 32 + 5], [{ value: 'i32' }, -1.9], [{ value: 'i32' }, undefined],
    [{ value: 'i64' }, 5], [{ value: 'i64' }, '5'], [{ value: 'i64' }, true], [{ value: 'i64' }, 2n ** 64n + 3n], [{ value: 'i64' }, -(2n ** 63n)],
    [{ value: 'i64' }, undefined], [{ value: 'i64' }, 'x'],
    [{ value: 'f32' }, 1.1], [{ value: 'f32' }, 'NaN'], [{ value: 'f64' }, 1.1], [{ value: 'f64' }, { valueOf: () => 3 }],
    [{ value: 'externref' }, 'x'], [{ value: 'externref' }, null], [{ value: 'anyfunc' }, null], [{ value: 'anyfunc' }, () => 1],
    [{ value: 'i32', mutable: 'yes' }, 1], [undefined, 1], [{}, 1], [{ value: 'v128' }, 1], [{ value: 'i8' }, 1], [5, 1],
  ];
  for (const [d, v] of cases) {
    const mine = result(() => new Global(d as never, v));
    const native = result(() => new NativeWebAssembly.Global(d as object, v));
    t.is(mine, native, `${JSON.stringify(d)}, ${typeof v === 'bigint' ? `${v}n` : String(v)}`);
  }
});

test('defaults: 0, 0n, null, and undefined for externref', (t) => {
  t.is(new Global({ value: 'i32' }).value, 0);
  t.is(new Global({ value: 'f64' }).value, 0);
  t.is(new Global({ value: 'i64' }).value, 0n);
  t.is(new Global({ value: 'anyfunc' }).value, null);
  t.is(new Global({ value: 'funcref' }).value, null, 'an explicit undefined is a missing argument (WebIDL)');
  t.is(new Global({ value: 'externref' }).value, undefined);
  t.is(new Global({ value: 'externref' }).v, undefined);
});

test('internal fields: v, h, type, mutable', (t) => {
  const g = new Global({ value: 'i64', mutable: true }, -2n);
  t.is(g.v, -2);
  t.is(g.h, -1);
  t.is(g.type, 'i64');
  t.true(g.mutable);
  g.v = 0;
  g.h = 1;
  t.is(g.value, 1n << 32n);
  g.value = 0x1234567890n;
  t.is(g.v, 0x34567890);
  t.is(g.h, 0x12);
  t.is(new Global({ value: 'anyfunc' }).type, 'funcref');
  t.false(new Global({ value: 'i32' }).mutable);
});

test('value setter: TypeError when immutable, converts when mutable', (t) => {
  const immutable = new Global({ value: 'i32' }, 1);
  t.throws(() => { immutable.value = 2; }, { instanceOf: TypeError });
  t.is(immutable.value, 1);
  const f32 = new Global({ value: 'f32', mutable: true });
  f32.value = 1.1;
  t.is(f32.value, Math.fround(1.1));
  const i64 = new Global({ value: 'i64', mutable: true });
  t.throws(() => { i64.value = 1; }, { instanceOf: TypeError });
  t.is(i64.value, 0n);
  t.is(i64.valueOf(), 0n);
});

test('funcref globals hold FuncRefs and give back the exported function', (t) => {
  const ref = new FuncRef(sigId([], ['i32']), [], ['i32'], () => 7);
  const g = new Global({ value: 'anyfunc', mutable: true }, ref.toJS());
  t.is(g.v, ref);
  t.is(g.value, ref.toJS());
  g.value = null;
  t.is(g.v, null);
  t.throws(() => { g.value = () => 1; }, { instanceOf: TypeError });
  t.throws(() => { g.value = undefined; }, { instanceOf: TypeError }, 'the setter always has a value: undefined is not a function');
});
