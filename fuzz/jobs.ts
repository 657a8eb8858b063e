/**
 * The jobs a fuzz worker runs, and their results. A job runs inside a child process
 * (fuzz/worker.ts), so a crash, a hang or runaway memory in the compiler or in generated
 * code ends that child, never the driver.
 */
import path from 'node:path';
import { compile, CompileError } from '../compiler/index.js';
import { runDifferential, NativeWasm, type DiffResult } from './harness.js';
import { repoRoot } from './generate.js';
import { caseModule, type Generator } from './cases.js';
import { readWasmInfo } from './wasm-info.js';
import { attribute, NAN_NONDETERMINISM } from './triage.js';

export type Job =
  /** Generate case `index` of seed `seed` (translate-to-fuzz unless `generator` says otherwise), then compare. */
  | { readonly kind: 'diff'; readonly seed: number; readonly index: number; readonly generator?: Generator }
  /** Compare a given module (repro, reduce). */
  | { readonly kind: 'check'; readonly bytes: Uint8Array; readonly perExportPass?: boolean; readonly attribute?: boolean }
  /** A mutated module: rejection parity, then behaviour if both accept. */
  | { readonly kind: 'mutate'; readonly bytes: Uint8Array };

export type Phase = 'generate' | 'validate' | 'compile' | 'run';

export interface JobResult {
  /**
   * For diff jobs: ok | native-invalid | unsupported | mismatch | nan-nondeterminism |
   * generate-failed. For mutate jobs: see MutationClass.
   */
  readonly status: string;
  readonly category?: string;
  readonly mismatches: string[];
  readonly notes: string[];
  readonly stats?: DiffResult['stats'];
  /** The module, when the driver needs it (mismatches, generated cases). */
  readonly bytes?: Uint8Array;
  readonly detail?: string;
}

/**
 * Classes of a mutation case:
 * - both-reject: V8 and wasm2ts both reject (wasm2ts with CompileError). Parity.
 * - both-accept: both accept and behave the same (or the same calls trap the same way).
 * - unsupported: V8 accepts, wasm2ts throws UnsupportedError (a declared feature gap).
 * - extension: V8 rejects, wasm2ts accepts, and the module uses a feature only wasm2ts
 *   supports (multi-memory, extended-const, defined globals in constant expressions):
 *   classified, not a mismatch.
 * - accepts-invalid: V8 rejects, wasm2ts accepts, no extension explains it. Mismatch.
 * - rejects-valid: V8 accepts, wasm2ts rejects with a plain CompileError. Mismatch.
 * - crash: compile threw something other than CompileError. Mismatch.
 * - behaviour: both accept but behave differently. Mismatch.
 * - nan-nondeterminism: both accept and differ, but only through NaN payloads, which the
 *   spec leaves to the engine (see triage.ts): the module with its arithmetic NaN results
 *   made canonical agrees, and payloads matter. Counted.
 * - native-instantiate-only etc. come through as behaviour notes.
 * Hangs (time bound) and dead workers are added by the driver.
 */
export type MutationClass =
  | 'both-reject'
  | 'both-accept'
  | 'unsupported'
  | 'extension'
  | 'accepts-invalid'
  | 'rejects-valid'
  | 'crash'
  | 'behaviour'
  | typeof NAN_NONDETERMINISM;

const workDir = path.join(repoRoot, 'out', 'fuzz', 'tmp');

export async function runJob(job: Job, onPhase: (p: Phase) => void): Promise<JobResult> {
  switch (job.kind) {
    case 'diff': {
      onPhase('generate');
      let bytes: Uint8Array;
      try {
        bytes = caseModule(job.generator ?? 'ttf', job.seed, job.index).bytes;
      } catch (e) {
        return { status: 'generate-failed', mismatches: [], notes: [String((e as Error).message).slice(0, 300)] };
      }
      const r = await runDifferential(bytes, { workDir, onPhase });
      if (r.status === 'mismatch') {
        // Group by root cause: a mismatch a known-cause patch removes is `known:<cause>`.
        const a = await attribute(bytes, r, workDir);
        if (a.category === NAN_NONDETERMINISM) return { ...r, status: NAN_NONDETERMINISM, mismatches: a.mismatches, bytes, detail: r.nativeError };
        return { ...r, category: a.category, mismatches: a.mismatches, bytes, detail: r.nativeError };
      }
      return { ...r, detail: r.nativeError };
    }
    case 'check': {
      const r = await runDifferential(job.bytes, { workDir, onPhase, perExportPass: job.perExportPass });
      if (r.status === 'mismatch' && job.attribute) {
        const a = await attribute(job.bytes, r, workDir);
        return { ...r, category: a.category, mismatches: a.mismatches, detail: r.nativeError };
      }
      return { ...r, detail: r.nativeError };
    }
    case 'mutate':
      return mutateCase(job.bytes, onPhase);
  }
}

