/**
 * Symbolic operand-stack values.
 *
 * The emitter does not give every stack slot its own variable (wasm2c's way):
 * it keeps each slot as a TS expression and defers it until it is consumed, so
 * `(i32.add (local.get 0) (i32.const 1))` becomes `(x + 1) | 0` inline. A deferred
 * expression must still be evaluated in Wasm's order relative to side effects;
 * two facts per value make that possible:
 *
 * - `reads`: the mutable variables (locals, loop parameters) it reads. Before a
 *   variable is assigned, values that read it are spilled to a temporary.
 * - `impure`: it may trap, or reads state that effects can change (memory,
 *   globals, tables). Before any effect (store, call, global.set, ...) every
 *   impure value still on the stack is spilled, oldest first.
 *
 * i64 values are pairs of int32 expressions: `code` is the low half, `hi` the high.
 */
import type { ValType } from '../model/types.js';
import { UnsupportedError } from '../errors.js';

export interface Value {
  readonly type: ValType;
  /** The expression (low half for i64). Always an atom or fully parenthesized. */
  readonly code: string;
  /** High half for i64. */
  readonly hi?: string;
  /** For i32: `code` is a JS boolean expression (a comparison), converted to 0/1 when used as a number. */
  readonly bool?: boolean;
  readonly reads: ReadonlySet<string>;
  readonly impure: boolean;
  /** A literal or a single-assignment temporary: safe to use twice, never needs spilling. */
  readonly stable: boolean;
  /**
   * f32 only: the value is never a signalling NaN held in a double (it came out of
   * `Math.fround` or is a literal), so `setFloat32` and `fround` keep its bits exactly.
   */
  readonly quietNaN?: boolean;
  /**
   * f32 only: a cheaper spelling that may quiet a signalling NaN, for consumers that
   * quiet NaN operands anyway or ignore their payload (see `quietsOperands` in ./numeric.ts).
   * It has the same effects and traps as `code`.
   */
  readonly quieted?: string;
  /**
   * How many operators deep `code` (and `hi`) nest, at most: 0 for literals, variables and
   * temps, and for a derived value one more than its deepest operand (even where an
   * operator folded away). The emitter evaluates a value into a temporary when it would
   * nest deeper than MAX_EXPRESSION_DEPTH (BodyEmitter.push).
   */
  readonly depth?: number;
}

/**
 * The deepest a deferred expression may nest before it is evaluated into a temporary. A long
 * chain of stack operations (`local.get 0` then 2,000 × `local.get 0; i32.add`) would otherwise
 * be one expression 2,000 operators deep, which V8's parser refuses with "Maximum call stack
 * size exceeded" when the module loads, and which took the emitter quadratic time to build
 * (100,000 adds: 64 s). Compilers' code nests far less: sql.js's and QuickJS's output is the
 * same with or without the limit.
 */
export const MAX_EXPRESSION_DEPTH = 48;

const NONE: ReadonlySet<string> = new Set();

export function constant(type: ValType, code: string, hi?: string): Value {
  return { type, code, hi, reads: NONE, impure: false, stable: true };
}

/**
 * A temporary: stable (never assigned while a value that holds it is on the stack). It is
 * among its `reads` so the emitter can tell when no value holds it any more (./temp-pool.ts).
 */
export function temp(type: ValType, name: string): Value {
  return { type, code: name, hi: type === 'i64' ? `${name}$hi` : undefined, reads: new Set([name]), impure: false, stable: true };
}

export function variable(type: ValType, name: string): Value {
  return { type, code: name, hi: type === 'i64' ? `${name}$hi` : undefined, reads: new Set([name]), impure: false, stable: false };
}

/** A value computed from operands: inherits their reads and impurity. */
export function derived(
  type: ValType,
  code: string,
  from: readonly Value[],
  opts: { hi?: string; bool?: boolean; impure?: boolean; quietNaN?: boolean; quieted?: string } = {},
): Value {
  let reads: Set<string> | undefined;
  let impure = opts.impure ?? false;
  let depth = 0;
  for (const v of from) {
    if (v.impure) impure = true;
    if ((v.depth ?? 0) > depth) depth = v.depth!;
    if (v.reads.size) {
      reads ??= new Set();
      for (const r of v.reads) reads.add(r);
    }
  }
  return { type, code, hi: opts.hi, bool: opts.bool, reads: reads ?? NONE, impure, stable: false, quietNaN: opts.quietNaN, quieted: opts.quieted, depth: depth + 1 };
}

export function isAtom(code: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(code) || /^-?[0-9]+$/.test(code);
}

/** An integer literal, possibly parenthesized (`0`, `-1`, `(-5)`). */
export function isLiteral(code: string): boolean {
  return literalValue(code) !== undefined;
}

/** The value of an integer literal, possibly parenthesized; undefined for any other expression. */
export function literalValue(code: string): number | undefined {
  const m = /^\(?(-?[0-9]+)\)?$/.exec(code);
  return m ? Number(m[1]) : undefined;
}

/**
 * The expression as a number (booleans become 0/1). Unary plus rather than `c ? 1 : 0`:
 * V8 compiles it to a flag move with no branch, which matters when the comparison depends
 * on data (see the carries in i64.ts).
 */
export function num(v: Value): string {
  return v.bool ? `+(${v.code})` : v.code;
}

/** The expression as a condition (numbers are truthy when non-zero, as i32 is never NaN). */
export function cond(v: Value): string {
  return v.code;
}

/** TS type of a value of this Wasm type (per half, for i64). */
export function tsType(t: ValType): string {
  switch (t) {
    case 'i32':
    case 'i64':
    case 'f32':
    case 'f64':
      return 'number';
    case 'funcref':
      return 'FuncRef | null';
    case 'externref':
      return 'unknown';
    case 'v128':
      throw new UnsupportedError('v128 values (SIMD)');
  }
}

/** The TS types of these Wasm values in the internal ABI, where an i64 is two numbers (low, high). */
export function abiTypes(types: readonly ValType[]): string[] {
  return types.flatMap((t) => (t === 'i64' ? ['number', 'number'] : [tsType(t)]));
}

/** The internal-ABI expressions of a value list (an i64 as its two halves), matching abiTypes. */
export function abiArgs(values: readonly Value[]): string[] {
  return values.flatMap((v) => (v.type === 'i64' ? [v.code, v.hi as string] : [num(v)]));
}

export function zeroOf(t: ValType): string {
  return t === 'funcref' || t === 'externref' ? 'null' : '0';
}
