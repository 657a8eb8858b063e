/**
 * The store's garbage collector: mark, then sweep the externref heap.
 *
 * Roots, all of them exact except the last:
 * - the host's roots: `Rooted` refs in open scopes, `ManuallyRooted` refs;
 * - every externref table element and externref global value of every instance
 *   created with the store (found through the VMContext slots, which hold imported
 *   and defined tables and globals alike);
 * - the activations table, while a Wasm frame is live (the stack canary is set);
 * - the ref being inserted when the GC runs from `insertWithGc`.
 *
 * An externref cannot point to other externrefs, so marking needs no transitive walk.
 */
import { Global } from '../global.js';
import { Table } from '../table.js';
import type { VMContext } from '../vmcontext.js';
import type { ActivationsTable } from './activations-table.js';
import { VMExternRef, type ExternRefHeap } from './extern-heap.js';

export interface GcRoots {
  readonly host: Iterable<VMExternRef>;
  readonly instances: readonly VMContext[];
  readonly activations: ActivationsTable;
  readonly wasmFrameLive: boolean;
  readonly pending?: VMExternRef;
}

/** Collects: frees every heap entry no root reaches. Returns how many were freed. */
export function collectGarbage(heap: ExternRefHeap, roots: GcRoots): number {
  const marked = new Set<VMExternRef>(roots.host);
  for (const vmctx of roots.instances) markInstance(vmctx, marked);
  for (const ref of roots.activations.retain(roots.wasmFrameLive)) marked.add(ref);
  if (roots.pending !== undefined) marked.add(roots.pending);
  return heap.sweep(marked);
}

function markInstance(vmctx: VMContext, marked: Set<VMExternRef>): void {
  for (const slot of vmctx.slots) {
    if (slot instanceof Table) {
      if (slot.elementType !== 'externref') continue;
      for (const element of slot.elements) if (element instanceof VMExternRef) marked.add(element);
    } else if (slot instanceof Global) {
      if (slot.type === 'externref' && slot.v instanceof VMExternRef) marked.add(slot.v);
    }
  }
}
