/**
 * Trap codes, declared once. Each code carries the spec's message text, which is what
 * `Trap#message` says and what the spec testsuite's `assert_trap` compares against.
 */
export const TRAP_MESSAGES = {
  OutOfBoundsMemory: 'out of bounds memory access',
  OutOfBoundsTable: 'out of bounds table access',
  IntegerDivideByZero: 'integer divide by zero',
  IntegerOverflow: 'integer overflow',
  InvalidConversionToInteger: 'invalid conversion to integer',
  Unreachable: 'unreachable',
  UndefinedElement: 'undefined element',
  UninitializedElement: 'uninitialized element',
  IndirectCallTypeMismatch: 'indirect call type mismatch',
  CallStackExhausted: 'call stack exhausted',
  NullReference: 'null reference',
} as const;

export type TrapCode = keyof typeof TRAP_MESSAGES;

/**
 * The JS API's `WebAssembly.RuntimeError`. Every trap is one (Trap extends it), so glue
 * that catches `e instanceof WebAssembly.RuntimeError` under the WebAssembly shim sees
 * traps as native glue does; glue also constructs it itself (Emscripten's `abort`).
 */
export class RuntimeError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}

/** A WebAssembly trap: a `RuntimeError` with a `code`. */
export class Trap extends RuntimeError {
  readonly code: TrapCode;
  /**
   * @param detail appended to the spec message, as the reference interpreter does
   * (e.g. the element index: "uninitialized element 2"); the message still starts
   * with the spec text.
   */
  constructor(code: TrapCode, detail?: string | number) {
    super(detail === undefined ? TRAP_MESSAGES[code] : `${TRAP_MESSAGES[code]} ${detail}`);
    this.code = code;
    this.name = 'RuntimeError';
  }
}

/** Throws a trap. Generated code calls this as `trap('Unreachable')`. */
export function trap(code: TrapCode, detail?: string | number): never {
  throw new Trap(code, detail);
}
