/** The Linker, host functions with a Caller, typed functions and their value conversions, link errors. */
import test from 'ava';
import { Caller, ExternRef, Func, LinkError, Linker, Store, StoreMismatchError, Trap, UnrootedError, type Rooted } from '../../runtime-lib/index.js';
import { loadModule } from './helpers.js';
import { ENTRIES, HOST_STRING, VALUES } from './modules.js';

/** VALUES with `swap` reversing its arguments and `pick` returning its argument. */
async function values() {
  const store = new Store<string[]>([]);
  const linker = new Linker<string[]>()
    .funcWrap('host', 'swap', (caller, a, b, c) => {
      caller.data().push(`${typeof a} ${typeof b} ${typeof c}`);
      return [c, b, a];
    }, { params: ['i64', 'f32', 'f64'], results: ['f64', 'f32', 'i64'] })
    .funcWrap('host', 'pick', (_caller, f) => f, { params: ['funcref'], results: ['funcref'] });
  return { store, linker, instance: linker.instantiate(store, await loadModule('values', VALUES)) };
}

test('typed calls convert every number type, several results, through a host function and back', async (t) => {
  const { store, instance } = await values();
  const swap = instance.getTypedFunc(store, 'swap', ['i64', 'f32', 'f64'], ['f64', 'f32', 'i64']);
  const [f64, f32, i64] = swap.call(store, -(2n ** 63n), 1.5, Math.PI);
  t.is(f64, Math.PI);
  t.is(f32, 1.5);
  t.is(i64, -(2n ** 63n));
  t.deepEqual(store.data(), ['bigint number number']);
  // f32 arguments round to float32; i64 arguments wrap to 64 bits.
  const [, rounded, wrapped] = swap.call(store, 2n ** 64n + 5n, 0.1, 0);
  t.is(rounded, Math.fround(0.1));
  t.is(wrapped, 5n);
  const add64 = instance.getTypedFunc(store, 'add64', ['i64', 'i64'], ['i64']);
  t.is(add64.call(store, 2n ** 63n - 1n, 1n), -(2n ** 63n));
  t.is(add64.call(store, -1n, -1n), -2n);
});

test('funcref values are Funcs: returned by Wasm, passed through a host function, called indirectly', async (t) => {
  const { store, instance } = await values();
  const sevenRef = instance.getTypedFunc(store, 'seven_ref', [], ['funcref']).call(store);
  t.true(sevenRef instanceof Func);
  t.true(sevenRef!.ptrEq(instance.getFunc(store, 'seven')!));
  t.deepEqual(sevenRef!.ty(store), { params: [], results: ['i32'] });
  const callPicked = instance.getTypedFunc(store, 'call_picked', ['funcref'], ['i32']);
  t.is(callPicked.call(store, sevenRef), 7);
  t.throws(() => callPicked.call(store, null), { instanceOf: Trap, message: /^uninitialized element/ });
  const other = new Store(null);
  t.throws(() => callPicked.call(store, Func.newUnchecked(other, { params: [], results: ['i32'] }, () => {})), { instanceOf: StoreMismatchError });
  t.throws(() => callPicked.call(store, (() => 7) as unknown as Func), { instanceOf: TypeError, message: /a funcref must be a Func or null/ });
});

test('getTypedFunc checks the export and its type', async (t) => {
  const { store, instance } = await values();
  t.throws(() => instance.getTypedFunc(store, 'add64', ['i32', 'i32'], ['i32']), { instanceOf: TypeError, message: 'function type mismatch: the function has type (i64 i64 -> i64), asked for (i32 i32 -> i32)' });
  t.throws(() => instance.getTypedFunc(store, 'missing', [], []), { instanceOf: TypeError, message: 'failed to find function export "missing"' });
  t.is(instance.getFunc(store, 'missing'), null);
  t.is(instance.getMemory(store, 'add64'), null);
  t.is(instance.getExport(store, 'toString'), null, 'only own exports');
  t.throws(() => instance.getFunc(new Store([]), 'add64'), { instanceOf: StoreMismatchError });
  const add64 = instance.getTypedFunc(store, 'add64', ['i64', 'i64'], ['i64']);
  t.throws(() => (add64.call as (...args: unknown[]) => unknown)(store, 1n), { instanceOf: TypeError, message: 'expected 2 arguments, got 1' });
  t.throws(() => add64.call(store, 1 as unknown as bigint, 2n), { instanceOf: TypeError });
  t.throws(() => add64.call(new Store([]), 1n, 2n), { instanceOf: StoreMismatchError });
});

