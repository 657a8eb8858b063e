/**
 * The differential harness: one module, run natively (Node's WebAssembly) and through
 * wasm2ts's generated code with the same deterministic host imports, compared call by call.
 *
 * What is compared, per call: the outcome (results bit for bit, except NaN; trap or not and
 * its kind; other exceptions by constructor name) and the host-call log the call produced.
 * After each pass: exported globals, exported tables (length, null or not), and the
 * exported memory (length and SHA-1 of the contents).
 *
 * NaN rule: a NaN that crosses the JS boundary (a result, a host-call argument, a
 * Global#value) matches any NaN. V8 may canonicalise NaN at its own boundary, and Wasm
 * arithmetic produces nondeterministic NaN bits anyway (spec: "arithmetic NaN"), so
 * comparing their bits there would report engine freedom as bugs. Memory is compared
 * byte for byte; a difference whose every differing byte lies in a 4- or 8-byte window
 * that is a NaN on both sides is classified `nan-bits` instead (reported, not a mismatch).
 *
 * Stack rule: deep recursion may exhaust the stack at different depths on the two sides.
 * If either side's call ends in stack exhaustion (V8: RangeError "Maximum call stack size
 * exceeded"; wasm2ts: Trap CallStackExhausted), that call is not compared and the pass
 * stops there: the two sides ran different amounts of code, so later state may differ
 * legitimately. Everything before that call was already compared.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { compile, CompileError, type OutlineLimits } from '../compiler/index.js';
import { parseOutlineLimits } from '../compiler/emit/outline.js';
import { Global, Memory, Table, Trap } from '../runtime-lib/index.js';
import { readWasmInfo, type FuncSig, type ImportEntry, type ValType, type WasmInfo } from './wasm-info.js';

// ---- Node's WebAssembly, typed by hand (lib ES2022 has no WebAssembly declarations) ----
interface NativeApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number; maximum?: number }) => unknown;
  Table: new (d: { initial: number; maximum?: number; element: string }, value?: unknown) => unknown;
  Global: new (d: { value: string; mutable?: boolean }, value?: unknown) => unknown;
  RuntimeError: new (message?: string) => Error;
  validate(bytes: Uint8Array): boolean;
}
export const NativeWasm = (globalThis as unknown as { WebAssembly: NativeApi }).WebAssembly;

type Side = 'native' | 'wasm2ts';

/** V8's trap messages (Node 20) and the spec trap codes each may stand for. */
const V8_TRAPS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^memory access out of bounds$/, ['OutOfBoundsMemory']],
  [/^(divide|remainder) by zero$/, ['IntegerDivideByZero']],
  [/^divide result unrepresentable$/, ['IntegerOverflow']],
  [/^float unrepresentable in integer range$/, ['InvalidConversionToInteger', 'IntegerOverflow']],
  [/^unreachable$/, ['Unreachable']],
  [/^table index is out of bounds$/, ['UndefinedElement', 'OutOfBoundsTable']],
  [/^null function or function signature mismatch$/, ['UninitializedElement', 'IndirectCallTypeMismatch']],
  [/^data segment (has been dropped|is )?out of bounds$/, ['OutOfBoundsMemory']],
  [/^element segment (has been dropped|is )?out of bounds$/, ['OutOfBoundsTable']],
  [/^(element|data) segment has been dropped$/, ['OutOfBoundsMemory', 'OutOfBoundsTable']],
  [/^table (access|index) out of bounds|^table index is out of bounds/, ['OutOfBoundsTable']],
  [/^dereferencing a null pointer$/, ['NullReference']],
];

export type Outcome =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'trap'; readonly codes: readonly string[]; readonly message: string }
  | { readonly kind: 'stack'; readonly message: string }
  | { readonly kind: 'error'; readonly name: string; readonly message: string };

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

export function nativeOutcomeOf(e: unknown): Outcome {
  if (isStackOverflow(e)) return { kind: 'stack', message: (e as Error).message };
  if (e instanceof NativeWasm.RuntimeError) {
    // Traps during instantiation carry the API's prefix: "WebAssembly.Instance(): ...".
    const message = e.message.replace(/^WebAssembly\.\w+\(\): /, '');
    const m = V8_TRAPS.find(([re]) => re.test(message));
    if (m) return { kind: 'trap', codes: m[1], message: e.message };
    return { kind: 'trap', codes: ['?' + e.message], message: e.message };
  }
  return { kind: 'error', name: errorName(e), message: errorMessage(e) };
}

