/** Unit tests of the store's parts: the externref heap, the activations table, the stack canary, the root set. */
import test from 'ava';
import { ActivationsTable } from '../../runtime-lib/embedding/activations-table.js';
import { ExternRefHeap, VMExternRef } from '../../runtime-lib/embedding/extern-heap.js';
import { RootSet } from '../../runtime-lib/embedding/roots.js';
import { StackCanary } from '../../runtime-lib/embedding/stack-canary.js';

test('heap: allocates ids from 1 up to its capacity, then returns null', (t) => {
  const heap = new ExternRefHeap(3);
  const entries = [heap.alloc('a'), heap.alloc('b'), heap.alloc('c')];
  t.deepEqual(entries.map((e) => e?.id), [1, 2, 3]);
  t.is(heap.alloc('d'), null);
  t.is(heap.liveCount, 3);
  t.is(heap.get(2), entries[1]!);
  t.is(heap.get(0), undefined);
  t.is(heap.get(4), undefined);
  t.is(heap.get(1.5), undefined);
  t.is(entries[0]!.heap, heap);
});

test('heap: sweep frees what is not kept, drops the values, and reuses the ids', (t) => {
  const heap = new ExternRefHeap(3);
  const [a, b, c] = [heap.alloc('a')!, heap.alloc('b')!, heap.alloc('c')!];
  t.is(heap.sweep(new Set([b])), 2);
  t.is(heap.liveCount, 1);
  t.deepEqual([a.live, b.live, c.live], [false, true, false]);
  t.is(a.value, undefined);
  t.is(heap.get(a.id), undefined);
  const reused = [heap.alloc('d')!, heap.alloc('e')!];
  t.deepEqual(reused.map((e) => e.id).sort(), [1, 3]);
  t.is(heap.alloc('f'), null);
  t.is(heap.sweep(new Set(reused.concat(b))), 0);
});

test('heap: the capacity must be an integer that leaves room for ids in a u32', (t) => {
  t.throws(() => new ExternRefHeap(-1), { instanceOf: RangeError });
  t.throws(() => new ExternRefHeap(1.5), { instanceOf: RangeError });
  t.throws(() => new ExternRefHeap(2 ** 32), { instanceOf: RangeError });
  t.notThrows(() => new ExternRefHeap(0));
});

function refs(n: number): VMExternRef[] {
  const heap = new ExternRefHeap(n);
  return Array.from({ length: n }, (_, i) => heap.alloc(i)!);
}

test('activations table: insert is a bump that fails when the chunk is full; duplicates are allowed', (t) => {
  const table = new ActivationsTable(3, () => t.fail('insert never collects'));
  const [a, b] = refs(2);
  t.true(table.insert(a!));
  t.true(table.insert(a!));
  t.true(table.insert(b!));
  t.false(table.insert(b!));
  t.deepEqual(table.entries(), [a, a, b]);
  t.is(table.length, 3);
  t.true(table.has(b!));
});

test('activations table: insertWithGc collects only when full, with the pending ref, then inserts', (t) => {
  const collected: VMExternRef[] = [];
  const table = new ActivationsTable(2, (pending) => {
    collected.push(pending);
    table.retain(true);
  });
  const [a, b] = refs(2);
  table.insertWithGc(a!);
  table.insertWithGc(a!);
  t.deepEqual(collected, []);
  table.insertWithGc(b!);
  t.deepEqual(collected, [b]);
  t.deepEqual(table.entries(), [a, b], 'the GC deduplicated, then b went in');
});

test('activations table: insertWithGc doubles the chunk when the GC leaves it full', (t) => {
  const table = new ActivationsTable(2, () => table.retain(true));
  const [a, b, c] = refs(3);
  table.insertWithGc(a!);
  table.insertWithGc(b!);
  table.insertWithGc(c!);
  t.is(table.capacity, 4);
  t.deepEqual(table.entries(), [a, b, c]);
});

test('activations table: retain deduplicates while a frame is live and clears otherwise', (t) => {
  const table = new ActivationsTable(8, () => {});
  const [a, b] = refs(2);
  for (const r of [a, b, a, a, b]) table.insert(r!);
  t.deepEqual([...table.retain(true)], [a, b]);
  t.deepEqual(table.entries(), [a, b]);
  t.deepEqual([...table.retain(false)], []);
  t.is(table.length, 0);
});

test('activations table: removeOne takes the latest occurrence and keeps the order', (t) => {
  const table = new ActivationsTable(8, () => {});
  const [a, b, c] = refs(3);
  for (const r of [a, b, a, c]) table.insert(r!);
  t.true(table.removeOne(a!));
  t.deepEqual(table.entries(), [a, b, c]);
  t.false(table.removeOne(refs(1)[0]!));
  t.true(table.removeOne(a!));
  t.false(table.removeOne(a!));
  t.deepEqual(table.entries(), [b, c]);
  table.clear();
  t.is(table.length, 0);
  t.false(table.has(b!));
});

test('activations table: the capacity must be a positive integer', (t) => {
  t.throws(() => new ActivationsTable(0, () => {}), { instanceOf: RangeError });
  t.throws(() => new ActivationsTable(2.5, () => {}), { instanceOf: RangeError });
});

test('stack canary: only the outermost entry sets it; exit resets it; each outermost entry gets a new value', (t) => {
  const canary = new StackCanary();
  t.is(canary.value, null);
  t.true(canary.enter());
  const first = canary.value;
  t.not(first, null);
  t.false(canary.enter(), 'a nested entry is not the outermost');
  t.is(canary.value, first);
  canary.exit();
  t.is(canary.value, null);
  t.true(canary.enter());
  t.not(canary.value, first);
});

test('root set: scopes unroot what they rooted, innermost first', (t) => {
  const roots = new RootSet();
  const [a, b, c, d] = refs(4);
  const forever = roots.rootScoped(a!);
  const outer = roots.openScope();
  const inOuter = roots.rootScoped(b!);
  const inner = roots.openScope();
  const inInner = roots.rootScoped(c!);
  const manual = roots.rootManually(d!);
  t.is(roots.depth, 2);
  t.throws(() => roots.closeScope(outer), { message: /closed out of order/ });
  roots.closeScope(inner);
  t.deepEqual([forever.live, inOuter.live, inInner.live, manual.live], [true, true, false, true]);
  t.deepEqual([...roots.entries()], [a, b, d]);
  roots.closeScope(outer);
  t.false(inOuter.live);
  t.is(roots.depth, 0);
  roots.unrootManually(manual);
  t.false(manual.live);
  t.deepEqual([...roots.entries()], [a]);
  t.is(roots.size, 1);
  t.is(forever.kind, 'scoped');
  t.is(manual.kind, 'manual');
});
