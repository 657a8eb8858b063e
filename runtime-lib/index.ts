/**
 * wasm2ts/runtime: what generated modules import, and the JS-API-shaped classes
 * (Memory, Table, Global) their users create and pass as imports.
 * Uses no Node-only API and never touches the global `WebAssembly`.
 */
export { RuntimeError, Trap, TRAP_MESSAGES, trap, type TrapCode } from './trap.js';
export { LinkError, translateError } from './errors.js';
export { Memory, PAGE_SIZE, MAX_PAGES, type MemoryDescriptor } from './memory.js';
export { Table, MAX_TABLE_LENGTH, type TableDescriptor, type TableElementKind, type TableElementType } from './table.js';
export { Global, type GlobalDescriptor, type GlobalValueType } from './global.js';
export { FuncRef, FUNCREF, funcRefOf, hostFuncRef } from './funcref.js';
export { I64_HI, i64ToBigInt, bigintToI64, toI32, toI64, toF32, toF64, sigId, boxedList, multiValue, type ValType } from './values.js';
export { makeExports } from './exports.js';
export { decodeBase64, encodeBase64 } from './base64.js';
export { importModuleObject, linkFunc, linkMemory, linkTable, linkGlobal } from './link.js';
export { libcalls } from './libcalls/impl.js';
export { LIBCALLS, type LibcallName, type LibcallImpls, type LibcallSpec } from './libcalls/table.js';
export { VMContext, VMOffsets, computeVMOffsets, type EntityCountsLike, type VMStore, type InstantiateOptions } from './vmcontext.js';
export { f32FromBits, f64FromBits } from './float-bits.js';
export { FrameStack, frameStack } from './frames.js';
export type { ModuleInfo, ImportInfo, ExportInfo, ExternTypeInfo, BinaryIdentity } from './module-info.js';
export { sha256Hex } from './sha256.js';
// The embedding API (wasmtime's): Store, ExternRef, RootScope, Linker, Func, ValRaw. See docs/embedding.md.
export * from './embedding/index.js';
