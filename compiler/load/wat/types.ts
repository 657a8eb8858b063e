/**
 * The type grammar of the text format: value and reference types, parameter and result
 * lists, type uses (with the implicit type definitions they may create), block types,
 * limits, and table, memory and global types, each with its binary encoding.
 */
import { assertNever } from '../../errors.js';
import { Cursor, failUnexpected, isIndex } from './cursor.js';
import { sameSig, type FuncSig, type ModuleContext, type ValTypeCode } from './context.js';
import { headOf, type Atom, type Node } from './sexpr.js';
import type { WatSource } from './source.js';
import { unsupportedHeapType, unsupportedValueType } from './unsupported.js';
import type { ByteWriter } from './writer.js';

export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;

const VALUE_TYPES: ReadonlyMap<string, ValTypeCode> = new Map([
  ['i32', 0x7f],
  ['i64', 0x7e],
  ['f32', 0x7d],
  ['f64', 0x7c],
  // The model has the v128 type (imports and exports may carry it); SIMD instructions are unsupported.
  ['v128', 0x7b],
  ['funcref', FUNCREF],
  ['externref', EXTERNREF],
]);

export function parseValType(source: WatSource, node: Node | undefined, endIndex: number): ValTypeCode {
  if (node === undefined) source.fail('unexpected token: expected a value type', endIndex);
  if (node.kind === 'atom') {
    const code = VALUE_TYPES.get(node.text);
    if (code !== undefined) return code;
    const feature = unsupportedValueType(node.text);
    if (feature !== undefined) source.unsupported(feature, node.start);
  } else if (node.kind === 'list' && node.items[0]?.kind === 'atom' && node.items[0].text === 'ref') {
    return parseRefConstructor(source, Cursor.inside(source, node));
  }
  return failUnexpected(source, node, ': expected a value type');
}

export function parseRefType(source: WatSource, node: Node | undefined, endIndex: number): ValTypeCode {
  const code = parseValType(source, node, endIndex);
  if (code !== FUNCREF && code !== EXTERNREF) failUnexpected(source, node!, ': expected a reference type');
  return code;
}

/** Whether a node starts a reference type (as opposed to limits or an element list). */
export function isRefType(node: Node | undefined): boolean {
  if (node?.kind === 'atom') return node.text.endsWith('ref');
  return node?.kind === 'list' && node.items[0]?.kind === 'atom' && node.items[0].text === 'ref';
}

/** `(ref null? heaptype)`: only `(ref null func)` and `(ref null extern)` exist without typed function references. */
function parseRefConstructor(source: WatSource, c: Cursor): ValTypeCode {
  const nullable = c.takeKeyword('null');
  const heap = c.expect('a heap type');
  c.expectEnd();
  if (isIndex(heap)) source.unsupported(`typed function references ((ref ${nullable ? 'null ' : ''}$t))`, heap.start);
  const code = parseHeapType(source, heap);
  if (!nullable) {
    const name = heap.kind === 'atom' ? heap.text : '$t';
    source.unsupported(`typed function references ((ref ${name}))`, heap.start);
  }
  return code;
}

/** A heap type (in `ref.null` and `(ref ...)`), as the reference type whose nulls it has. */
export function parseHeapType(source: WatSource, node: Node): ValTypeCode {
  if (node.kind === 'atom') {
    if (node.text === 'func') return FUNCREF;
    if (node.text === 'extern') return EXTERNREF;
    const feature = unsupportedHeapType(node.text);
    if (feature !== undefined) source.unsupported(feature, node.start);
  }
  if (isIndex(node)) source.unsupported('typed function references (ref.null $t)', node.start);
  if (node.kind === 'list' && node.items[0]?.kind === 'atom' && node.items[0].text === 'exact') {
    source.unsupported('custom descriptors (exact types)', node.start);
  }
  return failUnexpected(source, node, ': expected a heap type');
}

export interface Params {
  readonly types: ValTypeCode[];
  readonly ids: (Atom | undefined)[];
}

/** `(param ...)*`: `(param $x t)` binds a name (where allowed), `(param t*)` several anonymous ones. */
export function parseParams(source: WatSource, c: Cursor, allowIds: boolean): Params {
  const types: ValTypeCode[] = [];
  const ids: (Atom | undefined)[] = [];
  for (let list = c.takeList('param'); list !== undefined; list = c.takeList('param')) {
    const inner = Cursor.inside(source, list);
    const id = inner.takeId();
    if (id !== undefined) {
      if (!allowIds) failUnexpected(source, id, ': a parameter here cannot be named');
      types.push(parseValType(source, inner.next(), inner.endIndex));
      ids.push(id);
      inner.expectEnd();
    } else {
      while (!inner.atEnd()) {
        types.push(parseValType(source, inner.next(), inner.endIndex));
        ids.push(undefined);
      }
    }
  }
  return { types, ids };
}

/** `(result t*)*` */
export function parseResults(source: WatSource, c: Cursor): ValTypeCode[] {
  const types: ValTypeCode[] = [];
  for (let list = c.takeList('result'); list !== undefined; list = c.takeList('result')) {
    const inner = Cursor.inside(source, list);
    while (!inner.atEnd()) types.push(parseValType(source, inner.next(), inner.endIndex));
  }
  return types;
}

export interface TypeUse {
  readonly index: number;
  /** The signature, unless the type use names an index that has no type (the validator reports that). */
  readonly sig: FuncSig | undefined;
  /** Parameter identifiers written inline (none when only `(type x)` is given). */
  readonly paramIds: readonly (Atom | undefined)[];
}

