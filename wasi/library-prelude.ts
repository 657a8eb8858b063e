/**
 * Lets @tybys/wasm-util load where no `WebAssembly` exists (`node --jitless`, engines
 * without Wasm), the very places wasm2ts is for.
 *
 * The library reads the global `WebAssembly` (or WeChat's `WXWebAssembly`) once, when
 * it loads, throws if neither exists, and uses it for one thing our path needs: its
 * `setMemory` accepts only an `instanceof WebAssembly.Memory`. When the global is
 * missing, this module defines `WXWebAssembly` as a stand-in whose `Memory` is an empty
 * class just for that check; `library-postlude.ts` removes it again right after the
 * library has loaded (index.ts imports the three in order), so nothing else ever sees it.
 * memory-adapter.ts inherits from the class the library captured, which the library
 * exports as `WebAssemblyMemory`, to pass the check.
 */
interface WebAssemblyLike {
  Memory: abstract new (...args: never[]) => object;
}

const globals = globalThis as { WebAssembly?: WebAssemblyLike; WXWebAssembly?: WebAssemblyLike };

/** Stands in for `WebAssembly.Memory` in the library's instanceof check; never constructed. */
class NoWebAssemblyMemory {}

/** Whether this module defined the stand-in (so the postlude must remove it). */
export const definedStandIn = globals.WebAssembly === undefined && globals.WXWebAssembly === undefined;

if (definedStandIn) {
  // `Instance` and `Module` exist because the library's other helpers name them (never called by us).
  globals.WXWebAssembly = { Memory: NoWebAssemblyMemory, Instance: class {}, Module: class {} } as WebAssemblyLike;
}
