/**
 * The four ways the harness runs a kernel: Node's native WebAssembly, wasm2ts output, and
 * binaryen's wasm2js output without and with -O2. Each backend is prepared (compiled or
 * generated, written to out/bench/) once, then loaded into one instance whose `run` every
 * repetition calls: kernels are re-entrant, so instantiation stays out of the timings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { compile } from '../compiler/index.js';
import type { KernelCase } from './kernels.js';
import { wasm2jsOutPath, wasm2tsOutPath } from './paths.js';
import { prepareWasm2js } from './wasm2js.js';

export type BackendId = 'native' | 'wasm2ts' | 'wasm2js' | 'wasm2js-O2';
export const BACKENDS: readonly BackendId[] = ['native', 'wasm2ts', 'wasm2js', 'wasm2js-O2'];

/** A loaded kernel: its `run(n)` export. */
export type RunFn = (n: number) => number;

// Node's own WebAssembly, typed by hand: the project compiles with lib ES2022 (no DOM).
interface NativeWasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
const NativeWebAssembly = (globalThis as unknown as { WebAssembly: NativeWasm }).WebAssembly;

export interface Wasm2tsCompile {
  readonly file: string;
  /** Median wall time of `compile(bytes, { target: 'js', format: false })`, in ms. */
  readonly ms: number;
  readonly samplesMs: readonly number[];
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** Compiles a kernel with wasm2ts (`times` timed compiles; the median counts) into out/bench/<name>.js. */
export async function compileWasm2ts(kc: KernelCase, times: number): Promise<Wasm2tsCompile> {
  const bytes = fs.readFileSync(kc.path);
  const samplesMs: number[] = [];
  let code = '';
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    code = (await compile(bytes, { target: 'js', format: false, sourceName: kc.kernel.file })).code;
    samplesMs.push(performance.now() - t0);
  }
  const file = wasm2tsOutPath(kc.kernel.name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { file, ms: sorted[Math.floor(sorted.length / 2)]!, samplesMs, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code).length };
}

export function prepareWasm2jsKernel(kc: KernelCase, optimized: boolean, useCache: boolean) {
  return prepareWasm2js(kc.path, wasm2jsOutPath(kc.kernel.name, optimized), optimized, useCache);
}

/** Loads one backend's instance of a kernel. The backend must have been prepared. */
export async function loadBackend(id: BackendId, kc: KernelCase): Promise<RunFn> {
  switch (id) {
    case 'native': {
      const module = new NativeWebAssembly.Module(fs.readFileSync(kc.path));
      return runExport(new NativeWebAssembly.Instance(module, {}).exports);
    }
    case 'wasm2ts': {
      const generated = (await import(fileUrl(wasm2tsOutPath(kc.kernel.name)))) as {
        instantiate(imports: object): { exports: Record<string, unknown> };
      };
      return runExport(generated.instantiate({}).exports);
    }
    case 'wasm2js':
    case 'wasm2js-O2': {
      const generated = (await import(fileUrl(wasm2jsOutPath(kc.kernel.name, id === 'wasm2js-O2')))) as {
        instantiate(imports: object): Record<string, unknown>;
      };
      return runExport(generated.instantiate({}));
    }
  }
}

function runExport(exports: Record<string, unknown>): RunFn {
  const run = exports['run'];
  if (typeof run !== 'function') throw new Error('the module exports no function "run"');
  return run as RunFn;
}

/**
 * A file URL for `import()`, with the file's mtime as a query: the same path is written
 * afresh on each harness run, and a long-lived process must not get a stale cached module.
 */
function fileUrl(file: string): string {
  return `${pathToFileURL(file).href}?t=${fs.statSync(file).mtimeMs}`;
}
