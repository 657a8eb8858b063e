/**
 * The externref heap of one store: a slab of `VMExternRef` entries with a fixed
 * capacity. An entry is what Wasm code holds as an externref value (in locals,
 * tables, globals), and its `id` is the raw u32 form of the reference (0 is null).
 *
 * The heap never collects by itself: `alloc` returns null when it is full, and only
 * the store's GC (`free`) returns slots. That keeps allocation deterministic, which
 * is the point of the embedding API.
 */

/** One externref on the heap. Wasm code and tables hold this object itself. */
export class VMExternRef {
  /** Internal: the host value; dropped when the entry is freed, so the JS GC can take it. */
  value: unknown;
  /** Internal: false once a GC freed this entry (its `id` may name another entry later). */
  live = true;

  constructor(
    /** Internal: the heap it lives on (a ref from another store is rejected). */
    readonly heap: ExternRefHeap,
    /** The raw u32 handle: a slot number, never 0. */
    readonly id: number,
    value: unknown,
  ) {
    this.value = value;
  }
}

export class ExternRefHeap {
  /** Slot i holds the live entry whose id is i, or undefined; slot 0 (null) is never used. */
  private readonly slots: (VMExternRef | undefined)[] = [undefined];
  /** Freed ids, reused last-in first-out. */
  private readonly freeIds: number[] = [];
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > 0xffff_fffe) {
      throw new RangeError(`externref heap capacity must be an integer in [0, 2^32 - 2], got ${capacity}`);
    }
  }

  /** How many entries are live. */
  get liveCount(): number {
    return this.count;
  }

  /** A new entry holding `value`, or null when the heap is at capacity. */
  alloc(value: unknown): VMExternRef | null {
    if (this.count >= this.capacity) return null;
    const id = this.freeIds.pop() ?? this.slots.length;
    const entry = new VMExternRef(this, id, value);
    this.slots[id] = entry;
    this.count++;
    return entry;
  }

  /** The live entry with this raw id, or undefined (0, never allocated, or freed). */
  get(id: number): VMExternRef | undefined {
    return Number.isInteger(id) && id > 0 ? this.slots[id] : undefined;
  }

  /** Frees every live entry not in `keep`. Returns how many were freed. */
  sweep(keep: ReadonlySet<VMExternRef>): number {
    let freed = 0;
    for (let id = 1; id < this.slots.length; id++) {
      const entry = this.slots[id];
      if (entry === undefined || keep.has(entry)) continue;
      entry.live = false;
      entry.value = undefined;
      this.slots[id] = undefined;
      this.freeIds.push(id);
      freed++;
    }
    this.count -= freed;
    return freed;
  }
}
