/**
 * Translates one function body from the stack machine to structured TS.
 *
 * Control flow maps onto JS's labeled statements: `block` → `L: { ... break L; }`,
 * `loop` → `L: while (true) { ... continue L; ... break; }`, `if` → `L: if (c) {} else {}`,
 * `br_table` → `switch`. A block that no branch targets gets no braces at all.
 * Values that cross a branch travel in per-label variables; everything else stays
 * on the symbolic stack (see ./value.ts for the evaluation-order rules).
 */
import type { Func, FuncType, Instr, ValType } from '../model/types.js';
import { opInfo } from '../model/opcodes.js';
import { CompileError, UnsupportedError, assertNever } from '../errors.js';
import { blockTypeOf, type ModuleContext } from './context.js';
import { Namer } from './names.js';
import { NUMERIC_RULES, fillTemplate, isNumericOp, type NumericRule } from './numeric.js';
import { I64_RULES, isI64Op } from './i64.js';
import { emitLoad, emitStore, isLoadOp, isStoreOp } from './memory.js';
import { MAX_EXPRESSION_DEPTH, abiArgs, abiTypes, constant, derived, isAtom, isLiteral, literalValue, num, temp, tsType, variable, zeroOf, type Value } from './value.js';
import { LIBCALLS, type LibcallName } from '../../runtime-lib/libcalls/table.js';
import { floatConstant, i32Constant, i64Constant, isSignallingF32 } from './constants.js';
import { quietF32Locals } from './quiet-locals.js';
import { TempPool } from './temp-pool.js';
import { outlineLargeBody, type LocalInfo, type LocalViews } from './outline.js';
import { widenNarrowedComparisons } from './narrowing.js';
import type { FrameContext, SlotKind } from './frames.js';
import { indent } from './indent.js';

interface Frame {
  readonly kind: 'func' | 'block' | 'loop' | 'if';
  readonly label: string;
  readonly type: FuncType;
  /** Stack height below the frame's parameters. */
  readonly height: number;
  /** Index in `lines` of the opener, patched at `end` once we know whether a branch targets it. */
  readonly opener: number;
  /** Variables a branch to this frame assigns: loop parameters, or block/if results. */
  branchVars?: string[];
  targeted: boolean;
  unreachable: boolean;
  /** `if` only: its parameters, re-pushed for the else arm; whether the then arm fell through. */
  readonly params: readonly Value[];
  hasElse: boolean;
  thenFellThrough: boolean;
}

export class BodyEmitter {
  private readonly lines: string[] = [];
  private stack: Value[] = [];
  /** Every stack value below this index is stable (a literal or a temporary): the spills' scans start here. */
  private stableBelow = 0;
  private readonly frames: Frame[] = [];
  private readonly namer: Namer;
  private readonly temps: TempPool;
  private readonly localNames: string[] = [];
  private readonly localTypes: ValType[];
  private labelCount = 0;
  private depth = 1;
  /** Memory index -> its function-local DataView copy and how many accesses use it (see memoryView). */
  private readonly views = new Map<number, { local: string; uses: number }>();
  private readonly tentativeLibcalls = new Set<LibcallName>();
  /** f32 locals that never hold a signalling NaN (./quiet-locals.ts). */
  private readonly quietLocals: ReadonlySet<number>;

  constructor(
    readonly mod: ModuleContext,
    private readonly funcIndex: number,
    private readonly func: Func,
    private readonly type: FuncType,
    /** How many locals inlining appended, copies of locals 0, 1, ... in order (./inline-recursion.ts). */
    copied = 0,
  ) {
    this.namer = new Namer(mod.namer);
    this.temps = new TempPool((index, type) => {
      const name = this.namer.fresh(`t${index}`);
      if (type === 'i64') this.namer.reserve(`${name}$hi`);
      return name;
    });
    this.localTypes = [...type.params, ...func.locals];
    this.quietLocals = quietF32Locals(func, type);
    const names = mod.module.names.locals.get(funcIndex);
    const own = type.params.length + func.locals.length - copied;
    // A local appended by inlining (./inline-recursion.ts) is named after the one it copies.
    const baseName = (i: number): string => names?.get(i) ?? (i < type.params.length ? `p${i}` : `l${i}`);
    this.localTypes.forEach((_, i) => this.localNames.push(this.namer.fresh(baseName(i < own ? i : i - own))));
  }

  // ---------------------------------------------------------------- output helpers

  stmt(line: string): void {
    this.lines.push(indent(this.depth) + line);
  }

  /** A temporary for a value made by the current instruction (a dead one is reused: ./temp-pool.ts). */
  newTemp(type: ValType): string {
    return this.temps.take(type);
  }

  tempValue(type: ValType, name: string): Value {
    return temp(type, name);
  }

  /** Assigns an expression to a fresh temp, keeping Wasm's evaluation order. */
  toTemp(type: ValType, code: string, hi: string | undefined, impure: boolean): Value {
    if (impure) this.flushImpure();
    return this.assignTemp(type, code, hi);
  }

  /**
   * A fresh temp holding `code` (and `hi`). An i64 whose high half is a literal (zero- or
   * sign-extended constants, `extend_i32_u`, `shr_u` by 32 or more) keeps that literal: only
   * the low half gets a variable, so later operators still fold it (a multiply by a
   * zero-extended operand drops a cross product, an add drops the high operand).
   */
  private assignTemp(type: ValType, code: string, hi: string | undefined): Value {
    const literalHi = type === 'i64' && hi !== undefined && isLiteral(hi);
    const t = this.newTemp(literalHi ? 'i32' : type);
    this.stmt(`${t} = ${code};`);
    if (literalHi) return { ...temp(type, t), hi };
    if (type === 'i64') this.stmt(`${t}$hi = ${hi};`);
    return temp(type, t);
  }

