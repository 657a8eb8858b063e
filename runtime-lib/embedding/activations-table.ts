/**
 * The activations table (wasmtime's `VMExternRefActivationsTable`): the externrefs
 * that some live Wasm activation may be holding in a local or on its operand stack.
 *
 * Native wasmtime finds those through stack maps; generated JS has no stack maps,
 * so every externref that enters a Wasm frame (an argument from the host, a host
 * function's result, a `table.get`, a `global.get`) is recorded here instead.
 * That over-approximates: a ref stays recorded until the outermost Wasm activation
 * returns, even if the frame that used it is long gone.
 *
 * The table is a bump-allocated chunk. Duplicates are allowed, so `insert` is a
 * store and an increment. When the chunk is full, `insertWithGc` runs the store's
 * GC, which deduplicates the chunk (`retain`), and inserts then.
 */
import type { VMExternRef } from './extern-heap.js';

/** Runs a GC in which `pending` (the ref being inserted, held by a Wasm frame) is also a root. */
export type CollectGarbage = (pending: VMExternRef) => void;

export class ActivationsTable {
  private chunk: (VMExternRef | null)[];
  /** The bump pointer: chunk[0..next) are occupied. */
  private next = 0;

  constructor(
    capacity: number,
    private readonly collect: CollectGarbage,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`activations table capacity must be a positive integer, got ${capacity}`);
    this.chunk = new Array<VMExternRef | null>(capacity).fill(null);
  }

  /** How many refs are recorded, duplicates included. */
  get length(): number {
    return this.next;
  }

  /** The chunk's size; it only grows when a GC leaves it too full to insert. */
  get capacity(): number {
    return this.chunk.length;
  }

  /** The fast path: records `ref`, or returns false when the chunk is full. */
  insert(ref: VMExternRef): boolean {
    if (this.next === this.chunk.length) return false;
    this.chunk[this.next++] = ref;
    return true;
  }

  /** The slow path: collects garbage (which deduplicates the chunk), then inserts. */
  insertWithGc(ref: VMExternRef): void {
    if (this.insert(ref)) return;
    this.collect(ref);
    // Every distinct ref may be live in some frame, so a chunk full of them grows.
    if (this.next === this.chunk.length) this.grow();
    this.insert(ref);
  }

  /** Whether `ref` is recorded at least once. */
  has(ref: VMExternRef): boolean {
    for (let i = 0; i < this.next; i++) if (this.chunk[i] === ref) return true;
    return false;
  }

  /** The recorded refs, duplicates included, oldest first. */
  entries(): readonly VMExternRef[] {
    return this.chunk.slice(0, this.next) as VMExternRef[];
  }

  /** Removes the most recent occurrence of `ref` (drop_externref); false if it is not recorded. */
  removeOne(ref: VMExternRef): boolean {
    for (let i = this.next - 1; i >= 0; i--) {
      if (this.chunk[i] !== ref) continue;
      this.chunk.copyWithin(i, i + 1, this.next);
      this.chunk[--this.next] = null;
      return true;
    }
    return false;
  }

  /**
   * For the GC: deduplicates the chunk in place and returns the distinct refs, which
   * are roots. With no live Wasm frame nothing can be holding them, so the table is
   * cleared instead and contributes no roots.
   */
  retain(wasmFrameLive: boolean): ReadonlySet<VMExternRef> {
    if (!wasmFrameLive) {
      this.clear();
      return new Set();
    }
    const distinct = new Set(this.chunk.slice(0, this.next) as VMExternRef[]);
    this.chunk.fill(null, 0, this.next);
    this.next = 0;
    for (const ref of distinct) this.chunk[this.next++] = ref;
    return distinct;
  }

  /** Forgets every ref: done when the outermost Wasm activation returns. */
  clear(): void {
    this.chunk.fill(null, 0, this.next);
    this.next = 0;
  }

  private grow(): void {
    const bigger = new Array<VMExternRef | null>(this.chunk.length * 2).fill(null);
    for (let i = 0; i < this.next; i++) bigger[i] = this.chunk[i]!;
    this.chunk = bigger;
  }
}
