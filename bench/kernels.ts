/**
 * The kernel corpus (../shared/bench/kernels.json): each module exports `memory` and
 * `run(n: i32) -> i32`, a u32 checksum compared as `run(n) >>> 0`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from './paths.js';

export interface Kernel {
  readonly name: string;
  readonly file: string;
  readonly category: string;
  readonly description: string;
  readonly n: number;
  readonly quick_n: number;
  /** Lower-case hex, 8 digits. */
  readonly checksum: string;
  readonly quick_checksum: string;
}

/** A kernel as this run uses it: its size and expected checksum already chosen. */
export interface KernelCase {
  readonly kernel: Kernel;
  readonly path: string;
  readonly n: number;
  readonly expected: string;
}

export function loadKernels(): Kernel[] {
  const file = path.join(BENCH_DIR, 'kernels.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} not found: the bench kernels live in ../shared/bench (or set WASM2TS_BENCH_DIR)`);
  }
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { kernels: Kernel[] };
  return json.kernels;
}

export function kernelCase(kernel: Kernel, quick: boolean): KernelCase {
  return {
    kernel,
    path: path.join(BENCH_DIR, 'wasm', kernel.file),
    n: quick ? kernel.quick_n : kernel.n,
    expected: normaliseChecksum(quick ? kernel.quick_checksum : kernel.checksum),
  };
}

export function normaliseChecksum(hex: string): string {
  return hex.toLowerCase().replace(/^0x/, '').padStart(8, '0');
}

/** `run`'s i32 result as kernels.json writes checksums. */
export function checksumHex(result: number): string {
  return (result >>> 0).toString(16).padStart(8, '0');
}
