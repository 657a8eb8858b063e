/**
 * Validation of function bodies: the algorithm of the spec's validation appendix, an
 * operand stack of types and a stack of control frames, with the polymorphic stack after
 * unreachable code. One loop over the flat instruction list; no recursion, so nesting
 * depth cannot overflow the JS stack.
 *
 * Index checks follow each instruction's immediate kind in the opcode table; typing comes
 * from the table's signature, or for context-typed instructions from a case below.
 */
import { assertNever, CompileError } from '../errors.js';
import { opInfo, type OpInfo } from '../model/opcodes.js';
import type { BlockType, Func, FuncType, GlobalType, Instr, MemoryType, RefType, TableType, ValType } from '../model/types.js';

/** What module-level validation has established, in index-space order (imports first). */
export interface ModuleContext {
  readonly types: readonly FuncType[];
  /** Type of each function in the function index space; type indices are already checked. */
  readonly funcTypes: readonly FuncType[];
  readonly tables: readonly TableType[];
  readonly memories: readonly MemoryType[];
  readonly globals: readonly GlobalType[];
  readonly elemTypes: readonly RefType[];
  readonly dataCount: number;
  /** Functions that may be referenced with ref.func in code (C.refs): those named outside function bodies. */
  readonly declaredFuncRefs: ReadonlySet<number>;
}

/** The type of a stack slot; 'unknown' is the bottom type of the polymorphic stack after unreachable code. */
type StackType = ValType | 'unknown';
const UNKNOWN = 'unknown';

type FrameKind = 'function' | 'block' | 'loop' | 'if' | 'else';

interface ControlFrame {
  readonly kind: FrameKind;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  /** Operand stack height when the frame was entered. */
  readonly height: number;
  unreachable: boolean;
}

const NO_TYPES: readonly ValType[] = [];
/** memarg offsets are u32 for 32-bit memories. */
const MAX_MEMARG_OFFSET = 2 ** 32 - 1;

export function formatTypes(types: readonly StackType[]): string {
  return `[${types.join(' ')}]`;
}

function isRef(t: StackType): boolean {
  return t === 'funcref' || t === 'externref';
}

export function validateFunction(ctx: ModuleContext, func: Func, funcIndex: number): void {
  new FunctionValidator(ctx, func, funcIndex).run();
}

class FunctionValidator {
  private readonly vals: StackType[] = [];
  private readonly ctrls: ControlFrame[] = [];
  private readonly locals: readonly ValType[];
  private readonly type: FuncType;
  /** The instruction being checked: errors point at it. */
  private offset: number;

  constructor(
    private readonly ctx: ModuleContext,
    private readonly func: Func,
    funcIndex: number,
  ) {
    this.type = ctx.funcTypes[funcIndex];
    this.locals = [...this.type.params, ...func.locals];
    this.offset = func.offset;
  }

  run(): void {
    this.ctrls.push({ kind: 'function', params: NO_TYPES, results: this.type.results, height: 0, unreachable: false });
    const body = this.func.body;
    for (let i = 0; i < body.length; i++) {
      const instr = body[i];
      this.offset = instr.offset;
      if (this.ctrls.length === 0) this.fail('unexpected instruction after the end of the function');
      const info = opInfo(instr.op);
      this.checkImmediates(instr, info);
      this.typeInstr(instr, info);
    }
    if (this.ctrls.length !== 0) this.fail('END opcode expected: the function body is not closed');
  }

  private fail(message: string): never {
    throw new CompileError(message, this.offset);
  }

  // ---- the operand stack ----

  private push(t: StackType): void {
    this.vals.push(t);
  }

  private pushAll(types: readonly ValType[]): void {
    for (const t of types) this.vals.push(t);
  }

  private top(): ControlFrame {
    return this.ctrls[this.ctrls.length - 1];
  }

  private popAny(): StackType {
    const frame = this.top();
    if (this.vals.length === frame.height) {
      if (frame.unreachable) return UNKNOWN;
      this.fail('type mismatch: instruction requires a value but stack has []');
    }
    return this.vals.pop()!;
  }

