/** Errors of the embedding API. */

/**
 * `ExternRef.new` found the store's externref heap full (wasmtime's
 * `GcHeapOutOfMemory<T>`). It carries the host value back, so the caller can run
 * `store.gc()` and try again with the same value.
 */
export class GcHeapOutOfMemory<T> extends Error {
  readonly #value: T;

  constructor(value: T, capacity: number) {
    super(`the store's externref heap is full (capacity ${capacity}); run store.gc() and try again`);
    this.name = 'GcHeapOutOfMemory';
    this.#value = value;
  }

  /** The host value that could not be allocated. */
  intoInner(): T {
    return this.#value;
  }
}

/** A `Rooted` used after its `RootScope` closed, or a `ManuallyRooted` used after `unroot`. */
export class UnrootedError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'UnrootedError';
  }
}

/** A reference or function used with a store other than the one it belongs to. */
export class StoreMismatchError extends Error {
  constructor(what: string) {
    super(`${what} belongs to a different store`);
    this.name = 'StoreMismatchError';
  }
}
