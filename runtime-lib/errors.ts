/**
 * Errors at the boundary between generated code and JS.
 *
 * Generated code does not check memory bounds itself: it reads and writes through a
 * DataView, which throws a RangeError out of bounds. Deep recursion also surfaces
 * as a RangeError (in V8 and JSC). `translateError` turns both into the Wasm traps
 * they stand for when an error leaves a Wasm function through its JS wrapper.
 * An error thrown by a host (imported) function is the host's own, even a RangeError,
 * and must pass unchanged, so host calls mark theirs with `markHostError`.
 */
import { Trap } from './trap.js';

/** Like `WebAssembly.LinkError`: an import does not satisfy the module's declaration. */
export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkError';
  }
}

const hostErrors = new WeakSet<object>();

/** Marks an error thrown by host code, so `translateError` leaves it alone. */
export function markHostError(e: unknown): void {
  if (e instanceof Error) hostErrors.add(e);
}

/** Engine-neutral: V8/JSC say "Maximum call stack size exceeded". */
const STACK_MESSAGE = /stack/i;
/** SpiderMonkey reports deep recursion as an InternalError: "too much recursion". */
const RECURSION_MESSAGE = /recursion/i;

/**
 * Maps an error thrown while Wasm code ran to what native Wasm would throw:
 * an unmarked RangeError is a stack overflow or an out-of-bounds memory access;
 * anything else (traps, host errors) is returned unchanged.
 */
export function translateError(e: unknown): unknown {
  if (!(e instanceof Error) || hostErrors.has(e)) return e;
  if (e instanceof RangeError) {
    return new Trap(STACK_MESSAGE.test(e.message) ? 'CallStackExhausted' : 'OutOfBoundsMemory');
  }
  if (e.name === 'InternalError' && RECURSION_MESSAGE.test(e.message)) {
    return new Trap('CallStackExhausted');
  }
  return e;
}