async function mutateCase(bytes: Uint8Array, onPhase: (p: Phase) => void): Promise<JobResult> {
  onPhase('validate');
  let v8Error: string | undefined;
  try {
    new NativeWasm.Module(bytes);
  } catch (e) {
    v8Error = (e as Error).message;
  }
  if (v8Error === undefined) {
    // V8 accepts: wasm2ts must accept too and behave the same (or say "unsupported").
    const r = await runDifferential(bytes, { workDir, onPhase, smallArgs: true });
    if (r.status === 'ok') return { status: 'both-accept', mismatches: [], notes: r.notes, stats: r.stats };
    if (r.status === 'unsupported') return { status: 'unsupported', mismatches: [], notes: r.notes };
    const status: MutationClass =
      r.category === 'compile-rejects-valid' ? 'rejects-valid' : r.category === 'compile-crash' ? 'crash' : 'behaviour';
    if (status === 'behaviour') {
      const a = await attribute(bytes, r, workDir, { smallArgs: true });
      if (a.category === NAN_NONDETERMINISM) return { status: NAN_NONDETERMINISM, mismatches: a.mismatches, notes: r.notes, stats: r.stats };
      return { status, category: a.category, mismatches: a.mismatches, notes: r.notes, stats: r.stats };
    }
    return { status, category: r.category, mismatches: r.mismatches, notes: r.notes, stats: r.stats };
  }
  onPhase('compile');
  try {
    await compile(bytes, { target: 'ts', format: false });
  } catch (e) {
    if (e instanceof CompileError) return { status: 'both-reject', mismatches: [], notes: [] };
    return {
      status: 'crash',
      category: 'compile-crash',
      mismatches: [`compile threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message} (V8: ${v8Error})`],
      notes: [String((e as Error)?.stack ?? '').split('\n').slice(0, 6).join('\n')],
    };
  }
  const extension = extensionOnlyWeSupport(v8Error, bytes);
  if (extension) return { status: 'extension', category: extension, mismatches: [], notes: [`V8: ${v8Error}`] };
  return { status: 'accepts-invalid', category: v8Category(v8Error), mismatches: [`wasm2ts accepts a module V8 rejects: ${v8Error}`], notes: [] };
}

/**
 * Features wasm2ts supports that Node 20's V8 does not (or not without flags): a module V8
 * rejects for one of these reasons and wasm2ts accepts is not a parity mismatch.
 */
function extensionOnlyWeSupport(v8Error: string, bytes: Uint8Array): string | undefined {
  let memories = 0;
  try {
    memories = readWasmInfo(bytes).memoryCount;
  } catch {
    // unreadable to our small reader: no claim
  }
  // Multi-memory: only when the module really declares more than one memory.
  if (memories > 1 && /memor/i.test(v8Error)) return 'multi-memory';
  if (/memory index|multi-memory|multi_memory/i.test(v8Error) && memories > 1) return 'multi-memory';
  // Multi-memory's memarg encoding: bit 6 of the alignment flags says a memory index follows
  // (index 0 is valid with one memory). V8 without multi-memory reads the flags as an alignment.
  const align = /invalid alignment; expected maximum alignment is \d+, actual alignment is (\d+)/.exec(v8Error);
  if (align && (Number(align[1]) & 0x40) !== 0) return 'multi-memory (memarg memory index)';
  // `ref.null nofunc` / `ref.null noextern` (GC's bottom heap types, -13 and -14 as s33): wasm2ts
  // accepts them as funcref/externref nulls because binaryen writes them (compiler/load/binary-types.ts).
  if (/Unknown heap type -1[34]\b/.test(v8Error)) return 'ref.null nofunc/noextern';
  // Extended constant expressions: V8 names the arithmetic opcode it refuses.
  if (/(i32|i64)\.(add|sub|mul)[^a-z_]/i.test(v8Error) && /constant/i.test(v8Error)) return 'extended-const';
  // `global.get` of an earlier defined immutable global in a constant expression: valid in the
  // current spec (testsuite global.wast: `(global i32 (i32.const 0)) (global i32 (global.get 0))`),
  // which wasm2ts's validator follows; Node 20's V8 still allows imported globals only. The
  // validator's own checks (unknown or mutable globals) are covered by the spec testsuite.
  if (/non-imported globals cannot be used in constant expressions/.test(v8Error)) return 'global.get of a defined global in a constant expression';
  return undefined;
}

/** A short, grouping-friendly form of a V8 error message (offsets and names stripped). */
export function v8Category(message: string): string {
  return message
    .replace(/^WebAssembly\.Module\(\): /, '')
    .replace(/@\+\d+/g, '@+N')
    .replace(/\d+/g, 'N')
    .replace(/"[^"]*"/g, '"…"')
    .slice(0, 120);
}
