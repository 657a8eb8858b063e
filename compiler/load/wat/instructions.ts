/**
 * Instructions: plain and folded forms, encoded straight to the binary format.
 *
 * Opcodes and immediate kinds come from the opcode table (compiler/model/opcodes.ts); this
 * file knows only how each immediate kind is written in text.
 *
 * Folded instructions nest without bound, so the encoder walks them with an explicit stack
 * of frames, never recursion: a frame is the rest of one list's instructions plus what to
 * emit once they are done (the folded operator after its operands, a block's `end`, the
 * arms of a folded `if`). Plain `block`/`loop`/`if` ... `end` stay within one list, so
 * each frame tracks the plain blocks it opened.
 */
import { assertNever } from '../../errors.js';
import { OPCODES, type OpInfo } from '../../model/opcodes.js';
import { floatBits, parseFloatLiteral } from './float-literal.js';
import type { IndexSpace, ModuleContext } from './context.js';
import { Cursor, failNotLiteral, failUnexpected, unsignedLiteral } from './cursor.js';
import { parseIntegerLiteral, uninterpretedValue, unsignedValue } from './numbers.js';
import { headOf, type Atom, type List, type Node } from './sexpr.js';
import type { WatSource } from './source.js';
import { parseBlockType, parseHeapType, parseResults, parseTypeUse, writeBlockType, type BlockType } from './types.js';
import { unsupportedInstruction } from './unsupported.js';
import { ByteWriter } from './writer.js';

const OP_BLOCK = 0x02;
const OP_LOOP = 0x03;
const OP_IF = 0x04;
const OP_ELSE = 0x05;
const OP_END = 0x0b;

/** Instructions with structure (labels, arms, `end`) are parsed here by name, not from the table. */
const STRUCTURED = new Set(['block', 'loop', 'if', 'else', 'end']);

/** Text names of the table's instructions. `select_t` is the binary's typed select: in text, `select (result t)`. */
const TEXT_INSTRUCTIONS: ReadonlyMap<string, OpInfo> = new Map(
  OPCODES.filter((op) => !STRUCTURED.has(op.name) && op.name !== 'select_t').map((op) => [op.name, op]),
);
const SELECT_T = OPCODES.find((op) => op.name === 'select_t')!;

/** The enclosing labels, innermost last; a label's depth is its distance from the top. */
class Labels {
  private readonly names: (string | undefined)[] = [];
  /** Stack positions of each name, so lookups are constant time however deep the nesting. */
  private readonly positions = new Map<string, number[]>();

  push(name: string | undefined): void {
    if (name !== undefined) {
      let positions = this.positions.get(name);
      if (positions === undefined) this.positions.set(name, (positions = []));
      positions.push(this.names.length);
    }
    this.names.push(name);
  }

  pop(): void {
    const name = this.names.pop();
    if (name !== undefined) this.positions.get(name)!.pop();
  }

  depthOf(source: WatSource, node: Node | undefined, endIndex: number): number {
    if (node === undefined) source.fail('unexpected token: expected a label', endIndex);
    if (node.kind === 'id') {
      const positions = this.positions.get(node.text);
      const position = positions?.[positions.length - 1];
      if (position === undefined) source.fail(`unknown label $${node.text}`, node.start);
      return this.names.length - 1 - position;
    }
    return Number(unsignedLiteral(source, node, 'a label', 32));
  }
}

/** A plain `block`, `loop` or `if` whose `end` is still to come in the same list. */
interface PlainBlock {
  readonly label: string | undefined;
  readonly isIf: boolean;
  hasElse: boolean;
}

/** What to emit once a frame's instructions are done. */
type Continuation =
  | { readonly kind: 'nothing' }
  /** A folded plain instruction, encoded already, after its operands. */
  | { readonly kind: 'emit'; readonly bytes: Uint8Array; readonly at: number }
  /** The `end` of a folded block, loop or if. */
  | { readonly kind: 'end' }
  /** A folded `if` after its condition: the `if`, then its arms. */
  | { readonly kind: 'if'; readonly at: number; readonly blockType: BlockType; readonly label: string | undefined; readonly thenArm: List; readonly elseArm: List | undefined }
  /** A folded `if` after its then-arm. */
  | { readonly kind: 'else'; readonly elseArm: List | undefined };

interface Frame {
  readonly cursor: Cursor;
  /** Index of the item where this frame's instructions stop. */
  readonly limit: number;
  /** Operands of a folded instruction and conditions of a folded `if` must be folded instructions. */
  readonly foldedOnly: boolean;
  readonly plain: PlainBlock[];
  readonly done: Continuation;
}