  /**
   * The DataView of memory `index`, as a local of this function. The module reads its view
   * from a holder that growth updates (Memory.liveView). Where TurboFan cannot fold that
   * into a constant (several instances, on-stack replacement), it would reload it (and the
   * view's own fields) at every access; a local copy lets it keep them in registers
   * (matmul: 1.5x faster, measured against a closure variable).
   * The copy is refreshed after everything that can grow memory: memory.grow, and calls
   * to imports, through tables that are not sealed, through sealed ones where an entry of the
   * call's signature may grow memory, or to functions that may reach any of these
   * (./may-grow.ts). The code holds a placeholder until assemble() knows the count: a
   * function that accesses memory once uses the module's view.
   */
  memoryView(index: number): string {
    const view = this.views.get(index) ?? { local: '', uses: 0 };
    view.uses++;
    this.views.set(index, view);
    return viewPlaceholder(index);
  }

  /**
   * A libcall for code that may end up unused (a Value's exact spelling, when every
   * consumer takes its `quieted` one): recorded as used by assemble() only if it is.
   */
  tentativeLibcall(name: LibcallName): string {
    this.tentativeLibcalls.add(name);
    return name;
  }

  /** Marks a point after which memory may have grown: the local views are re-read there (see assemble). */
  private refreshViews(): void {
    this.lines.push(indent(this.depth) + REFRESH_VIEWS);
  }

  /** A value safe to use twice: a literal, a temp, or a variable not assigned in between. */
  atom(v: Value): Value {
    // Identifiers and literals may be used twice in the statements about to be emitted:
    // nothing runs in between that could assign them.
    if (v.stable || (!v.impure && isAtom(v.code) && (v.hi === undefined || isAtom(v.hi)))) return v;
    return this.toTemp(v.type, num(v), v.hi, v.impure);
  }

  atoms(vs: readonly Value[]): Value[] {
    return vs.map((v) => this.atom(v));
  }

  /** Evaluates every impure value still on the stack, oldest first, before an effect. */
  flushImpure(): void {
    for (let i = this.stableBelow; i < this.stack.length; i++) {
      const v = this.stack[i];
      if (v.impure) this.stack[i] = this.spill(v);
    }
  }

  private spill(v: Value): Value {
    return this.assignTemp(v.type, num(v), v.hi);
  }

  /** Spills every value that is not stable: before code that opens a new scope. */
  private spillAll(): void {
    this.spillBelow(this.stack.length);
  }

  /** Spills the values that are not stable below index `end`, oldest first (so traps keep their order). */
  private spillBelow(end: number): void {
    for (let i = this.stableBelow; i < end; i++) if (!this.stack[i].stable) this.stack[i] = this.spill(this.stack[i]);
    this.stableBelow = end;
  }

  /**
   * Before assigning variable `name`: spill stack values that still read its old value. An
   * impure one (it may trap) is evaluated after the older impure values, which are spilled
   * first, so that traps keep Wasm's order: `(i32.load (i32.const 65536))`, then
   * `(i32.div_u (i32.const 1) (local.get 0))`, then `local.set 0`, must trap out of bounds
   * before it divides by zero.
   */
  private spillReaders(name: string): void {
    let lastImpureReader = -1;
    for (let i = this.stableBelow; i < this.stack.length; i++) if (this.stack[i].impure && this.stack[i].reads.has(name)) lastImpureReader = i;
    for (let i = this.stableBelow; i < this.stack.length; i++) {
      const v = this.stack[i];
      if (v.reads.has(name) || (v.impure && i < lastImpureReader)) this.stack[i] = this.spill(v);
    }
  }

  private pop(): Value {
    const v = this.stack.pop();
    if (!v) throw new Error('internal: operand stack underflow (the validator should have caught this)');
    this.stableBelow = Math.min(this.stableBelow, this.stack.length);
    return v;
  }

  private popN(n: number): Value[] {
    if (n === 0) return [];
    const values = this.stack.splice(this.stack.length - n, n);
    this.stableBelow = Math.min(this.stableBelow, this.stack.length);
    return values;
  }

  /** Drops the stack to `height` values (leaving a block, or after an unconditional branch). */
  private truncateStack(height: number): void {
    this.stack.length = height;
    this.stableBelow = Math.min(this.stableBelow, height);
  }

  /**
   * Pushes a value; one nested too deep for a JS parser is evaluated here (MAX_EXPRESSION_DEPTH).
   * Past MAX_DEFERRED_VALUES deferred values, the oldest half is evaluated (oldest first, so
   * traps keep their order): the spills before effects and assignments scan the deferred ones,
   * and 20,000 loads on the stack, each followed later by a local.set, took 6.5 s to compile.
   */
  private push(v: Value): void {
    this.stack.push((v.depth ?? 0) > MAX_EXPRESSION_DEPTH ? { ...this.atom(v), quietNaN: v.quietNaN } : v);
    if (this.stack.length - this.stableBelow > MAX_DEFERRED_VALUES) this.spillBelow(this.stack.length - MAX_DEFERRED_VALUES / 2);
  }

  private get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  // ---------------------------------------------------------------- frames and branches

