/**
 * Shrinks a module that shows a mismatch, keeping the mismatch's category.
 *
 * Binaryen's wasm-reduce cannot run here (its Node build cannot start the test command),
 * so this is a small reducer on binaryen.js, in greedy rounds until nothing shrinks:
 * drop exports; replace whole function bodies by `unreachable`; run simplifying Binaryen
 * passes (they preserve behaviour, so a real mismatch usually survives them); delete
 * statements of blocks; replace `if`/`loop`/`block` by one of their arms. Every candidate is
 * checked by the differential harness in a worker (time-bounded) and kept only if it still
 * shows a mismatch of the same category.
 */
import binaryen from 'binaryen';
import { binaryenFeatures } from './features.js';
import { definedFunctionNames, walk } from './binaryen-walk.js';
import { Pool } from './pool.js';
import type { JobResult } from './jobs.js';

const FEATURES = binaryenFeatures(binaryen);

type Edit = (m: binaryen.Module) => boolean;

/** binaryen.js's expression and function accessors, which its .d.ts does not declare. */
interface Accessors {
  Function: { getBody(f: number): number; setBody(f: number, body: number): void };
  Block: { getNumChildren(e: number): number; getChildAt(e: number, i: number): number; setChildAt(e: number, i: number, c: number): void; removeChildAt(e: number, i: number): number };
  If: { getIfTrue(e: number): number; getIfFalse(e: number): number };
  Loop: { getBody(e: number): number };
}
const B = binaryen as unknown as Accessors;

/** Runs `f` with stderr muted (binaryen's validator prints every error). */
function quietly<T>(f: () => T): T {
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return f();
  } finally {
    process.stderr.write = write;
  }
}

function applyEdit(bytes: Uint8Array, edit: Edit): Uint8Array | undefined {
  let module: binaryen.Module | undefined;
  try {
    module = binaryen.readBinary(bytes);
    module.setFeatures(FEATURES);
    if (!edit(module)) return undefined;
    if (!quietly(() => module!.validate())) return undefined;
    return module.emitBinary();
  } catch {
    return undefined;
  } finally {
    module?.dispose();
  }
}

function exportNames(m: binaryen.Module): string[] {
  const out: string[] = [];
  for (let i = 0; i < m.getNumExports(); i++) out.push(binaryen.getExportInfo(m.getExportByIndex(i)).name);
  return out;
}

const PASSES: string[][] = [
  ['remove-unused-module-elements'],
  ['dce', 'vacuum'],
  ['simplify-locals', 'vacuum'],
  ['precompute', 'vacuum'],
  ['merge-blocks', 'remove-unused-brs', 'remove-unused-names'],
  ['inlining', 'remove-unused-module-elements'],
  ['coalesce-locals', 'reorder-locals'],
  ['optimize-instructions'],
  ['duplicate-function-elimination'],
];

export interface ReduceOptions {
  readonly maxChecks?: number;
  readonly log?: (line: string) => void;
}

