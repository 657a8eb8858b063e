/** Stores, root scopes, handle checks, and the stack canary as host-to-Wasm entries set and reset it. */
import test from 'ava';
import { Caller, ExternRef, Linker, RootScope, Store, StoreMismatchError, Trap, UnrootedError, type Instance, type Rooted } from '../../runtime-lib/index.js';
import { loadModule } from './helpers.js';
import { ENTRIES } from './modules.js';

test('a store holds its host data', (t) => {
  const store = new Store({ name: 'first' });
  t.deepEqual(store.data(), { name: 'first' });
  store.setData({ name: 'second' });
  t.is(store.data().name, 'second');
  t.is(store.store, store, 'a store is its own context');
  t.is(store.stackCanary, null);
  t.is(store.liveExternRefCount, 0);
});

test('a Rooted used after its scope closed throws a clear error and never returns stale data', (t) => {
  const store = new Store(null);
  const scope = new RootScope(store);
  const ref = ExternRef.new(scope, 'scoped');
  t.true(scope.isOpen);
  scope.close();
  t.false(scope.isOpen);
  scope.close(); // closing twice is a no-op
  const message = /Rooted<ExternRef> was unrooted when its RootScope closed/;
  t.throws(() => ref.data(store), { instanceOf: UnrootedError, message });
  t.throws(() => ref.setData(store, 'x'), { instanceOf: UnrootedError });
  t.throws(() => ref.dataMut(store, (v) => v), { instanceOf: UnrootedError });
  t.throws(() => ref.toRaw(store), { instanceOf: UnrootedError });
  t.throws(() => ref.toManuallyRooted(store), { instanceOf: UnrootedError });
  t.throws(() => ref.ptrEq(ref), { instanceOf: UnrootedError });
  // Even after a GC reused its slot for another value.
  store.gc();
  const newcomer = ExternRef.new(store, 'newcomer');
  t.throws(() => ref.data(store), { instanceOf: UnrootedError });
  t.is(newcomer.data(store), 'newcomer');
});

test('rootScope closes its scope when fn returns or throws, and returns what fn returns', (t) => {
  const store = new Store(null);
  let inside: Rooted<ExternRef<number>> | undefined;
  const result = store.rootScope((scope) => {
    inside = ExternRef.new(scope, 1);
    return inside.data(scope) + 1;
  });
  t.is(result, 2);
  t.throws(() => inside!.data(store), { instanceOf: UnrootedError });
  t.throws(() => store.rootScope(() => {
    inside = ExternRef.new(store, 2);
    throw new Error('boom');
  }), { message: 'boom' });
  t.throws(() => inside!.data(store), { instanceOf: UnrootedError });
  t.is(store.roots.depth, 0);
});

test('nested scopes: an inner scope closing leaves the outer scope\'s refs rooted', (t) => {
  const store = new Store(null);
  store.rootScope(() => {
    const outer = ExternRef.new(store, 'outer');
    const inner = store.rootScope(() => ExternRef.new(store, 'inner'));
    store.gc();
    t.is(outer.data(store), 'outer');
    t.throws(() => inner.data(store), { instanceOf: UnrootedError });
    t.is(store.liveExternRefCount, 1);
  });
});

test('scopes close innermost first', (t) => {
  const store = new Store(null);
  const outer = new RootScope(store);
  const inner = new RootScope(outer);
  t.throws(() => outer.close(), { message: /RootScope closed out of order/ });
  inner.close();
  outer.close();
  t.is(store.roots.depth, 0);
});

test('a Rooted made outside any scope lives as long as the store', (t) => {
  const store = new Store(null);
  const ref = ExternRef.new(store, 'store-wide');
  store.gc();
  store.rootScope(() => store.gc());
  t.is(ref.data(store), 'store-wide');
  t.is(ref.rooting, 'scoped');
});

test('fromRaw and toRooted make a new Rooted in the current scope; toManuallyRooted outlives it', (t) => {
  const store = new Store(null);
  const original = ExternRef.newManuallyRooted(store, 'shared');
  const [rooted, manual] = store.rootScope(() => {
    const fromRaw = ExternRef.fromRaw(store, original.toRaw(store))!;
    const viaToRooted = original.toRooted(store);
    t.true(fromRaw.ptrEq(viaToRooted));
    return [fromRaw, fromRaw.toManuallyRooted(store)] as const;
  });
  t.throws(() => rooted.data(store), { instanceOf: UnrootedError });
  original.unroot(store);
  store.gc();
  t.is(manual.data(store), 'shared');
  t.true(manual.ptrEq(manual));
});

