/**
 * The instance's `exports` object, shaped like the JS API's: a frozen object with a
 * null prototype. Properties are defined, not assigned, so an export named
 * `__proto__` is an ordinary key rather than a prototype change.
 */
export function makeExports(entries: readonly (readonly [string, unknown])[]): any {
  const exports = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of entries) {
    Object.defineProperty(exports, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return Object.freeze(exports);
}
