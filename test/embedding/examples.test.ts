/**
 * The seed examples of issue #4, ported from wasmtime's: host strings through
 * `concat`, manual roots, data and dataMut, out of memory then GC then retry, what a
 * GC keeps (tables, globals, Wasm frames) and frees, raw round-trips.
 */
import test from 'ava';
import { Caller, ExternRef, GcHeapOutOfMemory, Linker, Store, UnrootedError, ValRaw, type Rooted } from '../../runtime-lib/index.js';
import { loadModule } from './helpers.js';
import { HOLDERS, HOST_STRING } from './modules.js';

function text(context: Caller<unknown> | Store<unknown>, ref: Rooted<ExternRef> | null): string {
  const value = ref?.data(context);
  if (typeof value !== 'string') throw new TypeError('not a string externref');
  return value;
}

test('host-string: concat joins two ExternRef strings through a host import, via getTypedFunc', async (t) => {
  const store = new Store<unknown>(null);
  const linker = new Linker<unknown>();
  linker.funcWrap('host', 'concat', (caller, a, b) => ExternRef.new(caller, text(caller, a) + text(caller, b)), {
    params: ['externref', 'externref'],
    results: ['externref'],
  });
  const instance = linker.instantiate(store, await loadModule('host-string', HOST_STRING));
  const concat = instance.getTypedFunc(store, 'concat', ['externref', 'externref'], ['externref']);
  store.rootScope(() => {
    const hello = ExternRef.new(store, 'Hello, ');
    const world = ExternRef.new(store, 'World!');
    const result = concat.call(store, hello, world);
    t.is(text(store, result), 'Hello, World!');
    // The arguments are untouched and still rooted.
    t.is(hello.data(store), 'Hello, ');
    t.is(world.data(store), 'World!');
    t.is(store.liveExternRefCount, 3);
  });
  store.gc();
  t.is(store.liveExternRefCount, 0);
});

test('a ManuallyRooted ref stays alive across scopes and GCs until unroot', (t) => {
  const store = new Store(null);
  const manual = store.rootScope(() => ExternRef.newManuallyRooted(store, 1234));
  t.is(manual.rooting, 'manual');
  store.gc();
  store.gc();
  t.is(manual.data(store), 1234);
  t.is(store.liveExternRefCount, 1);
  manual.unroot(store);
  t.is(store.liveExternRefCount, 1, 'unroot frees nothing by itself');
  store.gc();
  t.is(store.liveExternRefCount, 0);
  t.throws(() => manual.data(store), { instanceOf: UnrootedError, message: /ManuallyRooted<ExternRef> was unrooted/ });
  t.throws(() => manual.unroot(store), { instanceOf: UnrootedError });
});

test('a ManuallyRooted ref can be kept in the store data, as in the wasmtime example', (t) => {
  const store = new Store<ExternRef<number> | null>(null);
  const x = store.rootScope((scope) => ExternRef.new(scope, 1234).toManuallyRooted(scope));
  store.setData(x);
  store.gc();
  t.is(store.data()?.data(store), 1234);
  x.unroot(store);
  store.setData(null);
  store.gc();
  t.is(store.liveExternRefCount, 0);
});

test('data, setData and dataMut read and change the host value', (t) => {
  const store = new Store(null);
  const counter = ExternRef.new(store, 0);
  t.is(counter.data(store), 0);
  t.is(counter.dataMut(store, (n) => n + 1), 1);
  t.is(counter.data(store), 1);
  counter.setData(store, 41);
  t.is(counter.dataMut(store, (n) => n + 1), 42);
  // Another handle to the same reference sees the change.
  const other = ExternRef.fromRaw(store, counter.toRaw(store))!;
  t.is(other.data(store), 42);
  other.setData(store, 'replaced');
  t.is(counter.data(store), 'replaced' as unknown as number);
  // An object value can be mutated through data() as well.
  const cell = ExternRef.new(store, { hits: 0 });
  cell.data(store).hits++;
  t.deepEqual(cell.data(store), { hits: 1 });
});

