/**
 * Random valid modules from Binaryen's translate-to-fuzz (`wasm-opt -ttf`), fed with bytes
 * from a seeded PRNG, so (seed, index) always gives the same module (for a given binaryen).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { appendExports, readWasmInfo, type ExportEntry } from './wasm-info.js';

/** The package root (this file runs as dist/fuzz/generate.js). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const binaryenBin = path.join(repoRoot, 'node_modules', 'binaryen', 'bin');

import { FEATURE_FLAGS } from './features.js';

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's 32-bit finaliser: a bijection on 32-bit integers that mixes every bit. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A 32-bit seed for case `index` of a run seeded `seed`. The run seed is hashed before the
 * index is added: combining them first (`seed ^ index`, as this once did) made runs whose
 * seeds differ only in low bits the same cases in another order (seeds 101..107 x 500 cases
 * were 504 distinct modules). For one seed, distinct indices give distinct case seeds
 * (adding an odd multiple of the index and fmix32 are both bijections).
 */
export function caseSeed(seed: number, index: number): number {
  const base = fmix32((seed ^ 0x9e3779b9) >>> 0);
  return fmix32((base + Math.imul(index, 0x61c88647)) >>> 0);
}

export function randomBytes(rand: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (rand() * 256) | 0;
  return out;
}

export function runTool(tool: string, args: string[], timeoutMs = 60_000): string {
  return execFileSync(process.execPath, [path.join(binaryenBin, tool), ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

export interface Generated {
  readonly bytes: Uint8Array;
  /** Size of the random input handed to -ttf. */
  readonly inputSize: number;
}

/**
 * The module for case `index` of run `seed`. Memory (and, for odd case seeds, every global)
 * gets an extra export appended so the harness can compare it; existing export indices
 * (which `call-export` uses) stay as they are.
 */
export function generateModule(seed: number, index: number): Generated {
  const s = caseSeed(seed, index);
  const rand = prng(s);
  const inputSize = 256 + Math.floor(rand() * rand() * 24_000);
  const input = randomBytes(rand, inputSize);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasm2ts-fuzz-'));
  try {
    const inFile = path.join(dir, 'in.dat');
    const outFile = path.join(dir, 'out.wasm');
    fs.writeFileSync(inFile, input);
    runTool('wasm-opt', [inFile, '-ttf', '-o', outFile, ...FEATURE_FLAGS]);
    const bytes = new Uint8Array(fs.readFileSync(outFile));
    return { bytes: exposeState(bytes, (s & 1) === 1), inputSize };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Appends exports for an unexported memory (and optionally every unexported global). */
export function exposeState(bytes: Uint8Array, globals: boolean): Uint8Array {
  const info = readWasmInfo(bytes);
  const extra: ExportEntry[] = [];
  const exported = (kind: number, index: number) => info.exports.some((e) => e.kind === kind && e.index === index);
  if (info.memoryCount > 0 && !exported(2, 0)) extra.push({ name: '__fuzz_memory', kind: 2, index: 0 });
  if (globals) {
    info.globals.forEach((g, i) => {
      if (!exported(3, i) && g.type !== 'other' && g.type !== 'v128') extra.push({ name: `__fuzz_global_${i}`, kind: 3, index: i });
    });
  }
  return appendExports(bytes, extra);
}
