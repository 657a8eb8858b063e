/** ValRaw, Func.newUnchecked and Func.callUnchecked: raw values, shared params-and-results arrays, raw references. */
import test from 'ava';
import { ExternRef, Func, Linker, Store, ValRaw } from '../../runtime-lib/index.js';
import { loadModule } from './helpers.js';
import { HOST_STRING, VALUES } from './modules.js';

test('ValRaw holds 64 bits and reads them as each type', (t) => {
  t.is(ValRaw.i32(2 ** 32 + 5).getI32(), 5);
  t.is(ValRaw.i32(-1).getU32(), 0xffff_ffff);
  t.is(ValRaw.i64(-1n).getI64(), -1n);
  t.is(ValRaw.i64(-1n).getU64(), 2n ** 64n - 1n);
  t.is(ValRaw.i64(2n ** 64n + 3n).getI64(), 3n);
  const big = ValRaw.i64(0x1234_5678_9abc_def0n);
  t.is(big.lo, 0x9abc_def0 | 0);
  t.is(big.hi, 0x1234_5678);
  t.is(ValRaw.f32(0x7fa0_0001).getF32(), 0x7fa0_0001);
  t.is(ValRaw.f64(0xfff8_0000_0000_0001n).getF64(), 0xfff8_0000_0000_0001n);
  t.is(ValRaw.externref(0xffff_fffe).getExternref(), 0xffff_fffe);
  t.is(ValRaw.funcref(3).getFuncref(), 3);
  t.is(ValRaw.fromHalves(-1, 0).getU64(), 0xffff_ffffn);
});

async function values() {
  const store = new Store(null);
  // swap, with raw values: reads (i64, f32, f64), writes (f64, f32, i64) into the same array.
  const swap = Func.newUnchecked(store, { params: ['i64', 'f32', 'f64'], results: ['f64', 'f32', 'i64'] }, (_caller, vals) => {
    const [a, b, c] = [vals[0]!, vals[1]!, vals[2]!];
    vals[0] = c;
    vals[1] = b;
    vals[2] = a;
  });
  const pick = Func.newUnchecked(store, { params: ['funcref'], results: ['funcref'] }, () => {
    // the result is the param, already in place
  });
  const instance = new Linker<null>().define(store, 'host', 'swap', swap).define(store, 'host', 'pick', pick).instantiate(store, await loadModule('values', VALUES));
  return { store, instance, swap };
}

test('newUnchecked: a raw host function called from Wasm, with i64, float bits and several results', async (t) => {
  const { store, instance } = await values();
  const swap = instance.getTypedFunc(store, 'swap', ['i64', 'f32', 'f64'], ['f64', 'f32', 'i64']);
  t.deepEqual(swap.call(store, -5n, 2.5, -0), [-0, 2.5, -5n]);
  t.true(Object.is(swap.call(store, 0n, 0, -0)[0], -0));
});

test('callUnchecked: params in front, results written over them; NaN bits survive', async (t) => {
  const { store, instance } = await values();
  const swap = instance.getFunc(store, 'swap')!;
  const vals = [ValRaw.i64(2n ** 40n), ValRaw.f32(0x7fa0_0001), ValRaw.f64(0x7ff4_0000_0000_0001n)];
  swap.callUnchecked(store, vals);
  t.is(vals[0]!.getF64(), 0x7ff4_0000_0000_0001n, 'a signalling f64 NaN keeps its payload');
  t.is(vals[1]!.getF32(), 0x7fa0_0001, 'a signalling f32 NaN keeps its payload');
  t.is(vals[2]!.getI64(), 2n ** 40n);
  // More results than params: the array must have room for the results.
  const sevenRef = instance.getFunc(store, 'seven_ref')!;
  const one = [ValRaw.i32(0)];
  sevenRef.callUnchecked(store, one);
  t.true(Func.fromRaw(store, one[0]!.getFuncref())!.ptrEq(instance.getFunc(store, 'seven')!));
  t.throws(() => sevenRef.callUnchecked(store, []), { instanceOf: RangeError, message: 'callUnchecked needs 1 values (params and results share the array), got 0' });
  const bits = instance.getFunc(store, 'f32_bits')!;
  const nan = [ValRaw.f32(0xffc0_0123)];
  bits.callUnchecked(store, nan);
  t.is(nan[0]!.getU32(), 0xffc0_0123);
});

test('funcrefs travel as raw u32 handles: toRaw, fromRaw, through call_indirect', async (t) => {
  const { store, instance } = await values();
  const seven = instance.getFunc(store, 'seven')!;
  const raw = seven.toRaw(store);
  t.true(raw > 0);
  t.is(seven.toRaw(store), raw, 'the same function, the same handle');
  t.true(Func.fromRaw(store, raw)!.ptrEq(seven));
  t.is(Func.fromRaw(store, 0), null);
  t.throws(() => Func.fromRaw(store, 999), { instanceOf: RangeError, message: '999 is not a raw funcref of this store' });
  const callPicked = instance.getFunc(store, 'call_picked')!;
  const vals = [ValRaw.funcref(raw)];
  callPicked.callUnchecked(store, vals);
  t.is(vals[0]!.getI32(), 7);
});

