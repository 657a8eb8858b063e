/**
 * Differential testing: run the same calls on a wasm2ts-generated instance and on Node's
 * native WebAssembly instance of the same .wat, and require the same outcomes. An optional
 * explicit expectation per call is checked against both, so a hand-written value that
 * native disagrees with shows up as a test bug rather than a compiler bug.
 */
import type { ExecutionContext } from 'ava';
import { Global, Memory, Table, Trap, TRAP_MESSAGES, type TrapCode } from '../../runtime-lib/index.js';
import { loadFixture, nativeInstance, readFixture } from './generated.js';
import { NativeWebAssembly, type NativeInstance } from './native-wasm.js';

/** A trap, as an expected outcome. */
export interface Trapped {
  readonly trap: TrapCode;
}
export function trap(code: TrapCode): Trapped {
  return { trap: code };
}

/** A JS error that is not a trap (e.g. a TypeError converting an argument), by constructor name. */
export interface Thrown {
  readonly throws: string;
}
export function throws(errorName: string): Thrown {
  return { throws: errorName };
}

/**
 * `[exportName, args]`, or `[exportName, args, expected]` where expected is a value (or an
 * array for several results), `trap(code)` or `throws(errorName)`. A call that must return nothing is written
 * with `undefined` as the third element.
 */
export type Call = readonly [exportName: string, args: readonly unknown[], expected?: unknown];

/** The host-object constructors an imports object is built from; differ between the two sides. */
export interface HostKinds {
  readonly side: 'native' | 'wasm2ts';
  readonly Memory: typeof NativeWebAssembly.Memory | typeof Memory;
  readonly Table: typeof NativeWebAssembly.Table | typeof Table;
  readonly Global: typeof NativeWebAssembly.Global | typeof Global;
}
export type ImportsFactory = (host: HostKinds) => Record<string, Record<string, unknown>>;

export const nativeHost: HostKinds = {
  side: 'native',
  Memory: NativeWebAssembly.Memory,
  Table: NativeWebAssembly.Table,
  Global: NativeWebAssembly.Global,
};
export const wasm2tsHost: HostKinds = { side: 'wasm2ts', Memory, Table, Global };

type Outcome =
  | { readonly kind: 'value'; readonly value: unknown }
  /** Native traps name a set of codes (V8 merges some spec traps into one message). */
  | { readonly kind: 'trap'; readonly codes: readonly TrapCode[]; readonly detail: string }
  | { readonly kind: 'error'; readonly name: string; readonly detail: string };

/** V8's trap messages (Node 20) and the spec traps each can stand for. */
const V8_TRAPS: ReadonlyArray<readonly [RegExp, readonly TrapCode[]]> = [
  [/^memory access out of bounds$/, ['OutOfBoundsMemory']],
  [/^(divide|remainder) by zero$/, ['IntegerDivideByZero']],
  [/^divide result unrepresentable$/, ['IntegerOverflow']],
  [/^float unrepresentable in integer range$/, ['IntegerOverflow', 'InvalidConversionToInteger']],
  [/^unreachable$/, ['Unreachable']],
  [/^table index is out of bounds$/, ['UndefinedElement', 'OutOfBoundsTable']],
  [/^null function or function signature mismatch$/, ['UninitializedElement', 'IndirectCallTypeMismatch']],
  [/^(element|data) segment (has been dropped|out of bounds)$/, ['OutOfBoundsMemory', 'OutOfBoundsTable']],
];

function nativeOutcome(run: () => unknown): Outcome {
  try {
    return { kind: 'value', value: run() };
  } catch (error) {
    const detail = describeError(error);
    if (error instanceof NativeWebAssembly.RuntimeError) {
      const match = V8_TRAPS.find(([pattern]) => pattern.test(error.message));
      if (match) return { kind: 'trap', codes: match[1], detail };
    }
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      return { kind: 'trap', codes: ['CallStackExhausted'], detail };
    }
    return { kind: 'error', name: errorName(error), detail };
  }
}

function wasm2tsOutcome(run: () => unknown): Outcome {
  try {
    return { kind: 'value', value: run() };
  } catch (error) {
    const detail = describeError(error);
    // The message is the spec text, optionally followed by a detail such as the element index.
    if (error instanceof Trap && (error.message === TRAP_MESSAGES[error.code] || error.message.startsWith(`${TRAP_MESSAGES[error.code]} `))) {
      return { kind: 'trap', codes: [error.code], detail };
    }
    return { kind: 'error', name: errorName(error), detail };
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.constructor.name : typeof error;
}

function describeError(error: unknown): string {
  if (error instanceof Trap) return `Trap(${error.code}: ${error.message})`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `thrown ${String(error)}`;
}

/** Same value as Wasm sees it: NaN equals NaN, -0 differs from +0, i64 compared as bigint. */
export function sameWasmValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameWasmValue(x, b[i]));
  }
  // Function references from two engines can't be identical: both being functions is a match.
  if (typeof a === 'function' && typeof b === 'function') return true;
  return Object.is(a, b);
}