  /** Pops values of the given types (the last one on top), reporting all of them if any is missing or wrong. */
  private popTypes(expected: readonly ValType[], who = 'instruction'): void {
    this.checkTypes(expected, who);
    const frame = this.top();
    this.vals.length = Math.max(frame.height, this.vals.length - expected.length);
  }

  /** Checks that the top of the stack matches `expected`, without popping. */
  private checkTypes(expected: readonly ValType[], who: string): void {
    const frame = this.top();
    const n = expected.length;
    const base = this.vals.length - n;
    for (let i = 0; i < n; i++) {
      const slot = base + i;
      if (slot < frame.height) {
        if (frame.unreachable) continue;
        this.typeMismatch(expected, who);
      }
      const actual = this.vals[slot];
      if (actual !== expected[i] && actual !== UNKNOWN) this.typeMismatch(expected, who);
    }
  }

  private typeMismatch(expected: readonly ValType[], who: string): never {
    const frame = this.top();
    const available = this.vals.slice(Math.max(frame.height, this.vals.length - expected.length));
    return this.fail(`type mismatch: ${who} requires ${formatTypes(expected)} but stack has ${formatTypes(available)}`);
  }

  private popType(expected: ValType): void {
    const frame = this.top();
    if (this.vals.length === frame.height) {
      if (frame.unreachable) return;
      this.typeMismatch([expected], 'instruction');
    }
    const actual = this.vals[this.vals.length - 1];
    if (actual !== expected && actual !== UNKNOWN) this.typeMismatch([expected], 'instruction');
    this.vals.pop();
  }

  // ---- control frames ----

  private pushFrame(kind: FrameKind, params: readonly ValType[], results: readonly ValType[]): void {
    this.ctrls.push({ kind, params, results, height: this.vals.length, unreachable: false });
    this.pushAll(params);
  }

  /** Ends the innermost frame: its results must be exactly what is left of its stack. */
  private popFrame(): ControlFrame {
    const frame = this.top();
    const count = this.vals.length - frame.height;
    if (count > frame.results.length || (count < frame.results.length && !frame.unreachable)) this.frameMismatch(frame);
    const base = this.vals.length - frame.results.length;
    for (let i = 0; i < frame.results.length; i++) {
      const slot = base + i;
      if (slot >= frame.height && this.vals[slot] !== frame.results[i] && this.vals[slot] !== UNKNOWN) this.frameMismatch(frame);
    }
    this.vals.length = frame.height;
    this.ctrls.pop();
    return frame;
  }

  private frameMismatch(frame: ControlFrame): never {
    const who = frame.kind === 'function' ? 'function' : 'block';
    const stack = this.vals.slice(frame.height);
    return this.fail(`type mismatch: ${who} requires ${formatTypes(frame.results)} but stack has ${formatTypes(stack)}`);
  }

  private setUnreachable(): void {
    const frame = this.top();
    this.vals.length = frame.height;
    frame.unreachable = true;
  }

  private labelTypes(depth: number): readonly ValType[] {
    const frame = this.ctrls[this.ctrls.length - 1 - depth];
    return frame.kind === 'loop' ? frame.params : frame.results;
  }

  private blockSignature(bt: BlockType): FuncType {
    switch (bt.kind) {
      case 'empty':
        return { params: NO_TYPES, results: NO_TYPES };
      case 'value':
        return { params: NO_TYPES, results: [bt.type] };
      case 'func':
        return this.ctx.types[bt.typeIndex];
      default:
        return assertNever(bt, 'block type');
    }
  }

  // ---- immediates: index ranges and static properties, by immediate kind ----