  private openFrame(kind: Frame['kind'], type: FuncType, params: readonly Value[], opener: string): Frame {
    const frame: Frame = {
      kind,
      label: kind === 'func' ? '' : `L${this.labelCount++}`,
      type,
      height: this.stack.length - params.length,
      opener: this.lines.length,
      targeted: false,
      unreachable: false,
      params,
      hasElse: false,
      thenFellThrough: false,
    };
    this.lines.push(opener);
    this.frames.push(frame);
    for (const p of params) this.temps.pin(p.reads);
    if (kind !== 'func') this.depth++;
    return frame;
  }

  private branchTypes(f: Frame): readonly ValType[] {
    return f.kind === 'loop' ? f.type.params : f.type.results;
  }

  private varsOf(f: Frame): string[] {
    if (!f.branchVars) {
      f.branchVars = this.branchTypes(f).map((t) => this.newTemp(t));
      this.temps.pin(f.branchVars);
    }
    return f.branchVars;
  }

  /** Assigns `values` to `vars` as a parallel assignment. */
  private assign(vars: readonly string[], values: readonly Value[]): void {
    const targets = new Set(vars);
    const ready = values.map((v, i) => {
      if (isIn(v, vars[i])) return v;
      const clash = [...v.reads].some((r) => targets.has(r) && r !== vars[i]) || (v.type === 'i64' && v.reads.has(vars[i]));
      return clash ? this.spill(v) : v;
    });
    ready.forEach((v, i) => {
      if (isIn(v, vars[i])) return; // already there
      this.stmt(`${vars[i]} = ${num(v)};`);
      if (v.type === 'i64') this.stmt(`${vars[i]}$hi = ${v.hi};`);
    });
  }

  private returnStatement(values: readonly Value[]): string {
    const results = this.type.results;
    if (results.length === 0) return 'return;';
    if (results.length === 1) {
      const v = values[0];
      return v.type === 'i64' ? `return (${this.mod.runtime('I64_HI')}[0] = ${v.hi}, ${v.code});` : `return ${num(v)};`;
    }
    const flat = abiArgs(values);
    return `return ${this.mod.runtime('multiValue')}(${flat.join(', ')});`;
  }

  /** Emits the jump of a branch to frame `f` carrying `values`. */
  private branch(f: Frame, values: readonly Value[]): void {
    if (f.kind === 'func') {
      this.stmt(this.returnStatement(values));
      return;
    }
    f.targeted = true;
    this.assign(this.varsOf(f), values);
    this.stmt(f.kind === 'loop' ? `continue ${f.label};` : `break ${f.label};`);
  }

  private frameAt(depth: number): Frame {
    return this.frames[this.frames.length - 1 - depth];
  }

  private markUnreachable(): void {
    this.frame.unreachable = true;
    this.truncateStack(this.frame.height);
  }

  // ---------------------------------------------------------------- the main loop

  emit(): string {
    const { type } = this;
    this.openFrame('func', type, [], '');
    const body = this.func.body;
    let skipDepth = 0; // nesting depth inside unreachable code
    for (const instr of body) {
      if (this.frames.length === 0) break;
      if (this.frame.unreachable) {
        const op = instr.op;
        if (op === 'block' || op === 'loop' || op === 'if') skipDepth++;
        else if (op === 'end' && skipDepth > 0) skipDepth--;
        else if ((op === 'end' || op === 'else') && skipDepth === 0) this.nextInstruction(instr);
        continue;
      }
      this.nextInstruction(instr);
    }
    return this.assemble();
  }

  private nextInstruction(instr: Instr): void {
    this.temps.release(this.stack);
    this.instruction(instr);
  }

  private assemble(): string {
    const { type } = this;
    // Parameters as JS sees them: an i64 as its two halves.
    const paramVars = type.params.flatMap((t, i) => {
      const n = this.localNames[i]!;
      return t === 'i64' ? [{ name: n, type: 'number' }, { name: `${n}$hi`, type: 'number' }] : [{ name: n, type: tsType(t) }];
    });
    const params = paramVars.map((p) => `${p.name}: ${p.type}`);
    const temps = this.temps.declarations;
    if ([...type.params, ...this.func.locals, ...temps.map((t) => t.type)].includes('funcref')) this.mod.runtime('FuncRef');
    // Each declaration with the names it declares: those of locals that move into a frame go.
    const declaredBy = new Map<string, string[]>();
    const declare = (name: string, t: ValType) => {
      const line = t === 'i64' ? `  let ${name} = 0, ${name}$hi = 0;` : `  let ${name}: ${tsType(t)} = ${zeroOf(t)};`;
      declaredBy.set(line, t === 'i64' ? [name, `${name}$hi`] : [name]);
      return line;
    };
    let header: string[] = [];
    this.func.locals.forEach((t, i) => header.push(declare(this.localNames[type.params.length + i]!, t)));
    for (const { name, type: t } of temps) header.push(declare(name, t));
    const localViews = this.localViews(header);
    let body = widenNarrowedComparisons(localViews.lines);
    this.checkNesting();
    const outlined =
      this.mod.outline &&
      outlineLargeBody(body, this.mod.outline, {
        fresh: (base) => this.namer.fresh(base),
        resultType: resultType(type.results),
        views: localViews.views,
        locals: this.closureCopies(temps),
        params: paramVars.map((p) => p.name),
        frames: this.frameContext(),
      });
    if (outlined) {
      const inFrame = outlined.inFrame;
      if (inFrame) header = header.filter((l) => !declaredBy.get(l)?.every((n) => inFrame.has(n)));
      header.push(...outlined.header);
      body = outlined.body;
    }
    const name = this.mod.funcCallee(this.funcIndex);
    const text = [`function ${name}(${params.join(', ')}): ${resultType(type.results)} {`, ...header, ...body.filter((l) => l !== ''), '}', ...(outlined ? (outlined.siblings ?? []) : [])].join('\n');
    for (const libcall of this.tentativeLibcalls) {
      if (new RegExp(`(?<![\\w$])${libcall}\\(`).test(text) && this.mod.libcall(libcall) !== libcall) throw new Error(`internal: libcall ${libcall} renamed`);
    }
    return text;
  }