export function oursOutcomeOf(e: unknown): Outcome {
  if (e instanceof Trap) {
    if (e.code === 'CallStackExhausted') return { kind: 'stack', message: e.message };
    return { kind: 'trap', codes: [e.code], message: e.message };
  }
  if (isStackOverflow(e)) return { kind: 'stack', message: (e as Error).message };
  return { kind: 'error', name: errorName(e), message: errorMessage(e) };
}

function errorName(e: unknown): string {
  if (e instanceof Error) return e.constructor.name;
  return `thrown ${typeof e}`;
}
function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** How a value is shown in logs and compared: NaN is just "NaN", -0 stays "-0". */
export function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'function';
  if (v === EXTERN_VALUE) return 'extern-object';
  return typeof v;
}

export function showOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'value':
      return show(o.value);
    case 'trap':
      return `trap ${o.codes.join('|')} (${o.message})`;
    case 'stack':
      return `stack exhausted (${o.message})`;
    case 'error':
      return `${o.name}: ${o.message}`;
  }
}

function sameOutcome(native: Outcome, ours: Outcome): boolean {
  if (native.kind === 'value' && ours.kind === 'value') return show(native.value) === show(ours.value);
  if (native.kind === 'trap' && ours.kind === 'trap') return native.codes.includes(ours.codes[0]!);
  if (native.kind === 'error' && ours.kind === 'error') return native.name === ours.name;
  return false;
}

/** The one externref value both sides get from imports. */
const EXTERN_VALUE = Object.freeze({ fuzz: 'extern' });

// ---- deterministic arguments ----
const I32_ARGS = [0, 1, -1, 0x7fffffff, -0x80000000, 42, 65535, 7, -2, 4096];
const I64_ARGS = [0n, 1n, -1n, 0x7fffffffffffffffn, -0x8000000000000000n, 42n, 0x100000000n, 7n, -2n, 4096n];
const F_ARGS = [0, -0, 1.5, -1, NaN, Infinity, -Infinity, 1e10, 3.4e38, 0.1];

function argFor(type: ValType, variant: number): unknown {
  switch (type) {
    case 'i32':
      return I32_ARGS[variant % I32_ARGS.length];
    case 'i64':
      return I64_ARGS[variant % I64_ARGS.length];
    case 'f32':
    case 'f64':
      return F_ARGS[variant % F_ARGS.length];
    case 'externref':
      return variant % 2 === 0 ? null : EXTERN_VALUE;
    default:
      return null;
  }
}

/** Arguments for an export: variant 0 is all zeros (as Binaryen's fuzz shell passes null). */
export function argsFor(sig: FuncSig, variant: number, small = false): unknown[] {
  return sig.params.map((t, i) => {
    if (variant === 0) return argFor(t, 0);
    if (small) {
      // Mutated real programs often loop for a count taken from an argument: keep it tiny.
      const k = 1 + ((variant + i) % 3);
      return t === 'i64' ? BigInt(k) : t === 'i32' || t === 'f32' || t === 'f64' ? k : null;
    }
    return argFor(t, variant + i);
  });
}

// ---- the host side ----
interface HostState {
  readonly side: Side;
  log: string[];
  exports: Record<string, unknown> | undefined;
  exportList: { name: string; value: unknown }[];
  depth: number;
}

function isTrapOn(side: Side, e: unknown): boolean {
  return side === 'native' ? e instanceof NativeWasm.RuntimeError : e instanceof Trap;
}

/** Binaryen fuzz_shell.js semantics: call with a null per parameter. */
function callFunc(state: HostState, f: unknown): unknown {
  if (typeof f !== 'function') throw new TypeError('not a function');
  const args: null[] = [];
  for (let i = 0; i < f.length; i++) args.push(null);
  return (f as (...a: unknown[]) => unknown)(...args);
}

function tryCall(state: HostState, f: () => unknown, rethrow: boolean): number {
  try {
    f();
    return 0;
  } catch (e) {
    if (isTrapOn(state.side, e)) throw e;
    if (isStackOverflow(e) || (e instanceof Error && /out of memory/.test(e.message))) throw e;
    if (rethrow) throw e;
    state.log.push(`  caught ${errorName(e)}`);
    return 1;
  }
}

