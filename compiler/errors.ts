/** The one error type the compiler throws for bad input: a message and, where known, the byte offset. */
export class CompileError extends Error {
  /**
   * True when the input uses a WebAssembly feature wasm2ts does not support yet (SIMD, GC, ...),
   * as opposed to being malformed or invalid. See UnsupportedError.
   */
  readonly unsupported: boolean;

  constructor(
    message: string,
    /** Byte offset in the module binary (or in the text, for .wat input) where the problem is. */
    readonly offset?: number,
    options?: { readonly unsupported?: boolean },
  ) {
    super(offset === undefined ? message : `${message} (at byte offset ${offset})`);
    this.name = 'CompileError';
    this.unsupported = options?.unsupported ?? false;
  }
  /** The message without the offset suffix. */
  get problem(): string {
    return this.offset === undefined ? this.message : this.message.slice(0, this.message.lastIndexOf(' (at byte offset'));
  }
}

/** Input that may well be valid WebAssembly but uses a feature we do not support: "unsupported: <feature>". */
export class UnsupportedError extends CompileError {
  constructor(
    /** The feature, e.g. "SIMD" or "memory64". */
    readonly feature: string,
    offset?: number,
  ) {
    super(`unsupported: ${feature}`, offset, { unsupported: true });
    this.name = 'UnsupportedError';
  }
}

/** Exhaustiveness helper for switches over union types. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`internal: unexpected ${what}: ${JSON.stringify(x)}`);
}
