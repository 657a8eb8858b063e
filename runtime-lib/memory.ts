/**
 * A linear memory, like `WebAssembly.Memory`.
 *
 * Backed by a fixed-size ArrayBuffer that is replaced on growth: DataView access on
 * a fixed buffer is ~9x faster than on a resizable one in V8 (DESIGN.md), so growth
 * allocates a new buffer, copies, and tells listeners to refresh their views.
 * While the buffer has not left the runtime, growth allocates spare capacity (half as much
 * again), and the next growths within it only make new views of the larger size: a memory
 * grown page by page 2,000 times took 67 s of copying, and takes 0.2 s. The views, and a
 * buffer that leaves (`buffer`), always have exactly the memory's size.
 * The old buffer is detached, as the JS API requires: toolchain glue (wasm-bindgen's, for
 * one) tells stale views by `byteLength === 0`, and writes through a stale view would be
 * lost. `ArrayBuffer.prototype.transfer` (ES2024) does the move; where it is missing (Node
 * 20), `structuredClone` with a transfer list detaches; in an engine with neither, the
 * old buffer stays readable but stale.
 *
 * Only a buffer that has left the runtime can be seen detached, so one the `buffer` getter
 * never handed out is dropped instead, still attached. Why: the first detach of any
 * ArrayBuffer in a V8 process invalidates a protector, and from then on every DataView and
 * typed-array access in optimized code, generated code's included, checks its buffer for
 * detachment (a load, a test and a branch): QuickJS's workload ran 25% slower once its
 * memory had grown, the binarytrees kernel 13% (375 -> 325 ms alone in a process).
 * (Native WebAssembly's growth detaches too.) Glue that re-reads `buffer` after every growth,
 * as Emscripten's does, so that its memories still detach, never looks at the old buffer
 * again: for it the detach buys nothing and costs that check. `unsafeNoDetach` (opt-in; for
 * the polyfill, `install({ unsafeNoDetach })`) leaves a handed-out buffer attached, holding
 * the contents it had at the growth. Glue that tells stale views by `byteLength === 0`
 * (wasm-bindgen's) would then silently use stale memory.
 *
 * Shared memories are accepted (the descriptor is validated) but are backed by an
 * ordinary ArrayBuffer: the runtime is single-threaded.
 */
import { dictionary, optionalU32, requiredU32, enforceRangeU32 } from './webidl.js';

export const PAGE_SIZE = 65536;
/** 2^16 pages = 4 GiB, the most a 32-bit memory can address. */
export const MAX_PAGES = 65536;

export interface MemoryDescriptor {
  initial: number;
  maximum?: number;
  shared?: boolean;
}

type Transferable = ArrayBuffer & { transfer?: (newLength: number) => ArrayBuffer };

/**
 * How many views a memory's liveView holder makes constants for, one per growth, before its
 * view becomes a field that growth writes (see Memory.liveView).
 */
const MAX_CONSTANT_VIEWS = 16;

/** What `unsafeNoDetach` starts as in a new Memory: the newest polyfill install's option (webassembly/index.ts). */
let noDetachDefault = false;

/** Internal (for `install`): the `unsafeNoDetach` of Memories created from now on. */
export function setUnsafeNoDetachDefault(value: boolean): void {
  noDetachDefault = value;
}

export class Memory {
  /** Internal: a DataView of the current buffer. Generated code reads and writes memory through it. */
  view: DataView;
  /** Internal: a byte view of the current buffer, for bulk operations. */
  bytes: Uint8Array;
  /** Internal: the current size in pages. */
  pages: number;
  /** Internal: the declared maximum in pages, if any. */
  readonly maximum: number | undefined;
  /** Internal: whether the descriptor asked for a shared memory. */
  readonly shared: boolean;
  /**
   * Not in the JS API, and unsafe: when true, growth leaves the buffer that `buffer` handed out
   * attached (stale: the contents it had at the growth) instead of detaching it. Only for glue
   * that re-reads `buffer` after every growth (Emscripten's); see the module comment.
   */
  unsafeNoDetach = noDetachDefault;

