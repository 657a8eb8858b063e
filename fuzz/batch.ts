/**
 * Batches: the differential batch (translate-to-fuzz modules) and the mutation batch,
 * run over a worker pool. Every mismatch, crash or hang is saved under out/fuzz/ as a
 * .wasm with a .txt beside it (what differed, and the one-line reproduction command).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Pool, type PoolOutcome } from './pool.js';
import { repoRoot, caseSeed } from './generate.js';
import { caseModule, type Generator } from './cases.js';
import { mutate, seedModules } from './mutate.js';
import { NAN_NONDETERMINISM } from './triage.js';

export const fuzzOutDir = path.join(repoRoot, 'out', 'fuzz');

export interface Finding {
  /** e.g. "result", "trap-kind", "memory", "compile-crash", "hang:compile", "accepts-invalid". */
  readonly category: string;
  readonly file: string;
  readonly repro: string;
  readonly summary: string;
}

export interface BatchSummary {
  readonly total: number;
  readonly counts: Record<string, number>;
  readonly findings: Finding[];
  readonly seconds: number;
  /** Extra tallies (e.g. stack skips, NaN-bit-only memory differences, V8 rejection reasons). */
  readonly tallies: Record<string, number>;
}

export interface BatchOptions {
  readonly seed: number;
  readonly count: number;
  /** First case index (for chunked runs). Default 0. */
  readonly start?: number;
  readonly jobs?: number;
  readonly timeoutMs?: number;
  readonly onProgress?: (done: number, summary: BatchSummary) => void;
  /** Differential only: where cases come from (default translate-to-fuzz; see cases.ts). */
  readonly generator?: Generator;
  /** Mutation only: also mutate this many translate-to-fuzz modules (of the run's seed). */
  readonly generatedSeeds?: number;
  /** Where to save findings. Default out/fuzz. */
  readonly outDir?: string;
}

function reproCommand(file: string, mode: 'diff' | 'mutate'): string {
  const rel = path.relative(repoRoot, file);
  return mode === 'diff' ? `node dist/fuzz/cli.js --repro ${rel}` : `node dist/fuzz/cli.js --repro-mutant ${rel}`;
}

