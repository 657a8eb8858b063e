/**
 * The stack canary (wasmtime's `stack_canary`): whether a Wasm activation is live in
 * the store, and which host-to-Wasm entry is the outermost.
 *
 * wasmtime records the stack pointer of the outermost entry, so a GC knows how far
 * to walk the stack. We have no stack to walk; what the GC needs is whether any Wasm
 * frame is live, since only then can the activations table hold something a frame
 * still uses. Every host-to-Wasm entry calls `enter`; only the outermost one sets
 * the canary, and only its `exit` resets it.
 */
export class StackCanary {
  private current: number | null = null;
  private entries = 0;

  /** The canary of the outermost live entry (a number unique to it), or null when no Wasm frame is live. */
  get value(): number | null {
    return this.current;
  }

  /** Called by every host-to-Wasm entry; returns true for the outermost one, which must later `exit`. */
  enter(): boolean {
    if (this.current !== null) return false;
    this.current = ++this.entries;
    return true;
  }

  /** Called when the outermost entry returns or throws. */
  exit(): void {
    this.current = null;
  }
}
