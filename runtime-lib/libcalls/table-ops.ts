/**
 * Table libcalls: grow, size, get/set, the bulk-table operations, and the
 * `call_indirect` lookup. Tables hold elements in internal form (`FuncRef | null`
 * or externref values). Indices and lengths are unsigned; bounds are checked before
 * anything is written.
 */
import type { FuncRef } from '../funcref.js';
import type { Table } from '../table.js';
import { trap } from '../trap.js';
import type { VMContext } from '../vmcontext.js';

function tableAt(vmctx: VMContext, index: number): Table {
  return vmctx.slots[vmctx.offsets.table(index)] as Table;
}

function checkRange(start: number, len: number, size: number): void {
  if (start + len > size) trap('OutOfBoundsTable');
}

export function table_grow(vmctx: VMContext, tableIndex: number, init: unknown, delta: number): number {
  return tableAt(vmctx, tableIndex).growInternal(delta >>> 0, init);
}

export function table_size(vmctx: VMContext, tableIndex: number): number {
  return tableAt(vmctx, tableIndex).elements.length;
}

/**
 * With an embedder's store, an externref read from a table joins the activations
 * table: the Wasm frame now holds it, and a GC must not free it even if the table
 * slot is overwritten before the frame is done with it.
 */
export function table_get(vmctx: VMContext, tableIndex: number, index: number): unknown {
  const table = tableAt(vmctx, tableIndex);
  const elements = table.elements;
  const i = index >>> 0;
  if (i >= elements.length) trap('OutOfBoundsTable');
  const value = elements[i];
  if (vmctx.store !== null && value !== null && table.elementType === 'externref') vmctx.store.activationsTableInsertWithGc(value);
  return value;
}

export function table_set(vmctx: VMContext, tableIndex: number, index: number, value: unknown): void {
  const elements = tableAt(vmctx, tableIndex).elements;
  const i = index >>> 0;
  if (i >= elements.length) trap('OutOfBoundsTable');
  elements[i] = value;
}

export function table_fill(vmctx: VMContext, tableIndex: number, dst: number, value: unknown, len: number): void {
  const elements = tableAt(vmctx, tableIndex).elements;
  const d = dst >>> 0;
  const n = len >>> 0;
  checkRange(d, n, elements.length);
  elements.fill(value, d, d + n);
}

export function table_copy(vmctx: VMContext, dstTable: number, srcTable: number, dst: number, src: number, len: number): void {
  const to = tableAt(vmctx, dstTable).elements;
  const from = tableAt(vmctx, srcTable).elements;
  const d = dst >>> 0;
  const s = src >>> 0;
  const n = len >>> 0;
  checkRange(d, n, to.length);
  checkRange(s, n, from.length);
  if (n === 0) return;
  // Array.prototype.copyWithin handles overlapping ranges like memmove.
  if (to === from) to.copyWithin(d, s, s + n);
  else for (let i = 0; i < n; i++) to[d + i] = from[s + i];
}

export function table_init(vmctx: VMContext, tableIndex: number, elemIndex: number, dst: number, src: number, len: number): void {
  const elements = tableAt(vmctx, tableIndex).elements;
  // A dropped segment (null) behaves as an empty one.
  const segment = vmctx.slots[vmctx.offsets.elemSegment(elemIndex)] as readonly unknown[] | null;
  const d = dst >>> 0;
  const s = src >>> 0;
  const n = len >>> 0;
  checkRange(s, n, segment === null ? 0 : segment.length);
  checkRange(d, n, elements.length);
  for (let i = 0; i < n; i++) elements[d + i] = segment![s + i];
}

export function elem_drop(vmctx: VMContext, elemIndex: number): void {
  vmctx.slots[vmctx.offsets.elemSegment(elemIndex)] = null;
}

/** The callee of `call_indirect`, in the internal ABI, after the three checks Wasm requires. */
export function call_indirect(table: Table, elementIndex: number, sig: string): any {
  const elements = table.elements;
  const i = elementIndex >>> 0;
  if (i >= elements.length) trap('UndefinedElement', i);
  const ref = elements[i] as FuncRef | null;
  if (ref === null) trap('UninitializedElement', i);
  if (ref.sig !== sig) trap('IndirectCallTypeMismatch');
  return ref.fn;
}