  /** How pieces split off this function share its locals through the frame stack; undefined if its result cannot travel in a frame slot. */
  private frameContext(): FrameContext | undefined {
    const results = this.type.results;
    const resultSlot = results.length === 0 ? 'void' : results.length === 1 ? slotKind(results[0]!) : undefined;
    if (resultSlot === undefined) return undefined;
    const mod = this.mod;
    const base = mod.funcCallee(this.funcIndex);
    return {
      // Asked for only when a function is split in frame mode: the module then declares its FrameStack.
      get stack() {
        return mod.frameStack();
      },
      partName: (part) => mod.freshName(`${base}_${part}`),
      resultSlot,
    };
  }

  /** Every parameter, local and temporary (an i64 as its two halves), with its TS type and zero value, for function splitting. */
  private closureCopies(temps: readonly { name: string; type: ValType }[]): Map<string, LocalInfo> {
    const copies = new Map<string, LocalInfo>();
    const add = (name: string, t: ValType) => {
      if (t === 'i64') for (const half of [name, `${name}$hi`]) copies.set(half, { type: 'number', zero: '0', slot: 'i32' });
      else copies.set(name, { type: tsType(t), zero: zeroOf(t), slot: slotKind(t) });
    };
    [...this.type.params, ...this.func.locals].forEach((t, i) => add(this.localNames[i]!, t));
    for (const { name, type } of temps) add(name, type);
    return copies;
  }

  /** Declares the local views in `header`; returns the lines with view placeholders and refresh points filled in, and the views. */
  private localViews(header: string[]): { lines: string[]; views: LocalViews | undefined } {
    const refresh: string[] = [];
    const declarations: string[] = [];
    const names = new Map<string, string>();
    for (const [memory, view] of this.views) {
      const moduleView = this.mod.memoryView(memory);
      if (view.uses === 1) {
        names.set(viewPlaceholder(memory), moduleView);
        continue;
      }
      view.local = this.namer.fresh(memory === 0 ? 'view' : `view${memory}`);
      names.set(viewPlaceholder(memory), view.local);
      declarations.push(`let ${view.local}: DataView = ${moduleView};`);
      refresh.push(`${view.local} = ${moduleView};`);
    }
    header.push(...declarations.map((d) => '  ' + d));
    const refreshLine = refresh.join(' ');
    const lines = this.lines.map((line) => {
      if (line.endsWith(REFRESH_VIEWS)) return refreshLine === '' ? '' : line.slice(0, -REFRESH_VIEWS.length) + refreshLine;
      return line.includes(VIEW_MARK) ? line.replace(VIEW_PLACEHOLDER, (p) => names.get(p)!) : line;
    });
    const views = declarations.length === 0 ? undefined : { names: [...this.views.values()].map((v) => v.local).filter((n) => n !== ''), declarations, refresh: refreshLine };
    return { lines, views };
  }

  /**
   * JS engines parse only so many nested blocks (V8 overflows between 1,000 and 3,000),
   * and Wasm allows far deeper control flow. Blocks no branch targets cost no nesting;
   * beyond the limit the module is refused with a clear error rather than emitting code
   * that cannot load.
   */
  private checkNesting(): void {
    let depth = 0;
    let max = 0;
    for (const line of this.lines) {
      const t = line.trim();
      if (t.startsWith('}')) depth--;
      if (t.endsWith('{')) depth++;
      if (depth > max) max = depth;
    }
    if (max > MAX_JS_NESTING) {
      throw new UnsupportedError(`control flow nested ${max} blocks deep in function ${this.funcIndex} (JS engines cannot parse more than about ${MAX_JS_NESTING})`, this.func.offset);
    }
  }

