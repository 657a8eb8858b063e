/**
 * Runs one parsed .wast script against wasm2ts: every module is compiled to JS, loaded with
 * `import()` and instantiated the way a user would; every assertion yields one result.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Action, Command, Expected, ModuleCommand, ModuleSource, Value } from './wast.js';
import { f32FromBits, f32ToBits, f64FromBits, f64ToBits, hex32, hex64 } from './values.js';
import { boxedList } from '../../runtime-lib/values.js';

export type Status = 'pass' | 'fail' | 'skip';

export interface AssertionResult {
  /** Index of the command in the script. */
  index: number;
  line: number;
  kind: string;
  status: Status;
  /** Short cause (stable enough to compare across runs). */
  reason?: string;
  /** Expected vs actual, for --verbose. */
  detail?: string;
}

// ---------------------------------------------------------------------------------------------
// The compiler and runtime are loaded dynamically (they live in dist/ next to this file) and
// typed here by the shape the runner relies on.

export interface CompilerApi {
  compile(
    input: Uint8Array | string,
    options?: { target?: 'ts' | 'js'; runtimeImport?: string; format?: boolean; outline?: { above: number; chunk: number } },
  ): Promise<{ code: string; dts?: string }>;
  CompileError: abstract new (...args: never[]) => Error;
}

type Ctor = abstract new (...args: never[]) => object;

export interface RuntimeApi {
  Trap: Ctor;
  LinkError: Ctor;
  Memory: new (descriptor: object) => object;
  Table: new (descriptor: object, value?: unknown) => object;
  Global: new (descriptor: object, value?: unknown) => { value: unknown };
}

const DIST = new URL('../../', import.meta.url);

/** `WASM2TS_SPEC_NATIVE=1` (CLI: --native) runs the reference in native.ts instead of wasm2ts. */
const NATIVE = process.env['WASM2TS_SPEC_NATIVE'] === '1';

export async function loadCompiler(): Promise<CompilerApi> {
  if (NATIVE) return (await import('./native.js')) as CompilerApi;
  return (await import(new URL('compiler/index.js', DIST).href)) as CompilerApi;
}

export async function loadRuntime(): Promise<RuntimeApi> {
  if (NATIVE) return (await import('./native.js')) as unknown as RuntimeApi;
  return (await import(new URL('runtime-lib/index.js', DIST).href)) as RuntimeApi;
}

interface GeneratedModule {
  instantiate(imports: object): { exports: Record<string, unknown> } | Promise<{ exports: Record<string, unknown> }>;
}

// ---------------------------------------------------------------------------------------------

/** Why something is not available: a failure or a skip, with its cause. */
class Outcome extends Error {
  constructor(
    readonly status: 'fail' | 'skip',
    readonly reason: string,
    readonly detail?: string,
  ) {
    super(reason);
  }
}

interface Instance {
  exports: Record<string, unknown>;
}

/** A named thing in the script that may have failed to come into being. */
type Slot<T> = { ok: true; value: T } | { ok: false; outcome: Outcome };

/** Host objects standing for `ref.extern N` (stable identity per N). */
export class ExternRef {
  constructor(readonly n: number) {}
  toString(): string {
    return `ref.extern ${this.n}`;
  }
}

function firstLine(s: string, max = 160): string {
  const l = s.split('\n')[0] ?? '';
  return l.length > max ? l.slice(0, max - 3) + '...' : l;
}

function errText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${firstLine(e.message)}`;
  return `thrown ${typeof e}: ${firstLine(String(e))}`;
}

function showValue(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && !Object.is(v, -0)) return String(v);
    const f32 = Math.fround(v) === v || Number.isNaN(v) ? ` f32:${hex32(f32ToBits(v))}` : '';
    return `${v} (f64:${hex64(f64ToBits(v))}${f32})`;
  }
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return `function ${v.name}`;
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.map(showValue).join(', ')}]`;
  if (v instanceof ExternRef) return v.toString();
  return `${typeof v} ${firstLine(String(v), 60)}`;
}