const NOTHING: Continuation = { kind: 'nothing' };
const END: Continuation = { kind: 'end' };

/** Encodes the instruction sequences of one function body or constant expression. */
export class InstrEncoder {
  private readonly labels = new Labels();
  private readonly source: WatSource;
  /** A folded operator is encoded here, then kept until its operands are done. */
  private readonly scratch = new ByteWriter();

  constructor(
    private readonly ctx: ModuleContext,
    private readonly locals: IndexSpace,
    private readonly out: ByteWriter,
  ) {
    this.source = ctx.source;
  }

  /** Encodes the instructions from `cursor` to the end of its list (without the final `end`). */
  encode(cursor: Cursor): void {
    const frames: Frame[] = [frame(cursor, cursor.items.length, false, NOTHING)];
    while (frames.length > 0) {
      const current = frames[frames.length - 1];
      const c = current.cursor;
      if (c.pos >= current.limit) {
        if (current.plain.length > 0) this.source.fail('unexpected token: expected end', c.endIndex);
        frames.pop();
        this.finish(current.done, frames);
        continue;
      }
      const node = c.items[c.pos++];
      if (node.kind === 'list') this.folded(node, frames);
      else if (current.foldedOnly) failUnexpected(this.source, node, ': expected a folded instruction');
      else this.plain(node, current);
    }
  }

  private plain(node: Node, current: Frame): void {
    if (node.kind !== 'atom') failUnexpected(this.source, node, ': expected an instruction');
    const c = current.cursor;
    this.out.mark(node.start);
    switch (node.text) {
      case 'block':
      case 'loop':
      case 'if': {
        const label = c.takeId()?.text;
        this.out.byte(node.text === 'block' ? OP_BLOCK : node.text === 'loop' ? OP_LOOP : OP_IF);
        writeBlockType(this.out, parseBlockType(this.ctx, c));
        this.labels.push(label);
        current.plain.push({ label, isIf: node.text === 'if', hasElse: false });
        return;
      }
      case 'else': {
        const open = current.plain[current.plain.length - 1];
        if (open === undefined || !open.isIf || open.hasElse) failUnexpected(this.source, node);
        this.checkEndLabel(c, open.label);
        open.hasElse = true;
        this.out.byte(OP_ELSE);
        return;
      }
      case 'end': {
        const open = current.plain.pop();
        if (open === undefined) failUnexpected(this.source, node);
        this.checkEndLabel(c, open.label);
        this.out.byte(OP_END);
        this.labels.pop();
        return;
      }
      default:
        this.instruction(node, c, this.out);
    }
  }

  /** `end $l` and `else $l` must repeat the block's label. */
  private checkEndLabel(c: Cursor, label: string | undefined): void {
    const id = c.takeId();
    if (id !== undefined && id.text !== label) this.source.fail(`mismatching label $${id.text}`, id.start);
  }

  private folded(list: List, frames: Frame[]): void {
    const head = list.items[0];
    if (head?.kind !== 'atom') failUnexpected(this.source, head ?? list, ': expected an instruction');
    const c = Cursor.inside(this.source, list);
    switch (head.text) {
      case 'block':
      case 'loop': {
        const label = c.takeId()?.text;
        this.out.mark(list.start).byte(head.text === 'block' ? OP_BLOCK : OP_LOOP);
        writeBlockType(this.out, parseBlockType(this.ctx, c));
        this.labels.push(label);
        frames.push(frame(c, list.items.length, false, END));
        return;
      }
      case 'if': {
        // (if label blocktype condition* (then instr*) (else instr*)?): the condition comes first.
        const label = c.takeId()?.text;
        const blockType = parseBlockType(this.ctx, c);
        const items = list.items;
        let thenIndex = c.pos;
        while (thenIndex < items.length && headOf(items[thenIndex]) !== 'then') thenIndex++;
        if (thenIndex === items.length) this.source.fail('unexpected token: expected (then ...)', list.end - 1);
        let next = thenIndex + 1;
        const elseArm = headOf(items[next]) === 'else' ? (items[next++] as List) : undefined;
        if (next < items.length) failUnexpected(this.source, items[next]);
        const thenArm = items[thenIndex] as List;
        frames.push(frame(c, thenIndex, true, { kind: 'if', at: list.start, blockType, label, thenArm, elseArm }));
        return;
      }
      default: {
        this.scratch.reset();
        this.instruction(head, c, this.scratch);
        if (c.atEnd()) this.out.mark(list.start).bytes(this.scratch.view());
        else frames.push(frame(c, list.items.length, true, { kind: 'emit', bytes: this.scratch.toBytes(), at: list.start }));
      }
    }
  }