  private instruction(instr: Instr): void {
    const op = instr.op;
    if (isNumericOp(op)) return this.numeric(op, instr);
    if (isI64Op(op)) {
      const args = this.popN(opInfo(op).sig!.params.length);
      return this.push(I64_RULES[op](this, args));
    }
    if (isLoadOp(op)) return this.push(emitLoad(this, instr as Instr & { op: typeof op }, this.pop()));
    if (isStoreOp(op)) {
      const value = this.pop();
      const addr = this.pop();
      return emitStore(this, instr as Instr & { op: typeof op }, addr, value);
    }
    switch (op) {
      case 'nop':
        return;
      case 'unreachable':
        this.flushImpure();
        this.stmt(`throw new ${this.mod.runtime('Trap')}('Unreachable');`);
        return this.markUnreachable();
      case 'block':
      case 'loop':
      case 'if':
        return this.enter(op, instr);
      case 'else':
        return this.elseArm();
      case 'end':
        return this.end();
      case 'br': {
        const f = this.frameAt(instr.index!);
        const values = this.popN(this.branchTypes(f).length);
        this.flushImpure();
        this.branch(f, values);
        return this.markUnreachable();
      }
      case 'br_if':
        return this.brIf(instr);
      case 'br_table':
        return this.brTable(instr);
      case 'return': {
        const values = this.popN(this.type.results.length);
        this.flushImpure();
        this.stmt(this.returnStatement(values));
        return this.markUnreachable();
      }
      case 'call':
        return this.call(this.mod.funcCallee(instr.index!), this.mod.funcType(instr.index!), this.mod.funcMayGrowMemory(instr.index!));
      case 'call_indirect': {
        const index = this.pop();
        this.flushImpure();
        const table = instr.index2 ?? 0;
        const type = this.mod.module.types[instr.index!];
        const mayGrow = this.mod.indirectMayGrowMemory(table, instr.index!);
        const dispatcher = this.mod.indirectDispatcher(table, instr.index!);
        if (dispatcher) return this.call(dispatcher, type, mayGrow, num(index));
        const callee = `${this.mod.libcall('call_indirect')}(${this.mod.tableObject(table)}, ${num(index)}, ${this.mod.sigOf(instr.index!)})`;
        return this.call(callee, type, mayGrow);
      }
      case 'drop': {
        const v = this.pop();
        if (v.impure) {
          this.flushImpure();
          this.stmt(`${num(v)};`);
        }
        return;
      }
      case 'select':
      case 'select_t':
        return this.select();
      case 'local.get':
        return this.push(this.localValue(instr.index!));
      case 'local.set':
      case 'local.tee': {
        const i = instr.index!;
        const name = this.localNames[i];
        let v = this.pop();
        this.spillReaders(name);
        if (v.impure) this.flushImpure();
        if (v.type === 'i64' && v.reads.has(name)) v = this.spill(v);
        if (!(v.code === name && v.reads.has(name))) {
          this.stmt(`${name} = ${num(v)};`);
          if (v.type === 'i64') this.stmt(`${name}$hi = ${v.hi};`);
        }
        if (op === 'local.tee') this.push(this.localValue(i));
        return;
      }
      case 'global.get': {
        const g = this.mod.global(instr.index!);
        if (g.type === 'externref') {
          // Through the libcall, so an embedder's store can root the reference for this activation.
          return this.push(derived(g.type, `${this.mod.libcall('externref_global_get')}(vmctx, ${this.mod.indexArg('global', instr.index!)})`, [], { impure: g.mutable }));
        }
        const [lo, hi] = g.kind === 'variable' ? [g.name, `${g.name}$hi`] : [`${g.name}.v`, `${g.name}.h`];
        const value = derived(g.type, g.type === 'i64' ? lo : lo, [], { hi: g.type === 'i64' ? hi : undefined, impure: g.mutable });
        return this.push(g.mutable ? value : { ...value, stable: true });
      }
      case 'global.set': {
        const g = this.mod.global(instr.index!);
        let v = this.pop();
        this.flushImpure();
        if (g.type === 'externref') return this.stmt(`${this.mod.libcall('externref_global_set')}(vmctx, ${this.mod.indexArg('global', instr.index!)}, ${v.code});`);
        if (v.type === 'i64') v = this.atom(v);
        const [lo, hi] = g.kind === 'variable' ? [g.name, `${g.name}$hi`] : [`${g.name}.v`, `${g.name}.h`];
        this.stmt(`${lo} = ${num(v)};`);
        if (v.type === 'i64') this.stmt(`${hi} = ${v.hi};`);
        return;
      }
      case 'memory.size':
        return this.push(derived('i32', this.memoryCall('size', instr.index!, []), [], { impure: true }));
      case 'memory.grow': {
        const delta = this.pop();
        const result = this.toTemp('i32', this.memoryCall('grow', instr.index!, [num(delta)]), undefined, true);
        this.refreshViews();
        return this.push(result);
      }
      case 'memory.fill': {
        const [dst, val, len] = this.popN(3);
        return this.effect(`${this.libcallFor('memory_fill', 'imported_memory_fill', instr.index!)}(vmctx, ${this.mod.indexArg('memory', instr.index!)}, ${num(dst)}, ${num(val)}, ${num(len)});`);
      }
      case 'memory.copy': {
        const [dst, src, len] = this.popN(3);
        return this.effect(`${this.mod.libcall('memory_copy')}(vmctx, ${this.mod.indexArg('memory', instr.index!)}, ${num(dst)}, ${this.mod.indexArg('memory', instr.index2!)}, ${num(src)}, ${num(len)});`);
      }
      case 'memory.init': {
        const [dst, src, len] = this.popN(3);
        return this.effect(`${this.mod.libcall('memory_init')}(vmctx, ${this.mod.indexArg('memory', instr.index2!)}, ${this.mod.indexArg('data', instr.index!)}, ${num(dst)}, ${num(src)}, ${num(len)});`);
      }
      case 'data.drop':
        return this.effect(`${this.mod.libcall('data_drop')}(vmctx, ${this.mod.indexArg('data', instr.index!)});`);
      case 'table.get': {
        const i = this.pop();
        return this.push(derived(this.tableType(instr.index!), `${this.mod.libcall('table_get')}(vmctx, ${this.mod.indexArg('table', instr.index!)}, ${num(i)})`, [i], { impure: true }));
      }
      case 'table.set': {
        const [i, v] = this.popN(2);
        return this.effect(`${this.mod.libcall('table_set')}(vmctx, ${this.mod.indexArg('table', instr.index!)}, ${num(i)}, ${v.code});`);
      }
      case 'table.size':
        return this.push(derived('i32', `${this.mod.libcall('table_size')}(vmctx, ${this.mod.indexArg('table', instr.index!)})`, [], { impure: true }));
      case 'table.grow': {
        const [init, delta] = this.popN(2);
        return this.push(this.toTemp('i32', `${this.mod.libcall('table_grow')}(vmctx, ${this.mod.indexArg('table', instr.index!)}, ${init.code}, ${num(delta)})`, undefined, true));
      }
      case 'table.fill': {
        const [dst, v, len] = this.popN(3);
        return this.effect(`${this.mod.libcall('table_fill')}(vmctx, ${this.mod.indexArg('table', instr.index!)}, ${num(dst)}, ${v.code}, ${num(len)});`);
      }
      case 'table.copy': {
        const [dst, src, len] = this.popN(3);
        return this.effect(`${this.mod.libcall('table_copy')}(vmctx, ${this.mod.indexArg('table', instr.index!)}, ${this.mod.indexArg('table', instr.index2!)}, ${num(dst)}, ${num(src)}, ${num(len)});`);
      }
      case 'table.init': {
        const [dst, src, len] = this.popN(3);
        return this.effect(`${this.mod.libcall('table_init')}(vmctx, ${this.mod.indexArg('table', instr.index2!)}, ${this.mod.indexArg('elem', instr.index!)}, ${num(dst)}, ${num(src)}, ${num(len)});`);
      }
      case 'elem.drop':
        return this.effect(`${this.mod.libcall('elem_drop')}(vmctx, ${this.mod.indexArg('elem', instr.index!)});`);
      case 'ref.null':
        return this.push(constant(instr.types![0], 'null'));
      case 'ref.is_null': {
        const v = this.pop();
        return this.push(derived('i32', `(${v.code} === null)`, [v], { bool: true }));
      }
      case 'ref.func':
        return this.push(constant('funcref', this.mod.funcRef(instr.index!)));
      case 'i32.const':
        return this.push(constant('i32', i32Constant(instr.value as number)));
      case 'i64.const': {
        const [lo, hi] = i64Constant(instr.value as bigint);
        return this.push(constant('i64', lo, hi));
      }
      case 'f32.const':
      case 'f64.const': {
        const type = op === 'f32.const' ? 'f32' : 'f64';
        const code = floatConstant(this.mod, type, instr.value!);
        return this.push({ ...constant(type, code), quietNaN: type === 'f32' && !isSignallingF32(Number(instr.value)) });
      }
      default:
        throw new CompileError(`unsupported: instruction ${op}`, instr.offset);
    }
  }