function showExpected(e: Expected): string {
  switch (e.type) {
    case 'i32':
      return `i32 ${e.value}`;
    case 'i64':
      return `i64 ${e.value}`;
    case 'f32':
      return 'nan' in e ? `f32 nan:${e.nan}` : `f32 ${hex32(e.bits)} (${f32FromBits(e.bits)})`;
    case 'f64':
      return 'nan' in e ? `f64 nan:${e.nan}` : `f64 ${hex64(e.bits)} (${f64FromBits(e.bits)})`;
    case 'ref.null':
      return `ref.null ${e.heap}`;
    case 'ref.null.any':
      return 'ref.null';
    case 'ref.extern':
      return `ref.extern ${e.n}`;
    case 'ref.extern.any':
      return 'ref.extern';
    case 'ref.host':
      return `ref.host ${e.n}`;
    case 'ref.func':
      return 'ref.func';
    case 'either':
      return `(either ${e.options.map(showExpected).join(' | ')})`;
    case 'unsupported':
      return e.text;
  }
}

/** Compares one result; returns undefined when it matches, else a mismatch category. */
function mismatch(actual: unknown, e: Expected): string | undefined {
  switch (e.type) {
    case 'i32':
      if (typeof actual !== 'number') return `i32 result is ${typeof actual}`;
      if (actual === e.value) return undefined;
      if (actual === e.value >>> 0) return 'i32 result not signed';
      return 'wrong i32 value';
    case 'i64':
      if (typeof actual !== 'bigint') return `i64 result is ${typeof actual}`;
      return actual === e.value ? undefined : 'wrong i64 value';
    case 'f32': {
      if (typeof actual !== 'number') return `f32 result is ${typeof actual}`;
      if (!Number.isNaN(actual) && Math.fround(actual) !== actual) return 'f32 result not rounded to f32';
      const bits = f32ToBits(actual);
      if ('nan' in e) {
        if (!Number.isNaN(actual)) return 'expected NaN';
        if (e.nan === 'canonical') return (bits & 0x7fffffff) === 0x7fc00000 ? undefined : 'NaN not canonical';
        return (bits & 0x7fc00000) === 0x7fc00000 ? undefined : 'NaN not arithmetic';
      }
      if (bits === e.bits) return undefined;
      if (Number.isNaN(actual) && Number.isNaN(f32FromBits(e.bits))) return 'NaN payload/sign differs';
      return 'wrong f32 value';
    }
    case 'f64': {
      if (typeof actual !== 'number') return `f64 result is ${typeof actual}`;
      const bits = f64ToBits(actual);
      if ('nan' in e) {
        if (!Number.isNaN(actual)) return 'expected NaN';
        if (e.nan === 'canonical') {
          return (bits & 0x7fffffffffffffffn) === 0x7ff8000000000000n ? undefined : 'NaN not canonical';
        }
        return (bits & 0x7ff8000000000000n) === 0x7ff8000000000000n ? undefined : 'NaN not arithmetic';
      }
      if (bits === e.bits) return undefined;
      if (Number.isNaN(actual) && Number.isNaN(f64FromBits(e.bits))) return 'NaN payload/sign differs';
      return 'wrong f64 value';
    }
    case 'ref.null':
    case 'ref.null.any':
      return actual === null ? undefined : 'expected null reference';
    case 'ref.extern':
      return actual === externRef(e.n) ? undefined : 'wrong externref';
    case 'ref.extern.any':
      return actual !== null && actual !== undefined ? undefined : 'expected non-null externref';
    case 'ref.func':
      return typeof actual === 'function' ? undefined : 'expected a function reference';
    case 'ref.host':
    case 'unsupported':
      return 'unsupported expectation';
    case 'either':
      return e.options.some((o) => mismatch(actual, o) === undefined) ? undefined : 'matches no alternative of (either)';
  }
}

const externRefs = new Map<number, ExternRef>();
function externRef(n: number): ExternRef {
  let r = externRefs.get(n);
  if (!r) externRefs.set(n, (r = new ExternRef(n)));
  return r;
}

function toJs(v: Value): unknown {
  switch (v.type) {
    case 'i32':
      return v.value;
    case 'i64':
      return v.value;
    case 'f32':
      return f32FromBits(v.bits);
    case 'f64':
      return f64FromBits(v.bits);
    case 'ref.null':
      return null;
    case 'ref.extern':
      return externRef(v.n);
    case 'ref.host':
    case 'unsupported':
      throw new Outcome('skip', `unsupported value ${v.type === 'unsupported' ? v.what : v.type}`);
  }
}