test('out of memory, gc(), retry: new never collects, intoInner gives the value back', (t) => {
  const store = new Store(null, { externRefCapacity: 3 });
  t.is(store.externRefCapacity, 3);
  const kept = ExternRef.new(store, 'kept');
  store.rootScope(() => {
    ExternRef.new(store, 'garbage 1');
    ExternRef.new(store, 'garbage 2');
  });
  const value = { big: 'host object' };
  const error = t.throws(() => ExternRef.new(store, value), { instanceOf: GcHeapOutOfMemory, message: /externref heap is full \(capacity 3\)/ });
  t.is(error!.name, 'GcHeapOutOfMemory');
  t.is(store.liveExternRefCount, 3, 'the failed allocation did not collect');
  const recovered = (error as GcHeapOutOfMemory<typeof value>).intoInner();
  t.is(recovered, value);
  store.gc();
  t.is(store.liveExternRefCount, 1);
  const retried = ExternRef.new(store, recovered);
  t.is(retried.data(store), value);
  t.is(kept.data(store), 'kept');
  // Full again with live refs only: a GC frees nothing, and new still throws.
  ExternRef.new(store, 'third');
  store.gc();
  t.throws(() => ExternRef.new(store, 'fourth'), { instanceOf: GcHeapOutOfMemory });
});

test('a heap of capacity 0 refuses every allocation', (t) => {
  const store = new Store(null, { externRefCapacity: 0 });
  t.throws(() => ExternRef.new(store, 1), { instanceOf: GcHeapOutOfMemory });
  t.throws(() => ExternRef.newManuallyRooted(store, 1), { instanceOf: GcHeapOutOfMemory });
});

async function holders(): Promise<{ store: Store<{ collections: number }>; instance: import('../../runtime-lib/index.js').Instance }> {
  const store = new Store({ collections: 0 });
  const linker = new Linker<{ collections: number }>()
    .funcWrap('host', 'make', (caller, n) => ExternRef.new(caller, `made ${n}`), { params: ['i32'], results: ['externref'] })
    .funcWrap('host', 'collect', (caller) => {
      caller.gc();
      caller.data().collections++;
    }, { params: [], results: [] });
  return { store, instance: linker.instantiate(store, await loadModule('holders', HOLDERS)) };
}

test('a GC in a host import keeps a reference only a Wasm local holds; Wasm then returns it', async (t) => {
  const { store, instance } = await holders();
  const surviveGc = instance.getTypedFunc(store, 'survive_gc', ['i32'], ['externref']);
  store.rootScope(() => {
    const result = surviveGc.call(store, 5);
    t.is(store.data().collections, 1);
    t.is(result?.data(store), 'made 5');
    t.is(store.liveExternRefCount, 1);
  });
  store.gc();
  t.is(store.liveExternRefCount, 0, 'once nothing holds it, a GC frees it');
});

test('a GC keeps an argument the host stopped rooting while Wasm still holds it', async (t) => {
  const { store, instance } = await holders();
  const collectThenReturn = instance.getFunc(store, 'collect_then_return')!;
  const arg = ExternRef.newManuallyRooted(store, 'argument');
  // The host gives up its only root before the call; the raw value stays valid until the
  // next GC, which Wasm runs while only its frame (the activations table) holds the ref.
  const values = [ValRaw.externref(arg.toRaw(store))];
  arg.unroot(store);
  collectThenReturn.callUnchecked(store, values);
  t.is(store.data().collections, 1);
  store.rootScope(() => t.is(ExternRef.fromRaw(store, values[0]!.getExternref())?.data(store), 'argument'));
  store.gc();
  t.is(store.liveExternRefCount, 0);
});

test('a GC never frees what a table holds, and frees it once the table lets go', async (t) => {
  const { store, instance } = await holders();
  const storeInTable = instance.getTypedFunc(store, 'store_in_table', ['i32', 'externref'], []);
  const loadFromTable = instance.getTypedFunc(store, 'load_from_table', ['i32'], ['externref']);
  store.rootScope(() => storeInTable.call(store, 2, ExternRef.new(store, 'in the table')));
  store.gc();
  t.is(store.liveExternRefCount, 1);
  store.rootScope(() => t.is(loadFromTable.call(store, 2)?.data(store), 'in the table'));
  storeInTable.call(store, 2, null);
  store.gc();
  t.is(store.liveExternRefCount, 0);
  t.is(loadFromTable.call(store, 2), null);
});

