/**
 * The few WebIDL conversions the JS API's constructors and methods apply to their
 * arguments, so Memory, Table and Global reject bad input the way
 * `WebAssembly.Memory` and friends do.
 */

/** A dictionary argument: undefined and null read as empty; other non-objects are a TypeError. */
export function dictionary(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' && typeof v !== 'function') throw new TypeError(`${what} must be an object`);
  return v as Record<string, unknown>;
}

/** `[EnforceRange] unsigned long`: a finite number in [0, 2^32 - 1] after truncation, else TypeError. */
export function enforceRangeU32(v: unknown, what: string): number {
  const n = +(v as number); // ToNumber: a BigInt or Symbol throws TypeError
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be a finite number`);
  const i = Math.trunc(n);
  if (i < 0 || i > 0xffffffff) throw new TypeError(`${what} must be in [0, 4294967295]`);
  return i;
}

/** A required `[EnforceRange] unsigned long` dictionary member. */
export function requiredU32(dict: Record<string, unknown>, key: string, what: string): number {
  const v = dict[key];
  if (v === undefined) throw new TypeError(`${what}: '${key}' is required`);
  return enforceRangeU32(v, `${what}: '${key}'`);
}

/** An optional `[EnforceRange] unsigned long` dictionary member. */
export function optionalU32(dict: Record<string, unknown>, key: string, what: string): number | undefined {
  const v = dict[key];
  return v === undefined ? undefined : enforceRangeU32(v, `${what}: '${key}'`);
}

/** A WebIDL enum member: ToString, then one of `allowed`, else TypeError. */
export function enumMember<T extends string>(v: unknown, allowed: readonly T[], what: string): T {
  if (v === undefined) throw new TypeError(`${what} is required`);
  const s = `${v as string}`; // ToString (unlike String(), throws a TypeError for a Symbol)
  if (!(allowed as readonly string[]).includes(s)) throw new TypeError(`${what} must be one of ${allowed.join(', ')}, got '${s}'`);
  return s as T;
}