function isUnsupportedExpected(e: Expected): boolean {
  if (e.type === 'unsupported' || e.type === 'ref.host') return true;
  if (e.type === 'either') return e.options.some(isUnsupportedExpected);
  return false;
}

export interface RunOptions {
  /** Directory for generated modules (created; removed afterwards unless keep). */
  outDir: string;
  keep?: boolean;
  /** Command indices not to run (they hung in an earlier attempt). */
  skip?: ReadonlySet<number>;
  /** Results are reported only for commands from this index on (earlier ones are replayed for state). */
  reportFrom?: number;
  /** Called before each command runs (progress). */
  onStart?: (index: number) => void;
  /** compile()'s `outline` option (default: the compiler's own). */
  outline?: { above: number; chunk: number };
  onResult: (r: AssertionResult) => void;
}

/** Kinds that produce no result of their own. */
const NO_RESULT = new Set(['register']);

export class ScriptRunner {
  private instances = new Map<string, Slot<Instance>>();
  private definitions = new Map<string, Slot<GeneratedModule>>();
  private lastDefinition: Slot<GeneratedModule> | undefined;
  private current: Slot<Instance> | undefined;
  private registered = new Map<string, Slot<Instance>>();
  private spectest: Record<string, unknown> | undefined;
  private moduleCounter = 0;
  private touchedFailed: string[] = [];

  constructor(
    private readonly compiler: CompilerApi,
    private readonly runtime: RuntimeApi,
    private readonly opts: RunOptions,
  ) {}

  async run(commands: readonly Command[]): Promise<void> {
    fs.mkdirSync(this.opts.outDir, { recursive: true });
    try {
      for (let i = 0; i < commands.length; i++) {
        if (this.opts.skip?.has(i)) continue;
        const c = commands[i]!;
        this.opts.onStart?.(i);
        let r: Omit<AssertionResult, 'index' | 'line' | 'kind'>;
        try {
          r = await this.command(c);
        } catch (e) {
          r =
            e instanceof Outcome
              ? { status: e.status, reason: e.reason, detail: e.detail }
              : { status: 'fail', reason: `runner error: ${errText(e)}` };
        }
        if (NO_RESULT.has(c.kind) && r.status === 'pass') continue;
        if (i >= (this.opts.reportFrom ?? 0)) this.opts.onResult({ index: i, line: c.line, kind: c.kind, ...r });
      }
    } finally {
      if (!this.opts.keep) fs.rmSync(this.opts.outDir, { recursive: true, force: true });
    }
  }

  // ---- modules ------------------------------------------------------------------------------

  private getSpectest(): Record<string, unknown> {
    if (this.spectest) return this.spectest;
    const { Memory, Table, Global } = this.runtime;
    let table: object;
    try {
      table = new Table({ element: 'anyfunc', initial: 10, maximum: 20 });
    } catch {
      table = new Table({ element: 'funcref', initial: 10, maximum: 20 });
    }
    const noop = () => {};
    this.spectest = {
      print: noop,
      print_i32: noop,
      print_i64: noop,
      print_f32: noop,
      print_f64: noop,
      print_i32_f32: noop,
      print_f64_f64: noop,
      global_i32: new Global({ value: 'i32', mutable: false }, 666),
      global_i64: new Global({ value: 'i64', mutable: false }, 666n),
      global_f32: new Global({ value: 'f32', mutable: false }, 666.6),
      global_f64: new Global({ value: 'f64', mutable: false }, 666.6),
      table,
      memory: new Memory({ initial: 1, maximum: 2 }),
    };
    // The threads proposal's spectest adds a shared memory; offered only if the runtime can make one.
    try {
      this.spectest['shared_memory'] = new Memory({ initial: 1, maximum: 2, shared: true });
    } catch {
      // not supported
    }
    return this.spectest;
  }

  private importObject(): Record<string, unknown> {
    const imports: Record<string, unknown> = {};
    this.touchedFailed = [];
    for (const [name, slot] of this.registered) {
      if (slot.ok) {
        imports[name] = slot.value.exports;
      } else {
        const touched = this.touchedFailed;
        imports[name] = new Proxy(
          {},
          {
            get(_t, prop) {
              if (!touched.includes(name)) touched.push(name);
              return undefined;
            },
          },
        );
      }
    }
    // The spectest host module may be built lazily: runtime constructors might not exist yet.
    if (!('spectest' in imports)) {
      try {
        imports['spectest'] = this.getSpectest();
      } catch (e) {
        throw new Outcome('fail', `cannot build spectest imports: ${errText(e)}`);
      }
    }
    return imports;
  }

