/**
 * The module model: plain, typed objects that every stage after loading works on.
 * Whatever read the bytes (our binary decoder, fed by our text parser for .wat),
 * later stages see only this.
 */

export type NumType = 'i32' | 'i64' | 'f32' | 'f64';
export type VecType = 'v128';
export type RefType = 'funcref' | 'externref';
export type ValType = NumType | VecType | RefType;

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface Limits {
  readonly min: number;
  readonly max?: number;
}

export interface TableType {
  readonly element: RefType;
  readonly limits: Limits;
}

export interface MemoryType {
  readonly limits: Limits;
  /** memory64 is not supported yet; the decoder rejects it with "unsupported". */
  readonly shared: boolean;
}

export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
}

export type ImportDesc =
  | { readonly kind: 'func'; readonly typeIndex: number }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType };

export type ExternKind = ImportDesc['kind'];

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
}

export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  /** Index in the module's combined index space (imports first) of that kind. */
  readonly index: number;
}

/** A block's type: no value, one result, or a function type index (multi-value). */
export type BlockType =
  | { readonly kind: 'empty' }
  | { readonly kind: 'value'; readonly type: ValType }
  | { readonly kind: 'func'; readonly typeIndex: number };

export interface MemArg {
  readonly align: number; // log2 of the alignment
  readonly offset: number; // u32, so always a safe integer
  readonly memory: number;
}

/**
 * One decoded instruction. `op` names a row of the opcode table (compiler/model/opcodes.ts);
 * which immediate fields are present follows that row's `imm` kind.
 */
export interface Instr {
  readonly op: Op;
  /** Byte offset of the opcode in the module binary: for diagnostics. */
  readonly offset: number;
  /** local/global/func/table/elem/data/type/memory index, or label depth. */
  readonly index?: number;
  /** Second index: table.copy (src table), memory.copy (src memory), table.init/memory.init (table/memory). */
  readonly index2?: number;
  readonly blockType?: BlockType;
  /** br_table targets; the default target is `index`. */
  readonly depths?: readonly number[];
  readonly memarg?: MemArg;
  /** i32.const: number (int32); i64.const: bigint (int64); f32.const: bits as number (u32); f64.const: bits as bigint (u64). */
  readonly value?: number | bigint;
  /** select with types; ref.null's type. */
  readonly types?: readonly ValType[];
}

/** Constant expressions (global initialisers, segment offsets): plain instruction lists without the final `end`. */
export type ConstExpr = readonly Instr[];

export interface Global {
  readonly type: GlobalType;
  readonly init: ConstExpr;
}

export interface Func {
  readonly typeIndex: number;
  /** Declared locals, expanded (one entry per local), excluding parameters. */
  readonly locals: readonly ValType[];
  /** The body, a flat list including nested block/loop/if/else/end and the final `end`. */
  readonly body: readonly Instr[];
  /** Byte offset of the body in the binary. */
  readonly offset: number;
}

export type DataMode =
  | { readonly kind: 'passive' }
  | { readonly kind: 'active'; readonly memory: number; readonly offset: ConstExpr };

export interface DataSegment {
  readonly mode: DataMode;
  readonly bytes: Uint8Array;
}

export type ElemMode =
  | { readonly kind: 'passive' }
  | { readonly kind: 'declarative' }
  | { readonly kind: 'active'; readonly table: number; readonly offset: ConstExpr };

export interface ElemSegment {
  readonly type: RefType;
  readonly mode: ElemMode;
  /** Each item is a constant expression (ref.func N, ref.null T, or global.get). */
  readonly items: readonly ConstExpr[];
}

export interface Names {
  readonly module?: string;
  readonly functions: ReadonlyMap<number, string>;
  readonly locals: ReadonlyMap<number, ReadonlyMap<number, string>>;
  readonly globals: ReadonlyMap<number, string>;
  readonly tables: ReadonlyMap<number, string>;
  readonly memories: ReadonlyMap<number, string>;
}

export interface CustomSection {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface WasmModule {
  readonly types: readonly FuncType[];
  readonly imports: readonly Import[];
  /** Defined functions only (index space position = number of imported functions + i). */
  readonly funcs: readonly Func[];
  readonly tables: readonly TableType[];
  readonly memories: readonly MemoryType[];
  readonly globals: readonly Global[];
  readonly exports: readonly Export[];
  readonly start?: number;
  readonly elems: readonly ElemSegment[];
  readonly datas: readonly DataSegment[];
  readonly names: Names;
  readonly customs: readonly CustomSection[];
  /** Where each entry was in the binary, for diagnostics; absent for modules not decoded from bytes. */
  readonly offsets?: EntryOffsets;
}

/**
 * Byte offsets in the module binary of each section entry, parallel to the WasmModule arrays
 * of the same name (functions carry their own `offset`).
 */
export interface EntryOffsets {
  readonly types: readonly number[];
  readonly imports: readonly number[];
  readonly tables: readonly number[];
  readonly memories: readonly number[];
  readonly globals: readonly number[];
  readonly exports: readonly number[];
  readonly elems: readonly number[];
  readonly datas: readonly number[];
  readonly start?: number;
}

/** Counts of each entity kind, imported and defined: the input of the VMContext layout (declared once, with the layout). */
export type { EntityCountsLike as EntityCounts } from '../../runtime-lib/vmcontext.js';

import type { Op } from './opcodes.js';