export async function reduce(original: Uint8Array, options: ReduceOptions = {}): Promise<{ bytes: Uint8Array; category: string | undefined; checks: number }> {
  const pool = new Pool({ size: 1, timeoutMs: 60_000, recycleAfter: 40 });
  const log = options.log ?? (() => {});
  let checks = 0;
  const check = async (bytes: Uint8Array): Promise<JobResult | undefined> => {
    checks++;
    const r = await pool.run({ kind: 'check', bytes });
    return r.kind === 'done' ? r.result : undefined;
  };
  try {
    const first = await check(original);
    if (!first || first.status !== 'mismatch') {
      log(`not reproducible: ${first?.status ?? 'worker failed'}`);
      return { bytes: original, category: first?.category, checks };
    }
    const category = first.category;
    log(`category ${category}: ${first.mismatches[0]}`);
    let best = original;
    const maxChecks = options.maxChecks ?? 2000;
    const tryEdit = async (edit: Edit): Promise<boolean> => {
      if (checks >= maxChecks) return false;
      const candidate = applyEdit(best, edit);
      if (!candidate || candidate.length >= best.length) return false;
      const r = await check(candidate);
      if (r?.status === 'mismatch' && r.category === category) {
        best = candidate;
        return true;
      }
      return false;
    };

    for (let round = 0; round < 20; round++) {
      const before = best.length;
      // 1. Exports, one at a time (and all function exports but one first).
      const m0 = binaryen.readBinary(best);
      const exports = exportNames(m0);
      const funcs = definedFunctionNames(m0);
      m0.dispose();
      for (const name of exports) await tryEdit((m) => (m.removeExport(name), true));
      // 2. Function bodies to `unreachable`.
      for (const name of funcs) {
        await tryEdit((m) => {
          const f = m.getFunction(name);
          if (!f) return false;
          const body = B.Function.getBody(f);
          if (binaryen.getExpressionId(body) === binaryen.UnreachableId) return false;
          B.Function.setBody(f, m.unreachable());
          return true;
        });
      }
      // 3. Simplifying passes.
      for (const passes of PASSES) await tryEdit((m) => (m.runPasses(passes), true));
      // 4. Statement and arm deletion, per function, walking expressions by pre-order index.
      const m1 = binaryen.readBinary(best);
      const liveFuncs = definedFunctionNames(m1);
      m1.dispose();
      for (const name of liveFuncs) {
        for (let index = 0; ; index++) {
          const sizeBefore = best.length;
          let exists = false;
          // Try: delete the expression if it is a block child; else replace a control structure by an arm.
          const editAt =
            (mode: 'delete' | 'arm0' | 'arm1'): Edit =>
            (m) => {
              const f = m.getFunction(name);
              if (!f) return false;
              const all = walk(B.Function.getBody(f));
              if (index >= all.length) return false;
              exists = true;
              const target = all[index]!;
              if (mode === 'delete') {
                // find the parent block
                for (const e of all) {
                  if (binaryen.getExpressionId(e) !== binaryen.BlockId) continue;
                  const n = B.Block.getNumChildren(e);
                  for (let j = 0; j < n; j++) {
                    if (B.Block.getChildAt(e, j) === target) {
                      B.Block.removeChildAt(e, j);
                      return true;
                    }
                  }
                }
                return false;
              }
              const id = binaryen.getExpressionId(target);
              const type = binaryen.getExpressionType(target);
              let arm = 0;
              if (id === binaryen.IfId) arm = mode === 'arm0' ? B.If.getIfTrue(target) : B.If.getIfFalse(target);
              else if (id === binaryen.LoopId && mode === 'arm0') arm = B.Loop.getBody(target);
              else if (id === binaryen.BlockId && B.Block.getNumChildren(target) > 0)
                arm = B.Block.getChildAt(target, mode === 'arm0' ? B.Block.getNumChildren(target) - 1 : 0);
              if (!arm || binaryen.getExpressionType(arm) !== type) return false;
              // Replace `target` in its parent: swap into the function body or a block slot.
              if (B.Function.getBody(f) === target) {
                B.Function.setBody(f, arm);
                return true;
              }
              for (const e of all) {
                if (binaryen.getExpressionId(e) !== binaryen.BlockId) continue;
                const n = B.Block.getNumChildren(e);
                for (let j = 0; j < n; j++) {
                  if (B.Block.getChildAt(e, j) === target) {
                    B.Block.setChildAt(e, j, arm);
                    return true;
                  }
                }
              }
              return false;
            };
          await tryEdit(editAt('delete'));
          if (!exists) break;
          if (best.length === sizeBefore) await tryEdit(editAt('arm0'));
          if (best.length === sizeBefore) await tryEdit(editAt('arm1'));
          if (best.length < sizeBefore) index--; // the tree changed under this index: look again
          if (checks >= maxChecks) break;
        }
      }
      log(`round ${round}: ${before} -> ${best.length} bytes (${checks} checks)`);
      if (best.length >= before || checks >= maxChecks) break;
    }
    return { bytes: best, category, checks };
  } finally {
    pool.close();
  }
}
