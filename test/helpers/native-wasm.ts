/**
 * Node's own `WebAssembly`, the reference engine in tests, typed by hand: the project
 * compiles with lib ES2022 only (no DOM), which has no WebAssembly declarations. Only what
 * the tests use is declared.
 */
export interface NativeModule {
  readonly __brand: 'WebAssembly.Module';
}
export interface NativeInstance {
  readonly exports: Record<string, unknown>;
}
export type NativeImports = Record<string, Record<string, unknown>>;

interface NativeApi {
  Module: new (bytes: Uint8Array) => NativeModule;
  Instance: new (module: NativeModule, imports?: NativeImports) => NativeInstance;
  Memory: new (descriptor: { initial: number; maximum?: number }) => { readonly buffer: ArrayBuffer; grow(delta: number): number };
  Table: new (descriptor: { initial: number; maximum?: number; element: string }, value?: unknown) => {
    readonly length: number;
    get(index: number): unknown;
    set(index: number, value?: unknown): void;
    grow(delta: number, value?: unknown): number;
  };
  Global: new (descriptor: { value: string; mutable?: boolean }, value?: unknown) => { value: unknown };
  RuntimeError: new (message?: string) => Error;
  LinkError: new (message?: string) => Error;
  CompileError: new (message?: string) => Error;
}

export const NativeWebAssembly = (globalThis as unknown as { WebAssembly: NativeApi }).WebAssembly;
