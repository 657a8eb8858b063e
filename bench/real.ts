/**
 * Real programs, not kernels: SQLite (sql.js) and QuickJS (quickjs-emscripten), both Emscripten
 * builds run through their stock glue, natively and compiled by wasm2ts. They matter because
 * they have what the kernels lack: functions far larger than V8's optimizing compiler takes
 * (SQLite's interpreter loop is 175 KB of bytecode once translated), so they measure the
 * function splitting of compiler/emit/outline.ts. Each run is a child process
 * (bench/real-child.ts), since the wasm2ts one replaces the WebAssembly global.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compile } from '../compiler/index.js';
import { runNode } from './child.js';
import { OUT_DIR } from './paths.js';
import { median } from './stats.js';

/** The programs: the .wasm their glue loads (resolved from the devDependencies). */
const PROGRAMS = [
  { name: 'sqljs', label: 'sql.js (SQLite)', wasm: 'sql.js/dist/sql-wasm.wasm' },
  { name: 'quickjs', label: 'QuickJS', wasm: '@jitl/quickjs-wasmfile-release-sync/wasm' },
] as const;

export interface RealFigures {
  readonly program: string;
  readonly nativeMs?: number;
  readonly wasm2tsMs?: number;
  /** wasm2ts with the polyfill's `unsafeNoDetach` (growth does not detach the old buffer): opt-in, so measured apart. */
  readonly unsafeNoDetachMs?: number;
  /** Pieces made by function splitting in the compiled module (functions beside the split ones, or closures inside them). */
  readonly pieces?: number;
  readonly error?: string;
}

const CHILD = new URL('./real-child.js', import.meta.url).pathname;

/** Rounds of one child per variant (native, wasm2ts, wasm2ts with unsafeNoDetach) per program (each child runs `reps` timed repetitions). */
export const REAL_ROUNDS = 3;

/** The variants each round runs, one child each: the shim's mode, or native. */
const VARIANTS = ['native', 'wasm2ts', 'unsafe-no-detach'] as const;
type Variant = (typeof VARIANTS)[number];

export async function measureReal(reps: number, log: (line: string) => void): Promise<RealFigures[]> {
  const require = createRequire(import.meta.url);
  const out: RealFigures[] = [];
  for (const p of PROGRAMS) {
    log(`real program: ${p.label} ...`);
    try {
      const { code } = await compile(fs.readFileSync(require.resolve(p.wasm)), { target: 'js', format: false });
      const file = path.join(OUT_DIR, 'real', `${p.name}.js`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, code);
      // Children alternate, and each round starts with the next variant (native, wasm2ts,
      // unsafe; wasm2ts, unsafe, native; ...), so that a machine that slows down or speeds up
      // during the run weighs on every variant alike; the medians are over all rounds.
      const ms = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
      for (let round = 0; round < REAL_ROUNDS; round++) {
        const results = new Map<Variant, { result: unknown; ms: number[] }>();
        for (let i = 0; i < VARIANTS.length; i++) {
          const variant = VARIANTS[(round + i) % VARIANTS.length]!;
          results.set(variant, await runChild(p.name, variant === 'native' ? 'native' : file, reps, variant));
        }
        const expected = JSON.stringify(results.get('native')!.result);
        for (const [variant, r] of results) {
          if (JSON.stringify(r.result) !== expected) throw new Error(`results differ: native ${expected}, ${variant} ${JSON.stringify(r.result)}`);
          ms.get(variant)!.push(...r.ms);
        }
      }
      const pieces = (code.match(/const part\w* = |function [\w$]+_part\w*\(/g) ?? []).length;
      out.push({ program: p.label, nativeMs: median(ms.get('native')!), wasm2tsMs: median(ms.get('wasm2ts')!), unsafeNoDetachMs: median(ms.get('unsafe-no-detach')!), pieces });
    } catch (e) {
      out.push({ program: p.label, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

async function runChild(program: string, backend: string, reps: number, variant: Variant): Promise<{ result: unknown; ms: number[] }> {
  const r = await runNode(CHILD, [program, backend, String(reps), ...(variant === 'unsafe-no-detach' ? [variant] : [])]);
  if (r.code !== 0) throw new Error(`${program} on ${variant}: ${r.stderr.trim().split('\n')[0] ?? `exit ${r.code}`}`);
  return JSON.parse(r.stdout) as { result: unknown; ms: number[] };
}