test('a host function gets a Caller with the store and its data', async (t) => {
  const store = new Store({ calls: 0 });
  const linker = new Linker<{ calls: number }>().funcWrap('host', 'observe', (caller) => {
    t.true(caller instanceof Caller);
    t.is(caller.store, store);
    caller.setData({ calls: caller.data().calls + 1 });
  }).funcWrap('host', 'reenter', (_caller, n: number) => n);
  const instance = linker.instantiate(store, await loadModule('entries', ENTRIES));
  instance.getTypedFunc(store, 'observe', ['externref'], []).call(store, null);
  instance.getTypedFunc(store, 'countdown', ['i32'], ['i32']).call(store, 2);
  t.is(store.data().calls, 1);
});

test('externref arguments of a host function are Rooted for the call only', async (t) => {
  const store = new Store(null);
  let kept: Rooted<ExternRef> | null = null;
  const linker = new Linker<null>().funcWrap('host', 'concat', (caller, a, b) => {
    if (a !== null) {
      kept = a;
      t.is(a.rooting, 'scoped');
    }
    return b;
  }, { params: ['externref', 'externref'], results: ['externref'] });
  const concat = linker.instantiate(store, await loadModule('host-string', HOST_STRING)).getTypedFunc(store, 'concat', ['externref', 'externref'], ['externref']);
  store.rootScope(() => {
    const b = ExternRef.new(store, 'b');
    t.true(concat.call(store, ExternRef.new(store, 'a'), b)!.ptrEq(b));
    t.throws(() => kept!.data(store), { instanceOf: UnrootedError });
    t.is(concat.call(store, null, null), null);
  });
});

test('a host function returning an unrooted handle or a non-ExternRef fails with a clear error', async (t) => {
  const store = new Store(null);
  let result: unknown;
  const linker = new Linker<null>().funcWrap('host', 'concat', () => result);
  const concat = linker.instantiate(store, await loadModule('host-string', HOST_STRING)).getTypedFunc(store, 'concat', ['externref', 'externref'], ['externref']);
  result = store.rootScope(() => ExternRef.new(store, 'gone'));
  t.throws(() => concat.call(store, null, null), { instanceOf: UnrootedError });
  result = 'a string';
  t.throws(() => concat.call(store, null, null), { instanceOf: TypeError, message: 'an externref must be an ExternRef or null, got string' });
  t.throws(() => concat.call(store, 'a' as unknown as ExternRef, null), { instanceOf: TypeError });
  t.is(store.stackCanary, null);
});

test('a host error passes through Wasm to the caller unchanged, even a RangeError', async (t) => {
  const store = new Store(null);
  const error = new RangeError('host range error');
  const linker = new Linker<null>().funcWrap('host', 'concat', () => {
    throw error;
  });
  const concat = linker.instantiate(store, await loadModule('host-string', HOST_STRING)).getTypedFunc(store, 'concat', ['externref', 'externref'], ['externref']);
  t.is(t.throws(() => concat.call(store, null, null)), error);
  t.is(store.roots.depth, 0, 'the call\'s root scope closed');
});

test('a host function with several results must return an array of that length', async (t) => {
  const store = new Store(null);
  const linker = new Linker<null>().funcWrap('host', 'swap', () => [1, 2]).funcWrap('host', 'pick', (_caller, f) => f);
  const swap = linker.instantiate(store, await loadModule('values', VALUES)).getTypedFunc(store, 'swap', ['i64', 'f32', 'f64'], ['f64', 'f32', 'i64']);
  t.throws(() => swap.call(store, 0n, 0, 0), { instanceOf: TypeError, message: 'a host function with 3 results must return an array of 3 values' });
});

