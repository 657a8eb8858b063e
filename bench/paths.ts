/**
 * Where the bench harness finds its inputs and writes its outputs. Paths are resolved from
 * this file's location (dist/bench/*.js after the build), not from the working directory.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (the folder holding package.json): dist/bench/ is two levels below it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The kernel corpus: ../shared/bench beside the repository, or WASM2TS_BENCH_DIR. */
export const BENCH_DIR = process.env['WASM2TS_BENCH_DIR'] ?? path.resolve(PACKAGE_ROOT, '..', 'shared', 'bench');

/**
 * Generated modules go here. It must lie inside the package: generated code imports
 * `wasm2ts/runtime`, which Node resolves through the package's self-reference.
 */
export const OUT_DIR = path.join(PACKAGE_ROOT, 'out', 'bench');

/** wasm2ts output of kernel `name`. */
export function wasm2tsOutPath(name: string): string {
  return path.join(OUT_DIR, `${name}.js`);
}

/** wasm2js output (wrapped as an ES module with `instantiate`) of kernel `name`. */
export function wasm2jsOutPath(name: string, optimized: boolean): string {
  return path.join(OUT_DIR, optimized ? 'wasm2js-O2' : 'wasm2js', `${name}.js`);
}
