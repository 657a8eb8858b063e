/**
 * The externref libcalls, one by one, on hand-made VMContexts: semantics without a
 * store (the plain path) and with one, traps, and edge cases. `enterWasm`
 * stands in for a live Wasm activation where the stack canary matters.
 */
import test from 'ava';
import { computeVMOffsets, ExternRef, Global, LIBCALLS, libcalls, Store, Table, Trap, VMContext, VMExternRef, type EntityCountsLike } from '../../runtime-lib/index.js';
import { enterWasm } from '../../runtime-lib/embedding/wasm-entry.js';
import { externRefEntry } from '../../runtime-lib/embedding/externref.js';

const { externref_global_get, externref_global_set, activations_table_insert_with_gc, drop_externref, table_get } = libcalls;

const NO_ENTITIES: EntityCountsLike = {
  importedFuncs: 0, importedTables: 0, importedMemories: 0, importedGlobals: 0,
  definedFuncs: 0, definedTables: 0, definedMemories: 0, definedGlobals: 0, dataSegments: 0, elemSegments: 0,
};

/** A VMContext with one imported and one defined externref global, and an externref and a funcref table. */
function context(store?: Store<null>): { vmctx: VMContext; imported: Global; defined: Global; refs: Table; funcs: Table } {
  const vmctx = new VMContext(computeVMOffsets({ ...NO_ENTITIES, importedGlobals: 1, definedGlobals: 1, definedTables: 2 }), store ? { store } : undefined);
  const imported = new Global({ value: 'externref', mutable: true }, null);
  const defined = new Global({ value: 'externref', mutable: true }, null);
  const refs = new Table({ element: 'externref', initial: 2 }, null);
  const funcs = new Table({ element: 'anyfunc', initial: 1 });
  vmctx.slots[vmctx.offsets.global(0)] = imported;
  vmctx.slots[vmctx.offsets.global(1)] = defined;
  vmctx.slots[vmctx.offsets.table(0)] = refs;
  vmctx.slots[vmctx.offsets.table(1)] = funcs;
  return { vmctx, imported, defined, refs, funcs };
}

/** A heap entry, as Wasm code holds it, kept alive by a manual root. */
function entry(store: Store<null>, value: unknown): VMExternRef {
  return externRefEntry(ExternRef.newManuallyRooted(store, value), store);
}

test('LIBCALLS declares the externref libcalls with their wasmtime names and no traps', (t) => {
  for (const name of ['externref_global_get', 'externref_global_set', 'activations_table_insert_with_gc', 'drop_externref'] as const) {
    t.is(LIBCALLS[name].wasmtime, name);
    t.deepEqual(LIBCALLS[name].traps, []);
  }
  t.deepEqual(LIBCALLS.drop_externref.params, ['vmctx', 'ref']);
  t.is(LIBCALLS.drop_externref.result, 'void');
  t.deepEqual(LIBCALLS.table_get.traps, ['OutOfBoundsTable']);
});

test('a VMContext created with a store registers itself with it', (t) => {
  const store = new Store(null);
  const { vmctx } = context(store);
  t.is(vmctx.store, store);
  t.deepEqual(store.instances, [vmctx]);
  t.is(context().vmctx.store, null);
});

test('externref_global_get without a store: returns any JS value, imported or defined', (t) => {
  const { vmctx, imported, defined } = context();
  const host = { any: 'value' };
  imported.v = host;
  defined.v = undefined; // an ordinary non-null externref on the plain path
  t.is(externref_global_get(vmctx, 0), host);
  t.is(externref_global_get(vmctx, 1), undefined);
  defined.v = null;
  t.is(externref_global_get(vmctx, 1), null);
});

test('externref_global_get with a store: returns the entry and records it in the activations table; null is not recorded', (t) => {
  const store = new Store(null);
  const { vmctx, imported, defined } = context(store);
  const ref = entry(store, 'global value');
  imported.v = ref;
  t.is(externref_global_get(vmctx, 0), ref);
  t.deepEqual(store.activationsTable.entries(), [ref]);
  t.is(externref_global_get(vmctx, 0), ref);
  t.deepEqual(store.activationsTable.entries(), [ref, ref], 'duplicates are allowed');
  t.is(externref_global_get(vmctx, 1), null);
  t.is(store.activationsTable.length, 2);
  defined.v = 'a plain JS value';
  t.throws(() => externref_global_get(vmctx, 1), { instanceOf: TypeError, message: /must come from ExternRef.new/ });
});

