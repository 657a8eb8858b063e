/**
 * `npm run bench [-- options]`: runs every kernel of ../shared/bench three ways in this one
 * process: Node's native WebAssembly, wasm2ts output, and binaryen's wasm2js output (plain
 * and -O2); prints a table of median times and ratios with geometric means, then
 * compile-side figures (wasm2ts compile time per kernel; time, peak memory and output size on
 * one large real module against wasm2js), and two real programs' workloads natively and through
 * wasm2ts (./real.ts).
 *
 * Method: each backend is prepared first (wasm2ts compiles in this process; wasm2js runs as
 * child processes, cached in out/bench/wasm2js*), then per kernel one instance per backend is
 * created and the backends are run interleaved (native, wasm2ts, wasm2js, wasm2js -O2 per
 * repetition), with `gc()` before each call when Node runs with --expose-gc, after
 * `--warmup` untimed repetitions; the median of `--reps` timed calls counts. Every call's
 * checksum is checked against kernels.json: a wrong one is reported loudly and makes the exit
 * code 1, as does any failure of native or wasm2ts. A backend that fails for a kernel shows
 * "error: ..." in its cell and the run goes on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BACKENDS, compileWasm2ts, loadBackend, prepareWasm2jsKernel, type BackendId, type RunFn, type Wasm2tsCompile } from './backends.js';
import { mapLimit } from './child.js';
import { checksumHex, kernelCase, loadKernels, type KernelCase } from './kernels.js';
import { defaultLargeModule, measureLarge, type LargeFigures } from './large.js';
import { measureReal, REAL_ROUNDS, type RealFigures } from './real.js';
import { formatBytes, formatMs, formatRatio, geomean, median, renderTable } from './stats.js';
import { BINARYEN_VERSION } from './wasm2js.js';

const USAGE = `usage: npm run bench -- [options]    (or: node --expose-gc dist/bench/run.js [options])

  --quick            use each kernel's quick_n: checks checksums only, timings are meaningless
  --only=a,b         run only these kernels
  --reps=N           timed repetitions per backend (default 5; 1 with --quick)
  --warmup=N         untimed repetitions before them (default 1; 0 with --quick)
  --json[=path]      also write the figures as JSON, to stdout (the table then goes to stderr) or to path
  --no-large         skip the large-module compile figures
  --no-real          skip the real programs (sql.js and QuickJS workloads, native against wasm2ts)
  --large=file.wasm  measure this module instead of sql.js's sql-wasm.wasm
  --no-cache         regenerate wasm2js outputs even if out/bench holds them for the same input
  --help             this text`;

interface Options {
  readonly quick: boolean;
  readonly only: readonly string[] | undefined;
  readonly reps: number;
  readonly warmup: number;
  /** undefined: no JSON; '-': stdout; else a file path. */
  readonly json: string | undefined;
  readonly large: boolean;
  readonly largePath: string | undefined;
  readonly cache: boolean;
  readonly real: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let quick = false;
  let only: string[] | undefined;
  let reps: number | undefined;
  let warmup: number | undefined;
  let json: string | undefined;
  let large = true;
  let largePath: string | undefined;
  let cache = true;
  let real = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [key, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${key} needs a value`);
      return v;
    };
    const count = (min: number): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new UsageError(`${key} needs an integer >= ${min}, not ${v}`);
      return n;
    };
    switch (key) {
      case '--quick': quick = true; break;
      case '--only': only = value().split(',').map((s) => s.trim()).filter((s) => s.length > 0); break;
      case '--reps': reps = count(1); break;
      case '--warmup': warmup = count(0); break;
      case '--json': json = inline ?? '-'; break;
      case '--no-large': large = false; break;
      case '--large': largePath = value(); break;
      case '--no-cache': cache = false; break;
      case '--no-real': real = false; break;
      case '--help': case '-h': process.stdout.write(`${USAGE}\n`); process.exit(0);
      default: throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { quick, only, reps: reps ?? (quick ? 1 : 5), warmup: warmup ?? (quick ? 0 : 1), json, large, largePath, cache, real };
}

class UsageError extends Error {}

interface Cell {
  ok: boolean;
  medianMs: number;
  samplesMs: number[];
  checksum?: string;
  /** A failure to prepare, load or run, or a wrong checksum. */
  error?: string;
  wrongChecksum?: boolean;
}

interface KernelResult {
  readonly name: string;
  readonly n: number;
  readonly expected: string;
  readonly wasmBytes: number;
  compile: (Wasm2tsCompile & { ok: true }) | { ok: false; error: string } | undefined;
  readonly outputs: Partial<Record<'wasm2js' | 'wasm2js-O2', { bytes: number; gzipBytes: number }>>;
  readonly cells: Record<BackendId, Cell>;
  ratios: Record<string, number>;
}

const RATIOS: readonly (readonly [string, BackendId, BackendId])[] = [
  ['wasm2ts/native', 'wasm2ts', 'native'],
  ['wasm2ts/wasm2js', 'wasm2ts', 'wasm2js'],
  ['wasm2ts/wasm2js-O2', 'wasm2ts', 'wasm2js-O2'],
  ['wasm2js/native', 'wasm2js', 'native'],
  ['wasm2js-O2/native', 'wasm2js-O2', 'native'],
];

/** Timed wasm2ts compiles per kernel; the median is reported. */
const COMPILE_REPS = 5;

const gc = (globalThis as { gc?: () => void }).gc;

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message.split('\n')[0]}`;
  return String(e);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const report = options.json === '-' ? process.stderr : process.stdout;
  const say = (line = ''): void => void report.write(`${line}\n`);
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);

  const all = loadKernels();
  if (options.only) {
    const unknown = options.only.filter((name) => !all.some((k) => k.name === name));
    if (unknown.length > 0) throw new UsageError(`unknown kernel(s) ${unknown.join(', ')}; known: ${all.map((k) => k.name).join(', ')}`);
  }
  const cases = all.filter((k) => !options.only || options.only.includes(k.name)).map((k) => kernelCase(k, options.quick));

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  say(`wasm2ts bench: Node ${process.version} (V8 ${process.versions.v8}), ${os.cpus().length} x ${cpu}, binaryen ${BINARYEN_VERSION}`);
  say(`${cases.length} kernels, ${options.warmup} warm-up + ${options.reps} timed repetitions per backend, interleaved; median shown`);
  const loadBefore = os.loadavg();
  say(`load average at start: ${loadBefore.map((l) => l.toFixed(1)).join(' ')}`);
  if (loadBefore[0]! > os.cpus().length) say(`WARNING: the 1-minute load average exceeds the ${os.cpus().length} cores: other processes compete for the CPU and the timings are noisy`);
  if (!gc) say('note: gc() is not exposed (run node with --expose-gc, as `npm run bench` does): timings include more GC noise');
  if (options.quick) say('QUICK MODE (--quick): n = quick_n; the timings below are meaningless, only the checksums count');
  if (!options.quick && options.reps < 5) say(`note: --reps=${options.reps} is below the 5 repetitions the figures are meant to rest on`);
  say();

  const results: KernelResult[] = cases.map((kc) => ({
    name: kc.kernel.name,
    n: kc.n,
    expected: kc.expected,
    wasmBytes: fs.statSync(kc.path).size,
    compile: undefined,
    outputs: {},
    cells: Object.fromEntries(BACKENDS.map((id) => [id, { ok: true, medianMs: NaN, samplesMs: [] }])) as unknown as Record<BackendId, Cell>,
    ratios: {},
  }));
  const fail = (r: KernelResult, id: BackendId, error: string): void => {
    const cell = r.cells[id];
    cell.ok = false;
    cell.error ??= error;
  };

  // 1. wasm2ts: compile each kernel in this process. One untimed pass over all kernels
  // first, so the times include neither loading the compiler, starting esbuild, nor the
  // compiler's own JIT warm-up; then the median of COMPILE_REPS compiles counts.
  progress('compiling with wasm2ts ...');
  for (const kc of cases) {
    try {
      await compileWasm2ts(kc, 1);
    } catch {
      // Reported below, per kernel.
    }
  }
  for (const [i, kc] of cases.entries()) {
    const r = results[i]!;
    try {
      r.compile = { ok: true, ...(await compileWasm2ts(kc, COMPILE_REPS)) };
    } catch (e) {
      r.compile = { ok: false, error: errorText(e) };
      fail(r, 'wasm2ts', `compile: ${errorText(e)}`);
    }
  }

  // 2. wasm2js: generate (or reuse) both variants, two tool processes at a time.
  progress('generating wasm2js outputs ...');
  const jobs = cases.flatMap((kc, i) => [false, true].map((optimized) => ({ kc, r: results[i]!, optimized })));
  await mapLimit(jobs, Math.max(1, Math.min(2, os.cpus().length)), async ({ kc, r, optimized }) => {
    const id: BackendId = optimized ? 'wasm2js-O2' : 'wasm2js';
    try {
      const prepared = await prepareWasm2jsKernel(kc, optimized, options.cache);
      const code = fs.readFileSync(prepared.file, 'utf8');
      const body = code.slice(code.indexOf('\n') + 1); // without the cache header line
      r.outputs[id] = { bytes: Buffer.byteLength(body), gzipBytes: gzipSync(body).length };
      if (prepared.loweredBecause) progress(`  ${kc.kernel.name} ${id}: needed wasm-opt lowering (${prepared.loweredBecause})`);
    } catch (e) {
      fail(r, id, errorText(e));
    }
  });

  // 3. Timings, kernel by kernel.
  for (const [i, kc] of cases.entries()) {
    await timeKernel(kc, results[i]!, options, progress, fail);
  }

  // 4. Report.
  say(timingTable(results));
  say();
  const geomeans = geomeanFigures(results);
  say(`geometric means (ratio = left time / right time; < 1 means wasm2ts is faster):`);
  for (const [name, g] of Object.entries(geomeans.ratios)) {
    say(`  ${name.padEnd(20)} ${formatRatio(g.value).padStart(7)}   over ${g.kernels} kernel${g.kernels === 1 ? '' : 's'}`);
  }
  say(`  (geometric-mean ms of each backend over the ${geomeans.commonKernels} kernels where all four succeeded: ${BACKENDS.map((id) => `${id} ${formatMs(geomeans.ms[id]!)}`).join(', ')})`);
  say();
  say(`wasm2ts compile (median of ${COMPILE_REPS} in-process compile(bytes, { target: 'js', format: false }), esbuild included, after a warm-up pass) and output sizes:`);
  say(compileTable(results));
  say();

  const failures = collectFailures(results);
  if (failures.length > 0) {
    say('FAILURES:');
    for (const f of failures) say(`  ${f.wrong ? '!!! WRONG CHECKSUM' : 'error'}  ${f.kernel} / ${f.backend}: ${f.message}`);
    say();
  }

  // 5. Real programs, each run in child processes one after the other.
  let real: RealFigures[] | undefined;
  if (options.real) {
    real = await measureReal(options.quick ? 1 : options.reps, progress);
    say(realTable(real));
    say();
  }

  // 6. The large module, after the timings so its child processes disturb nothing.
  let large: LargeFigures | { error: string } | undefined;
  if (options.large) {
    const chosen = options.largePath ? { label: path.basename(options.largePath), path: options.largePath } : defaultLargeModule();
    if ('error' in chosen) {
      large = chosen;
      say(`large module: ${chosen.error}`);
    } else {
      try {
        large = await measureLarge(chosen.label, chosen.path, progress);
        say(largeTable(large));
      } catch (e) {
        large = { error: errorText(e) };
        say(`large module ${chosen.label}: error: ${errorText(e)}`);
      }
    }
    say();
  }

  const loadAfter = os.loadavg();
  say(`load average at end: ${loadAfter.map((l) => l.toFixed(1)).join(' ')}${loadAfter[0]! > os.cpus().length ? ` (WARNING: above the ${os.cpus().length} cores; timings are noisy)` : ''}`);
  if (options.quick) say('QUICK MODE: the timings above are meaningless (quick_n); only the checksums count.');
  const wrong = failures.filter((f) => f.wrong);
  const ours = failures.filter((f) => !f.wrong && (f.backend === 'native' || f.backend === 'wasm2ts'));
  if (wrong.length > 0) say(`!!! ${wrong.length} WRONG CHECKSUM${wrong.length === 1 ? '' : 'S'}: ${wrong.map((f) => `${f.kernel}/${f.backend}`).join(', ')}`);
  if (ours.length > 0) say(`!!! ${ours.length} native/wasm2ts failure${ours.length === 1 ? '' : 's'}: ${ours.map((f) => `${f.kernel}/${f.backend}`).join(', ')}`);

  if (options.json !== undefined) {
    const json = {
      meta: {
        date: new Date().toISOString(),
        node: process.version,
        v8: process.versions.v8,
        cpu,
        cpus: os.cpus().length,
        binaryen: BINARYEN_VERSION,
        quick: options.quick,
        timingsMeaningful: !options.quick,
        warmup: options.warmup,
        reps: options.reps,
        gcExposed: gc !== undefined,
        loadAverageStart: loadBefore,
        loadAverageEnd: loadAfter,
      },
      kernels: results,
      geomeans,
      failures,
      large: large ?? null,
      real: real ?? null,
    };
    const text = `${JSON.stringify(json, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
    if (options.json === '-') process.stdout.write(text);
    else {
      fs.mkdirSync(path.dirname(path.resolve(options.json)), { recursive: true });
      fs.writeFileSync(options.json, text);
      say(`JSON written to ${options.json}`);
    }
  }
  const realFailed = (real ?? []).filter((r) => r.error !== undefined);
  if (realFailed.length > 0) say(`!!! real program failure: ${realFailed.map((r) => `${r.program}: ${r.error}`).join('; ')}`);
  return wrong.length > 0 || ours.length > 0 || realFailed.length > 0 ? 1 : 0;
}

function realTable(real: readonly RealFigures[]): string {
  const rows = real.map((r) =>
    r.error !== undefined
      ? [r.program, 'error', r.error, '', '', '', '']
      : [r.program, formatMs(r.nativeMs!), formatMs(r.wasm2tsMs!), formatRatio(r.wasm2tsMs! / r.nativeMs!), String(r.pieces), formatMs(r.unsafeNoDetachMs!), formatRatio(r.unsafeNoDetachMs! / r.nativeMs!)],
  );
  return [
    `real programs through their own glue (sql.js: a 200,000-row recursive query; QuickJS: guest recursion, allocation, a sort), median ms over ${REAL_ROUNDS} alternating rounds of each:`,
    renderTable(['program', 'native', 'wasm2ts', 'ts/native', 'split pieces', 'unsafeNoDetach', 'unsafe/native'], rows, new Set([1, 2, 3, 4, 5, 6])),
    `(unsafeNoDetach: the polyfill's opt-in where memory growth leaves the old buffer attached, not the JS API; sql.js's workload does not grow memory)`,
  ].join('\n');
}

async function timeKernel(
  kc: KernelCase,
  r: KernelResult,
  options: Options,
  progress: (line: string) => void,
  fail: (r: KernelResult, id: BackendId, error: string) => void,
): Promise<void> {
  progress(`${kc.kernel.name} (n=${kc.n}, expected ${kc.expected}):`);
  const runs = new Map<BackendId, RunFn>();
  for (const id of BACKENDS) {
    if (!r.cells[id].ok) continue;
    try {
      runs.set(id, await loadBackend(id, kc));
    } catch (e) {
      fail(r, id, `load: ${errorText(e)}`);
    }
  }
  const total = options.warmup + options.reps;
  for (let rep = 0; rep < total; rep++) {
    const line: string[] = [];
    for (const id of BACKENDS) {
      const run = runs.get(id);
      const cell = r.cells[id];
      if (!run || !cell.ok) continue;
      gc?.();
      let result: number;
      const t0 = performance.now();
      try {
        result = run(kc.n);
      } catch (e) {
        fail(r, id, `run: ${errorText(e)}`);
        line.push(`${id} error`);
        continue;
      }
      const ms = performance.now() - t0;
      const hex = checksumHex(result);
      cell.checksum = hex;
      if (hex !== kc.expected) {
        cell.wrongChecksum = true;
        fail(r, id, `WRONG CHECKSUM ${hex}, expected ${kc.expected}`);
        process.stderr.write(`!!! ${kc.kernel.name} / ${id}: WRONG CHECKSUM ${hex}, expected ${kc.expected}\n`);
        line.push(`${id} WRONG`);
        continue;
      }
      if (rep >= options.warmup) cell.samplesMs.push(ms);
      line.push(`${id} ${formatMs(ms)} ms`);
    }
    progress(`  ${rep < options.warmup ? 'warm-up' : `rep ${rep - options.warmup + 1}/${options.reps}`}: ${line.length > 0 ? line.join(', ') : 'no backend left to run'}`);
  }
  for (const id of BACKENDS) {
    const cell = r.cells[id];
    if (cell.ok) cell.medianMs = median(cell.samplesMs);
  }
  for (const [name, a, b] of RATIOS) {
    const x = r.cells[a];
    const y = r.cells[b];
    if (x.ok && y.ok && x.medianMs > 0 && y.medianMs > 0) r.ratios[name] = x.medianMs / y.medianMs;
  }
}

function cellText(cell: Cell): string {
  if (cell.wrongChecksum) return `WRONG ${cell.checksum ?? ''}`;
  if (!cell.ok) {
    return shortError(cell.error ?? 'failed');
  }
  return formatMs(cell.medianMs);
}

/** A table cell for an error: its start only (the full text is listed under FAILURES). */
function shortError(message: string): string {
  const cell = `error: ${message}`;
  return cell.length > 24 ? `${cell.slice(0, 23)}…` : cell;
}

function timingTable(results: readonly KernelResult[]): string {
  const header = ['kernel', 'n', 'native ms', 'wasm2ts ms', 'wasm2js ms', 'w2js-O2 ms', 'ts/native', 'ts/w2js', 'ts/w2js-O2', 'spread'];
  const rows = results.map((r) => [
    r.name,
    String(r.n),
    ...BACKENDS.map((id) => cellText(r.cells[id])),
    formatRatio(r.ratios['wasm2ts/native'] ?? NaN),
    formatRatio(r.ratios['wasm2ts/wasm2js'] ?? NaN),
    formatRatio(r.ratios['wasm2ts/wasm2js-O2'] ?? NaN),
    spreadText(r),
  ]);
  const g = geomeanFigures(results);
  rows.push([
    'geomean',
    '',
    ...BACKENDS.map((id) => formatMs(g.ms[id]!)),
    formatRatio(g.ratios['wasm2ts/native']!.value),
    formatRatio(g.ratios['wasm2ts/wasm2js']!.value),
    formatRatio(g.ratios['wasm2ts/wasm2js-O2']!.value),
    '',
  ]);
  const table = renderTable(header, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]));
  return `${table}\nspread: the largest (max - min) / median of the timed repetitions among the four backends; high means noisy figures`;
}

/** How noisy a kernel's figures are: the worst backend's (max - min) / median, in percent. */
function spreadText(r: KernelResult): string {
  const spreads = BACKENDS.flatMap((id) => {
    const c = r.cells[id];
    return c.ok && c.samplesMs.length > 1 ? [(Math.max(...c.samplesMs) - Math.min(...c.samplesMs)) / c.medianMs] : [];
  });
  return spreads.length > 0 ? `${Math.round(100 * Math.max(...spreads))}%` : '-';
}

interface Geomeans {
  readonly ratios: Record<string, { value: number; kernels: number }>;
  readonly ms: Partial<Record<BackendId, number>>;
  readonly commonKernels: number;
}

function geomeanFigures(results: readonly KernelResult[]): Geomeans {
  const ratios: Record<string, { value: number; kernels: number }> = {};
  for (const [name] of RATIOS) {
    const values = results.map((r) => r.ratios[name]).filter((v): v is number => v !== undefined);
    ratios[name] = { value: geomean(values), kernels: values.length };
  }
  const common = results.filter((r) => BACKENDS.every((id) => r.cells[id].ok && r.cells[id].medianMs > 0));
  const ms: Partial<Record<BackendId, number>> = {};
  for (const id of BACKENDS) ms[id] = geomean(common.map((r) => r.cells[id].medianMs));
  return { ratios, ms, commonKernels: common.length };
}

function compileTable(results: readonly KernelResult[]): string {
  const header = ['kernel', 'wasm', 'compile ms', 'wasm2ts js', 'gzip', 'wasm2js js', 'gzip', 'w2js-O2 js', 'gzip'];
  const size = (o: { bytes: number; gzipBytes: number } | undefined): [string, string] =>
    o ? [formatBytes(o.bytes), formatBytes(o.gzipBytes)] : ['-', '-'];
  const rows = results.map((r) => [
    r.name,
    formatBytes(r.wasmBytes),
    r.compile?.ok ? formatMs(r.compile.ms) : shortError(r.compile?.error ?? '?'),
    ...size(r.compile?.ok ? r.compile : undefined),
    ...size(r.outputs['wasm2js']),
    ...size(r.outputs['wasm2js-O2']),
  ]);
  const compiled = results.flatMap((r) => (r.compile?.ok ? [r.compile.ms] : []));
  rows.push(['total', formatBytes(results.reduce((s, r) => s + r.wasmBytes, 0)), formatMs(compiled.reduce((s, v) => s + v, 0)), '', '', '', '', '', '']);
  return renderTable(header, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8]));
}

function largeTable(large: LargeFigures): string {
  const lines = [`large module: ${large.module} (${formatBytes(large.bytes)}, gzip ${formatBytes(large.gzipBytes)}), each tool in its own child process:`];
  const header = ['tool', 'compile ms', 'wall ms', 'peak RSS', 'output', 'gzip', 'out/wasm'];
  const rows = large.tools.map((t) =>
    t.ok
      ? [
          t.tool,
          t.compileMs !== undefined ? formatMs(t.compileMs) : '-',
          formatMs(t.wallMs),
          t.maxRssKb !== undefined ? formatBytes(t.maxRssKb * 1024) : '?',
          formatBytes(t.bytes!),
          formatBytes(t.gzipBytes!),
          formatRatio(t.bytes! / large.bytes),
        ]
      : [t.tool, `error: ${t.error}`, '', '', '', '', ''],
  );
  lines.push(renderTable(header, rows, new Set([1, 2, 3, 4, 5, 6])));
  lines.push('  (compile ms: in-process compile() time; wall ms: the whole child process, Node start-up and loading the tool included)');
  for (const t of large.tools) if (t.note) lines.push(`  ${t.tool}: ${t.note}`);
  return lines.join('\n');
}

interface Failure {
  readonly kernel: string;
  readonly backend: BackendId;
  readonly message: string;
  readonly wrong: boolean;
}

function collectFailures(results: readonly KernelResult[]): Failure[] {
  return results.flatMap((r) =>
    BACKENDS.flatMap((id) => {
      const cell = r.cells[id];
      return cell.ok ? [] : [{ kernel: r.name, backend: id, message: cell.error ?? 'failed', wrong: cell.wrongChecksum === true }];
    }),
  );
}

try {
  process.exitCode = await main();
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`error: ${e.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}
