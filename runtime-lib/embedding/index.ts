/**
 * The embedding API, after wasmtime's: stores with an externref heap, rooted handles,
 * a Linker with typed and unchecked host functions. See docs/embedding.md.
 */
export { Store, type StoreConfig, type AsContext } from './store.js';
export { ExternRef, ManuallyRootedExternRef, type Rooted, type ManuallyRooted } from './externref.js';
export { RootScope } from './root-scope.js';
export { GcHeapOutOfMemory, UnrootedError, StoreMismatchError } from './errors.js';
export { ActivationsTable } from './activations-table.js';
export { VMExternRef } from './extern-heap.js';
export { Caller } from './caller.js';
export { Func, type FuncType, type UncheckedHostFunc } from './func.js';
export { TypedFunc } from './typed-func.js';
export { ValRaw } from './val-raw.js';
export { Linker } from './linker.js';
export { Instance, type CompiledModule, type Extern } from './instance.js';
export type { ToWasm, FromWasm, ToWasmList, FromWasmList, ResultOf } from './host-values.js';
