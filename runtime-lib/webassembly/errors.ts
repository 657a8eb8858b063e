/**
 * The JS API's three error classes. LinkError and RuntimeError are the runtime's own
 * (link.ts throws the one, every Trap is the other), so errors from generated code are
 * `instanceof` the shim's classes without translation.
 */
export { LinkError } from '../errors.js';
export { RuntimeError } from '../trap.js';

/** Like `WebAssembly.CompileError`: bytes the shim cannot turn into a module. */
export class CompileError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = 'CompileError';
  }
}
