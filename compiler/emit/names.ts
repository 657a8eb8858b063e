/**
 * Identifier allocation for generated code. Wasm names (from the name section)
 * become readable TS identifiers; everything is deduplicated per scope so a wasm
 * name can never collide with a generated helper, a JS reserved word, or another name.
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await async of get set ' +
    'arguments eval undefined NaN Infinity Math Object Array Number BigInt String Symbol Error globalThis ' +
    'console require module exports process Reflect Proxy Function Promise JSON Date RegExp Map Set WeakMap ' +
    'WeakSet DataView ArrayBuffer Int8Array Uint8Array Int16Array Uint16Array Int32Array Uint32Array ' +
    'Float32Array Float64Array BigInt64Array BigUint64Array type any unknown never number string boolean object ' +
    'declare namespace keyof readonly infer is asserts satisfies as'
  ).split(' '),
);

/** Turns an arbitrary wasm name into an identifier-safe base (no `$`: we use `$` for suffixes like `x$hi`). */
export function sanitize(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (s === '' || /^[0-9]/.test(s)) s = '_' + s;
  return s;
}

export class Namer {
  private readonly used: Set<string>;
  constructor(private readonly parent?: Namer) {
    this.used = new Set();
  }

  private taken(name: string): boolean {
    return RESERVED.has(name) || this.used.has(name) || (this.parent?.taken(name) ?? false);
  }

  /** Reserves an exact identifier (for fixed names such as runtime imports). */
  reserve(name: string): string {
    this.used.add(name);
    return name;
  }

  /** A fresh identifier based on `base`, sanitized and made unique. */
  fresh(base: string): string {
    const clean = sanitize(base);
    if (!this.taken(clean)) return this.reserve(clean);
    for (let i = 1; ; i++) {
      const candidate = `${clean}_${i}`;
      if (!this.taken(candidate)) return this.reserve(candidate);
    }
  }
}

/** A JS string literal for any string (export names, import names): never breaks out of its quotes. */
export function stringLiteral(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A property key for an object literal or interface member: identifier if safe, else quoted. */
export function propertyKey(s: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) && s !== '__proto__' ? s : stringLiteral(s);
}

/** Text safe to put inside a block comment. */
export function commentText(s: string): string {
  return s.replace(/\*\//g, '* /').replace(/[\r\n\u2028\u2029]/g, ' ');
}