  /** Compiles and loads a module; throws Outcome on failure. */
  private async compileModule(src: ModuleSource): Promise<GeneratedModule> {
    if (src.type === 'quote' && !src.validUtf8) {
      // Passed as text anyway (decoded with U+FFFD), like a user reading the file as UTF-8.
    }
    const input = src.type === 'binary' ? src.bytes : src.text;
    let code: string;
    try {
      ({ code } = await this.compiler.compile(input, { target: 'js', format: false, outline: this.opts.outline }));
    } catch (e) {
      if (e instanceof this.compiler.CompileError) {
        const unsupported = (e as { unsupported?: boolean }).unsupported === true;
        throw compileFailure(e, unsupported);
      }
      throw new Outcome('fail', `compiler crash: ${errText(e)}`);
    }
    const file = path.join(this.opts.outDir, `m${this.moduleCounter++}.js`);
    fs.writeFileSync(file, code);
    try {
      const mod = (await import(pathToFileURL(file).href)) as Partial<GeneratedModule>;
      if (typeof mod.instantiate !== 'function') throw new Error('generated module has no instantiate export');
      return mod as GeneratedModule;
    } catch (e) {
      throw new Outcome('fail', `generated code does not load: ${errText(e)}`);
    }
  }

  /** Instantiates; throws the raw error from instantiate (callers classify), or Outcome for harness problems. */
  private async instantiateRaw(mod: GeneratedModule): Promise<Instance> {
    const imports = this.importObject();
    const inst = await mod.instantiate(imports);
    if (!inst || typeof inst !== 'object' || !inst.exports) throw new Error('instantiate returned no exports');
    return { exports: inst.exports };
  }

  /** When an instantiation failed after touching registered modules that failed themselves. */
  private dependencyOutcome(): Outcome | undefined {
    if (!this.touchedFailed.length) return undefined;
    const names = this.touchedFailed.map((n) => `"${n}"`).join(', ');
    const allSkipped = this.touchedFailed.every((n) => {
      const slot = this.registered.get(n);
      return slot && !slot.ok && slot.outcome.status === 'skip';
    });
    return allSkipped
      ? new Outcome('skip', `imports from unsupported module ${names}`)
      : new Outcome('fail', `depends on a failed module (imports from ${names})`);
  }

  private async instantiate(mod: GeneratedModule): Promise<Instance> {
    try {
      return await this.instantiateRaw(mod);
    } catch (e) {
      if (e instanceof Outcome) throw e;
      const dep = this.dependencyOutcome();
      if (dep) throw dep;
      const what = e instanceof this.runtime.Trap ? 'trap' : e instanceof this.runtime.LinkError ? 'link error' : 'error';
      throw new Outcome('fail', `instantiate ${what}: ${errText(e)}`);
    }
  }

  private async moduleCommand(c: ModuleCommand): Promise<void> {
    let mod: Slot<GeneratedModule>;
    try {
      mod = { ok: true, value: await this.compileModule(c.module) };
    } catch (e) {
      mod = { ok: false, outcome: asOutcome(e) };
    }
    if (c.definition) {
      this.lastDefinition = mod;
      if (c.name) this.definitions.set(c.name, mod);
      if (!mod.ok) throw mod.outcome;
      return;
    }
    const slot = await this.instantiateSlot(mod);
    this.current = slot;
    if (c.name) this.instances.set(c.name, slot);
    if (!slot.ok) throw slot.outcome;
  }

  private async instantiateSlot(mod: Slot<GeneratedModule>): Promise<Slot<Instance>> {
    if (!mod.ok) return mod;
    try {
      return { ok: true, value: await this.instantiate(mod.value) };
    } catch (e) {
      return { ok: false, outcome: asOutcome(e) };
    }
  }

  private instance(name: string | undefined): Instance {
    const slot = name === undefined ? this.current : this.instances.get(name);
    if (!slot) throw new Outcome('fail', name === undefined ? 'no module instantiated' : `unknown module ${name}`);
    if (!slot.ok) {
      const o = slot.outcome;
      throw new Outcome(o.status, o.status === 'skip' ? o.reason : `module failed: ${o.reason}`);
    }
    return slot.value;
  }

