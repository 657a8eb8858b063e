/**
 * Module fields, second pass: every field parsed and encoded into its section, with all
 * identifiers already bound (module.ts binds them in the first pass).
 *
 * Abbreviations are expanded here: inline imports and exports, a table's inline element
 * segment and a memory's inline data, and the segment forms without `(offset ...)`,
 * `(table ...)`, `(memory ...)` or `func`.
 */
import { assertNever } from '../../errors.js';
import { IndexSpace, type ModuleContext, type ValTypeCode } from './context.js';
import { Cursor, failUnexpected, isIndex } from './cursor.js';
import { InstrEncoder } from './instructions.js';
import { headOf, type List, type Node } from './sexpr.js';
import type { WatSource } from './source.js';
import { FUNCREF, isRefType, parseGlobalType, parseMemoryType, parseRefType, parseTableType, parseTypeUse, parseValType, startsInlineElements } from './types.js';
import { ByteWriter } from './writer.js';

/** One section's entries: their count and their bytes. */
export class Section {
  readonly bytes = new ByteWriter();
  count = 0;

  /** Starts a new entry from the text at `sourceIndex` (for errors found later), returning the writer to put it in. */
  entry(sourceIndex: number): ByteWriter {
    this.count++;
    return this.bytes.mark(sourceIndex);
  }
}

export class ModuleSections {
  readonly imports = new Section();
  readonly functions = new Section();
  readonly tables = new Section();
  readonly memories = new Section();
  readonly globals = new Section();
  readonly exports = new Section();
  start: number | undefined;
  /** Where the start field is in the text. */
  startSource = 0;
  readonly elems = new Section();
  readonly code = new Section();
  readonly datas = new Section();
  /** Names of parameters and locals, by function index. */
  readonly localNames = new Map<number, ReadonlyMap<number, string>>();
}

/** What the first pass learnt about a field: its kind and the indices it defines. */
export interface FieldPlan {
  readonly list: List;
  readonly kind: 'type' | 'import' | 'func' | 'table' | 'memory' | 'global' | 'export' | 'start' | 'elem' | 'data';
  /** Index of the function, table, memory or global the field defines (0 for other fields). */
  readonly index: number;
}

const EXTERN_KIND = { func: 0x00, table: 0x01, memory: 0x02, global: 0x03 } as const;
type ExternKeyword = keyof typeof EXTERN_KIND;

const OP_I32_CONST = 0x41;
const OP_END = 0x0b;
const OP_REF_FUNC = 0xd2;
const PAGE_SIZE = 65536;

/** Where a segment goes: a table or memory at an offset, or nowhere yet. */
type SegmentMode =
  | { readonly kind: 'passive' }
  | { readonly kind: 'declarative' }
  | { readonly kind: 'active'; readonly target: number; readonly offset: Uint8Array };

type ElemItems = { readonly kind: 'funcs'; readonly indices: number[] } | { readonly kind: 'exprs'; readonly type: ValTypeCode; readonly exprs: Uint8Array[] };

export class FieldEncoder {
  private readonly source: WatSource;
  /** Where the field being encoded starts in the text: its section entries are marked with it. */
  private fieldStart = 0;

  constructor(
    private readonly ctx: ModuleContext,
    private readonly sections: ModuleSections,
  ) {
    this.source = ctx.source;
  }

  field(plan: FieldPlan): void {
    const c = Cursor.inside(this.source, plan.list);
    this.fieldStart = plan.list.start;
    switch (plan.kind) {
      case 'type':
        return; // parsed in the first pass
      case 'import':
        return this.importField(c);
      case 'func':
        return this.func(c, plan.index);
      case 'table':
        return this.table(c, plan);
      case 'memory':
        return this.memory(c, plan);
      case 'global':
        return this.global(c, plan.index);
      case 'export':
        return this.exportField(c);
      case 'start':
        return this.start(c, plan.list);
      case 'elem':
        return this.elem(c);
      case 'data':
        return this.data(c);
      default:
        assertNever(plan.kind, 'field kind');
    }
  }

