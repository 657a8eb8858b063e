/**
 * `RootScope` (wasmtime's `RootScope`): a region of host code whose `Rooted` refs are
 * unrooted together when it closes. Scopes nest and close innermost first. JS has no
 * destructors, so a scope is closed explicitly; `store.rootScope(fn)` does it for you,
 * also when `fn` throws.
 */
import type { AsContext, Store } from './store.js';

export class RootScope<T = unknown> implements AsContext<T> {
  readonly store: Store<T>;
  readonly #depth: number;
  #open = true;

  /** Opens a scope in the store behind `context`. */
  constructor(context: AsContext<T>) {
    this.store = context.store;
    this.#depth = this.store.roots.openScope();
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** Unroots every `Rooted` created since this scope opened. Closing twice is a no-op. */
  close(): void {
    if (!this.#open) return;
    this.store.roots.closeScope(this.#depth);
    this.#open = false;
  }
}