  // ---- actions ------------------------------------------------------------------------------

  /** Performs an action; returns its result (JS value) or throws what the generated code threw. */
  private action(a: Action): unknown {
    const inst = this.instance(a.module);
    const exp = inst.exports[a.name];
    if (a.type === 'get') {
      if (exp instanceof this.runtime.Global || (exp !== null && typeof exp === 'object' && 'value' in exp)) {
        return (exp as { value: unknown }).value;
      }
      throw new Outcome('fail', `export "${a.name}" is not a Global (${showValue(exp)})`);
    }
    if (typeof exp !== 'function') throw new Outcome('fail', `export "${a.name}" is not a function (${showValue(exp)})`);
    // A boxed list: an array of doubles would quiet a signalling NaN argument.
    const args = boxedList();
    for (const arg of a.args) args.push(toJs(arg));
    return (exp as (...args: unknown[]) => unknown)(...args);
  }

  /** Runs an action expecting it to throw; returns the thrown value (or throws Outcome if it returned). */
  private actionThrows(a: Action, expected: string): unknown {
    let result: unknown;
    try {
      result = this.action(a);
    } catch (e) {
      if (e instanceof Outcome) throw e;
      return e;
    }
    throw new Outcome('fail', `returned instead of ${expected}`, `returned ${showValue(result)}`);
  }

