/** The one error type the compiler throws for bad input: a message and, where known, the byte offset. */
export class CompileError extends Error {
  constructor(
    message: string,
    /** Byte offset in the module binary (or in the text, for .wat input) where the problem is. */
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at byte offset ${offset})`);
    this.name = 'CompileError';
  }
  /** The message without the offset suffix. */
  get problem(): string {
    return this.offset === undefined ? this.message : this.message.slice(0, this.message.lastIndexOf(' (at byte offset'));
  }
}

/** Exhaustiveness helper for switches over union types. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`internal: unexpected ${what}: ${JSON.stringify(x)}`);
}
