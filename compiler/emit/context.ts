/**
 * What a function body emitter needs to know about the module around it:
 * the identifiers the module writer chose for each entity, and how each is accessed.
 */
import type { FuncType, ValType, WasmModule } from '../model/types.js';
import type { LibcallName } from '../../runtime-lib/libcalls/table.js';
import type { VMOffsets } from '../../runtime-lib/vmcontext.js';
import type { Namer } from './names.js';
import type { OutlineLimits } from './outline.js';

/** How generated code reaches a global. */
export type GlobalAccess =
  /** A defined global that is neither imported nor exported: plain closure variables (`g`, `g$hi`). */
  | { readonly kind: 'variable'; readonly name: string; readonly type: ValType; readonly mutable: boolean }
  /** Imported or exported: a runtime `Global` cell, shared with the host (`g.v`, `g.h`). */
  | { readonly kind: 'cell'; readonly name: string; readonly type: ValType; readonly mutable: boolean };

export interface ModuleContext {
  readonly module: WasmModule;
  /** Split function bodies too large for V8's optimizing compiler (./outline.ts); undefined: never. */
  readonly outline: OutlineLimits | undefined;
  readonly offsets: VMOffsets;
  readonly namer: Namer;
  /** Type of a function by index (imports first). */
  funcType(funcIndex: number): FuncType;
  /** The identifier to call a function by (internal ABI). */
  funcCallee(funcIndex: number): string;
  /** Whether calling the function may grow a memory (see ./may-grow.ts): callers then re-read their views. */
  funcMayGrowMemory(funcIndex: number): boolean;
  /** The identifier of a function's FuncRef (for ref.func); marks it as needed. */
  funcRef(funcIndex: number): string;
  global(index: number): GlobalAccess;
  /** An entity index as a libcall argument, with a comment naming it: `0 /* table hosts *\/`. */
  indexArg(kind: 'table' | 'memory' | 'global' | 'data' | 'elem', index: number): string;
  /** Identifier of the Table object of table `index`. */
  tableObject(index: number): string;
  /**
   * The function that call_indirect through `table` with type `typeIndex` calls directly, with
   * the index first, when the table's contents are known (../write/sealed-tables.ts).
   */
  indirectDispatcher(table: number, typeIndex: number): string | undefined;
  /**
   * Whether a call_indirect through `table` with type `typeIndex` may grow a memory: unless
   * the table is sealed and none of its entries of that signature may (./may-grow.ts).
   */
  indirectMayGrowMemory(table: number, typeIndex: number): boolean;
  /** The expression that reads the current DataView of memory `index` (`memoryLive.view`; see Memory.liveView). */
  memoryView(index: number): string;
  /** Canonical signature string literal for a type index. */
  sigOf(typeIndex: number): string;
  /** Records a libcall as used; returns the identifier to call. */
  libcall(name: LibcallName): string;
  /** Records a runtime import (e.g. `I64_HI`, `Trap`) as used; returns its identifier. */
  runtime(name: string): string;
  /** The module's FrameStack for split functions (runtime-lib/frames.ts), declared once when first asked for; returns its identifier. */
  frameStack(): string;
  /** A fresh identifier in the module's scope (a function split off another). */
  freshName(base: string): string;
  /** A module-scope constant (e.g. a NaN with a payload); returns its identifier. */
  constantFloat(type: 'f32' | 'f64', bits: number | bigint): string;
}

export function blockTypeOf(mod: WasmModule, bt: import('../model/types.js').BlockType): FuncType {
  switch (bt.kind) {
    case 'empty':
      return { params: [], results: [] };
    case 'value':
      return { params: [], results: [bt.type] };
    case 'func':
      return mod.types[bt.typeIndex];
  }
}