function fuzzingSupport(state: HostState, name: string): ((...args: any[]) => unknown) | undefined {
  const log = (label: string) => (...args: unknown[]) => {
    state.log.push(`${label}(${args.map(show).join(', ')})`);
  };
  switch (name) {
    case 'log-i32':
    case 'log-i64':
    case 'log-f32':
    case 'log-f64':
      return log(name);
    case 'log-branch':
      return log(name);
    case 'throw':
      return (which: unknown) => {
        state.log.push(`throw(${show(which)})`);
        throw new Error('js exception');
      };
    case 'table-get':
      return (index: number) => {
        state.log.push(`table-get(${index})`);
        const table = state.exports?.['table'] as { get(i: number): unknown } | undefined;
        if (!table) throw new TypeError('no table export');
        return table.get(index >>> 0);
      };
    case 'table-set':
      return (index: number, value: unknown) => {
        state.log.push(`table-set(${index}, ${show(value)})`);
        const table = state.exports?.['table'] as { set(i: number, v: unknown): void } | undefined;
        if (!table) throw new TypeError('no table export');
        table.set(index >>> 0, value);
      };
    case 'call-export':
      return (index: number, flags: number) => {
        state.log.push(`call-export(${index}, ${flags})`);
        const entry = state.exportList[index];
        if (!entry) throw new TypeError('no such export');
        const run = () => callFunc(state, entry.value);
        if ((flags & 1) === 0) run();
        else tryCall(state, run, true);
      };
    case 'call-export-catch':
      return (index: number) => {
        state.log.push(`call-export-catch(${index})`);
        const entry = state.exportList[index];
        return tryCall(state, () => {
          if (!entry) throw new TypeError('no such export');
          callFunc(state, entry.value);
        }, false);
      };
    case 'call-ref':
      return (ref: unknown, flags: number) => {
        state.log.push(`call-ref(${show(ref)}, ${flags})`);
        const run = () => callFunc(state, ref);
        if ((flags & 1) === 0) run();
        else tryCall(state, run, true);
      };
    case 'call-ref-catch':
      return (ref: unknown) => {
        state.log.push(`call-ref-catch(${show(ref)})`);
        return tryCall(state, () => callFunc(state, ref), false);
      };
    case 'sleep':
      return (ms: number, id: number) => {
        state.log.push(`sleep(${ms}, ${id})`);
        return id;
      };
  }
  return undefined;
}

function zeroOf(t: ValType): unknown {
  if (t === 'i64') return 0n;
  if (t === 'i32' || t === 'f32' || t === 'f64') return 0;
  return null;
}

/** Imports for one side, built from the module's import section. */
function makeImports(info: WasmInfo, state: HostState): Record<string, Record<string, unknown>> {
  const imports: Record<string, Record<string, unknown>> = {};
  const host = state.side === 'native' ? NativeWasm : { Memory, Table, Global };
  for (const imp of info.imports) {
    const ns = (imports[imp.module] ??= {});
    ns[imp.name] = importValue(info, state, imp, host);
  }
  return imports;
}

function importValue(
  info: WasmInfo,
  state: HostState,
  imp: ImportEntry,
  host: { Memory: new (d: any) => unknown; Table: new (d: any, v?: unknown) => unknown; Global: new (d: any, v?: unknown) => unknown },
): unknown {
  switch (imp.kind) {
    case 0: {
      const known = imp.module === 'fuzzing-support' ? fuzzingSupport(state, imp.name) : undefined;
      if (known) return known;
      const sig = info.types[imp.typeIndex] ?? { params: [], results: [] };
      const label = `${imp.module}.${imp.name}`;
      return (...args: unknown[]) => {
        state.log.push(`${label}(${args.map(show).join(', ')})`);
        if (sig.results.length === 0) return undefined;
        if (sig.results.length === 1) return zeroOf(sig.results[0]!);
        return sig.results.map(zeroOf);
      };
    }
    case 1:
      return new host.Table({ initial: imp.min, maximum: imp.max, element: imp.element === 'externref' ? 'externref' : 'anyfunc' });
    case 2:
      return new host.Memory({ initial: imp.min, maximum: imp.max });
    case 3: {
      const value = imp.type === 'externref' ? EXTERN_VALUE : zeroOf(imp.type);
      if (!imp.mutable && (imp.type === 'i32' || imp.type === 'f32' || imp.type === 'f64' || imp.type === 'i64')) {
        return new host.Global({ value: imp.type, mutable: false }, value);
      }
      const valueType = imp.type === 'funcref' ? 'anyfunc' : imp.type;
      return new host.Global({ value: valueType, mutable: imp.mutable }, value);
    }
    default:
      return undefined;
  }
}

