/**
 * `Caller<T>` (wasmtime's `Caller`): what a host function defined with
 * `Linker.funcWrap` or `Func.newUnchecked` receives first, giving it the store
 * that called it. Pass it wherever a store is expected (`ExternRef.new(caller, v)`).
 */
import type { AsContext, Store } from './store.js';

export class Caller<T = unknown> implements AsContext<T> {
  constructor(readonly store: Store<T>) {}

  /** The store's host data. */
  data(): T {
    return this.store.data();
  }

  /** Replaces the store's host data. */
  setData(data: T): void {
    this.store.setData(data);
  }

  /** Runs a GC in the calling store (see `Store.gc`). */
  gc(): void {
    this.store.gc();
  }
}