  private importField(c: Cursor): void {
    const module = c.expectName();
    const name = c.expectName();
    const desc = c.expect('an import description');
    c.expectEnd();
    const kind = headOf(desc) as ExternKeyword; // the first pass checked it
    const inner = Cursor.inside(this.source, desc as List);
    inner.takeId();
    this.importDescription(inner, kind, module, name);
  }

  /** The entry of an import, its description read from `c` (after any identifier). */
  private importDescription(c: Cursor, kind: ExternKeyword, module: string, name: string): void {
    const out = this.sections.imports.entry(this.fieldStart).name(module).name(name).byte(EXTERN_KIND[kind]);
    switch (kind) {
      case 'func':
        out.u32(parseTypeUse(this.ctx, c, true).index);
        break;
      case 'table':
        parseTableType(this.ctx, c, out);
        break;
      case 'memory':
        parseMemoryType(this.ctx, c, out);
        break;
      case 'global':
        parseGlobalType(this.ctx, c, out);
        break;
      default:
        assertNever(kind, 'import kind');
    }
    c.expectEnd();
  }

  /** `(export "name")*` of a definition, then `(import "m" "n")` if it is an inline import: returns whether it is. */
  private inlineExportsAndImport(c: Cursor, kind: ExternKeyword, index: number): boolean {
    for (let list = c.takeList('export'); list !== undefined; list = c.takeList('export')) {
      const inner = Cursor.inside(this.source, list);
      const name = inner.expectName();
      inner.expectEnd();
      this.sections.exports.entry(list.start).name(name).byte(EXTERN_KIND[kind]).u32(index);
    }
    const imported = c.takeList('import');
    if (imported === undefined) return false;
    const inner = Cursor.inside(this.source, imported);
    const module = inner.expectName();
    const name = inner.expectName();
    inner.expectEnd();
    this.importDescription(c, kind, module, name);
    return true;
  }

  private func(c: Cursor, index: number): void {
    c.takeId();
    if (this.inlineExportsAndImport(c, 'func', index)) return;
    const use = parseTypeUse(this.ctx, c, true);
    const locals = new IndexSpace(this.source, 'local');
    // A `(type x)` that names no type is well formed and invalid: the validator reports it.
    const paramCount = use.sig?.params.length ?? 0;
    for (let i = 0; i < paramCount; i++) locals.define(use.paramIds[i]);
    const localTypes: ValTypeCode[] = [];
    for (let list = c.takeList('local'); list !== undefined; list = c.takeList('local')) {
      const inner = Cursor.inside(this.source, list);
      const id = inner.takeId();
      if (id !== undefined) {
        localTypes.push(parseValType(this.source, inner.next(), inner.endIndex));
        locals.define(id);
        inner.expectEnd();
      } else {
        while (!inner.atEnd()) {
          localTypes.push(parseValType(this.source, inner.next(), inner.endIndex));
          locals.define(undefined);
        }
      }
    }
    const body = new ByteWriter().mark(this.fieldStart);
    writeLocalDeclarations(body, localTypes);
    new InstrEncoder(this.ctx, locals, body).encode(c);
    body.mark(c.endIndex).byte(OP_END); // errors at the function's end point at its closing parenthesis
    this.sections.functions.entry(this.fieldStart).u32(use.index);
    this.sections.code.entry(this.fieldStart).sizedFrom(body);
    if (locals.names.size > 0) this.sections.localNames.set(index, locals.names);
  }

