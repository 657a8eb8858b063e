/**
 * externref libcalls. On the plain path (no store) an externref is just a JS value;
 * with an embedder's store, every reference that reaches a Wasm frame from a global
 * is also inserted into the store's activations table, so a GC during the
 * activation cannot free it (wasmtime's rooting rule).
 */
import type { VMContext } from '../vmcontext.js';
import type { Global } from '../global.js';

function globalCell(vmctx: VMContext, index: number): Global {
  return vmctx.slots[vmctx.offsets.global(index)] as Global;
}

export function externref_global_get(vmctx: VMContext, index: number): unknown {
  const value = globalCell(vmctx, index).v as unknown;
  if (vmctx.store !== null && value !== null) vmctx.store.activationsTableInsertWithGc(value);
  return value;
}

export function externref_global_set(vmctx: VMContext, index: number, value: unknown): void {
  globalCell(vmctx, index).v = value;
}

export function activations_table_insert_with_gc(vmctx: VMContext, ref: unknown): void {
  if (vmctx.store !== null && ref !== null) vmctx.store.activationsTableInsertWithGc(ref);
}

/**
 * wasmtime's `drop_externref` frees an externref whose reference count reached zero;
 * compiled code called it when a table or global slot overwrote the last reference.
 * Here references are traced, not counted, so nothing is freed at the call: it
 * means "this activation no longer needs `ref`", and removes one occurrence of it
 * from the activations table. If nothing else (a host root, a table, a global,
 * another occurrence) holds it, the next GC frees it.
 */
export function drop_externref(vmctx: VMContext, ref: unknown): void {
  if (vmctx.store !== null && ref !== null) vmctx.store.dropExternRef(ref);
}