  /** Local `i` as a stack value; an f32 local that never holds a signalling NaN says so. */
  private localValue(i: number): Value {
    const v = variable(this.localTypes[i], this.localNames[i]);
    return this.quietLocals.has(i) ? { ...v, quietNaN: true } : v;
  }

  private numeric(op: keyof typeof NUMERIC_RULES, instr: Instr): void {
    const rule: NumericRule = NUMERIC_RULES[op];
    const args = this.popN(opInfo(op).sig!.params.length);
    const operands = args.map((a) => (rule.quietsOperands && a.quieted !== undefined ? a.quieted : num(a)));
    const quietNaN = rule.quietResult;
    const k = rule.byConstant && literalValue(args[1].code);
    const special = k !== undefined ? rule.byConstant!(k) : undefined;
    if (special !== undefined) {
      const x = special.split('$0').length > 2 ? this.atom(args[0]) : args[0];
      return this.push(derived(opInfo(op).sig!.results[0], fillTemplate(special, [num(x)]), [x]));
    }
    if (rule.ofBool !== undefined && args.length === 1 && args[0].bool) {
      return this.push(derived(opInfo(op).sig!.results[0], fillTemplate(rule.ofBool, [`(${args[0].code})`]), args, { bool: true }));
    }
    if (rule.call) {
      const traps = LIBCALLS[rule.call].traps.length > 0;
      return this.push(derived(opInfo(op).sig!.results[0], `${this.mod.libcall(rule.call)}(${operands.join(', ')})`, args, { impure: traps, quietNaN }));
    }
    if (!rule.t) throw new CompileError(`unsupported: instruction ${op}`, instr.offset);
    if (op === 'f32.add') {
      // x + 0 for an f32 x that is never a signalling NaN is exactly an f32 (x itself, or +0 for
      // -0, or x's quiet NaN), so the fround is left out; even an engine that folds it to x is right.
      const other = args[0].code === '0' ? args[1] : args[1].code === '0' ? args[0] : undefined;
      if (other?.quietNaN) return this.push(derived('f32', `(${other.code} + 0)`, args, { quietNaN: true }));
    }
    // A literal operand read as unsigned is folded: `(x >>> 0) < 32`, not `(x >>> 0) < (32 >>> 0)`.
    // (Only a parenthesized operand of its own: in `Math.fround($0 >>> 0)` the parentheses are the call's.)
    const template = rule.t.replace(/(?<![\w$.])\(\$(\d) >>> 0\)/g, (whole, k: string) => {
      const literal = literalValue(operands[Number(k)]);
      return literal !== undefined ? String(literal >>> 0) : whole;
    });
    this.push(derived(opInfo(op).sig!.results[0], fillTemplate(template, operands), args, { bool: rule.bool, quietNaN }));
  }