  private table(c: Cursor, plan: FieldPlan): void {
    c.takeId();
    if (this.inlineExportsAndImport(c, 'table', plan.index)) return;
    if (startsInlineElements(c)) {
      // (table reftype (elem ...)): limits from the element count, and an active segment at 0.
      const type = parseRefType(this.source, c.next(), c.endIndex);
      const elemList = c.next() as List;
      c.expectEnd();
      const inner = Cursor.inside(this.source, elemList);
      const first = inner.peek();
      const items: ElemItems =
        first === undefined || first.kind === 'list' ? this.elemExprs(inner, type) : { kind: 'funcs', indices: this.funcIndices(inner) };
      const count = items.kind === 'funcs' ? items.indices.length : items.exprs.length;
      this.sections.tables.entry(this.fieldStart).byte(type).byte(0x01).u32(count).u32(count);
      this.writeElemSegment({ kind: 'active', target: plan.index, offset: zeroOffset() }, items);
      return;
    }
    parseTableType(this.ctx, c, this.sections.tables.entry(this.fieldStart));
    const init = c.peek();
    if (init?.kind === 'list') this.source.unsupported('typed function references (table with initializer)', init.start);
    c.expectEnd();
  }

  private memory(c: Cursor, plan: FieldPlan): void {
    c.takeId();
    if (this.inlineExportsAndImport(c, 'memory', plan.index)) return;
    const pageSize = c.takeList('pagesize');
    if (pageSize !== undefined) this.source.unsupported('custom page sizes', pageSize.start);
    const dataList = c.takeList('data');
    if (dataList !== undefined) {
      // (memory (data ...)): as many pages as the data needs, and an active segment at 0.
      c.expectEnd();
      const bytes = this.dataString(Cursor.inside(this.source, dataList));
      const pages = Math.ceil(bytes.length / PAGE_SIZE);
      this.sections.memories.entry(this.fieldStart).byte(0x01).u32(pages).u32(pages);
      this.writeDataSegment({ kind: 'active', target: plan.index, offset: zeroOffset() }, bytes);
      return;
    }
    parseMemoryType(this.ctx, c, this.sections.memories.entry(this.fieldStart));
    c.expectEnd();
  }

  private global(c: Cursor, index: number): void {
    c.takeId();
    if (this.inlineExportsAndImport(c, 'global', index)) return;
    const out = this.sections.globals.entry(this.fieldStart);
    parseGlobalType(this.ctx, c, out);
    this.constantExpression(c, out);
  }

  private exportField(c: Cursor): void {
    const name = c.expectName();
    const desc = c.expect('an export description');
    c.expectEnd();
    const kind = headOf(desc);
    if (kind === 'tag') this.source.unsupported('exception handling (tag export)', desc.start);
    if (kind !== 'func' && kind !== 'table' && kind !== 'memory' && kind !== 'global') failUnexpected(this.source, desc, ': expected an export description');
    const inner = Cursor.inside(this.source, desc as List);
    const index = this.ctx.spaceOf(kind).resolve(inner.next(), inner.endIndex);
    inner.expectEnd();
    this.sections.exports.entry(this.fieldStart).name(name).byte(EXTERN_KIND[kind]).u32(index);
  }

  private start(c: Cursor, list: List): void {
    if (this.sections.start !== undefined) this.source.fail('multiple start sections', list.start);
    this.sections.start = this.ctx.funcs.resolve(c.next(), c.endIndex);
    this.sections.startSource = list.start;
    c.expectEnd();
  }

  /**
   * `(elem id? elemlist)` passive, `(elem id? declare elemlist)`, or active
   * `(elem id? (table x)? offset elemlist)`; without a table use, the element list may
   * also be bare function indices.
   */
  private elem(c: Cursor): void {
    c.takeId();
    let mode: SegmentMode;
    let bareFuncsAllowed = false;
    if (c.takeKeyword('declare')) {
      mode = { kind: 'declarative' };
    } else {
      const tableUse = c.takeList('table');
      const legacyTable = tableUse === undefined ? this.legacyIndex(c, this.ctx.tables) : undefined;
      const target = tableUse === undefined ? (legacyTable ?? 0) : this.singleIndex(tableUse, this.ctx.tables);
      if (tableUse !== undefined || legacyTable !== undefined || (c.peek()?.kind === 'list' && !isRefType(c.peek()))) {
        mode = { kind: 'active', target, offset: this.offset(c) };
        bareFuncsAllowed = tableUse === undefined;
      } else {
        mode = { kind: 'passive' };
      }
    }
    let items: ElemItems;
    if (c.takeKeyword('func')) items = { kind: 'funcs', indices: this.funcIndices(c) };
    else if (isNonNullFuncRef(c.peek())) items = this.nonNullFuncElems(c);
    else if (isRefType(c.peek())) items = this.elemExprs(c, parseRefType(this.source, c.next(), c.endIndex));
    else if (bareFuncsAllowed) items = { kind: 'funcs', indices: this.funcIndices(c) };
    else return c.unexpected(c.peek(), 'an element list (func or a reference type)');
    this.writeElemSegment(mode, items);
  }