  private checkTrap(e: unknown, message: string): void {
    if (e instanceof this.runtime.Trap) {
      const msg = (e as Error).message;
      if (msg.includes(message)) return;
      throw new Outcome('fail', `wrong trap message: "${firstLine(msg)}"`, `expected "${message}", got "${msg}"`);
    }
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new Outcome('fail', `stack overflow not converted to a trap: ${errText(e)}`, `expected trap "${message}"`);
    }
    throw new Outcome('fail', `threw non-trap ${errText(e)}`, `expected trap "${message}"`);
  }

  // ---- commands -----------------------------------------------------------------------------

  private async command(c: Command): Promise<Omit<AssertionResult, 'index' | 'line' | 'kind'>> {
    const pass = { status: 'pass' as const };
    switch (c.kind) {
      case 'module':
        await this.moduleCommand(c);
        return pass;
      case 'instance': {
        const def = c.module === undefined ? this.lastDefinition : this.definitions.get(c.module);
        if (!def) throw new Outcome('fail', `unknown module definition ${c.module ?? ''}`);
        const slot = await this.instantiateSlot(def);
        this.current = slot;
        if (c.instance) this.instances.set(c.instance, slot);
        if (!slot.ok) throw slot.outcome;
        return pass;
      }
      case 'register': {
        const slot = c.name === undefined ? this.current : this.instances.get(c.name);
        if (!slot) throw new Outcome('fail', `register: unknown module ${c.name ?? ''}`);
        this.registered.set(c.as, slot);
        return pass;
      }
      case 'action': {
        try {
          this.action(c.action);
        } catch (e) {
          if (e instanceof Outcome) throw e;
          throw new Outcome('fail', `action threw ${errText(e)}`);
        }
        return pass;
      }
      case 'assert_return': {
        if (c.expected.some(isUnsupportedExpected)) {
          // Still instantiate-check the module so that failures are attributed, then skip.
          this.instance(c.action.module);
          throw new Outcome('skip', 'unsupported result type');
        }
        let result: unknown;
        try {
          result = this.action(c.action);
        } catch (e) {
          if (e instanceof Outcome) throw e;
          throw new Outcome('fail', `threw ${errText(e)}`, `expected ${c.expected.map(showExpected).join(', ')}`);
        }
        // Signaling NaNs are checked too: wasm2ts keeps NaN bits exact across its boundary (see values.ts).
        this.checkResults(result, c.expected);
        return pass;
      }
      case 'assert_trap': {
        if (c.module) {
          await this.expectInstantiateTrap(c.module, c.message);
          return pass;
        }
        const e = this.actionThrows(c.action!, `trap "${c.message}"`);
        this.checkTrap(e, c.message);
        return pass;
      }
      case 'assert_exhaustion': {
        const e = this.actionThrows(c.action, `trap "${c.message}"`);
        this.checkTrap(e, c.message);
        return pass;
      }
      case 'assert_exception': {
        const e = this.actionThrows(c.action, 'an exception');
        if (e instanceof this.runtime.Trap) throw new Outcome('fail', `trapped instead of throwing: ${errText(e)}`);
        if (e instanceof RangeError || e instanceof TypeError || e instanceof ReferenceError) {
          throw new Outcome('fail', `threw ${errText(e)} instead of a wasm exception`);
        }
        return pass;
      }
      case 'assert_invalid':
      case 'assert_malformed': {
        const what = c.kind === 'assert_invalid' ? 'invalid' : 'malformed';
        try {
          await this.compileOnly(c.module.module);
        } catch (e) {
          if (e instanceof Outcome) {
            if (e.status === 'skip') throw e;
            if (e.reason.startsWith('compile error')) return pass;
            throw e;
          }
          throw e;
        }
        throw new Outcome('fail', `compiled an ${what} module (expected "${c.message}")`);
      }
      case 'assert_unlinkable': {
        const mod = await this.compileModule(c.module.module);
        try {
          await this.instantiateRaw(mod);
        } catch (e) {
          if (e instanceof Outcome) throw e;
          if (e instanceof this.runtime.LinkError) return pass;
          throw this.dependencyOutcome() ?? new Outcome('fail', `instantiate threw ${errText(e)} instead of LinkError`, `expected "${c.message}"`);
        }
        // Linking against a placeholder for an unsupported module says nothing about our linker.
        throw this.dependencyOutcome() ?? new Outcome('fail', `linked successfully (expected "${c.message}")`);
      }
      case 'assert_uninstantiable':
        await this.expectInstantiateTrap(c.module, c.message);
        return pass;
      case 'unsupported':
        throw new Outcome('skip', c.reason);
    }
  }

  private async compileOnly(src: ModuleSource): Promise<void> {
    const input = src.type === 'binary' ? src.bytes : src.text;
    try {
      await this.compiler.compile(input, { target: 'js', format: false });
    } catch (e) {
      if (e instanceof this.compiler.CompileError) {
        const unsupported = (e as { unsupported?: boolean }).unsupported === true;
        throw compileFailure(e, unsupported);
      }
      throw new Outcome('fail', `compiler crash: ${errText(e)}`);
    }
  }

  private async expectInstantiateTrap(c: ModuleCommand, message: string): Promise<void> {
    const mod = await this.compileModule(c.module);
    let inst: Instance;
    try {
      inst = await this.instantiateRaw(mod);
    } catch (e) {
      if (e instanceof Outcome) throw e;
      const dep = this.dependencyOutcome();
      if (dep) throw dep;
      this.checkTrap(e, message);
      return;
    }
    void inst;
    throw new Outcome('fail', `instantiated without trapping (expected "${message}")`);
  }

  private checkResults(result: unknown, expected: readonly Expected[]): void {
    const want = expected.map(showExpected).join(', ');
    let actual: unknown[];
    if (expected.length === 0) {
      if (result !== undefined) throw new Outcome('fail', 'expected no result', `got ${showValue(result)}`);
      return;
    } else if (expected.length === 1) {
      actual = boxedList(); // not `[result]`: a double-elements array would quiet a signalling NaN
      actual.push(result);
    } else {
      if (!Array.isArray(result)) throw new Outcome('fail', 'multi-value result is not an array', `got ${showValue(result)}`);
      actual = result;
      if (actual.length !== expected.length) {
        throw new Outcome('fail', `expected ${expected.length} results, got ${actual.length}`, `expected ${want}`);
      }
    }
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(actual[i], expected[i]!);
      if (m) throw new Outcome('fail', m, `expected ${want}; got ${actual.map(showValue).join(', ')}`);
    }
  }
}

function compileFailure(e: Error, unsupported: boolean): Outcome {
  const msg = firstLine(e.message);
  if (unsupported) return new Outcome('skip', msg.startsWith('unsupported') ? msg : `unsupported: ${msg}`);
  return new Outcome('fail', `compile error: ${msg}`);
}

function asOutcome(e: unknown): Outcome {
  return e instanceof Outcome ? e : new Outcome('fail', `runner error: ${errText(e)}`);
}
