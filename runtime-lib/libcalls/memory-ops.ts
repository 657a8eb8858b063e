/**
 * Memory libcalls: grow, size, and the bulk-memory operations. The Memory for an
 * index is found through the VMContext layout, which covers imported and defined
 * memories alike. Bulk operations follow Wasm 2.0: bounds are checked before any
 * byte is written, addresses and lengths are unsigned, and a zero-length access
 * exactly at the end is in bounds.
 */
import type { Memory } from '../memory.js';
import { trap } from '../trap.js';
import type { VMContext } from '../vmcontext.js';

function memoryAt(vmctx: VMContext, index: number): Memory {
  return vmctx.slots[vmctx.offsets.memory(index)] as Memory;
}

/**
 * Copies up to this many bytes with a loop: most copies are small (C's memcpy of a struct
 * field; in sql.js 99% of 1.6 million calls per query move under 16 bytes), and a call of
 * copyWithin costs about twice a short loop.
 */
const SMALL_COPY = 32;

/** Traps unless [start, start + len) lies within `size` (all unsigned; sums are exact doubles). */
function checkRange(start: number, len: number, size: number): void {
  if (start + len > size) trap('OutOfBoundsMemory');
}

export function memory32_grow(vmctx: VMContext, memoryIndex: number, delta: number): number {
  return memoryAt(vmctx, memoryIndex).growInternal(delta >>> 0);
}

export function memory32_size(vmctx: VMContext, memoryIndex: number): number {
  return memoryAt(vmctx, memoryIndex).pages;
}

export function memory_copy(vmctx: VMContext, dstMemory: number, dst: number, srcMemory: number, src: number, len: number): void {
  const to = memoryAt(vmctx, dstMemory).bytes;
  const from = srcMemory === dstMemory ? to : memoryAt(vmctx, srcMemory).bytes;
  const d = dst >>> 0;
  const s = src >>> 0;
  const n = len >>> 0;
  checkRange(d, n, to.length);
  checkRange(s, n, from.length);
  if (n <= SMALL_COPY) {
    // memmove: copy backwards when the destination overlaps the source from above.
    if (d <= s || to !== from) for (let i = 0; i < n; i++) to[d + i] = from[s + i]!;
    else for (let i = n - 1; i >= 0; i--) to[d + i] = from[s + i]!;
  } else if (to === from) to.copyWithin(d, s, s + n); // memmove too
  else to.set(from.subarray(s, s + n), d);
}

export function memory_fill(vmctx: VMContext, memoryIndex: number, dst: number, value: number, len: number): void {
  const bytes = memoryAt(vmctx, memoryIndex).bytes;
  const d = dst >>> 0;
  const n = len >>> 0;
  checkRange(d, n, bytes.length);
  bytes.fill(value & 0xff, d, d + n);
}

export function memory_init(vmctx: VMContext, memoryIndex: number, dataIndex: number, dst: number, src: number, len: number): void {
  const bytes = memoryAt(vmctx, memoryIndex).bytes;
  // A dropped segment (null) behaves as an empty one.
  const segment = vmctx.slots[vmctx.offsets.dataSegment(dataIndex)] as Uint8Array | null;
  const d = dst >>> 0;
  const s = src >>> 0;
  const n = len >>> 0;
  checkRange(s, n, segment === null ? 0 : segment.length);
  checkRange(d, n, bytes.length);
  if (n === 0) return;
  bytes.set(segment!.subarray(s, s + n), d);
}

export function data_drop(vmctx: VMContext, dataIndex: number): void {
  vmctx.slots[vmctx.offsets.dataSegment(dataIndex)] = null;
}