export function showValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(showValue).join(', ')}]`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'function') return '<function>';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value !== null && typeof value === 'object') return `<object ${JSON.stringify(value)}>`;
  return String(value);
}

function showOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'value':
      return showValue(outcome.value);
    case 'trap':
      return `trap ${outcome.codes.join('|')} (${outcome.detail})`;
    case 'error':
      return `error ${outcome.detail}`;
  }
}

function isTrapped(expected: unknown): expected is Trapped {
  return typeof expected === 'object' && expected !== null && 'trap' in expected;
}

function isThrown(expected: unknown): expected is Thrown {
  return typeof expected === 'object' && expected !== null && 'throws' in expected;
}

/** Does `outcome` satisfy the explicit expectation? */
function meetsExpectation(outcome: Outcome, expected: unknown): boolean {
  if (isTrapped(expected)) return outcome.kind === 'trap' && outcome.codes.includes(expected.trap);
  if (isThrown(expected)) return outcome.kind === 'error' && outcome.name === expected.throws;
  return outcome.kind === 'value' && sameWasmValue(outcome.value, expected);
}

/** Do the two engines agree? A wasm2ts trap must be one of the codes V8's message allows. */
function agree(native: Outcome, ours: Outcome): boolean {
  if (native.kind === 'value' && ours.kind === 'value') return sameWasmValue(native.value, ours.value);
  if (native.kind === 'trap' && ours.kind === 'trap') return native.codes.includes(ours.codes[0]!);
  if (native.kind === 'error' && ours.kind === 'error') return native.name === ours.name;
  return false;
}

export interface Instances {
  readonly native: NativeInstance;
  readonly wasm2ts: { exports: Record<string, any> };
}

/** One native and one wasm2ts instance of a fixture, each with imports made by `imports`. */
export async function instancesOf(fixture: string, imports?: ImportsFactory): Promise<Instances> {
  const generated = await loadFixture(fixture);
  return {
    native: nativeInstance(readFixture(fixture), imports?.(nativeHost) ?? {}),
    wasm2ts: generated.instantiate(imports?.(wasm2tsHost) ?? {}),
  };
}

/**
 * Runs `calls` in order on one fresh instance per engine (so state carries from call to
 * call, traps included). Asserts that native meets every explicit expectation (otherwise
 * the test itself is wrong) and that wasm2ts meets it too, or agrees with native where
 * no expectation is written. All disagreements are listed together on failure.
 */
export async function differential(
  t: ExecutionContext,
  fixture: string,
  calls: readonly Call[],
  imports?: ImportsFactory,
): Promise<Instances> {
  const instances = await instancesOf(fixture, imports);
  const testBugs: string[] = [];
  const mismatches: string[] = [];
  for (const call of calls) {
    const [name, args] = call;
    const label = `${fixture}.${name}(${args.map(showValue).join(', ')})`;
    const nativeFunction = instances.native.exports[name] as (...args: unknown[]) => unknown;
    const ourFunction = instances.wasm2ts.exports[name] as unknown;
    const native = nativeOutcome(() => nativeFunction(...args));
    const ours: Outcome =
      typeof ourFunction === 'function'
        ? wasm2tsOutcome(() => ourFunction(...args))
        : { kind: 'error', name: 'missing export', detail: `no exported function '${name}'` };
    if (call.length >= 3) {
      const expected = call[2];
      const shown = isTrapped(expected) ? `trap ${expected.trap}` : isThrown(expected) ? `throws ${expected.throws}` : showValue(expected);
      if (!meetsExpectation(native, expected)) testBugs.push(`${label}: expected ${shown}, native gives ${showOutcome(native)}`);
      if (!meetsExpectation(ours, expected)) mismatches.push(`${label}: expected ${shown}, wasm2ts gives ${showOutcome(ours)}`);
    } else if (!agree(native, ours)) {
      mismatches.push(`${label}: native gives ${showOutcome(native)}, wasm2ts gives ${showOutcome(ours)}`);
    }
  }
  t.deepEqual(firstFew(testBugs), [], `${fixture}: expectations native WebAssembly disagrees with (a bug in the test)`);
  t.deepEqual(firstFew(mismatches), [], `${fixture}: calls where wasm2ts is wrong (${mismatches.length} of ${calls.length})`);
  return instances;
}

function firstFew(lines: string[], limit = 25): string[] {
  return lines.length <= limit ? lines : [...lines.slice(0, limit), `... and ${lines.length - limit} more`];
}

/** Every pair of `values`, as argument lists: a compact way to cover a binary operator. */
export function pairs<T>(values: readonly T[]): T[][] {
  return values.flatMap((a) => values.map((b) => [a, b]));
}

/** `[name, [arg]]` calls for every export in `names` and every argument in `args`. */
export function everyCall(names: readonly string[], args: readonly (readonly unknown[])[]): Call[] {
  return names.flatMap((name) => args.map((a): Call => [name, a]));
}
