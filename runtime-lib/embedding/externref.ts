/**
 * `ExternRef` (wasmtime's `ExternRef`): a host value handed to Wasm as an externref,
 * owned by a store's heap and reached through a rooted handle:
 *
 * - `Rooted<ExternRef<D>>` lives until the innermost `RootScope` open at its creation
 *   closes (or for the store's lifetime, when made outside any scope);
 * - `ManuallyRooted<ExternRef<D>>` lives until `unroot(store)`.
 *
 * Every method checks that the handle is still rooted and belongs to the given store,
 * and throws `UnrootedError` / `StoreMismatchError` otherwise: a handle never reads a
 * freed or reused heap slot.
 */
import type { VMExternRef } from './extern-heap.js';
import { GcHeapOutOfMemory, StoreMismatchError, UnrootedError } from './errors.js';
import type { RootKind, RootToken } from './roots.js';
import type { AsContext, Store } from './store.js';

/** A scoped handle (wasmtime's `Rooted<T>`): `T` with its rooting fixed to 'scoped'. */
export type Rooted<T extends ExternRef<any>> = T & { readonly rooting: 'scoped' };

/** A manual handle (wasmtime's `ManuallyRooted<T>`): `T` plus `unroot` and `toRooted`. */
export type ManuallyRooted<T extends ExternRef<any>> = T extends ExternRef<infer D> ? ManuallyRootedExternRef<D> : never;

/** Internal accessors, assigned in the class's static block so they can read its private fields. */
let checkedEntry: (ref: ExternRef<any>, store: Store<any>) => VMExternRef;
let makeRooted: (store: Store<any>, entry: VMExternRef) => Rooted<ExternRef>;

export class ExternRef<D = unknown> {
  readonly #store: Store<any>;
  readonly #root: RootToken;
  /** How this handle is rooted: 'scoped' (`Rooted`) or 'manual' (`ManuallyRooted`). */
  readonly rooting: RootKind;

  protected constructor(store: Store<any>, root: RootToken) {
    this.#store = store;
    this.#root = root;
    this.rooting = root.kind;
  }

  static {
    checkedEntry = (ref, store) => ref.#entry(store);
    makeRooted = (store, entry) => new ExternRef(store, store.roots.rootScoped(entry)) as Rooted<ExternRef>;
  }

  /**
   * Allocates `value` on the store's externref heap and roots it in the current scope.
   * Never runs a GC: when the heap is full it throws `GcHeapOutOfMemory`, whose
   * `intoInner()` returns `value`.
   */
  static new<D>(context: AsContext, value: D): Rooted<ExternRef<D>> {
    const store = context.store;
    return new ExternRef<D>(store, store.roots.rootScoped(allocate(store, value))) as Rooted<ExternRef<D>>;
  }

  /** Like `new`, but the handle stays rooted until `unroot(store)`, whatever scopes close. */
  static newManuallyRooted<D>(context: AsContext, value: D): ManuallyRootedExternRef<D> {
    const store = context.store;
    return new ManuallyRootedExternRef<D>(store, store.roots.rootManually(allocate(store, value)));
  }

  /**
   * The reference with this raw value, rooted in the current scope; null for 0. Raw
   * values stay valid until the next GC; after that, a raw value whose ref was freed
   * throws (and one whose slot was reused names the new ref, as in wasmtime, where
   * using it is undefined behaviour).
   */
  static fromRaw(context: AsContext, raw: number): Rooted<ExternRef> | null {
    const store = context.store;
    if (raw === 0) return null;
    const entry = store.heap.get(raw);
    if (entry === undefined) throw new RangeError(`${raw} is not the raw value of a live externref in this store (raw values are valid until the next GC)`);
    return makeRooted(store, entry);
  }

  /** The host value. */
  data(context: AsContext): D {
    return this.#entry(context.store).value as D;
  }

  /** Replaces the host value; every handle to this reference sees the new one. */
  setData(context: AsContext, value: D): void {
    this.#entry(context.store).value = value;
  }

  /**
   * Updates the host value in place (wasmtime's `data_mut`): `update` gets the current
   * value and returns the new one, which is stored and returned. For an object value,
   * mutating what `data` returns works too.
   */
  dataMut(context: AsContext, update: (value: D) => D): D {
    const entry = this.#entry(context.store);
    const next = update(entry.value as D);
    entry.value = next;
    return next;
  }

  /** Whether both handles name the same reference (not merely equal host values). */
  ptrEq(other: ExternRef<any>): boolean {
    return this.#entry(this.#store) === other.#entry(other.#store);
  }

  /** The raw u32 value (never 0), for `ValRaw.externref` and `fromRaw`; valid until the next GC. */
  toRaw(context: AsContext): number {
    return this.#entry(context.store).id;
  }

  /** A new `ManuallyRooted` handle to the same reference. */
  toManuallyRooted(context: AsContext): ManuallyRootedExternRef<D> {
    const store = context.store;
    return new ManuallyRootedExternRef<D>(store, store.roots.rootManually(this.#entry(store)));
  }

  /** A new `Rooted` handle to the same reference, in the current scope. */
  toRooted(context: AsContext): Rooted<ExternRef<D>> {
    return makeRooted(context.store, this.#entry(context.store)) as Rooted<ExternRef<D>>;
  }

  /** The heap entry, after checking the store and that this handle is still rooted. */
  #entry(store: Store<any>): VMExternRef {
    if (store !== this.#store) throw new StoreMismatchError(`this ${this.describe()}`);
    if (!this.#root.live) {
      throw new UnrootedError(
        this.rooting === 'scoped'
          ? 'this Rooted<ExternRef> was unrooted when its RootScope closed; it can no longer be used'
          : 'this ManuallyRooted<ExternRef> was unrooted; it can no longer be used',
      );
    }
    return this.#root.entry;
  }

  /** Internal: ends a manual root. */
  protected unrootManually(store: Store<any>): void {
    this.#entry(store);
    store.roots.unrootManually(this.#root);
  }

  private describe(): string {
    return this.rooting === 'scoped' ? 'Rooted<ExternRef>' : 'ManuallyRooted<ExternRef>';
  }
}

/** The class behind `ManuallyRooted<ExternRef<D>>`. */
export class ManuallyRootedExternRef<D = unknown> extends ExternRef<D> {
  declare readonly rooting: 'manual';

  /** Ends the root; the reference may be freed by the next GC unless something else holds it. */
  unroot(context: AsContext): void {
    this.unrootManually(context.store);
  }
}

function allocate(store: Store<any>, value: unknown): VMExternRef {
  const entry = store.heap.alloc(value);
  if (entry === null) throw new GcHeapOutOfMemory(value, store.heap.capacity);
  return entry;
}

/** Internal: the heap entry behind a handle, checked (store, still rooted). */
export function externRefEntry(ref: ExternRef<any>, store: Store<any>): VMExternRef {
  return checkedEntry(ref, store);
}

/** Internal: a new `Rooted` handle, in the current scope, to an entry Wasm handed out. */
export function rootedExternRef(store: Store<any>, entry: VMExternRef): Rooted<ExternRef> {
  return makeRooted(store, entry);
}
