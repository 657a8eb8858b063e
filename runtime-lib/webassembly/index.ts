/**
 * wasm2ts/webassembly: the WebAssembly JS API backed by modules wasm2ts generated ahead
 * of time, so toolchain glue (Emscripten's, wasm-bindgen's) runs where no WebAssembly
 * exists. Two ways in:
 * - the hook: `moduleFrom(generated)` is a `WebAssembly.Module`; `emscriptenInstantiateWasm(generated)`
 *   is Emscripten's `Module.instantiateWasm` callback for it;
 * - the polyfill: `install({ modules })` replaces `globalThis.WebAssembly`, and bytes
 *   handed to `instantiate`, `compile`, `new Module` or `validate` are matched by SHA-256
 *   against the modules' `moduleInfo.binary`.
 * Like the rest of runtime-lib it uses no Node-only API.
 */
import { Memory, setUnsafeNoDetachDefault } from '../memory.js';
import { Table } from '../table.js';
import { Global } from '../global.js';
import { CompileError, LinkError, RuntimeError } from './errors.js';
import { Instance, Module, bufferSourceBytes, canResolve, isNativeModule, moduleFrom, registerModules, setFallback, type NativeWebAssembly } from './module.js';
import { Exception, Tag } from './tag.js';
import type { GeneratedModule } from './generated.js';

export { Memory, Table, Global, Module, Instance, Tag, Exception, CompileError, LinkError, RuntimeError, moduleFrom, registerModules };
export type { GeneratedModule };
export type { NativeWebAssembly };
export type { ModuleImportDescriptor, ModuleExportDescriptor, ImportExportKind } from './module.js';

export interface WebAssemblyInstantiatedSource {
  readonly module: Module;
  readonly instance: Instance;
}

/**
 * `WebAssembly.validate`: whether the bytes would compile here, i.e. match a registered
 * module or a handled pattern, or, with a fallback engine installed, are valid to it.
 */
export function validate(bytes: ArrayBuffer | ArrayBufferView): boolean {
  return canResolve(bufferSourceBytes(bytes, 'WebAssembly.validate()'));
}

/** `WebAssembly.compile`: the Module for these bytes (a rejected promise with a CompileError if none matches). */
export async function compile(bytes: ArrayBuffer | ArrayBufferView): Promise<Module> {
  return new Module(bytes);
}

/**
 * `WebAssembly.instantiate`, both overloads: a Module gives a promise of an Instance;
 * bytes give a promise of `{ module, instance }`.
 */
export function instantiate(module: Module, importObject?: object): Promise<Instance>;
export function instantiate(bytes: ArrayBuffer | ArrayBufferView, importObject?: object): Promise<WebAssemblyInstantiatedSource>;
export async function instantiate(source: Module | ArrayBuffer | ArrayBufferView, importObject?: object): Promise<Instance | WebAssemblyInstantiatedSource> {
  if (source instanceof Module || isNativeModule(source)) return new Instance(source as Module, importObject);
  const module = new Module(source); // the fallback engine's own Module, for bytes nobody precompiled
  return { module, instance: new Instance(module, importObject) };
}

/** The part of a fetch `Response` the streaming functions use. */
interface ResponseLike {
  arrayBuffer(): Promise<ArrayBuffer>;
}

async function responseBytes(source: ResponseLike | PromiseLike<ResponseLike>, what: string): Promise<ArrayBuffer> {
  const response = await source;
  if (typeof response?.arrayBuffer !== 'function') throw new TypeError(`${what}: argument must be a Response or a promise of one`);
  return response.arrayBuffer();
}

/** `WebAssembly.compileStreaming`: reads the whole response, then as `compile`. */
export async function compileStreaming(source: ResponseLike | PromiseLike<ResponseLike>): Promise<Module> {
  return compile(await responseBytes(source, 'WebAssembly.compileStreaming()'));
}

/** `WebAssembly.instantiateStreaming`: reads the whole response, then as `instantiate` on bytes. */
export async function instantiateStreaming(source: ResponseLike | PromiseLike<ResponseLike>, importObject?: object): Promise<WebAssemblyInstantiatedSource> {
  return instantiate(await responseBytes(source, 'WebAssembly.instantiateStreaming()'), importObject);
}