test('a GC never frees what a global holds, and frees it once the global lets go', async (t) => {
  const { store, instance } = await holders();
  const storeInGlobal = instance.getTypedFunc(store, 'store_in_global', ['externref'], []);
  const loadFromGlobal = instance.getTypedFunc(store, 'load_from_global', [], ['externref']);
  store.rootScope(() => storeInGlobal.call(store, ExternRef.new(store, 'in the global')));
  store.gc();
  t.is(store.liveExternRefCount, 1);
  store.rootScope(() => t.is(loadFromGlobal.call(store)?.data(store), 'in the global'));
  storeInGlobal.call(store, null);
  store.gc();
  t.is(store.liveExternRefCount, 0);
});

test('a reference read from a table or a global stays alive in the frame after the slot is cleared and a GC runs', async (t) => {
  const { store, instance } = await holders();
  const storeInTable = instance.getTypedFunc(store, 'store_in_table', ['i32', 'externref'], []);
  const storeInGlobal = instance.getTypedFunc(store, 'store_in_global', ['externref'], []);
  const takeFromTable = instance.getTypedFunc(store, 'take_from_table_and_collect', ['i32'], ['externref']);
  const takeFromGlobal = instance.getTypedFunc(store, 'take_from_global_and_collect', [], ['externref']);
  store.rootScope(() => {
    storeInTable.call(store, 1, ExternRef.new(store, 'from the table'));
    storeInGlobal.call(store, ExternRef.new(store, 'from the global'));
  });
  store.rootScope(() => {
    t.is(takeFromTable.call(store, 1)?.data(store), 'from the table');
    t.is(takeFromGlobal.call(store)?.data(store), 'from the global');
    t.is(store.data().collections, 2);
  });
  store.gc();
  t.is(store.liveExternRefCount, 0);
});

test('a GC frees the references nothing holds and keeps the count exact', (t) => {
  const store = new Store(null);
  const kept = ExternRef.newManuallyRooted(store, 'kept');
  store.rootScope(() => {
    for (let i = 0; i < 10; i++) ExternRef.new(store, i);
    t.is(store.liveExternRefCount, 11);
    store.gc();
    t.is(store.liveExternRefCount, 11, 'rooted in the open scope');
  });
  t.is(store.liveExternRefCount, 11, 'closing a scope frees nothing by itself');
  store.gc();
  t.is(store.liveExternRefCount, 1);
  t.is(kept.data(store), 'kept');
});

test('raw round-trips: toRaw, then fromRaw, then data', async (t) => {
  const store = new Store(null);
  store.rootScope(() => {
    const refs = ['a', 'b', 'c'].map((v) => ExternRef.new(store, v));
    const raws = refs.map((r) => r.toRaw(store));
    t.true(raws.every((raw) => Number.isInteger(raw) && raw > 0 && raw <= 0xffff_ffff));
    t.is(new Set(raws).size, 3);
    const back = raws.map((raw) => ExternRef.fromRaw(store, raw)!);
    t.deepEqual(back.map((r) => r.data(store)), ['a', 'b', 'c']);
    back.forEach((r, i) => t.true(r.ptrEq(refs[i]!)));
    t.false(back[0]!.ptrEq(refs[1]!));
  });
  t.is(ExternRef.fromRaw(store, 0), null);
  // Through Wasm: the raw value of what Wasm returns names the same reference.
  const { store: s, instance } = await holders();
  const identity = instance.getTypedFunc(s, 'identity', ['externref'], ['externref']);
  s.rootScope(() => {
    const ref = ExternRef.new(s, 'round trip');
    const returned = identity.call(s, ref)!;
    t.true(returned.ptrEq(ref));
    t.is(returned.toRaw(s), ref.toRaw(s));
    t.is(ExternRef.fromRaw(s, returned.toRaw(s))!.data(s), 'round trip');
  });
});

test('a raw value stays valid until the next GC, then fromRaw of a freed ref throws', (t) => {
  const store = new Store(null);
  const raw = store.rootScope(() => ExternRef.new(store, 'short-lived').toRaw(store));
  t.is(ExternRef.fromRaw(store, raw)!.data(store), 'short-lived', 'no GC yet: still valid (and now rooted again)');
  const store2 = new Store(null);
  const raw2 = store2.rootScope(() => ExternRef.new(store2, 'gone').toRaw(store2));
  store2.gc();
  t.throws(() => ExternRef.fromRaw(store2, raw2), { instanceOf: RangeError, message: /not the raw value of a live externref/ });
  t.throws(() => ExternRef.fromRaw(store2, 12345), { instanceOf: RangeError });
  t.throws(() => ExternRef.fromRaw(store2, -1), { instanceOf: RangeError });
});