  private current: ArrayBuffer;
  /** Whether the `buffer` getter has handed `current` out: only then must growth detach it. */
  private handedOut = false;
  /**
   * Whether `current` has left the runtime at all since the last growth (through `buffer` or
   * `currentBuffer()`): the next growth then allocates no spare capacity, since whoever took
   * this buffer will likely take the next one too, and fitBuffer would copy it again.
   */
  private givenOut = false;
  private readonly growListeners: (() => void)[] = [];

  constructor(descriptor: MemoryDescriptor) {
    const what = 'WebAssembly.Memory()';
    // WebIDL reads dictionary members in lexicographic order.
    const dict = dictionary(descriptor, `${what}: the descriptor`);
    const initial = requiredU32(dict, 'initial', what);
    const maximum = optionalU32(dict, 'maximum', what);
    const shared = Boolean(dict['shared']);
    if (initial > MAX_PAGES) throw new RangeError(`${what}: 'initial' ${initial} is above the limit of ${MAX_PAGES} pages`);
    if (maximum !== undefined) {
      if (maximum > MAX_PAGES) throw new RangeError(`${what}: 'maximum' ${maximum} is above the limit of ${MAX_PAGES} pages`);
      if (maximum < initial) throw new RangeError(`${what}: 'maximum' ${maximum} is below 'initial' ${initial}`);
    }
    if (shared && maximum === undefined) throw new TypeError(`${what}: a shared memory needs a 'maximum'`);
    this.maximum = maximum;
    this.shared = shared;
    this.pages = initial;
    this.current = new ArrayBuffer(initial * PAGE_SIZE); // throws RangeError if it cannot allocate
    this.view = new DataView(this.current);
    this.bytes = new Uint8Array(this.current);
  }

  /** The current buffer. It is replaced (and, where the engine can, detached) on every grow. */
  get buffer(): ArrayBuffer {
    this.fitBuffer();
    this.handedOut = this.givenOut = true;
    return this.current;
  }

  /**
   * Internal: the current buffer, for a caller that keeps no reference to it across a growth
   * (so that growth need not detach it; see the module comment).
   */
  currentBuffer(): ArrayBuffer {
    this.fitBuffer();
    this.givenOut = true;
    return this.current;
  }

  /**
   * JS API `grow`: adds `delta` pages, returns the old page count, throws a RangeError
   * if it cannot. Like the JS API, even `grow(0)` replaces the buffer.
   */
  grow(delta: number): number {
    const pages = enforceRangeU32(delta, 'WebAssembly.Memory.grow(): delta');
    const old = this.growInternal(pages);
    if (old < 0) throw new RangeError(`WebAssembly.Memory.grow(): cannot grow by ${pages} pages from ${this.pages}`);
    if (pages === 0) this.useBuffer(this.newBuffer(this.pages), this.pages);
    return old;
  }

  /**
   * Internal: `memory.grow` semantics. Returns the old page count, or -1 if the memory
   * cannot grow (past its maximum, past 4 GiB, or the allocation fails). Never throws.
   * A zero delta changes nothing, so views cached by generated code stay valid.
   */
  growInternal(delta: number): number {
    const old = this.pages;
    if (delta === 0) return old;
    const pages = old + delta;
    if (pages > this.limit()) return -1;
    if (!this.givenOut && pages * PAGE_SIZE <= this.current.byteLength) {
      this.pages = pages; // within the spare capacity: no copy
      this.refreshViews();
      return old;
    }
    let next: ArrayBuffer;
    try {
      next = this.newBuffer(this.givenOut ? pages : Math.min(this.limit(), pages + Math.max(pages >> 1, 1)));
    } catch {
      try {
        next = this.newBuffer(pages); // the spare capacity may be what could not be allocated
      } catch {
        return -1; // allocation failure (RangeError from the engine)
      }
    }
    this.useBuffer(next, pages);
    return old;
  }

