/**
 * A generated module's description of its imports and exports (`moduleInfo`), for
 * embedders that link by name and type at run time (the embedding API's Linker and the
 * WebAssembly shim, which also matches bytes against `binary`).
 */
import type { ValType } from './values.js';

export type ExternTypeInfo =
  | { readonly kind: 'func'; readonly params: readonly ValType[]; readonly results: readonly ValType[] }
  | { readonly kind: 'memory'; readonly min: number; readonly max?: number }
  | { readonly kind: 'table'; readonly element: 'funcref' | 'externref'; readonly min: number; readonly max?: number }
  | { readonly kind: 'global'; readonly type: ValType; readonly mutable: boolean };

export type ImportInfo = { readonly module: string; readonly name: string } & ExternTypeInfo;
export type ExportInfo = { readonly name: string } & ExternTypeInfo;

/** Which binary a module was compiled from: what the WebAssembly shim matches glue's bytes against. */
export interface BinaryIdentity {
  /** SHA-256 of the module's binary (for .wat input, of its encoding), 64 lowercase hex digits. */
  readonly sha256: string;
  readonly byteLength: number;
}

export interface ModuleInfo {
  readonly imports: readonly ImportInfo[];
  readonly exports: readonly ExportInfo[];
  /** Absent in modules generated before the compiler recorded it. */
  readonly binary?: BinaryIdentity;
}