// ---- one run ----
export interface DiffOptions {
  /** Where the generated JS is written (must be inside the package, for the runtime's self-reference). */
  readonly workDir: string;
  /** Pass B (a fresh instance per export, with varied arguments). Default true. */
  readonly perExportPass?: boolean;
  /** Use small arguments (mutated real programs may loop for a count taken from an argument). */
  readonly smallArgs?: boolean;
  /** Called when a phase starts (for hang attribution). */
  readonly onPhase?: (phase: 'compile' | 'run') => void;
  /** Rewrites the generated JS before it is loaded: only for testing that the harness notices a broken compiler. */
  readonly transformCode?: (code: string) => string;
  /**
   * The module the native side runs, if not `bytes` (same imports and exports): for triage,
   * which compares a module with its canonical-NaN variant through V8.
   */
  readonly nativeBytes?: Uint8Array;
}

export type DiffStatus =
  /** Both ran and agree. */
  | 'ok'
  /** V8 rejects the module: nothing to compare (counted; for generated modules it means a feature we enabled is not in Node 20). */
  | 'native-invalid'
  /** wasm2ts rejects a module V8 accepts with UnsupportedError: a declared gap, not a bug. */
  | 'unsupported'
  /** Disagreement: see `mismatches`. */
  | 'mismatch';

export interface DiffResult {
  readonly status: DiffStatus;
  readonly mismatches: string[];
  /** Category of the first mismatch, for grouping (e.g. "result", "trap-kind", "log", "memory", "compile-rejects-valid", "compile-crash"). */
  readonly category?: string;
  readonly notes: string[];
  readonly stats: { calls: number; traps: number; stackSkips: number; nanBits: number; hostCalls: number };
  readonly nativeError?: string;
}

let counter = 0;

/**
 * Environment variable holding `ABOVE,CHUNK` for compile()'s `outline` option, set by
 * `--outline` and inherited by the worker processes: fuzzing with tiny sizes checks the
 * function splitter (compiler/emit/outline.ts) on every generated module.
 */
export const OUTLINE_ENV = 'WASM2TS_FUZZ_OUTLINE';

function outlineFromEnv(): OutlineLimits | undefined {
  const v = process.env[OUTLINE_ENV];
  return v ? parseOutlineLimits(v) : undefined;
}