test('externrefs travel as raw u32: the unchecked concat', async (t) => {
  const store = new Store(null);
  const concat = Func.newUnchecked(store, { params: ['externref', 'externref'], results: ['externref'] }, (caller, vals) => {
    const a = ExternRef.fromRaw(caller, vals[0]!.getExternref());
    const b = ExternRef.fromRaw(caller, vals[1]!.getExternref());
    vals[0] = ValRaw.externref(a === null || b === null ? 0 : ExternRef.new(caller, `${a.data(caller)}${b.data(caller)}`).toRaw(caller));
  });
  const instance = new Linker<null>().define(store, 'host', 'concat', concat).instantiate(store, await loadModule('host-string', HOST_STRING));
  const exported = instance.getFunc(store, 'concat')!;
  store.rootScope(() => {
    const vals = [ValRaw.externref(ExternRef.new(store, 'Hello, ').toRaw(store)), ValRaw.externref(ExternRef.new(store, 'World!').toRaw(store))];
    exported.callUnchecked(store, vals);
    t.is(ExternRef.fromRaw(store, vals[0]!.getExternref())?.data(store), 'Hello, World!');
    const nulls = [ValRaw.externref(0), ValRaw.externref(0)];
    exported.callUnchecked(store, nulls);
    t.is(nulls[0]!.getExternref(), 0);
  });
  // The host calls the unchecked host function directly, too.
  store.rootScope(() => {
    const vals = [ValRaw.externref(ExternRef.new(store, 'a').toRaw(store)), ValRaw.externref(ExternRef.new(store, 'b').toRaw(store))];
    concat.callUnchecked(store, vals);
    t.is(ExternRef.fromRaw(store, vals[0]!.getExternref())?.data(store), 'ab');
  });
  store.gc();
  t.is(store.liveExternRefCount, 0);
});

test('a raw externref that names no live ref is a RangeError; a result that is not a ValRaw is a TypeError', async (t) => {
  const store = new Store(null);
  let result: unknown = ValRaw.externref(77);
  const concat = Func.newUnchecked(store, { params: ['externref', 'externref'], results: ['externref'] }, (_caller, vals) => {
    vals[0] = result as ValRaw;
  });
  t.throws(() => concat.callUnchecked(store, [ValRaw.externref(5), ValRaw.externref(0)]), { instanceOf: RangeError, message: /5 is not the raw value of a live externref/ });
  t.throws(() => concat.callUnchecked(store, [ValRaw.externref(0), ValRaw.externref(0)]), { instanceOf: RangeError, message: /77 is not the raw value/ });
  result = 'not raw';
  t.throws(() => concat.callUnchecked(store, [ValRaw.externref(0), ValRaw.externref(0)]), { instanceOf: TypeError, message: 'an unchecked host function must write result 0 as a ValRaw' });
  t.is(store.stackCanary, null);
});

test('Func.ty and the store checks of Func', (t) => {
  const store = new Store(null);
  const func = Func.newUnchecked(store, { params: ['i32', 'i64'], results: ['f32'] }, (_caller, vals) => {
    vals[0] = ValRaw.f32(0x3f80_0000);
  });
  t.deepEqual(func.ty(store), { params: ['i32', 'i64'], results: ['f32'] });
  const vals = [ValRaw.i32(1), ValRaw.i64(2n)];
  func.callUnchecked(store, vals);
  t.is(vals[0]!.getF32(), 0x3f80_0000);
  const other = new Store(null);
  t.throws(() => func.ty(other), { message: 'this Func belongs to a different store' });
  t.throws(() => func.callUnchecked(other, vals));
  t.throws(() => func.toRaw(other));
});

test('an f64 signalling NaN keeps its bits through raw and typed calls (argument and result lists stay boxed)', async (t) => {
  const store = new Store(null);
  const identity = Func.newUnchecked(store, { params: ['f64'], results: ['f64'] }, () => {});
  const signalling = 0x7ff4_0000_0000_0001n;
  const vals = [ValRaw.f64(signalling)];
  identity.callUnchecked(store, vals);
  t.is(vals[0]!.getF64(), signalling);
  // Typed: the number itself carries the bits.
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, signalling);
  const instance = new Linker<null>().define(store, 'host', 'id', identity).instantiate(store, await loadModule('f64-id', `(module
    (import "host" "id" (func $id (param f64) (result f64)))
    (func (export "id") (param f64) (result f64) (call $id (local.get 0))))`));
  const result = instance.getTypedFunc(store, 'id', ['f64'], ['f64']).call(store, view.getFloat64(0));
  view.setFloat64(0, result);
  t.is(view.getBigUint64(0), signalling);
});
