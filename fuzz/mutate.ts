/**
 * Mutation fuzzing inputs: valid seed modules (fixtures/*.wat through binaryen's text
 * parser, and ../shared/bench/wasm/**.wasm), then truncated, with bytes flipped, set,
 * inserted, deleted or chunks duplicated, all from a seeded PRNG.
 */
import fs from 'node:fs';
import path from 'node:path';
import binaryen from 'binaryen';
import { binaryenFeatures } from './features.js';
import { generateModule, prng, repoRoot } from './generate.js';
import { readSections } from './wasm-info.js';

export interface SeedModule {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const FEATURES = binaryenFeatures(binaryen);

/**
 * Every seed module available (bench kernels only where ../shared exists), plus
 * `generated` translate-to-fuzz modules of seed `generatedSeed` (richer in reference types,
 * multivalue, tables and bulk memory than the fixtures).
 */
export function seedModules(generated = 0, generatedSeed = 1): SeedModule[] {
  const seeds: SeedModule[] = [];
  for (let i = 0; i < generated; i++) {
    try {
      seeds.push({ name: `generated s${generatedSeed}-${i}`, bytes: generateModule(generatedSeed, i).bytes });
    } catch {
      // the generator failed: skip
    }
  }
  const fixtures = path.join(repoRoot, 'fixtures');
  for (const file of fs.readdirSync(fixtures).filter((f) => f.endsWith('.wat')).sort()) {
    try {
      const module = binaryen.parseText(fs.readFileSync(path.join(fixtures, file), 'utf8'));
      try {
        module.setFeatures(FEATURES);
        seeds.push({ name: `fixtures/${file}`, bytes: module.emitBinary() });
      } finally {
        module.dispose();
      }
    } catch {
      // binaryen cannot parse it (e.g. a multi-memory fixture): not a seed
    }
  }
  const bench = path.join(repoRoot, '..', 'shared', 'bench', 'wasm');
  for (const dir of [bench, path.join(bench, 'feat')]) {
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.wasm')).sort()) {
      seeds.push({ name: path.relative(path.join(repoRoot, '..'), path.join(dir, file)), bytes: new Uint8Array(fs.readFileSync(path.join(dir, file))) });
    }
  }
  return seeds;
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x40, 0x0b, 0x0f, 0x10, 0x20, 0x41, 0x60, 0x6f, 0x70, 0x7e, 0xfc, 0xfd, 0xfe, 0x02, 0x03, 0x04, 0x05];

export interface Mutation {
  readonly bytes: Uint8Array;
  readonly ops: string[];
}

/** Applies one to three random mutations. Case `index` of `seed` always gives the same result. */
export function mutate(source: Uint8Array, seed: number): Mutation {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  let b = Array.from(source);
  const ops: string[] = [];
  const count = 1 + int(3);
  for (let k = 0; k < count; k++) {
    // Mutate past the 8-byte header most of the time; sometimes hit it too.
    const pos = () => (b.length <= 8 || rand() < 0.02 ? int(b.length + 1) : 8 + int(b.length - 8));
    switch (int(9)) {
      case 0: {
        const at = pos();
        ops.push(`truncate@${at}`);
        b = b.slice(0, at);
        break;
      }
      case 1: {
        const at = Math.min(pos(), b.length - 1);
        if (at < 0) break;
        const bit = int(8);
        b[at] = b[at]! ^ (1 << bit);
        ops.push(`flip@${at}.${bit}`);
        break;
      }
      case 2: {
        const at = Math.min(pos(), b.length - 1);
        if (at < 0) break;
        const v = rand() < 0.5 ? INTERESTING[int(INTERESTING.length)]! : int(256);
        b[at] = v;
        ops.push(`set@${at}=${v}`);
        break;
      }
      case 3: {
        const at = pos();
        const n = 1 + int(4);
        const vals = Array.from({ length: n }, () => (rand() < 0.5 ? INTERESTING[int(INTERESTING.length)]! : int(256)));
        b.splice(at, 0, ...vals);
        ops.push(`insert@${at}+${n}`);
        break;
      }
      case 4: {
        const at = pos();
        const n = 1 + int(4);
        b.splice(at, n);
        ops.push(`delete@${at}-${n}`);
        break;
      }
      case 5: {
        const at = pos();
        const n = 1 + int(16);
        const chunk = b.slice(at, at + n);
        b.splice(at, 0, ...chunk);
        ops.push(`dup@${at}x${chunk.length}`);
        break;
      }
      case 7:
      case 8: {
        // Swap an opcode in the code section for another without immediates: stays well formed,
        // often becomes ill-typed, which is what exercises validation parity.
        const code = codeSection(b);
        if (!code) break;
        const candidates: number[] = [];
        for (let i = code.start; i < code.end; i++) if (isPlainOpcode(b[i]!)) candidates.push(i);
        if (candidates.length === 0) break;
        const at = candidates[int(candidates.length)]!;
        const v = PLAIN_OPCODES[int(PLAIN_OPCODES.length)]!;
        ops.push(`opswap@${at}:${b[at]}->${v}`);
        b[at] = v;
        break;
      }
      case 6: {
        // Bump a byte by a small amount (LEB counts, indices, opcodes to a neighbour).
        const at = Math.min(pos(), b.length - 1);
        if (at < 0) break;
        const d = int(2) === 0 ? 1 : -1;
        b[at] = (b[at]! + d) & 0xff;
        ops.push(`bump@${at}${d > 0 ? '+' : '-'}1`);
        break;
      }
    }
  }
  return { bytes: Uint8Array.from(b), ops };
}

/** Opcodes with no immediates: numeric operators, drop, select, nop, unreachable, return. */
const PLAIN_OPCODES: number[] = [0x00, 0x01, 0x0f, 0x1a, 0x1b, 0xd1, ...Array.from({ length: 0xc4 - 0x45 + 1 }, (_, i) => 0x45 + i)];
function isPlainOpcode(v: number): boolean {
  return (v >= 0x45 && v <= 0xc4) || v === 0x1a || v === 0x1b;
}

/** The code section's content range, if the (possibly already mutated) module still has a readable one. */
function codeSection(b: number[]): { start: number; end: number } | undefined {
  try {
    const s = readSections(Uint8Array.from(b)).find((x) => x.id === 10);
    return s && s.end <= b.length ? { start: s.contentStart, end: s.end } : undefined;
  } catch {
    return undefined;
  }
}
