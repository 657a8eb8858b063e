/**
 * Running real npm packages through their stock glue, three ways: under Node's own
 * WebAssembly (the reference), under the shim's polyfill, and with the hook. For the
 * last two the native `WebAssembly` global is removed first, so nothing can fall back to it.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { install, type GeneratedModule, type InstallOptions } from '../../runtime-lib/webassembly/index.js';
import { compileAndLoad } from '../helpers/generated.js';

export const require = createRequire(import.meta.url);

/** Compiles a package's .wasm with wasm2ts (to out/test/<name>.js) and imports it. */
export async function compilePackageWasm(name: string, specifier: string): Promise<{ generated: GeneratedModule; bytes: Uint8Array }> {
  const bytes = new Uint8Array(fs.readFileSync(require.resolve(specifier)));
  const generated = (await compileAndLoad(name, bytes)) as unknown as GeneratedModule;
  return { generated, bytes };
}

/** `require(specifier)` evaluated afresh (glue often caches its instance in module state), with `alsoFresh` reloaded too. */
export function freshRequire<T>(specifier: string, alsoFresh: readonly string[] = []): T {
  for (const s of [specifier, ...alsoFresh]) delete require.cache[require.resolve(s)];
  return require(specifier) as T;
}

/**
 * Runs `body` with no native WebAssembly: the global is replaced by the shim with
 * `modules` registered (the polyfill), or with none (for the hook, which brings its own
 * module; glue still needs the API for RuntimeError, Memory and run-time modules).
 */
export async function withShimOnly<T>(modules: readonly GeneratedModule[], body: () => Promise<T> | T, options: Omit<InstallOptions, 'modules'> = {}): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'WebAssembly')!;
  delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
  const uninstall = install({ ...options, modules });
  try {
    return await body();
  } finally {
    uninstall();
    Object.defineProperty(globalThis, 'WebAssembly', descriptor);
  }
}