  private finish(done: Continuation, frames: Frame[]): void {
    switch (done.kind) {
      case 'nothing':
        return;
      case 'emit':
        this.out.mark(done.at).bytes(done.bytes);
        return;
      case 'end':
        this.out.byte(OP_END);
        this.labels.pop();
        return;
      case 'if': {
        this.out.mark(done.at).byte(OP_IF);
        writeBlockType(this.out, done.blockType);
        this.labels.push(done.label);
        const arm = Cursor.inside(this.source, done.thenArm);
        frames.push(frame(arm, arm.items.length, false, { kind: 'else', elseArm: done.elseArm }));
        return;
      }
      case 'else': {
        if (done.elseArm === undefined) {
          this.out.byte(OP_END);
          this.labels.pop();
          return;
        }
        this.out.byte(OP_ELSE);
        const arm = Cursor.inside(this.source, done.elseArm);
        frames.push(frame(arm, arm.items.length, false, END));
        return;
      }
      default:
        assertNever(done, 'continuation');
    }
  }

  /** An instruction of the opcode table: its opcode, then its immediates as written after the name. */
  private instruction(name: Atom, c: Cursor, out: ByteWriter): void {
    const info = TEXT_INSTRUCTIONS.get(name.text);
    if (info === undefined) {
      const feature = unsupportedInstruction(name.text);
      if (feature !== undefined) this.source.unsupported(feature, name.start);
      failUnexpected(this.source, name, ': expected an instruction'); // an unknown operator unless it is another keyword
    }
    const ctx = this.ctx;
    const imm = info.imm;
    switch (imm) {
      case 'none':
        if (info.name === 'select' && c.peekHead() === 'result') {
          const types = parseResults(this.source, c);
          writeOpcode(out, SELECT_T).u32(types.length);
          for (const type of types) out.byte(type);
          return;
        }
        writeOpcode(out, info);
        return;
      case 'label':
        writeOpcode(out, info).u32(this.labels.depthOf(this.source, c.next(), c.endIndex));
        return;
      case 'br_table': {
        const depths: number[] = [];
        while (c.peekIsIndex()) depths.push(this.labels.depthOf(this.source, c.next(), c.endIndex));
        if (depths.length === 0) c.unexpected(c.peek(), 'a label');
        writeOpcode(out, info).u32(depths.length - 1);
        for (const depth of depths) out.u32(depth);
        return;
      }
      case 'func':
        writeOpcode(out, info).u32(ctx.funcs.resolve(c.next(), c.endIndex));
        return;
      case 'call_indirect': {
        const table = c.peekIsIndex() ? ctx.tables.resolve(c.next(), c.endIndex) : 0;
        const type = parseTypeUse(ctx, c, false);
        writeOpcode(out, info).u32(type.index).u32(table);
        return;
      }
      case 'local':
        writeOpcode(out, info).u32(this.locals.resolve(c.next(), c.endIndex));
        return;
      case 'global':
        writeOpcode(out, info).u32(ctx.globals.resolve(c.next(), c.endIndex));
        return;
      case 'table':
        writeOpcode(out, info).u32(this.optionalIndex(c, ctx.tables));
        return;
      case 'memory':
        writeOpcode(out, info).u32(this.optionalIndex(c, ctx.memories));
        return;
      case 'memarg':
        this.memoryAccess(info, c, out);
        return;
      case 'i32':
        writeOpcode(out, info).s32(Number(this.integerConstant(c, 32)));
        return;
      case 'i64':
        writeOpcode(out, info).s64(this.integerConstant(c, 64));
        return;
      case 'f32':
        writeOpcode(out, info).f32Bits(Number(this.floatConstant(c, 'f32')));
        return;
      case 'f64':
        writeOpcode(out, info).f64Bits(this.floatConstant(c, 'f64'));
        return;
      case 'reftype': {
        const heap = c.expect('a heap type');
        writeOpcode(out, info).byte(parseHeapType(this.source, heap));
        return;
      }
      case 'data':
        ctx.usesDataIndex = true;
        writeOpcode(out, info).u32(ctx.datas.resolve(c.next(), c.endIndex));
        return;
      case 'elem':
        writeOpcode(out, info).u32(ctx.elems.resolve(c.next(), c.endIndex));
        return;
      case 'memory.init': {
        ctx.usesDataIndex = true;
        const [memory, data] = this.segmentUse(c, ctx.memories, ctx.datas);
        writeOpcode(out, info).u32(data).u32(memory);
        return;
      }
      case 'table.init': {
        const [table, elem] = this.segmentUse(c, ctx.tables, ctx.elems);
        writeOpcode(out, info).u32(elem).u32(table);
        return;
      }
      case 'memory.copy':
      case 'table.copy': {
        const space = imm === 'memory.copy' ? ctx.memories : ctx.tables;
        // Both indices (destination, source) or neither.
        const hasIndices = c.peekIsIndex();
        const destination = hasIndices ? space.resolve(c.next(), c.endIndex) : 0;
        const source = hasIndices ? space.resolve(c.next(), c.endIndex) : 0;
        writeOpcode(out, info).u32(destination).u32(source);
        return;
      }
      case 'blocktype':
      case 'select_t':
        throw new Error(`internal: ${info.name} is not parsed from the opcode table`);
      default:
        assertNever(imm, 'immediate kind');
    }
  }