/** `(type x)? (param ...)* (result ...)*`, where inline declarations must agree with type x. */
export function parseTypeUse(ctx: ModuleContext, c: Cursor, allowParamIds: boolean): TypeUse {
  const source = ctx.source;
  const exact = c.takeList('exact');
  if (exact !== undefined) source.unsupported('custom descriptors (exact types)', exact.start);
  const typeList = c.takeList('type');
  let typeIndex: number | undefined;
  if (typeList !== undefined) {
    const inner = Cursor.inside(source, typeList);
    typeIndex = ctx.typeSpace.resolve(inner.next(), inner.endIndex);
    inner.expectEnd();
  }
  const inlineStart = c.pos;
  const params = parseParams(source, c, allowParamIds);
  const results = parseResults(source, c);
  // Parameters come before results: a late one is a syntax error before any type mismatch.
  const late = c.takeList('param');
  if (late !== undefined) failUnexpected(source, late.items[0]);
  const inline: FuncSig = { params: params.types, results };
  if (typeIndex === undefined) return { index: ctx.implicitType(inline), sig: inline, paramIds: params.ids };
  const sig = ctx.types[typeIndex];
  if (c.pos > inlineStart) {
    if (sig === undefined) source.fail(`unknown type ${typeIndex}`, typeList!.start);
    if (!sameSig(sig, inline)) source.fail('inline function type does not match the type definition', c.items[inlineStart].start);
  }
  return { index: typeIndex, sig, paramIds: params.ids };
}

export type BlockType =
  | { readonly kind: 'empty' }
  | { readonly kind: 'value'; readonly code: ValTypeCode }
  | { readonly kind: 'index'; readonly index: number };

/** A block's `(type x)? (param t*)* (result t*)*`: no value, one result type, or a type index. */
export function parseBlockType(ctx: ModuleContext, c: Cursor): BlockType {
  if (c.peekHead() === 'type') return { kind: 'index', index: parseTypeUse(ctx, c, false).index };
  const params = parseParams(ctx.source, c, false).types;
  const results = parseResults(ctx.source, c);
  const late = c.takeList('param');
  if (late !== undefined) failUnexpected(ctx.source, late.items[0]);
  if (params.length === 0 && results.length === 0) return { kind: 'empty' };
  if (params.length === 0 && results.length === 1) return { kind: 'value', code: results[0] };
  return { kind: 'index', index: ctx.implicitType({ params, results }) };
}

export function writeBlockType(out: ByteWriter, blockType: BlockType): void {
  switch (blockType.kind) {
    case 'empty':
      out.byte(0x40);
      return;
    case 'value':
      out.byte(blockType.code);
      return;
    case 'index':
      out.s32(blockType.index); // an s33, non-negative
      return;
    default:
      assertNever(blockType, 'block type');
  }
}

interface Limits {
  readonly min: bigint;
  readonly max?: bigint;
}

function isNumber(node: Node | undefined): boolean {
  return node?.kind === 'atom' && isIndex(node);
}

/** `min max?`, read as u64 (the validator checks the ranges of 32-bit tables and memories). */
function parseLimits(c: Cursor): Limits {
  const min = c.expectUnsigned('a limit', 64);
  if (!isNumber(c.peek())) return { min };
  return { min, max: c.expectUnsigned('a limit', 64) };
}

function writeLimits(out: ByteWriter, limits: Limits, flags: number): void {
  out.byte(flags | (limits.max === undefined ? 0 : 1)).u64(limits.min);
  if (limits.max !== undefined) out.u64(limits.max);
}

/** The optional address type of a table or memory: only i32 is supported. */
function parseAddressType(ctx: ModuleContext, c: Cursor, feature: string): void {
  const node = c.peek();
  if (node?.kind === 'atom' && node.text === 'i64') ctx.source.unsupported(feature, node.start);
  c.takeKeyword('i32');
}

/** Whether a table or memory definition starts with an address type or limits. */
function startsLimits(c: Cursor): boolean {
  const node = c.peek();
  return isNumber(node) || (node?.kind === 'atom' && (node.text === 'i32' || node.text === 'i64'));
}

/** Whether a table definition continues with `reftype (elem ...)`: inline elements instead of limits. */
export function startsInlineElements(c: Cursor): boolean {
  return !startsLimits(c) && isRefType(c.peek()) && headOf(c.items[c.pos + 1]) === 'elem';
}

/** `i32? limits reftype`, written as the binary table type. */
export function parseTableType(ctx: ModuleContext, c: Cursor, out: ByteWriter): void {
  parseAddressType(ctx, c, 'table64 (memory64 proposal)');
  const limits = parseLimits(c);
  out.byte(parseRefType(ctx.source, c.next(), c.endIndex));
  writeLimits(out, limits, 0);
}

/** `i32? limits shared?`, written as the binary memory type. */
export function parseMemoryType(ctx: ModuleContext, c: Cursor, out: ByteWriter): void {
  parseAddressType(ctx, c, 'memory64');
  const limits = parseLimits(c);
  const shared = c.takeKeyword('shared');
  const pageSize = c.takeList('pagesize');
  if (pageSize !== undefined) ctx.source.unsupported('custom page sizes', pageSize.start);
  writeLimits(out, limits, shared ? 0x02 : 0);
}

/** `t` or `(mut t)`, written as the binary global type. */
export function parseGlobalType(ctx: ModuleContext, c: Cursor, out: ByteWriter): void {
  const mutable = c.takeList('mut');
  if (mutable !== undefined) {
    const inner = Cursor.inside(ctx.source, mutable);
    out.byte(parseValType(ctx.source, inner.next(), inner.endIndex)).byte(1);
    inner.expectEnd();
    return;
  }
  out.byte(parseValType(ctx.source, c.next(), c.endIndex)).byte(0);
}
