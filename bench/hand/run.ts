/**
 * `npm run bench:hand [-- --reps=N]`: the kernels whose ratio to native is set by what
 * JavaScript can express (64-bit integer multiply, float32 arithmetic), against a hand-written
 * exact JavaScript version of each (this folder). It runs native WebAssembly, the hand-written
 * version and wasm2ts's output interleaved in one process, checks all three checksums against
 * kernels.json and prints the medians and ratios. It is evidence, not a proof: if careful
 * hand-written JavaScript stays far above a target, the target is out of reach of translation
 * as such on this engine, not of this compiler in particular.
 */
import { compileWasm2ts, loadBackend, type RunFn } from '../backends.js';
import { checksumHex, kernelCase, loadKernels } from '../kernels.js';
import { formatMs, formatRatio, median, renderTable } from '../stats.js';
import { HAND_WRITTEN } from './index.js';

const gc = (globalThis as { gc?: () => void }).gc;

function parseReps(argv: readonly string[]): number {
  let reps = 5;
  for (const arg of argv) {
    const m = /^--reps=(\d+)$/.exec(arg);
    if (m) reps = Math.max(1, Number(m[1]));
    else throw new Error(`unknown option ${arg} (usage: npm run bench:hand -- [--reps=N])`);
  }
  return reps;
}

async function main(): Promise<number> {
  const reps = parseReps(process.argv.slice(2));
  const rows: string[][] = [];
  let failed = false;
  for (const kernel of loadKernels().filter((k) => k.name in HAND_WRITTEN)) {
    const kc = kernelCase(kernel, false);
    await compileWasm2ts(kc, 1);
    const runners: [string, RunFn][] = [
      ['native', await loadBackend('native', kc)],
      ['hand', HAND_WRITTEN[kernel.name]!],
      ['wasm2ts', await loadBackend('wasm2ts', kc)],
    ];
    const samples = new Map<string, number[]>(runners.map(([id]) => [id, []]));
    for (let rep = -1; rep < reps; rep++) {
      for (const [id, run] of runners) {
        gc?.();
        const t0 = performance.now();
        const result = checksumHex(run(kc.n));
        const ms = performance.now() - t0;
        if (result !== kc.expected) {
          process.stderr.write(`${kernel.name}/${id}: checksum ${result}, expected ${kc.expected}\n`);
          failed = true;
        }
        if (rep >= 0) samples.get(id)!.push(ms);
      }
    }
    const [native, hand, ts] = ['native', 'hand', 'wasm2ts'].map((id) => median(samples.get(id)!)) as [number, number, number];
    rows.push([kernel.name, String(kc.n), formatMs(native), formatMs(hand), formatMs(ts), formatRatio(hand / native), formatRatio(ts / native), formatRatio(ts / hand)]);
  }
  process.stdout.write(`hand-written exact JavaScript against native and wasm2ts, Node ${process.version}; 1 warm-up + ${reps} timed runs each, interleaved, median ms\n`);
  process.stdout.write(
    renderTable(['kernel', 'n', 'native', 'hand', 'wasm2ts', 'hand/native', 'ts/native', 'ts/hand'], rows, new Set([1, 2, 3, 4, 5, 6, 7])) + '\n',
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
