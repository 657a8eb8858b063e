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

/**
 * The longest identifier a wasm name becomes (longer ones are cut): a name section may hold a
 * name of any length, and a 100,000-character one made a regular expression too large to
 * build ("Invalid regular expression"); no reader wants one that long either.
 */
const MAX_IDENTIFIER_LENGTH = 64;

/** Turns an arbitrary wasm name into an identifier-safe base (no `$`: we use `$` for suffixes like `x$hi`). */
export function sanitize(name: string): string {
  let s = name.slice(0, MAX_IDENTIFIER_LENGTH).replace(/[^A-Za-z0-9_]/g, '_');
  if (s === '' || /^[0-9]/.test(s)) s = '_' + s;
  return s;
}

/**
 * One scope's names: the module's (functions, globals, signatures, split-off pieces...) or a
 * function's (locals and temporaries), whose parent is the module's.
 */
export class Namer {
  private readonly used: Set<string>;
  /**
   * The names given out in the scopes below this one. The module names some things only
   * while functions are written (a signature's constant, a split-off piece), after the
   * locals of functions already written were named; such a name must not be a local's name
   * anywhere, or that local would shadow it (a local named `SIG_1` would have turned a
   * call_indirect's signature check into a comparison with the local). A scope does not
   * avoid its siblings' names: two functions may both have an `l0`.
   */
  private readonly usedBelow = new Set<string>();
  /**
   * The suffix to try first for a base: names are never released, so the suffixes below it
   * stay taken. A name section may give thousands of functions one name (duplicates are
   * valid), and probing from 1 each time was quadratic.
   */
  private readonly nextSuffix = new Map<string, number>();
  constructor(private readonly parent?: Namer) {
    this.used = new Set();
  }

  private taken(name: string): boolean {
    return RESERVED.has(name) || this.used.has(name) || this.usedBelow.has(name) || this.takenAbove(name);
  }

  /** Whether an enclosing scope has the name (not counting what its other children use). */
  private takenAbove(name: string): boolean {
    for (let scope = this.parent; scope; scope = scope.parent) if (scope.used.has(name)) return true;
    return false;
  }

  /** Reserves an exact identifier (for fixed names such as runtime imports). */
  reserve(name: string): string {
    this.used.add(name);
    for (let scope = this.parent; scope; scope = scope.parent) scope.usedBelow.add(name);
    return name;
  }

  /** A fresh identifier based on `base`, sanitized and made unique. */
  fresh(base: string): string {
    const clean = sanitize(base);
    if (!this.taken(clean)) return this.reserve(clean);
    for (let i = this.nextSuffix.get(clean) ?? 1; ; i++) {
      const candidate = `${clean}_${i}`;
      if (!this.taken(candidate)) {
        this.nextSuffix.set(clean, i + 1);
        return this.reserve(candidate);
      }
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