test('ptrEq compares references, not values', (t) => {
  const store = new Store(null);
  const a = ExternRef.new(store, 'same');
  const b = ExternRef.new(store, 'same');
  t.false(a.ptrEq(b));
  t.true(a.ptrEq(ExternRef.fromRaw(store, a.toRaw(store))!));
  const other = new Store(null);
  t.false(a.ptrEq(ExternRef.new(other, 'same')));
});

test('a handle used with another store throws StoreMismatchError', (t) => {
  const store = new Store(null);
  const other = new Store(null);
  const ref = ExternRef.new(store, 'mine');
  const manual = ExternRef.newManuallyRooted(store, 'mine too');
  t.throws(() => ref.data(other), { instanceOf: StoreMismatchError, message: 'this Rooted<ExternRef> belongs to a different store' });
  t.throws(() => ref.toRaw(other), { instanceOf: StoreMismatchError });
  t.throws(() => manual.unroot(other), { instanceOf: StoreMismatchError, message: /ManuallyRooted<ExternRef>/ });
  t.is(manual.data(store), 'mine too');
});

/** What the host imports of ENTRIES saw: the canary and the activations table's length. */
interface Seen {
  readonly canary: number | null;
  readonly recorded: number;
}

async function entries(): Promise<{ store: Store<Seen[]>; instance: Instance }> {
  const store = new Store<Seen[]>([]);
  const linker = new Linker<Seen[]>();
  let instance: Instance | undefined;
  const see = (caller: Caller<Seen[]>) => caller.data().push({ canary: caller.store.stackCanary, recorded: caller.store.activationsTable.length });
  linker.funcWrap('host', 'observe', see);
  // Re-enters Wasm (a nested host-to-Wasm entry), and looks again after it returned.
  linker.funcWrap('host', 'reenter', (caller, n: number) => {
    see(caller);
    const result = instance!.getTypedFunc(caller, 'countdown', ['i32'], ['i32']).call(caller, n);
    see(caller);
    return result;
  });
  instance = linker.instantiate(store, await loadModule('entries', ENTRIES));
  return { store, instance };
}

test('the stack canary is set by the outermost host-to-Wasm entry and kept by nested ones', async (t) => {
  const { store, instance } = await entries();
  const countdown = instance.getTypedFunc(store, 'countdown', ['i32'], ['i32']);
  t.is(store.stackCanary, null);
  t.is(countdown.call(store, 3), 3);
  const canaries = store.data().map((seen) => seen.canary);
  t.is(canaries.length, 6, 'reenter ran three times, each time a nested host-to-Wasm entry');
  t.true(canaries.every((canary) => canary === canaries[0] && canary !== null));
  t.is(store.stackCanary, null, 'reset when the outermost entry returned');
  store.setData([]);
  countdown.call(store, 1);
  t.not(store.data()[0]!.canary, canaries[0], 'a new outermost entry, a new canary');
});

test('the activations table keeps a held argument across a nested entry\'s return, and is cleared when the outermost returns', async (t) => {
  const { store, instance } = await entries();
  const holdAndReenter = instance.getTypedFunc(store, 'hold_and_reenter', ['externref', 'i32'], ['i32']);
  const observe = instance.getTypedFunc(store, 'observe', ['externref'], []);
  store.rootScope(() => holdAndReenter.call(store, ExternRef.new(store, 'held'), 0));
  t.deepEqual(store.data().map((seen) => seen.recorded), [1, 1], 'recorded before the nested entry and still after it returned');
  t.is(store.activationsTable.length, 0);
  t.is(store.stackCanary, null);
  store.setData([]);
  store.rootScope(() => observe.call(store, null));
  t.deepEqual(store.data().map((seen) => seen.recorded), [0], 'null is never recorded');
});

test('a trap resets the canary and clears the activations table', async (t) => {
  const { store, instance } = await entries();
  const trapping = instance.getTypedFunc(store, 'trap', ['externref'], []);
  store.rootScope(() => {
    t.throws(() => trapping.call(store, ExternRef.new(store, 'lost')), { instanceOf: Trap, message: /unreachable/ });
  });
  t.is(store.stackCanary, null);
  t.is(store.activationsTable.length, 0);
  store.gc();
  t.is(store.liveExternRefCount, 0);
});

test('instantiation is a host-to-Wasm entry too (a start function may run Wasm)', async (t) => {
  const store = new Store<(number | null)[]>([]);
  const linker = new Linker<(number | null)[]>().funcWrap('host', 'observe', (caller) => {
    caller.data().push(caller.store.stackCanary);
  });
  linker.instantiate(store, await loadModule('start', `(module
    (import "host" "observe" (func $observe))
    (start $observe))`));
  t.is(store.data().length, 1);
  t.true(store.data()[0]! > 0);
  t.is(store.stackCanary, null);
});
