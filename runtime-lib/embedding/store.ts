/**
 * `Store<T>`: the embedder's unit of ownership (wasmtime's `Store`). It holds the
 * host data `T`, the externref heap, the host's roots, the activations table, the
 * stack canary, and the VMContexts of the instances created with it. Generated code
 * reaches it as `vmctx.store` (the `VMStore` interface) to root the externrefs its
 * frames use.
 */
import type { VMContext, VMStore } from '../vmcontext.js';
import { ActivationsTable } from './activations-table.js';
import { ExternRefHeap, VMExternRef } from './extern-heap.js';
import { FuncRefRegistry } from './func-registry.js';
import { collectGarbage } from './gc.js';
import { RootScope } from './root-scope.js';
import { RootSet } from './roots.js';
import { StackCanary } from './stack-canary.js';

export interface StoreConfig {
  /** How many externrefs may be live at once; `ExternRef.new` throws `GcHeapOutOfMemory` beyond it. Default 65536. */
  readonly externRefCapacity?: number;
  /** The activations table's initial chunk size (it grows only when a GC cannot make room). Default 512. */
  readonly activationsTableCapacity?: number;
}

/**
 * Anything that gives access to a store: the store itself, a `Caller`, a `RootScope`
 * (wasmtime's `AsContext`). Every embedding API that needs a store takes one.
 */
export interface AsContext<T = any> {
  readonly store: Store<T>;
}

export const DEFAULT_EXTERNREF_CAPACITY = 65_536;
export const DEFAULT_ACTIVATIONS_TABLE_CAPACITY = 512;

export class Store<T = unknown> implements VMStore, AsContext<T> {
  #data: T;
  /** Internal: the externref heap. */
  readonly heap: ExternRefHeap;
  /** Internal: the host's roots. */
  readonly roots = new RootSet();
  /** The activations table: externrefs some live Wasm frame may hold. */
  readonly activationsTable: ActivationsTable;
  /** Internal: whether a Wasm frame is live. */
  readonly canary = new StackCanary();
  /** Internal: raw handles of function references. */
  readonly funcRefs = new FuncRefRegistry();
  /** Internal: the VMContext of every instance created with this store, in creation order. */
  readonly instances: VMContext[] = [];

  constructor(data: T, config: StoreConfig = {}) {
    this.#data = data;
    this.heap = new ExternRefHeap(config.externRefCapacity ?? DEFAULT_EXTERNREF_CAPACITY);
    this.activationsTable = new ActivationsTable(config.activationsTableCapacity ?? DEFAULT_ACTIVATIONS_TABLE_CAPACITY, (pending) => this.collect(pending));
  }

  /** The store itself, so a store is an `AsContext` like a `Caller` or a `RootScope`. */
  get store(): Store<T> {
    return this;
  }

  /** The host data. */
  data(): T {
    return this.#data;
  }

  /** Replaces the host data. */
  setData(data: T): void {
    this.#data = data;
  }

  /** How many externrefs are live on the heap: allocated and not yet freed by a GC. */
  get liveExternRefCount(): number {
    return this.heap.liveCount;
  }

  /** The externref heap's capacity. */
  get externRefCapacity(): number {
    return this.heap.capacity;
  }

  /** The stack canary: a number identifying the outermost live host-to-Wasm entry, or null when no Wasm frame is live. */
  get stackCanary(): number | null {
    return this.canary.value;
  }

  /**
   * Collects garbage: frees every externref that no host root, table, global or live
   * Wasm activation holds. Deduplicates the activations table, and clears it when no
   * Wasm frame is live. Never runs by itself except from `insertWithGc`.
   */
  gc(): void {
    this.collect(undefined);
  }

  /** Runs `fn` in a new `RootScope`: every `Rooted` created inside is unrooted when it returns or throws. */
  rootScope<R>(fn: (scope: RootScope<T>) => R): R {
    const scope = new RootScope(this);
    try {
      return fn(scope);
    } finally {
      scope.close();
    }
  }

  // ---- VMStore: what generated code calls (through libcalls) ----

  /** Records an externref a Wasm frame now holds; collects first if the table is full. */
  activationsTableInsertWithGc(ref: unknown): void {
    this.activationsTable.insertWithGc(this.entryFromWasm(ref));
  }

  /** wasmtime's `drop_externref`: the frame is done with `ref`; forget one occurrence of it. */
  dropExternRef(ref: unknown): void {
    this.activationsTable.removeOne(this.entryFromWasm(ref));
  }

  registerVMContext(vmctx: VMContext): void {
    this.instances.push(vmctx);
  }

  // ---- internal, for the other embedding modules ----

  /** Internal: records `entry` as held by a Wasm frame (an argument or a host function's result). */
  rootForWasm(entry: VMExternRef): void {
    this.activationsTable.insertWithGc(entry);
  }

  /** Internal: checks that a Wasm-side externref value is a live entry of this store's heap. */
  entryFromWasm(value: unknown): VMExternRef {
    if (!(value instanceof VMExternRef)) {
      throw new TypeError(`an externref in a store's instance must come from ExternRef.new, got ${value === undefined ? 'undefined' : typeof value}`);
    }
    if (value.heap !== this.heap) throw new TypeError('an externref of another store reached this store\'s instance');
    if (!value.live) throw new Error(`internal: externref ${value.id} was used after a GC freed it`);
    return value;
  }

  /** Internal: a GC; `pending` is a ref being inserted into the activations table. */
  private collect(pending: VMExternRef | undefined): void {
    collectGarbage(this.heap, {
      host: this.roots.entries(),
      instances: this.instances,
      activations: this.activationsTable,
      wasmFrameLive: this.canary.value !== null,
      pending,
    });
  }
}