test('link errors: an undefined import, a type mismatch, a host function for a memory, a duplicate name', async (t) => {
  const store = new Store(null);
  const hostString = await loadModule('host-string', HOST_STRING);
  t.throws(() => new Linker<null>().instantiate(store, hostString), { instanceOf: LinkError, message: 'unknown import "host" "concat": it has not been defined' });
  const mismatched = new Linker<null>().funcWrap('host', 'concat', () => null, { params: ['externref'], results: ['externref'] });
  t.throws(() => mismatched.instantiate(store, hostString), { instanceOf: LinkError, message: 'import "host" "concat": incompatible import type: expected a function (externref externref -> externref), got (externref -> externref)' });
  const memoryImport = await loadModule('memory-import', '(module (import "host" "m" (memory 1)))');
  t.throws(() => new Linker<null>().funcWrap('host', 'm', () => {}).instantiate(store, memoryImport), { instanceOf: LinkError, message: 'import "host" "m": expected a memory, got a host function' });
  const twice = new Linker<null>().funcWrap('host', 'concat', () => null);
  t.throws(() => twice.funcWrap('host', 'concat', () => null), { instanceOf: LinkError, message: 'import "host" "concat" is already defined' });
  // A defined item of the wrong kind is caught by the generated module's own linking.
  const wrongKind = new Linker<null>().define(store, 'host', 'm', Func.newUnchecked(store, { params: [], results: [] }, () => {}));
  t.throws(() => wrongKind.instantiate(store, memoryImport), { instanceOf: LinkError });
});

test('definitions belong to one store', async (t) => {
  const store = new Store(null);
  const other = new Store(null);
  const func = Func.newUnchecked(other, { params: ['externref', 'externref'], results: ['externref'] }, () => {});
  t.throws(() => new Linker<null>().define(store, 'host', 'concat', func), { instanceOf: StoreMismatchError });
  const linker = new Linker<null>().define(other, 'host', 'concat', func);
  const hostString = await loadModule('host-string', HOST_STRING);
  t.throws(() => linker.instantiate(store, hostString), { instanceOf: StoreMismatchError, message: 'the definition of import "host" "concat" belongs to a different store' });
});

test('linker.instance defines an instance\'s exports, so one module can import another\'s', async (t) => {
  const store = new Store(null);
  const hostString = await loadModule('host-string', HOST_STRING);
  const first = new Linker<null>()
    .funcWrap('host', 'concat', (caller, a, b) => ExternRef.new(caller, `${a?.data(caller)}${b?.data(caller)}`), { params: ['externref', 'externref'], results: ['externref'] })
    .instantiate(store, hostString);
  // The second instance's host.concat is the first instance's exported concat.
  const second = new Linker<null>().instance(store, 'host', first).instantiate(store, hostString);
  const concat = second.getTypedFunc(store, 'concat', ['externref', 'externref'], ['externref']);
  store.rootScope(() => t.is(concat.call(store, ExternRef.new(store, 'Hello, '), ExternRef.new(store, 'World!'))?.data(store), 'Hello, World!'));
  t.is(store.instances.length, 2);
});

test('funcWrap without a type takes the import\'s declared type', async (t) => {
  const store = new Store(null);
  const linker = new Linker<null>().funcWrap('host', 'concat', (caller: Caller<null>, a: Rooted<ExternRef> | null, b: Rooted<ExternRef> | null) =>
    ExternRef.new(caller, [a?.data(caller), b?.data(caller)]));
  const concat = linker.instantiate(store, await loadModule('host-string', HOST_STRING)).getTypedFunc(store, 'concat', ['externref', 'externref'], ['externref']);
  store.rootScope(() => t.deepEqual(concat.call(store, ExternRef.new(store, 1), null)?.data(store), [1, undefined]));
});

test('v128 values are refused with a TypeError', async (t) => {
  const store = new Store(null);
  t.throws(() => Func.newUnchecked(store, { params: ['v128'], results: [] }, () => {}), { instanceOf: TypeError, message: /v128/ });
  const module = await loadModule('v128-import', '(module (import "host" "f" (func (param v128))))');
  t.throws(() => new Linker<null>().funcWrap('host', 'f', () => {}).instantiate(store, module), { instanceOf: TypeError, message: /v128/ });
});
