/**
 * The host's roots in one store: what keeps an externref alive from the host side.
 *
 * - Scoped roots (`Rooted`) sit on a LIFO stack. A `RootScope` remembers the stack
 *   height when it opens and unroots everything above it when it closes, so scopes
 *   must close in reverse order of opening. Roots made outside any scope stay for
 *   the store's lifetime, as roots made on a wasmtime `Store` itself do.
 * - Manual roots (`ManuallyRooted`) live in a set until `unroot`.
 *
 * A root is a `RootToken`; a handle checks `token.live` before every use, which is
 * how a `Rooted` used after its scope fails loudly instead of reading a freed entry.
 */
import type { VMExternRef } from './extern-heap.js';

export type RootKind = 'scoped' | 'manual';

export class RootToken {
  live = true;
  constructor(
    readonly entry: VMExternRef,
    readonly kind: RootKind,
  ) {}
}

export class RootSet {
  private readonly scoped: RootToken[] = [];
  /** The scoped stack's height when each open scope began, innermost last. */
  private readonly scopeStarts: number[] = [];
  private readonly manual = new Set<RootToken>();

  /** How many scopes are open. */
  get depth(): number {
    return this.scopeStarts.length;
  }

  /** Roots `entry` in the innermost open scope (or for the store's lifetime, outside any scope). */
  rootScoped(entry: VMExternRef): RootToken {
    const token = new RootToken(entry, 'scoped');
    this.scoped.push(token);
    return token;
  }

  rootManually(entry: VMExternRef): RootToken {
    const token = new RootToken(entry, 'manual');
    this.manual.add(token);
    return token;
  }

  unrootManually(token: RootToken): void {
    token.live = false;
    this.manual.delete(token);
  }

  /** Opens a scope; returns its depth, which `closeScope` checks. */
  openScope(): number {
    this.scopeStarts.push(this.scoped.length);
    return this.scopeStarts.length;
  }

  /** Closes the innermost scope, which must be the one at `depth`, and unroots what it rooted. */
  closeScope(depth: number): void {
    if (depth !== this.scopeStarts.length) {
      throw new Error(`RootScope closed out of order: it is scope ${depth} of ${this.scopeStarts.length} open; scopes close innermost first`);
    }
    const start = this.scopeStarts.pop()!;
    for (let i = start; i < this.scoped.length; i++) this.scoped[i]!.live = false;
    this.scoped.length = start;
  }

  /** How many host roots exist (scoped and manual). */
  get size(): number {
    return this.scoped.length + this.manual.size;
  }

  /** The entries the host roots, for the GC's mark phase. */
  *entries(): IterableIterator<VMExternRef> {
    for (const token of this.scoped) yield token.entry;
    for (const token of this.manual) yield token.entry;
  }
}