  private checkImmediates(instr: Instr, info: OpInfo): void {
    const imm = info.imm;
    switch (imm) {
      case 'none':
      case 'i32':
      case 'i64':
      case 'f32':
      case 'f64':
      case 'reftype':
        return;
      case 'blocktype': {
        const bt = instr.blockType!;
        if (bt.kind === 'func' && bt.typeIndex >= this.ctx.types.length) this.fail(`unknown type ${bt.typeIndex}`);
        return;
      }
      case 'label':
        return this.checkLabel(instr.index!);
      case 'br_table':
        for (const depth of instr.depths!) this.checkLabel(depth);
        return this.checkLabel(instr.index!);
      case 'func':
        return this.checkIndex(instr.index!, this.ctx.funcTypes.length, 'function');
      case 'call_indirect':
        this.checkIndex(instr.index2!, this.ctx.tables.length, 'table');
        if (this.ctx.tables[instr.index2!].element !== 'funcref') {
          this.fail(`type mismatch: call_indirect requires a funcref table, table ${instr.index2} holds externref`);
        }
        return this.checkIndex(instr.index!, this.ctx.types.length, 'type');
      case 'local':
        return this.checkIndex(instr.index!, this.locals.length, 'local');
      case 'global':
        return this.checkIndex(instr.index!, this.ctx.globals.length, 'global');
      case 'table':
        return this.checkIndex(instr.index!, this.ctx.tables.length, 'table');
      case 'memory':
        return this.checkIndex(instr.index!, this.ctx.memories.length, 'memory');
      case 'memarg': {
        const memarg = instr.memarg!;
        this.checkIndex(memarg.memory, this.ctx.memories.length, 'memory');
        if (2 ** memarg.align > info.bytes!) this.fail('alignment must not be larger than natural');
        if (memarg.offset > MAX_MEMARG_OFFSET) this.fail('offset out of range: a 32-bit memory takes offsets below 2^32');
        return;
      }
      case 'select_t':
        if (instr.types!.length !== 1) this.fail('invalid result arity');
        return;
      case 'data':
        return this.checkIndex(instr.index!, this.ctx.dataCount, 'data segment');
      case 'elem':
        return this.checkIndex(instr.index!, this.ctx.elemTypes.length, 'elem segment');
      case 'memory.init':
        this.checkIndex(instr.index2!, this.ctx.memories.length, 'memory');
        return this.checkIndex(instr.index!, this.ctx.dataCount, 'data segment');
      case 'memory.copy':
        this.checkIndex(instr.index!, this.ctx.memories.length, 'memory');
        return this.checkIndex(instr.index2!, this.ctx.memories.length, 'memory');
      case 'table.init': {
        this.checkIndex(instr.index2!, this.ctx.tables.length, 'table');
        this.checkIndex(instr.index!, this.ctx.elemTypes.length, 'elem segment');
        const tableType = this.ctx.tables[instr.index2!].element;
        const elemType = this.ctx.elemTypes[instr.index!];
        if (tableType !== elemType) this.fail(`type mismatch: table.init of ${elemType} elements into a ${tableType} table`);
        return;
      }
      case 'table.copy': {
        this.checkIndex(instr.index!, this.ctx.tables.length, 'table');
        this.checkIndex(instr.index2!, this.ctx.tables.length, 'table');
        const destination = this.ctx.tables[instr.index!].element;
        const source = this.ctx.tables[instr.index2!].element;
        if (destination !== source) this.fail(`type mismatch: table.copy from a ${source} table to a ${destination} table`);
        return;
      }
      default:
        return assertNever(imm, 'immediate kind');
    }
  }

  private checkIndex(index: number, count: number, what: string): void {
    if (index >= count) this.fail(`unknown ${what} ${index}`);
  }

  private checkLabel(depth: number): void {
    if (depth >= this.ctrls.length) this.fail(`unknown label ${depth}`);
  }

  // ---- typing ----

