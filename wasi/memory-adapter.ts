/**
 * Hands a wasm2ts `Memory` to @tybys/wasm-util, which was written for
 * `WebAssembly.Memory`.
 *
 * The library checks `instanceof WebAssembly.Memory` once (in `setMemory`), then on
 * every call reads `HEAPU8`, `view` or `buffer` afresh from the object, and calls
 * `grow(0)` when a pointer lies past the end (for shared memories that another thread
 * grew). So an object that inherits the class it checks and answers those members from
 * our memory's *current* buffer is enough: growth replaces our buffer, and every call
 * sees the new one. Own properties shadow the getters of the library's `Memory`
 * subclass (which it swaps in as the prototype and which only work on engine memories).
 */
import './library-prelude.js'; // before the library: see there
import { WebAssemblyMemory } from '@tybys/wasm-util';
import type { Memory } from '../runtime-lib/memory.js';

export function memoryForLibrary(memory: Memory): object {
  // The library exports the `Memory` class it captured when it loaded, the one it checks.
  const adapter = Object.create(WebAssemblyMemory.prototype as object) as object;
  Object.defineProperties(adapter, {
    // The library reads these afresh on every call and keeps none across a growth (no WASI
    // call runs Wasm code): none of them hands the buffer out, so growth need not detach it.
    buffer: { get: () => memory.currentBuffer(), enumerable: true },
    // The runtime keeps byte and DataView views of the current buffer: reuse them.
    HEAPU8: { get: () => memory.bytes, enumerable: true },
    view: { get: () => memory.view, enumerable: true },
    // A zero delta changes nothing here: unlike the JS API's grow(0), it keeps the buffer.
    grow: { value: (delta: number) => (delta === 0 ? memory.pages : memory.grow(delta)) },
  });
  return adapter;
}