function save(outDir: string, name: string, bytes: Uint8Array, lines: string[], mode: 'diff' | 'mutate'): { file: string; repro: string } {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${name}.wasm`);
  fs.writeFileSync(file, bytes);
  const repro = reproCommand(file, mode);
  fs.writeFileSync(path.join(outDir, `${name}.txt`), [...lines, '', `reproduce: ${repro}`, ''].join('\n'));
  return { file, repro };
}

/** A case classified as spec-allowed nondeterminism: saved under classified/, not reported. */
function saveClassified(outDir: string, name: string, bytes: Uint8Array, lines: string[], mode: 'diff' | 'mutate'): void {
  save(path.join(outDir, 'classified'), `${name}-${NAN_NONDETERMINISM}`, bytes, lines, mode);
}

async function runAll<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  });
  await Promise.all(lanes);
}

const bump = (r: Record<string, number>, k: string, n = 1) => {
  r[k] = (r[k] ?? 0) + n;
};

/** Differential batch: cases start..start+count-1 of `seed`. */
export async function runDiffBatch(options: BatchOptions): Promise<BatchSummary> {
  const outDir = options.outDir ?? fuzzOutDir;
  const jobs = options.jobs ?? 2;
  const pool = new Pool({ size: jobs, timeoutMs: options.timeoutMs ?? 120_000, recycleAfter: 60 });
  return runCases(options, pool, async (index, { counts, tallies, findings }) => {
      const generator = options.generator ?? 'ttf';
      const outcome: PoolOutcome = await pool.run({ kind: 'diff', seed: options.seed, index, generator });
      const name = `${generator === 'shapes' ? 'shapes' : 'diff'}-s${options.seed}-${index}`;
      if (outcome.kind === 'done') {
        const r = outcome.result;
        bump(counts, r.status);
        if (r.stats) {
          bump(tallies, 'calls', r.stats.calls);
          bump(tallies, 'traps', r.stats.traps);
          bump(tallies, 'stack-skips', r.stats.stackSkips);
          bump(tallies, 'nan-bits-only-memory', r.stats.nanBits);
          bump(tallies, 'host-calls', r.stats.hostCalls);
        }
        if (r.status === 'native-invalid') bump(tallies, `native-invalid: ${r.detail?.slice(0, 100)}`);
        if (r.status === NAN_NONDETERMINISM) {
          // Not a finding (see triage.ts), but kept for a second look.
          saveClassified(outDir, name, r.bytes ?? caseModule(generator, options.seed, index).bytes, [`seed ${options.seed} case ${index}`, ...r.mismatches.slice(0, 10)], 'diff');
        }
        if (r.status === 'mismatch' || r.status === 'harness-error') {
          const category = r.category ?? r.status;
          const bytes = r.bytes ?? caseModule(generator, options.seed, index).bytes;
          const saved = save(outDir, `${name}-${category.replace(/[^a-zA-Z0-9.-]+/g, '_').slice(0, 60)}`, bytes, [`seed ${options.seed} case ${index} (case seed ${caseSeed(options.seed, index)})`, ...r.mismatches.slice(0, 20), ...r.notes.slice(0, 10)], 'diff');
          findings.push({ category, ...saved, summary: r.mismatches[0] ?? r.notes[0] ?? '' });
        }
      } else {
        const category = outcome.kind === 'timeout' ? `hang:${outcome.phase}` : `died:${outcome.phase}`;
        bump(counts, category);
        let bytes: Uint8Array;
        try {
          bytes = caseModule(generator, options.seed, index).bytes;
        } catch {
          bytes = new Uint8Array();
        }
        const saved = save(outDir, `${name}-${category.replace(':', '-')}`, bytes, [`seed ${options.seed} case ${index}: ${category}${outcome.kind === 'died' ? ` (${outcome.how})\n${outcome.stderr}` : ''}`], 'diff');
        findings.push({ category, ...saved, summary: category });
      }
  });
}

interface BatchState {
  readonly counts: Record<string, number>;
  readonly tallies: Record<string, number>;
  readonly findings: Finding[];
}

/** Runs cases start..start+count-1 on the pool with shared counters and progress; closes the pool. */
async function runCases(options: BatchOptions, pool: Pool, runCase: (index: number, state: BatchState) => Promise<void>): Promise<BatchSummary> {
  const state: BatchState = { counts: {}, tallies: {}, findings: [] };
  const t0 = Date.now();
  let done = 0;
  const summary = (): BatchSummary => ({ total: done, ...state, seconds: (Date.now() - t0) / 1000 });
  const start = options.start ?? 0;
  try {
    await runAll(options.count, options.jobs ?? 2, async (k) => {
      await runCase(start + k, state);
      done++;
      options.onProgress?.(done, summary());
    });
  } finally {
    pool.close();
  }
  return summary();
}

/** Mutation batch: `count` mutants of the seed modules, round robin. */
export async function runMutateBatch(options: BatchOptions): Promise<BatchSummary> {
  const outDir = options.outDir ?? fuzzOutDir;
  const jobs = options.jobs ?? 2;
  const pool = new Pool({ size: jobs, timeoutMs: options.timeoutMs ?? 30_000, runTimeoutMs: 2_000, recycleAfter: 400, maxHeapMb: 1024 });
  const seeds = seedModules(options.generatedSeeds ?? 0, options.seed);
  return runCases(options, pool, async (index, { counts, tallies, findings }) => {
      const source = seeds[index % seeds.length]!;
      const { bytes, ops } = mutate(source.bytes, caseSeed(options.seed, index));
      const outcome = await pool.run({ kind: 'mutate', bytes });
      const name = `mut-s${options.seed}-${index}`;
      const origin = `seed ${options.seed} case ${index}: ${source.name} with ${ops.join(' ')}`;
      let category: string | undefined;
      let lines: string[] = [];
      if (outcome.kind === 'done') {
        const r = outcome.result;
        bump(counts, r.status);
        if (r.status === 'extension') bump(tallies, `extension: ${r.category}`);
        if (r.status === 'unsupported') bump(tallies, `unsupported: ${r.notes[0]?.replace(/ \(at byte offset \d+\)/, '')}`);
        if (r.stats) bump(tallies, 'stack-skips', r.stats.stackSkips);
        if (['both-accept', 'behaviour', NAN_NONDETERMINISM].includes(r.status)) bump(tallies, `both-accept-from: ${source.name}`);
        if (r.status === NAN_NONDETERMINISM) saveClassified(outDir, name, bytes, [origin, ...r.mismatches.slice(0, 10)], 'mutate');
        if (['accepts-invalid', 'rejects-valid', 'crash', 'behaviour', 'harness-error'].includes(r.status)) {
          category = `${r.status}${r.category ? `:${r.category}` : ''}`;
          lines = [origin, ...r.mismatches.slice(0, 10), ...r.notes.slice(0, 6)];
        }
      } else if (outcome.kind === 'timeout' && outcome.phase === 'run') {
        // Both engines run the same code: a mutant may loop for a long time. Inconclusive, counted.
        bump(counts, 'run-timeout');
      } else {
        category = outcome.kind === 'timeout' ? `hang:${outcome.phase}` : `died:${outcome.phase}`;
        bump(counts, category);
        lines = [origin, category + (outcome.kind === 'died' ? ` (${outcome.how})\n${outcome.stderr}` : '')];
      }
      if (category) {
        const saved = save(outDir, `${name}-${category.replace(/[^a-zA-Z0-9-]+/g, '_').slice(0, 60)}`, bytes, lines, 'mutate');
        findings.push({ category, ...saved, summary: lines[1] ?? '' });
      }
  });
}

export function formatSummary(kind: string, s: BatchSummary): string {
  const lines = [`${kind}: ${s.total} cases in ${s.seconds.toFixed(0)} s`];
  for (const [k, v] of Object.entries(s.counts).sort((a, b) => b[1] - a[1])) lines.push(`  ${k}: ${v}`);
  const tallies = Object.entries(s.tallies).sort((a, b) => b[1] - a[1]);
  if (tallies.length > 0) lines.push('  tallies:');
  for (const [k, v] of tallies.slice(0, 40)) lines.push(`    ${k}: ${v}`);
  const byCategory = new Map<string, Finding[]>();
  for (const f of s.findings) byCategory.set(f.category, [...(byCategory.get(f.category) ?? []), f]);
  if (byCategory.size > 0) lines.push('  findings by category:');
  for (const [c, fs_] of [...byCategory].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`    ${c}: ${fs_.length}`);
    for (const f of fs_.slice(0, 3)) lines.push(`      ${f.repro}    # ${f.summary.slice(0, 160)}`);
  }
  return lines.join('\n');
}