test('externref_global_get rejects an entry of another store', (t) => {
  const store = new Store(null);
  const other = new Store(null);
  const { vmctx, imported } = context(store);
  imported.v = entry(other, 'foreign');
  t.throws(() => externref_global_get(vmctx, 0), { instanceOf: TypeError, message: /another store/ });
});

test('externref_global_get and _set: an index outside the global index space is an internal error', (t) => {
  const { vmctx } = context();
  t.throws(() => externref_global_get(vmctx, 2), { instanceOf: RangeError, message: /internal/ });
  t.throws(() => externref_global_set(vmctx, 5, null), { instanceOf: RangeError, message: /internal/ });
});

test('externref_global_set stores the value (null included) and records nothing', (t) => {
  const store = new Store(null);
  const { vmctx, imported, defined } = context(store);
  const ref = entry(store, 'set');
  externref_global_set(vmctx, 1, ref);
  t.is(defined.v, ref);
  t.is(store.activationsTable.length, 0);
  externref_global_set(vmctx, 0, ref);
  t.is(imported.v, ref);
  externref_global_set(vmctx, 1, null);
  t.is(defined.v, null);
  // The plain path stores any JS value.
  const plain = context();
  externref_global_set(plain.vmctx, 1, 'anything');
  t.is(plain.defined.v, 'anything');
});

test('a value set by externref_global_set is a GC root', (t) => {
  const store = new Store(null);
  const { vmctx } = context(store);
  const ref = store.rootScope(() => externRefEntry(ExternRef.new(store, 'held by a global'), store));
  externref_global_set(vmctx, 1, ref);
  store.gc();
  t.true(ref.live);
  externref_global_set(vmctx, 1, null);
  store.gc();
  t.false(ref.live);
  t.is(ref.value, undefined, 'a freed entry drops its host value');
});

test('activations_table_insert_with_gc: a no-op without a store or for null', (t) => {
  t.notThrows(() => activations_table_insert_with_gc(context().vmctx, { plain: true }));
  const store = new Store(null);
  activations_table_insert_with_gc(context(store).vmctx, null);
  t.is(store.activationsTable.length, 0);
});

test('activations_table_insert_with_gc: inserts on the fast path while the chunk has room', (t) => {
  const store = new Store(null, { activationsTableCapacity: 4 });
  const { vmctx } = context(store);
  const a = entry(store, 'a');
  const b = entry(store, 'b');
  activations_table_insert_with_gc(vmctx, a);
  activations_table_insert_with_gc(vmctx, b);
  activations_table_insert_with_gc(vmctx, a);
  t.deepEqual(store.activationsTable.entries(), [a, b, a]);
  t.is(store.liveExternRefCount, 2);
});

test('activations_table_insert_with_gc: on a full chunk, collects, deduplicates, then inserts', (t) => {
  const store = new Store(null, { activationsTableCapacity: 3 });
  const { vmctx } = context(store);
  enterWasm(store, () => {
    const held = store.rootScope(() => externRefEntry(ExternRef.new(store, 'held by the frame'), store));
    store.rootScope(() => ExternRef.new(store, 'garbage'));
    const pending = store.rootScope(() => externRefEntry(ExternRef.new(store, 'pending'), store));
    t.is(store.liveExternRefCount, 3);
    for (let i = 0; i < 3; i++) activations_table_insert_with_gc(vmctx, held);
    t.is(store.activationsTable.length, 3);
    // Full: the GC frees the garbage, keeps `held` (a live frame holds it) and `pending`
    // (nothing roots it but the insertion itself), and the chunk is deduplicated.
    activations_table_insert_with_gc(vmctx, pending);
    t.deepEqual(store.activationsTable.entries(), [held, pending]);
    t.is(store.liveExternRefCount, 2);
    t.true(held.live && pending.live);
  });
  t.is(store.activationsTable.length, 0, 'the outermost entry returned: cleared');
});

