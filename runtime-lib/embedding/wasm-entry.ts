/**
 * Host-to-Wasm entries: every call from the host into Wasm (`TypedFunc.call`,
 * `Func.callUnchecked`, `Linker.instantiate`) runs inside `enterWasm`, which keeps
 * the stack canary and the activations table right.
 */
import { translateError } from '../errors.js';
import type { Store } from './store.js';

/**
 * Runs `run` as a host-to-Wasm entry. The outermost entry sets the stack canary; when
 * it returns or throws, it resets the canary and clears the activations table, since
 * no Wasm frame can hold anything any more. Nested entries (from a host function that
 * Wasm called) leave both alone. Arguments must be converted inside `run`: a GC in
 * their conversion must see that a Wasm frame is about to hold them.
 */
export function enterWasm<R>(store: Store<any>, run: () => R): R {
  const outermost = store.canary.enter();
  try {
    return run();
  } finally {
    if (outermost) {
      store.canary.exit();
      store.activationsTable.clear();
    }
  }
}

/**
 * Calls an internal-ABI function. Errors leave as native Wasm's would: a stack
 * overflow or an out-of-bounds access becomes a `Trap` (`translateError`); host
 * errors pass unchanged. Only the call itself is translated, so an error of the
 * embedding API's own conversions (a `RangeError` for a bad raw value) stays itself.
 */
export function invokeWasm(fn: (...args: any[]) => unknown, args: readonly unknown[]): unknown {
  try {
    return fn(...args);
  } catch (e) {
    throw translateError(e);
  }
}