  private optionalIndex(c: Cursor, space: IndexSpace): number {
    return c.peekIsIndex() ? space.resolve(c.next(), c.endIndex) : 0;
  }

  /** `memory.init memidx? dataidx` and `table.init tableidx? elemidx`: one index is the segment's. */
  private segmentUse(c: Cursor, target: IndexSpace, segments: IndexSpace): [target: number, segment: number] {
    const first = c.next();
    if (c.peekIsIndex()) return [target.resolve(first, c.endIndex), segments.resolve(c.next(), c.endIndex)];
    return [0, segments.resolve(first, c.endIndex)];
  }

  /** `memidx? offset=N? align=N?`, as flags (log2 alignment, bit 6 for a memory index), memory index, offset. */
  private memoryAccess(info: OpInfo, c: Cursor, out: ByteWriter): void {
    const memory = this.optionalIndex(c, this.ctx.memories);
    const offset = this.memargField(c, 'offset=') ?? 0n;
    let alignLog2 = Math.log2(info.bytes!);
    const alignToken = c.peek();
    const align = this.memargField(c, 'align=');
    if (align !== undefined) {
      if (align === 0n || (align & (align - 1n)) !== 0n) this.source.fail('alignment must be a power of two', alignToken!.start);
      alignLog2 = align.toString(2).length - 1;
    }
    writeOpcode(out, info).u32(alignLog2 | (memory === 0 ? 0 : 0x40));
    if (memory !== 0) out.u32(memory);
    out.u64(offset);
  }

  /** A `key=value` memory argument, if it is next; values are u64 (offsets beyond u32 are the validator's). */
  private memargField(c: Cursor, key: string): bigint | undefined {
    const node = c.peek();
    if (node?.kind !== 'atom' || !node.text.startsWith(key)) return undefined;
    c.pos++;
    const literal = parseIntegerLiteral(node.text.slice(key.length));
    const value = literal === undefined ? undefined : unsignedValue(literal, 64);
    if (value === undefined) this.source.fail(`unknown operator ${node.text}`, node.start);
    if (value === 'out of range') this.source.fail(`i64 constant out of range: ${node.text}`, node.start);
    return value;
  }

  private integerConstant(c: Cursor, bits: 32 | 64): bigint {
    const node = c.expect(`an i${bits} literal`);
    if (node.kind !== 'atom') failUnexpected(this.source, node, `: expected an i${bits} literal`);
    const literal = parseIntegerLiteral(node.text);
    if (literal === undefined) failNotLiteral(this.source, node, `an i${bits} literal`);
    const value = uninterpretedValue(literal, bits);
    if (value === 'out of range') this.source.fail(`constant out of range: ${node.text} is not an i${bits}`, node.start);
    return value;
  }

  private floatConstant(c: Cursor, type: 'f32' | 'f64'): bigint {
    const node = c.expect(`an ${type} literal`);
    if (node.kind !== 'atom') failUnexpected(this.source, node, `: expected an ${type} literal`);
    const literal = parseFloatLiteral(node.text, type);
    switch (literal.kind) {
      case 'number':
      case 'nan':
        return floatBits(literal, type);
      case 'out of range':
        return this.source.fail(`constant out of range: ${node.text} is not a finite ${type}`, node.start);
      case 'not a literal':
        return failNotLiteral(this.source, node, `an ${type} literal`);
      default:
        return assertNever(literal, 'float literal');
    }
  }
}

function frame(cursor: Cursor, limit: number, foldedOnly: boolean, done: Continuation): Frame {
  return { cursor, limit, foldedOnly, plain: [], done };
}

function writeOpcode(out: ByteWriter, info: OpInfo): ByteWriter {
  if (info.prefix !== undefined) return out.byte(info.prefix).u32(info.code);
  return out.byte(info.code);
}