  /**
   * Internal: a holder whose `view` is always this memory's current DataView. Generated code
   * reads memory through `holder.view` rather than a variable that growth reassigns, because
   * TurboFan can then fold the view into its code as a constant, length included, and drop
   * the map check and the length reload it otherwise repeats after every store (matmul
   * 270 -> 175 ms).
   *
   * The view is a field of the holder's prototype, never written after construction, so V8
   * knows it constant; the prototype follows from the holder's hidden class. Growth gives the
   * holder a new prototype holding the new view: the holder's hidden class changes, which
   * deoptimizes the code that folded the old view, and that code folds the new one once it
   * is optimized again. (Writing the field instead would make it mutable for good, and a
   * memory that grew once would never have a constant view again.) Each growth costs that
   * deoptimization, so after MAX_CONSTANT_VIEWS growths the last prototype's field is
   * written instead: one more deoptimization, and the view is read at run time from then on.
   *
   * The holder is a constant in a module instantiated once (TurboFan specializes a function
   * on its closure's context then). With several instances it is not, and the view is read at
   * run time; each holder's class still tells TurboFan where the view is (matmul with 2 or 5
   * instances ran as fast as with one). One class per holder also keeps the field write
   * above from reaching other holders.
   */
  liveView(): { readonly view: DataView } {
    const ViewCell = class {
      declare readonly view: DataView; // no class field: its define-then-assign would be a second write
      constructor(view: DataView) {
        (this as { view: DataView }).view = view;
      }
    };
    const holder = Object.create(new ViewCell(this.view)) as { readonly view: DataView };
    let constantViews = 1;
    this.onGrow(() => {
      if (constantViews < MAX_CONSTANT_VIEWS) {
        constantViews++;
        Object.setPrototypeOf(holder, new ViewCell(this.view));
      } else {
        (Object.getPrototypeOf(holder) as { view: DataView }).view = this.view;
      }
    });
    return holder;
  }

  /**
   * Internal: registers `listener` to run whenever `view` and `bytes` are replaced: after every
   * successful grow, from either path, and when the buffer moves out of spare capacity.
   */
  onGrow(listener: () => void): void {
    this.growListeners.push(listener);
  }

  /** The most pages this memory may have. */
  private limit(): number {
    return Math.min(this.maximum ?? MAX_PAGES, MAX_PAGES);
  }

  /**
   * A new buffer of `capacity` pages holding the memory's contents; the current one is
   * detached if it was handed out (see the module comment). A RangeError (the allocation
   * failed) leaves the memory as it was.
   */
  private newBuffer(capacity: number): ArrayBuffer {
    const byteLength = capacity * PAGE_SIZE;
    const old = this.current as Transferable;
    const mustDetach = this.handedOut && !this.unsafeNoDetach;
    if (mustDetach && typeof old.transfer === 'function') return old.transfer(byteLength);
    const next = new ArrayBuffer(byteLength); // first, so that a failed allocation leaves the memory as it was
    new Uint8Array(next).set(mustDetach ? new Uint8Array(detach(old)) : this.bytes);
    return next;
  }

  /** Makes `next` the buffer, of which the memory has `pages` pages, and refreshes the views. */
  private useBuffer(next: ArrayBuffer, pages: number): void {
    this.current = next;
    this.handedOut = this.givenOut = false;
    this.pages = pages;
    this.refreshViews();
  }

  /**
   * Views of exactly the memory's size (the buffer may be longer: spare capacity, so that
   * growing page by page does not copy the whole memory every time), then the listeners.
   */
  private refreshViews(): void {
    const size = this.pages * PAGE_SIZE;
    this.view = new DataView(this.current, 0, size);
    this.bytes = new Uint8Array(this.current, 0, size);
    for (const listener of this.growListeners) listener();
  }

  /**
   * Gives the buffer exactly the memory's size before it leaves the runtime (whose users read
   * the memory's size from its byteLength), moving the contents out of a buffer with spare
   * capacity. That buffer never left the runtime, so nothing can see it stale. The copy
   * needs memory: where none is left, `buffer` throws the engine's RangeError.
   */
  private fitBuffer(): void {
    if (this.current.byteLength <= this.pages * PAGE_SIZE) return; // exact (or detached by its taker)
    this.current = this.current.slice(0, this.pages * PAGE_SIZE);
    this.refreshViews();
  }
}

/**
 * Detaches `buffer` and returns a buffer with its contents (moved, not copied), where the
 * engine can detach; otherwise returns `buffer` itself, still attached.
 */
function detach(buffer: ArrayBuffer): ArrayBuffer {
  const clone = (globalThis as { structuredClone?: (value: unknown, options: { transfer: ArrayBuffer[] }) => unknown }).structuredClone;
  if (typeof clone !== 'function') return buffer;
  return clone(buffer, { transfer: [buffer] }) as ArrayBuffer;
}