  /**
   * A segment of type `(ref func)` (typed function references) whose items are all
   * `ref.func`: such a segment means exactly what the same funcref segment means (its
   * items are never null, and funcref tables accept them), so it is encoded as one.
   * With any other item, it needs the proposal.
   */
  private nonNullFuncElems(c: Cursor): ElemItems {
    const type = c.next()!;
    const items = this.elemExprs(c, FUNCREF);
    if (items.kind === 'exprs' && !items.exprs.every(isLoneRefFunc)) this.source.unsupported('typed function references ((ref func))', type.start);
    return items;
  }

  private funcIndices(c: Cursor): number[] {
    const indices: number[] = [];
    while (!c.atEnd()) indices.push(this.ctx.funcs.resolve(c.next(), c.endIndex));
    return indices;
  }

  /** Element expressions: `(item instr*)`, or one folded instruction. */
  private elemExprs(c: Cursor, type: ValTypeCode): ElemItems {
    const exprs: Uint8Array[] = [];
    while (!c.atEnd()) {
      const node = c.next()!;
      if (node.kind !== 'list') failUnexpected(this.source, node, ': expected an element expression');
      const out = new ByteWriter();
      if (headOf(node) === 'item') this.constantExpression(Cursor.inside(this.source, node), out);
      else this.constantExpression(new Cursor(this.source, [node], 0, node.end), out);
      exprs.push(out.toBytes());
    }
    return { kind: 'exprs', type, exprs };
  }

  /**
   * Element segment flags: bit 0 passive or declarative, bit 1 an explicit table (active)
   * or declarative, bit 2 expressions instead of function indices. Flags 0 and 4 (active,
   * table 0) imply funcref and no element kind.
   */
  private writeElemSegment(mode: SegmentMode, items: ElemItems): void {
    const out = this.sections.elems.entry(this.fieldStart);
    const usesExprs = items.kind === 'exprs';
    const implicitKind = mode.kind === 'active' && mode.target === 0 && (!usesExprs || items.type === FUNCREF);
    let flags = usesExprs ? 4 : 0;
    if (mode.kind !== 'active') flags |= mode.kind === 'passive' ? 1 : 3;
    else if (!implicitKind) flags |= 2;
    out.byte(flags);
    if (mode.kind === 'active') {
      if (!implicitKind) out.u32(mode.target);
      out.bytes(mode.offset);
    }
    if (items.kind === 'funcs') {
      if (!implicitKind) out.byte(0x00); // element kind funcref
      out.u32(items.indices.length);
      for (const index of items.indices) out.u32(index);
    } else {
      if (!implicitKind) out.byte(items.type);
      out.u32(items.exprs.length);
      for (const expr of items.exprs) out.bytes(expr);
    }
  }

  /** `(data id? (memory x)? offset string*)` active, or `(data id? string*)` passive. */
  private data(c: Cursor): void {
    c.takeId();
    const memoryUse = c.takeList('memory');
    const legacyMemory = memoryUse === undefined ? this.legacyIndex(c, this.ctx.memories) : undefined;
    const target = memoryUse === undefined ? (legacyMemory ?? 0) : this.singleIndex(memoryUse, this.ctx.memories);
    const mode: SegmentMode =
      memoryUse !== undefined || legacyMemory !== undefined || c.peek()?.kind === 'list'
        ? { kind: 'active', target, offset: this.offset(c) }
        : { kind: 'passive' };
    this.writeDataSegment(mode, this.dataString(c));
  }