  private typeInstr(instr: Instr, info: OpInfo): void {
    const ctx = this.ctx;
    switch (instr.op) {
      case 'unreachable':
        return this.setUnreachable();
      case 'block':
      case 'loop': {
        const sig = this.blockSignature(instr.blockType!);
        this.popTypes(sig.params);
        return this.pushFrame(instr.op, sig.params, sig.results);
      }
      case 'if': {
        const sig = this.blockSignature(instr.blockType!);
        this.popType('i32');
        this.popTypes(sig.params);
        return this.pushFrame('if', sig.params, sig.results);
      }
      case 'else': {
        if (this.top().kind !== 'if') this.fail('misplaced ELSE opcode');
        const frame = this.popFrame();
        return this.pushFrame('else', frame.params, frame.results);
      }
      case 'end': {
        const frame = this.popFrame();
        // An if without else has an implicit empty else arm, which passes its parameters through.
        if (frame.kind === 'if' && !sameTypes(frame.params, frame.results)) {
          this.fail(`type mismatch: if without else requires ${formatTypes(frame.results)} but its parameters are ${formatTypes(frame.params)}`);
        }
        return this.pushAll(frame.results);
      }
      case 'br':
        this.popTypes(this.labelTypes(instr.index!));
        return this.setUnreachable();
      case 'br_if': {
        const label = this.labelTypes(instr.index!);
        this.popType('i32');
        this.popTypes(label);
        return this.pushAll(label);
      }
      case 'br_table': {
        this.popType('i32');
        const defaultLabel = this.labelTypes(instr.index!);
        for (const depth of instr.depths!) {
          const label = this.labelTypes(depth);
          if (label.length !== defaultLabel.length) {
            this.fail(`type mismatch: br_table targets of different arity (${label.length} and ${defaultLabel.length})`);
          }
          this.checkTypes(label, 'br_table target');
        }
        this.popTypes(defaultLabel);
        return this.setUnreachable();
      }
      case 'return':
        this.popTypes(this.type.results);
        return this.setUnreachable();
      case 'call': {
        const callee = ctx.funcTypes[instr.index!];
        this.popTypes(callee.params);
        return this.pushAll(callee.results);
      }
      case 'call_indirect': {
        const callee = ctx.types[instr.index!];
        this.popType('i32');
        this.popTypes(callee.params);
        return this.pushAll(callee.results);
      }
      case 'drop':
        this.popAny();
        return;
      case 'select': {
        this.popType('i32');
        const t1 = this.popAny();
        const t2 = this.popAny();
        if (isRef(t1) || isRef(t2)) this.fail('type mismatch: select without a type annotation needs numeric operands');
        if (t1 !== t2 && t1 !== UNKNOWN && t2 !== UNKNOWN) this.fail(`type mismatch: select operands ${t2} and ${t1} differ`);
        return this.push(t1 === UNKNOWN ? t2 : t1);
      }
      case 'select_t': {
        const t = instr.types![0];
        this.popType('i32');
        this.popType(t);
        this.popType(t);
        return this.push(t);
      }
      case 'local.get':
        return this.push(this.locals[instr.index!]);
      case 'local.set':
        return this.popType(this.locals[instr.index!]);
      case 'local.tee': {
        const t = this.locals[instr.index!];
        this.popType(t);
        return this.push(t);
      }
      case 'global.get':
        return this.push(ctx.globals[instr.index!].type);
      case 'global.set': {
        const global = ctx.globals[instr.index!];
        if (!global.mutable) this.fail(`immutable global ${instr.index}: global.set needs a mutable global`);
        return this.popType(global.type);
      }
      case 'table.get':
        this.popType('i32');
        return this.push(ctx.tables[instr.index!].element);
      case 'table.set':
        this.popType(ctx.tables[instr.index!].element);
        return this.popType('i32');
      case 'table.grow':
        this.popType('i32');
        this.popType(ctx.tables[instr.index!].element);
        return this.push('i32');
      case 'table.fill':
        this.popType('i32');
        this.popType(ctx.tables[instr.index!].element);
        return this.popType('i32');
      case 'ref.null':
        return this.push(instr.types![0]);
      case 'ref.is_null': {
        const t = this.popAny();
        if (t !== UNKNOWN && !isRef(t)) this.fail(`type mismatch: ref.is_null requires a reference but stack has [${t}]`);
        return this.push('i32');
      }
      case 'ref.func':
        if (!ctx.declaredFuncRefs.has(instr.index!)) this.fail(`undeclared function reference ${instr.index}`);
        return this.push('funcref');
      default: {
        // Every other instruction has a fixed signature in the opcode table.
        const sig = info.sig;
        if (sig === null) throw new Error(`internal: no typing rule for ${instr.op}`);
        this.popTypes(sig.params);
        return this.pushAll(sig.results);
      }
    }
  }
}

export function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