  private effect(line: string): void {
    this.flushImpure();
    this.stmt(line);
  }

  private libcallFor(local: 'memory_fill', imported: 'imported_memory_fill', memory: number): string {
    return this.mod.libcall(this.mod.offsets.isImported('memory', memory) ? imported : local);
  }

  private memoryCall(what: 'size' | 'grow', memory: number, args: string[]): string {
    const imported = this.mod.offsets.isImported('memory', memory);
    const name = what === 'size' ? (imported ? 'imported_memory32_size' : 'memory32_size') : imported ? 'imported_memory32_grow' : 'memory32_grow';
    return `${this.mod.libcall(name)}(vmctx, ${this.mod.indexArg('memory', memory)}${args.map((a) => ', ' + a).join('')})`;
  }

  private tableType(index: number): ValType {
    const imported = this.mod.module.imports.filter((i) => i.desc.kind === 'table');
    const t = index < imported.length ? (imported[index].desc as { type: { element: ValType } }).type.element : this.mod.module.tables[index - imported.length].element;
    return t;
  }

  /**
   * A call of `callee`. `mayGrow`: the callee may grow a memory, so the local views are re-read
   * after it; `leading`: an argument before the Wasm ones (a dispatcher's table index).
   */
  private call(callee: string, type: FuncType, mayGrow: boolean, leading?: string): void {
    const args = this.popN(type.params.length);
    this.flushImpure();
    const flat = abiArgs(args);
    const call = `${callee}(${(leading === undefined ? flat : [leading, ...flat]).join(', ')})`;
    const { results } = type;
    if (results.length === 0) {
      this.stmt(`${call};`);
      if (mayGrow) this.refreshViews();
      return;
    }
    if (results.length === 1) {
      const t = results[0];
      const result = this.toTemp(t, call, t === 'i64' ? `${this.mod.runtime('I64_HI')}[0]` : undefined, false);
      if (mayGrow) this.refreshViews();
      return this.push(result);
    }
    const r = this.namer.fresh('results');
    this.stmt(`const ${r} = ${call};`);
    if (mayGrow) this.refreshViews();
    let k = 0;
    for (const t of results) {
      const name = this.newTemp(t);
      this.stmt(`${name} = ${r}[${k++}] as ${tsType(t)};`);
      if (t === 'i64') this.stmt(`${name}$hi = ${r}[${k++}] as number;`);
      this.push(temp(t, name));
    }
  }

  private select(): void {
    const c = this.pop();
    let [a, b] = this.popN(2);
    if (a.impure || b.impure) [a, b] = this.atoms([a, b]);
    if (a.type === 'i64') {
      const k = this.atom(c);
      return this.push(derived('i64', `(${k.code} ? ${a.code} : ${b.code})`, [a, b, k], { hi: `(${k.code} ? ${a.hi} : ${b.hi})` }));
    }
    this.push(derived(a.type, `(${c.code} ? ${num(a)} : ${num(b)})`, [a, b, c]));
  }

  // ---------------------------------------------------------------- structured control

  private enter(kind: 'block' | 'loop' | 'if', instr: Instr): void {
    const type = blockTypeOf(this.mod.module, instr.blockType!);
    const condition = kind === 'if' ? this.pop() : undefined;
    this.spillAll();
    let params = this.stack.slice(this.stack.length - type.params.length);
    if (kind === 'loop' && type.params.length > 0) {
      // Loop parameters live in variables that each `continue` reassigns.
      const vars = type.params.map((t) => this.newTemp(t));
      this.popN(params.length);
      this.assign(vars, params);
      params = vars.map((v, i) => variable(type.params[i], v));
      this.stack.push(...params);
      const frame = this.openFrame(kind, type, params, '');
      frame.branchVars = vars;
      this.temps.pin(vars);
      return;
    }
    this.openFrame(kind, type, params, kind === 'if' ? `if (${condition!.code}) {` : '');
  }

  private fallThrough(f: Frame): void {
    const values = this.popN(f.type.results.length);
    this.flushImpure();
    this.assign(this.varsOf(f), values);
  }

  private elseArm(): void {
    const f = this.frame;
    if (!f.unreachable) {
      if (f.type.results.length > 0) this.fallThrough(f);
      f.thenFellThrough = true;
    }
    f.hasElse = true;
    this.truncateStack(f.height);
    this.stack.push(...f.params);
    f.unreachable = false;
    this.lines.push(indent(this.depth - 1) + '} else {');
  }