  private writeDataSegment(mode: SegmentMode, bytes: Uint8Array): void {
    const out = this.sections.datas.entry(this.fieldStart);
    switch (mode.kind) {
      case 'passive':
        out.byte(0x01);
        break;
      case 'active':
        if (mode.target === 0) out.byte(0x00);
        else out.byte(0x02).u32(mode.target);
        out.bytes(mode.offset);
        break;
      case 'declarative':
        throw new Error('internal: a data segment cannot be declarative');
      default:
        assertNever(mode, 'segment mode');
    }
    out.sized(bytes);
  }

  /** Strings, concatenated. */
  private dataString(c: Cursor): Uint8Array {
    const bytes = new ByteWriter();
    while (!c.atEnd()) bytes.bytes(c.expectString());
    return bytes.toBytes();
  }

  /** `(offset instr*)`, or a single folded instruction: a constant expression's bytes. */
  private offset(c: Cursor): Uint8Array {
    const node = c.expect('an offset');
    if (node.kind !== 'list') failUnexpected(this.source, node, ': expected an offset');
    const out = new ByteWriter();
    if (headOf(node) === 'offset') this.constantExpression(Cursor.inside(this.source, node), out);
    else this.constantExpression(new Cursor(this.source, [node], 0, node.end), out);
    return out.toBytes();
  }

  /** Instructions up to the end of the cursor's list, then `end`. */
  private constantExpression(c: Cursor, out: ByteWriter): void {
    new InstrEncoder(this.ctx, new IndexSpace(this.source, 'local'), out).encode(c);
    out.byte(OP_END);
  }

  /**
   * The WebAssembly 1.0 form `(elem 0 (offset ...) ...)` / `(data 0 (offset ...) ...)`: a
   * bare numeric table or memory index, still written by older tools and test suites. (An
   * identifier in that place is the segment's own name.)
   */
  private legacyIndex(c: Cursor, space: IndexSpace): number | undefined {
    const node = c.peek();
    if (node?.kind !== 'atom' || !isIndex(node) || c.items[c.pos + 1]?.kind !== 'list') return undefined;
    return space.resolve(c.next(), c.endIndex);
  }

  /** `(table x)` or `(memory x)`: the one index inside. */
  private singleIndex(list: List, space: IndexSpace): number {
    const inner = Cursor.inside(this.source, list);
    const index = space.resolve(inner.next(), inner.endIndex);
    inner.expectEnd();
    return index;
  }
}

/** `(i32.const 0)` as a constant expression: the offset of inline segments. */
function zeroOffset(): Uint8Array {
  return Uint8Array.of(OP_I32_CONST, 0x00, OP_END);
}

/** `(ref func)` */
function isNonNullFuncRef(node: Node | undefined): boolean {
  if (node?.kind !== 'list' || node.items.length !== 2) return false;
  const [ref, heap] = node.items;
  return ref.kind === 'atom' && ref.text === 'ref' && heap.kind === 'atom' && heap.text === 'func';
}

/** Whether a constant expression's bytes are exactly `ref.func x` `end`. */
function isLoneRefFunc(expr: Uint8Array): boolean {
  if (expr[0] !== OP_REF_FUNC) return false;
  let i = 1;
  while ((expr[i] & 0x80) !== 0) i++; // the function index's LEB128 bytes
  return i + 2 === expr.length && expr[i + 1] === OP_END;
}

/** Local declarations, compressed into runs of one type. */
function writeLocalDeclarations(out: ByteWriter, types: readonly ValTypeCode[]): void {
  let runs = 0;
  for (let i = 0; i < types.length; i++) if (i === 0 || types[i] !== types[i - 1]) runs++;
  out.u32(runs);
  for (let i = 0; i < types.length; ) {
    let j = i;
    while (j < types.length && types[j] === types[i]) j++;
    out.u32(j - i).byte(types[i]);
    i = j;
  }
}