test('activations_table_insert_with_gc: the chunk grows when every recorded ref is live', (t) => {
  const store = new Store(null, { activationsTableCapacity: 2 });
  const { vmctx } = context(store);
  enterWasm(store, () => {
    const refs = [entry(store, 1), entry(store, 2), entry(store, 3)];
    for (const ref of refs) activations_table_insert_with_gc(vmctx, ref);
    t.deepEqual(store.activationsTable.entries(), refs);
    t.is(store.activationsTable.capacity, 4);
  });
});

test('activations_table_insert_with_gc: with no Wasm frame live, the GC clears the table before inserting', (t) => {
  const store = new Store(null, { activationsTableCapacity: 2 });
  const { vmctx } = context(store);
  const stale = store.rootScope(() => externRefEntry(ExternRef.new(store, 'stale'), store));
  const next = entry(store, 'next');
  activations_table_insert_with_gc(vmctx, stale);
  activations_table_insert_with_gc(vmctx, stale);
  activations_table_insert_with_gc(vmctx, next);
  t.deepEqual(store.activationsTable.entries(), [next]);
  t.false(stale.live, 'no frame can hold it, so the GC freed it');
});

test('drop_externref: removes one occurrence; the next GC frees the ref once nothing holds it', (t) => {
  const store = new Store(null);
  const { vmctx } = context(store);
  enterWasm(store, () => {
    const ref = store.rootScope(() => externRefEntry(ExternRef.new(store, 'dropped'), store));
    activations_table_insert_with_gc(vmctx, ref);
    activations_table_insert_with_gc(vmctx, ref);
    drop_externref(vmctx, ref);
    t.deepEqual(store.activationsTable.entries(), [ref]);
    store.gc();
    t.true(ref.live, 'one occurrence is left: still held');
    drop_externref(vmctx, ref);
    t.is(store.activationsTable.length, 0);
    store.gc();
    t.false(ref.live);
  });
});

test('drop_externref: keeps the other refs in order, and does not free a ref something else holds', (t) => {
  const store = new Store(null);
  const { vmctx, refs } = context(store);
  const [a, b, c] = [entry(store, 'a'), entry(store, 'b'), store.rootScope(() => externRefEntry(ExternRef.new(store, 'c'), store))];
  refs.elements[0] = c;
  enterWasm(store, () => {
    for (const ref of [a, c, b]) activations_table_insert_with_gc(vmctx, ref);
    drop_externref(vmctx, c);
    t.deepEqual(store.activationsTable.entries(), [a, b]);
    store.gc();
    t.true(c.live, 'the table still holds it');
  });
});

test('drop_externref: a no-op without a store, for null, and for a ref the table does not hold', (t) => {
  t.notThrows(() => drop_externref(context().vmctx, { plain: true }));
  const store = new Store(null);
  const { vmctx } = context(store);
  const ref = entry(store, 'absent');
  drop_externref(vmctx, null);
  drop_externref(vmctx, ref);
  t.is(store.activationsTable.length, 0);
  t.true(ref.live);
  t.throws(() => drop_externref(vmctx, 'not an entry'), { instanceOf: TypeError });
});

test('table_get with a store records a non-null externref; funcref elements and null are not recorded', (t) => {
  const store = new Store(null);
  const { vmctx, refs } = context(store);
  const ref = entry(store, 'element');
  refs.elements[1] = ref;
  t.is(table_get(vmctx, 0, 0), null);
  t.is(table_get(vmctx, 0, 1), ref);
  t.is(table_get(vmctx, 1, 0), null);
  t.deepEqual(store.activationsTable.entries(), [ref]);
});

test('table_get traps out of bounds, with or without a store, and records nothing', (t) => {
  const store = new Store(null);
  for (const { vmctx } of [context(store), context()]) {
    t.throws(() => table_get(vmctx, 0, 2), { instanceOf: Trap, message: 'out of bounds table access' });
    t.throws(() => table_get(vmctx, 0, -1), { instanceOf: Trap });
  }
  t.is(store.activationsTable.length, 0);
});

test('table_get without a store returns plain JS values unchanged', (t) => {
  const { vmctx, refs } = context();
  refs.elements[0] = 'plain';
  refs.elements[1] = undefined;
  t.is(table_get(vmctx, 0, 0), 'plain');
  t.is(table_get(vmctx, 0, 1), undefined);
});