  private end(): void {
    const f = this.frames.pop()!;
    for (const p of f.params) this.temps.unpin(p.reads);
    if (f.branchVars) this.temps.unpin(f.branchVars);
    if (f.kind === 'func') {
      if (!f.unreachable) {
        const values = this.popN(this.type.results.length);
        this.flushImpure();
        if (values.length > 0 || this.type.results.length > 0) this.stmt(this.returnStatement(values));
      } else if (this.type.results.length > 0) {
        // Wasm knows this point is unreachable; TS cannot always tell, so make it explicit.
        this.stmt(`throw new ${this.mod.runtime('Trap')}('Unreachable');`);
      }
      return;
    }
    const fellThrough = !f.unreachable;
    // Fall-through values go to the frame's variables while still inside its braces.
    if (fellThrough && f.targeted && f.kind === 'block') this.fallThrough(f);
    if (fellThrough && f.kind === 'if' && f.type.results.length > 0) this.fallThrough(f);
    this.depth--;
    const pad = indent(this.depth);
    switch (f.kind) {
      case 'block': {
        if (!f.targeted) {
          // No branch leaves this block: its code runs inline and its results stay on the stack.
          if (!fellThrough) this.restoreAfter(f, false);
          return;
        }
        this.lines[f.opener] = `${pad}${f.label}: {`;
        this.lines.push(`${pad}}`);
        return this.restoreAfter(f, true);
      }
      case 'loop': {
        if (!f.targeted) {
          if (!fellThrough) this.restoreAfter(f, false);
          return;
        }
        // Results of a loop flow out of its last iteration: they stay on the stack.
        const results = fellThrough ? this.popN(f.type.results.length).map((v) => (v.impure ? this.spill(v) : v)) : [];
        if (fellThrough) this.stmt('break;');
        this.lines[f.opener] = `${pad}${f.label}: while (true) {`;
        this.lines.push(`${pad}}`);
        this.truncateStack(f.height);
        if (fellThrough) this.stack.push(...results);
        else this.markUnreachable();
        return;
      }
      case 'if': {
        const hasResults = f.type.results.length > 0;
        const elseFalls = f.hasElse ? fellThrough : true;
        const thenFalls = f.hasElse ? f.thenFellThrough : fellThrough;
        if (!f.hasElse && hasResults) {
          // An if without else passes its parameters through as results.
          this.lines.push(`${pad}} else {`);
          this.depth++;
          this.assign(this.varsOf(f), f.params);
          this.depth--;
        }
        this.lines[f.opener] = `${pad}${f.targeted ? `${f.label}: ` : ''}${this.lines[f.opener]}`;
        this.lines.push(`${pad}}`);
        return this.restoreAfter(f, thenFalls || elseFalls || f.targeted);
      }
      default:
        assertNever(f.kind, 'frame kind');
    }
  }

  /** After a block or if: the stack holds what was below it plus its results (in their variables). */
  private restoreAfter(f: Frame, reachable: boolean): void {
    this.truncateStack(f.height);
    if (!reachable) return this.markUnreachable();
    const vars = f.type.results.length > 0 ? this.varsOf(f) : [];
    vars.forEach((v, i) => this.stack.push(temp(f.type.results[i], v)));
  }

  private brIf(instr: Instr): void {
    const condition = this.pop();
    const f = this.frameAt(instr.index!);
    const n = this.branchTypes(f).length;
    this.flushImpure();
    const values = this.atoms(this.popN(n));
    this.stmt(`if (${condition.code}) {`);
    this.depth++;
    this.branch(f, values);
    this.depth--;
    this.stmt('}');
    this.stack.push(...values);
  }

  private brTable(instr: Instr): void {
    const index = this.pop();
    const n = this.branchTypes(this.frameAt(instr.index!)).length;
    this.flushImpure();
    const values = this.atoms(this.popN(n));
    const byDepth = new Map<number, number[]>();
    instr.depths!.forEach((d, i) => {
      if (d === instr.index) return;
      const cases = byDepth.get(d);
      if (cases) cases.push(i);
      else byDepth.set(d, [i]);
    });
    if (byDepth.size === 0) {
      // Every target is the default: no switch, but the index is still evaluated (it may trap).
      if (index.impure) this.stmt(`${num(index)};`);
      this.branch(this.frameAt(instr.index!), values);
      return this.markUnreachable();
    }
    this.stmt(`switch (${num(index)}) {`);
    this.depth++;
    for (const [depth, cases] of byDepth) {
      for (const c of cases) this.stmt(`case ${c}:`);
      this.depth++;
      this.branch(this.frameAt(depth), values);
      this.depth--;
    }
    this.stmt('default:');
    this.depth++;
    this.branch(this.frameAt(instr.index!), values);
    this.depth--;
    this.depth--;
    this.stmt('}');
    this.markUnreachable();
  }
}

/** Placeholder line after a call or memory.grow; assemble() turns it into the re-reads of the local views. */
const REFRESH_VIEWS = '\u0000refresh-views';
/** Placeholder for memory i's view in emitted code (NUL never occurs in generated code otherwise). */
const VIEW_MARK = '\u0000view';
const VIEW_PLACEHOLDER = /\u0000view[0-9]+\u0000/g;
function viewPlaceholder(memory: number): string {
  return `${VIEW_MARK}${memory}\u0000`;
}

/** The deepest block nesting generated code may have (see checkNesting). */
export const MAX_JS_NESTING = 900;

/** The most deferred (not yet evaluated) values the operand stack holds (see push). */
const MAX_DEFERRED_VALUES = 64;

/** Whether `v` is exactly what variable `name` holds (both halves for i64): assigning it there is a no-op. */
function isIn(v: Value, name: string): boolean {
  return v.code === name && v.reads.has(name) && (v.type !== 'i64' || v.hi === `${name}$hi`);
}


export function resultType(results: readonly ValType[]): string {
  if (results.length === 0) return 'void';
  if (results.length === 1) return tsType(results[0]);
  return `[${abiTypes(results).join(', ')}]`;
}

/** The frame-stack slot a value of type `t` can live in (i64 halves are i32 slots); undefined for references. */
function slotKind(t: ValType): SlotKind | undefined {
  switch (t) {
    case 'i32':
    case 'i64':
      return 'i32';
    case 'f32':
    case 'f64':
      return 'f64';
    case 'v128':
    case 'funcref':
    case 'externref':
      return undefined;
    default:
      return assertNever(t);
  }
}
