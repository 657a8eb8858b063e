/**
 * A generated module's description of its imports and exports (`moduleInfo`), for
 * embedders that link by name and type at run time (the embedding API's Linker).
 */
import type { ValType } from './values.js';

export type ExternTypeInfo =
  | { readonly kind: 'func'; readonly params: readonly ValType[]; readonly results: readonly ValType[] }
  | { readonly kind: 'memory'; readonly min: number; readonly max?: number }
  | { readonly kind: 'table'; readonly element: 'funcref' | 'externref'; readonly min: number; readonly max?: number }
  | { readonly kind: 'global'; readonly type: ValType; readonly mutable: boolean };

export type ImportInfo = { readonly module: string; readonly name: string } & ExternTypeInfo;
export type ExportInfo = { readonly name: string } & ExternTypeInfo;

export interface ModuleInfo {
  readonly imports: readonly ImportInfo[];
  readonly exports: readonly ExportInfo[];
}