export async function runDifferential(bytes: Uint8Array, options: DiffOptions): Promise<DiffResult> {
  const stats = { calls: 0, traps: 0, stackSkips: 0, nanBits: 0, hostCalls: 0 };
  const notes: string[] = [];
  const mismatches: string[] = [];
  let category: string | undefined;
  const fail = (cat: string, line: string) => {
    category ??= cat;
    mismatches.push(`[${cat}] ${line}`);
  };

  let nativeModule: object;
  try {
    nativeModule = new NativeWasm.Module(options.nativeBytes ?? bytes);
  } catch (e) {
    return { status: 'native-invalid', mismatches, notes, stats, nativeError: errorMessage(e) };
  }
  const info = readWasmInfo(bytes);

  options.onPhase?.('compile');
  let code: string;
  try {
    code = (await compile(bytes, { target: 'js', format: false, outline: outlineFromEnv() })).code;
  } catch (e) {
    if (e instanceof CompileError && e.unsupported) {
      return { status: 'unsupported', mismatches, notes: [e.message], stats };
    }
    if (e instanceof CompileError) fail('compile-rejects-valid', `wasm2ts rejects a module V8 accepts: ${e.message}`);
    else fail('compile-crash', `compile threw ${errorName(e)}: ${errorMessage(e)}`);
    return { status: 'mismatch', mismatches, category, notes, stats };
  }

  fs.mkdirSync(options.workDir, { recursive: true });
  const file = path.join(options.workDir, `m-${process.pid}-${counter++}.js`);
  fs.writeFileSync(file, options.transformCode ? options.transformCode(code) : code);
  let generated: { instantiate(imports: object): { exports: Record<string, unknown> } };
  try {
    generated = await import(pathToFileURL(file).href);
  } catch (e) {
    fail('generated-code-load', `generated JS failed to load: ${errorName(e)}: ${errorMessage(e)}`);
    return { status: 'mismatch', mismatches, category, notes, stats };
  } finally {
    fs.rmSync(file, { force: true });
  }

  options.onPhase?.('run');
  const funcExports = info.exports.filter((e) => e.kind === 0);
  const sigOf = (funcIndex: number): FuncSig => info.types[info.funcTypes[funcIndex] ?? -1] ?? { params: [], results: [] };

  /** Runs one pass: instantiate both sides, call `calls` in order, compare. */
  const pass = (label: string, calls: { name: string; args: unknown[] }[]) => {
    const states = (['native', 'wasm2ts'] as const).map(
      (side): HostState => ({ side, log: [], exports: undefined, exportList: [], depth: 0 }),
    );
    const [nat, ours] = states as [HostState, HostState];
    // Instantiate.
    let natInst: { exports: Record<string, unknown> } | undefined;
    let ourInst: { exports: Record<string, unknown> } | undefined;
    let natOut: Outcome;
    let ourOut: Outcome;
    try {
      natInst = new NativeWasm.Instance(nativeModule, makeImports(info, nat));
      natOut = { kind: 'value', value: undefined };
    } catch (e) {
      natOut = nativeOutcomeOf(e);
    }
    try {
      ourInst = generated.instantiate(makeImports(info, ours));
      ourOut = { kind: 'value', value: undefined };
    } catch (e) {
      ourOut = oursOutcomeOf(e);
    }
    if (natOut.kind === 'stack' || ourOut.kind === 'stack') {
      stats.stackSkips++;
      notes.push(`${label}: instantiation exhausted the stack on one side; pass skipped`);
      return;
    }
    if (!sameOutcome(natOut, ourOut)) {
      fail(natOut.kind === 'trap' && ourOut.kind === 'trap' ? 'trap-kind' : 'instantiate', `${label}: instantiate: native ${showOutcome(natOut)}, wasm2ts ${showOutcome(ourOut)}`);
      return;
    }
    if (!compareLogs(`${label}: instantiate (start function)`, nat, ours)) return;
    if (!natInst || !ourInst) return; // both failed the same way
    for (const [state, inst] of [[nat, natInst], [ours, ourInst]] as const) {
      state.exports = inst.exports;
      state.exportList = info.exports.map((e) => ({ name: e.name, value: inst.exports[e.name] }));
    }
    for (const call of calls) {
      stats.calls++;
      const what = `${label}: ${call.name}(${call.args.map(show).join(', ')})`;
      const run = (inst: { exports: Record<string, unknown> }, outcomeOf: (e: unknown) => Outcome): Outcome => {
        const f = inst.exports[call.name];
        if (typeof f !== 'function') return { kind: 'error', name: 'missing export', message: call.name };
        try {
          return { kind: 'value', value: (f as (...a: unknown[]) => unknown)(...call.args) };
        } catch (e) {
          return outcomeOf(e);
        }
      };
      const n = run(natInst, nativeOutcomeOf);
      const o = run(ourInst, oursOutcomeOf);
      if (n.kind === 'stack' || o.kind === 'stack') {
        stats.stackSkips++;
        notes.push(`${what}: stack exhausted (native ${n.kind === 'stack' ? 'yes' : 'no'}, wasm2ts ${o.kind === 'stack' ? 'yes' : 'no'}); rest of pass skipped`);
        return;
      }
      if (n.kind === 'trap') stats.traps++;
      if (!sameOutcome(n, o)) {
        const cat =
          n.kind === 'trap' && o.kind === 'trap' ? 'trap-kind' : n.kind === 'value' && o.kind === 'value' ? 'result' : `outcome-${n.kind}-vs-${o.kind}`;
        fail(cat, `${what}: native ${showOutcome(n)}, wasm2ts ${showOutcome(o)}`);
        return;
      }
      if (!compareLogs(what, nat, ours)) return;
    }
    compareState(label, info, natInst.exports, ourInst.exports);
  };

  const compareLogs = (what: string, nat: HostState, ours: HostState): boolean => {
    stats.hostCalls += nat.log.length;
    const a = nat.log;
    const b = ours.log;
    nat.log = [];
    ours.log = [];
    if (a.length === b.length && a.every((x, i) => x === b[i])) return true;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    fail('host-log', `${what}: host-call logs differ at entry ${i}: native ${a[i] ?? '<end>'}, wasm2ts ${b[i] ?? '<end>'} (lengths ${a.length}, ${b.length})`);
    return false;
  };

  const compareState = (label: string, info: WasmInfo, natExports: Record<string, unknown>, ourExports: Record<string, unknown>) => {
    for (const e of info.exports) {
      const a = natExports[e.name];
      const b = ourExports[e.name];
      if (e.kind === 3) {
        let av: unknown, bv: unknown;
        try {
          av = (a as { value: unknown }).value;
        } catch (err) {
          av = `<${errorName(err)}>`;
        }
        try {
          bv = (b as { value: unknown }).value;
        } catch (err) {
          bv = `<${errorName(err)}>`;
        }
        if (show(av) !== show(bv)) fail('global', `${label}: global ${e.name}: native ${show(av)}, wasm2ts ${show(bv)}`);
      } else if (e.kind === 2) {
        const ab = new Uint8Array((a as { buffer: ArrayBuffer }).buffer);
        const bb = new Uint8Array((b as { buffer: ArrayBuffer }).buffer);
        if (ab.length !== bb.length) {
          fail('memory', `${label}: memory ${e.name} size: native ${ab.length}, wasm2ts ${bb.length}`);
          continue;
        }
        if (hash(ab) === hash(bb)) continue;
        const diff = memoryDiff(ab, bb);
        if (diff.nanOnly) {
          stats.nanBits++;
          notes.push(`${label}: memory ${e.name} differs only in NaN bits (first at ${diff.first})`);
        } else {
          fail('memory', `${label}: memory ${e.name} differs: first at byte ${diff.first} (native ${hex(ab, diff.first)}, wasm2ts ${hex(bb, diff.first)}), ${diff.count} bytes differ`);
        }
      } else if (e.kind === 1) {
        const at = a as { length: number; get(i: number): unknown };
        const bt = b as { length: number; get(i: number): unknown };
        if (at.length !== bt.length) {
          fail('table', `${label}: table ${e.name} length: native ${at.length}, wasm2ts ${bt.length}`);
          continue;
        }
        for (let i = 0; i < at.length && i < 10000; i++) {
          const x = at.get(i);
          const y = bt.get(i);
          if ((x === null) !== (y === null)) {
            fail('table', `${label}: table ${e.name}[${i}]: native ${show(x)}, wasm2ts ${show(y)}`);
            break;
          }
        }
      }
    }
  };

  // Pass A: one instance, every function export in module order, zero arguments.
  pass('pass A', funcExports.map((e) => ({ name: e.name, args: argsFor(sigOf(e.index), 0) })));
  // Pass B: a fresh instance per export, varied arguments.
  if (options.perExportPass !== false) {
    funcExports.forEach((e, i) => {
      if (mismatches.length > 0) return;
      pass(`pass B #${i}`, [{ name: e.name, args: argsFor(sigOf(e.index), i + 1, options.smallArgs) }]);
    });
  }
  return { status: mismatches.length > 0 ? 'mismatch' : 'ok', mismatches, category, notes, stats };
}

function hash(b: Uint8Array): string {
  return createHash('sha1').update(b).digest('hex');
}

function hex(b: Uint8Array, at: number): string {
  return Array.from(b.subarray(at, at + 8), (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/** Where two memories differ, and whether every differing byte is inside a window that is a NaN on both sides. */
function memoryDiff(a: Uint8Array, b: Uint8Array): { first: number; count: number; nanOnly: boolean } {
  const da = new DataView(a.buffer, a.byteOffset, a.byteLength);
  const db = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let first = -1;
  let count = 0;
  let nanOnly = true;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (first < 0) first = i;
    count++;
    if (!nanOnly) continue;
    let covered = false;
    for (const size of [4, 8]) {
      for (let s = Math.max(0, i - size + 1); s <= i && s + size <= a.length && !covered; s++) {
        const na = size === 4 ? Number.isNaN(da.getFloat32(s, true)) : Number.isNaN(da.getFloat64(s, true));
        const nb = size === 4 ? Number.isNaN(db.getFloat32(s, true)) : Number.isNaN(db.getFloat64(s, true));
        if (na && nb) covered = true;
      }
    }
    if (!covered) nanOnly = false;
  }
  return { first, count, nanOnly };
}