/** The namespace object `install` puts at `globalThis.WebAssembly`. */
export const WebAssembly = Object.freeze({
  Module, Instance, Memory, Table, Global, Tag, Exception,
  CompileError, LinkError, RuntimeError,
  validate, compile, instantiate, compileStreaming, instantiateStreaming,
  [Symbol.toStringTag]: 'WebAssembly',
});

export interface InstallOptions {
  /** Generated modules (the ES modules wasm2ts wrote) that glue's bytes are matched against. */
  readonly modules?: Iterable<GeneratedModule>;
  /**
   * The engine's own WebAssembly, captured before installing (`globalThis.WebAssembly`),
   * for bytes that no precompiled module matches: Node's fetch compiles its HTTP parser
   * through the global WebAssembly, for one. Without it, such bytes are a CompileError,
   * which is what an environment without WebAssembly needs.
   */
  readonly fallback?: NativeWebAssembly;
  /**
   * Unsafe, not the JS API, off by default. Memories created while this is the newest install
   * in place (by glue's `new WebAssembly.Memory`, by instantiation through the shim, or by a
   * generated module instantiated directly: the setting is the runtime's, for the whole realm)
   * get Memory's `unsafeNoDetach`: when they grow, the old buffer stays attached and stale
   * instead of being detached. Once any buffer in a V8 process is detached, every typed-array
   * and DataView access checks for it: QuickJS's workload ran 16-23% faster with this option in
   * alternating child processes, 19% in `npm run bench`.
   * Safe only with glue that re-reads `memory.buffer` after every growth, as Emscripten's does;
   * glue that tells stale views by `byteLength === 0` (wasm-bindgen's) would silently read and
   * write stale memory.
   */
  readonly unsafeNoDetach?: boolean;
}

/** An install still in place, with the options that apply while it is the newest. */
interface ActiveInstall {
  readonly fallback: NativeWebAssembly | undefined;
  readonly unsafeNoDetach: boolean;
}

/**
 * The installs in place, oldest first. The newest one's `fallback` and `unsafeNoDetach` apply,
 * and `globalThis.WebAssembly` is the shim until none remains, then what it was before the
 * first: so uninstalling in any order leaves the options of the installs that remain.
 */
const installs: ActiveInstall[] = [];
let globalBeforeInstalls: PropertyDescriptor | undefined;

function applyNewestInstall(): void {
  const newest = installs[installs.length - 1];
  setFallback(newest?.fallback);
  setUnsafeNoDetachDefault(newest?.unsafeNoDetach ?? false);
}

/**
 * The polyfill: registers `modules` and makes the shim `globalThis.WebAssembly`.
 * Returns a function that unregisters the modules and withdraws this install's options;
 * once no install remains, it restores the previous `WebAssembly` (or its absence).
 */
export function install(options: InstallOptions = {}): () => void {
  const unregister = registerModules(options.modules ?? []);
  const global = globalThis as Record<string, unknown>;
  if (installs.length === 0) globalBeforeInstalls = Object.getOwnPropertyDescriptor(global, 'WebAssembly');
  const entry: ActiveInstall = { fallback: options.fallback, unsafeNoDetach: options.unsafeNoDetach ?? false };
  installs.push(entry);
  applyNewestInstall();
  // The same attributes as the engine's own: writable and configurable, not enumerable.
  Object.defineProperty(global, 'WebAssembly', { value: WebAssembly, writable: true, configurable: true, enumerable: false });
  let installed = true;
  return () => {
    if (!installed) return;
    installed = false;
    unregister();
    installs.splice(installs.indexOf(entry), 1);
    applyNewestInstall();
    if (installs.length > 0) return;
    if (globalBeforeInstalls) Object.defineProperty(global, 'WebAssembly', globalBeforeInstalls);
    else delete global['WebAssembly'];
    globalBeforeInstalls = undefined;
  };
}

/**
 * The hook for Emscripten glue: pass as `Module.instantiateWasm` (for sql.js, in the
 * config given to `initSqlJs`). Emscripten calls it with its import object and a
 * callback; it instantiates `generated` synchronously and hands over the instance.
 */
export function emscriptenInstantiateWasm(generated: GeneratedModule): (imports: object, receiveInstance: (instance: Instance, module: Module) => void) => any {
  const module = moduleFrom(generated);
  return (imports, receiveInstance) => {
    const instance = new Instance(module, imports);
    receiveInstance(instance, module);
    return instance.exports;
  };
}
