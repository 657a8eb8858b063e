/**
 * `node dist/bench/profile.js <kernel> [options]`: profiles one backend's `run(n)` of one
 * kernel with V8's sampling CPU profiler (through node:inspector, the same data as
 * `node --cpu-prof`) and prints the functions with the most self time: for wasm2ts output,
 * which generated functions and which runtime libcalls are hot.
 *
 *   --backend=wasm2ts|wasm2js|wasm2js-O2|native   (default wasm2ts)
 *   --n=N        the size to run (default: the kernel's n; --quick: quick_n)
 *   --top=K      how many functions to list (default 25)
 *   --no-inlining  turn off TurboFan inlining, so that time inlined into a caller (V8 books
 *                it to the caller) stays with its own function; slower, but attributable
 *
 * Two calls run under the profiler: the first warms the code up (and checks the checksum),
 * only the second one's samples are listed by function; the hottest source lines (with
 * their text) cover both calls. The raw profile is written to out/bench/profiles/<kernel>.<backend>.cpuprofile
 * (open it in Chrome DevTools' Performance panel or speedscope).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { BACKENDS, compileWasm2ts, loadBackend, prepareWasm2jsKernel, type BackendId } from './backends.js';
import { checksumHex, kernelCase, loadKernels } from './kernels.js';
import { OUT_DIR } from './paths.js';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly hitCount?: number;
  readonly children?: readonly number[];
  readonly positionTicks?: readonly { readonly line: number; readonly ticks: number }[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const name = args.find((a) => !a.startsWith('--'));
  const kernels = loadKernels();
  const kernel = kernels.find((k) => k.name === name);
  if (!kernel) {
    process.stderr.write(`usage: node dist/bench/profile.js <kernel> [--backend=${BACKENDS.join('|')}] [--n=N] [--top=K] [--quick] [--no-inlining]\nkernels: ${kernels.map((k) => k.name).join(', ')}\n`);
    return 2;
  }
  const backend = (flag('backend') ?? 'wasm2ts') as BackendId;
  if (!BACKENDS.includes(backend)) throw new Error(`unknown backend ${backend}`);
  const base = kernelCase(kernel, args.includes('--quick'));
  const nFlag = flag('n');
  const kc = nFlag !== undefined ? { ...base, n: Number(nFlag), expected: '' } : base;
  const top = Number(flag('top') ?? 25);

  // V8 attributes an inlined function's time to its caller; --no-inlining turns TurboFan's
  // inlining off so each function keeps its own time (the code then runs slower).
  if (args.includes('--no-inlining')) v8.setFlagsFromString('--no-turbo-inlining');

  if (backend === 'wasm2ts') await compileWasm2ts(kc, 1);
  if (backend === 'wasm2js' || backend === 'wasm2js-O2') await prepareWasm2jsKernel(kc, backend === 'wasm2js-O2', true);
  const run = await loadBackend(backend, kc);

  // The profiler starts before the warm-up and runs without a break: code V8 optimises
  // while no profiler runs lacks the inlining positions the profiler needs, and all its
  // time would be booked to the outermost frame (the runtime's export wrapper); restarting
  // the profiler between the calls loses them too. Only samples after the mark, taken on
  // the monotonic clock V8's sample timestamps use, count for the functions.
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  let t0 = performance.now();
  const warm = checksumHex(run(kc.n));
  const warmMs = performance.now() - t0;
  const markUs = Number(process.hrtime.bigint() / 1000n);
  t0 = performance.now();
  run(kc.n);
  const profiledMs = performance.now() - t0;
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
  session.disconnect();
  if (kc.expected && warm !== kc.expected) process.stderr.write(`!!! WRONG CHECKSUM ${warm}, expected ${kc.expected}\n`);
  const markValid = markUs > profile.startTime && markUs < profile.endTime;

  const outFile = path.join(OUT_DIR, 'profiles', `${kernel.name}.${backend}.cpuprofile`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(profile));

  // Self time per function (same name and source position): each sample's time is the gap
  // to the next sample. Idle time (the profiler's own round trips) is left out.
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byFunction = new Map<string, { hits: number; us: number; frame: CallFrame }>();
  let totalUs = 0;
  let totalHits = 0;
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    if (markValid && at < markUs) continue;
    const f = nodeById.get(samples[i]!)?.callFrame;
    if (!f || f.functionName === '(idle)') continue;
    const us = deltas[i + 1] ?? 0;
    const key = `${f.functionName}\0${f.url}\0${f.lineNumber}`;
    const entry = byFunction.get(key) ?? { hits: 0, us: 0, frame: f };
    entry.hits++;
    entry.us += us;
    byFunction.set(key, entry);
    totalUs += us;
    totalHits++;
  }
  const ranked = [...byFunction.values()].sort((a, b) => b.us - a.us);

  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  say(`${kernel.name} / ${backend}, n=${kc.n}: warm-up call ${warmMs.toFixed(1)} ms (checksum ${warm}), profiled call ${profiledMs.toFixed(1)} ms, ${totalHits} samples`);
  if (!markValid) say('(could not place the warm-up mark among the samples: both calls are counted)');
  say(`self time by function, second call only (top ${top}):`);
  for (const e of ranked.slice(0, top)) {
    const f = e.frame;
    const pct = ((100 * e.us) / totalUs).toFixed(1).padStart(5);
    say(`  ${pct}%  ${(e.us / 1000).toFixed(1).padStart(8)} ms  ${(f.functionName || '(anonymous)').padEnd(32)} ${where(f.url, f.lineNumber + 1)}`);
  }

  // Hot source lines (V8's per-line ticks, `positionTicks`), with the line's text, for
  // lines in files we can read: generated code and the runtime. V8 sums these per node, not
  // per sample, so they cover both calls.
  const lines = new Map<string, { url: string; line: number; ticks: number }>();
  let lineTicks = 0;
  for (const node of profile.nodes) {
    for (const { line, ticks } of node.positionTicks ?? []) {
      const key = `${node.callFrame.url}\0${line}`;
      const entry = lines.get(key) ?? { url: node.callFrame.url, line, ticks: 0 };
      entry.ticks += ticks;
      lines.set(key, entry);
      lineTicks += ticks;
    }
  }
  if (lineTicks > 0) {
    say(`hottest lines, both calls (top ${Math.min(top, lines.size)}, share of line-attributed samples):`);
    const sources = new Map<string, string[]>();
    for (const e of [...lines.values()].sort((a, b) => b.ticks - a.ticks).slice(0, top)) {
      let text = '';
      if (e.url.startsWith('file:')) {
        const file = fileURLToPath(e.url.replace(/\?.*$/, ''));
        if (!sources.has(file)) sources.set(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : []);
        text = (sources.get(file)![e.line - 1] ?? '').trim();
      }
      say(`  ${((100 * e.ticks) / lineTicks).toFixed(1).padStart(5)}%  ${where(e.url, e.line).padEnd(24)} ${text.length > 110 ? `${text.slice(0, 109)}…` : text}`);
    }
  }
  process.stdout.write(`profile written to ${path.relative(process.cwd(), outFile)}\n`);
  return 0;
}

function where(url: string, line: number): string {
  return url ? `${path.basename(url.replace(/\?.*$/, ''))}:${line}` : '';
}

try {
  process.exitCode = await main();
} catch (e) {
  process.stderr.write(`profile: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
}
