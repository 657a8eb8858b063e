/**
 * Child process of bench/real.ts: runs one real program's workload through its stock glue,
 * on Node's own WebAssembly or on a wasm2ts-compiled module (the WebAssembly global replaced
 * by the shim's polyfill, so nothing can fall back to native), and prints
 * `{ "result": ..., "ms": [...] }` on stdout: the workload's result and the time of each
 * timed repetition (after one untimed warm-up).
 *
 *   node dist/bench/real-child.js <program> native|<generated.js> <reps> [unsafe-no-detach]
 *
 * With `unsafe-no-detach`, the polyfill is installed with `unsafeNoDetach` (memory growth leaves
 * the old buffer attached; see runtime-lib/memory.ts), measured apart from the exact default.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { install, type GeneratedModule } from '../runtime-lib/webassembly/index.js';

const require = createRequire(import.meta.url);

/** A program: how to start it through its glue, and one repetition of its workload. */
interface Program {
  start(): Promise<unknown>;
  run(state: unknown): unknown;
}

const PROGRAMS: Record<string, Program> = {
  // SQLite (sql.js, Emscripten): a recursive CTE of 200,000 rows, sorted and aggregated.
  sqljs: {
    async start() {
      const SQL = await (require('sql.js') as () => Promise<{ Database: new () => unknown }>)();
      return new SQL.Database();
    },
    run(db) {
      const query =
        'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) ' +
        'SELECT count(*), sum(x * x % 1000), max(hex(x)) FROM (SELECT x FROM c ORDER BY (x * 7919) % 200003)';
      return JSON.stringify((db as { exec(sql: string): { values: unknown[] }[] }).exec(query)[0]!.values);
    },
  },
  // QuickJS (quickjs-emscripten, Emscripten): guest recursion, allocation and a sort.
  quickjs: {
    async start() {
      const core = (await import('quickjs-emscripten-core' as string)) as { newQuickJSWASMModuleFromVariant(v: unknown): Promise<{ newContext(): unknown }> };
      const variant = ((await import('@jitl/quickjs-wasmfile-release-sync' as string)) as { default: unknown }).default;
      return (await core.newQuickJSWASMModuleFromVariant(variant)).newContext();
    },
    run(vm) {
      const context = vm as { evalCode(code: string): unknown; unwrapResult(r: unknown): { dispose(): void }; dump(h: unknown): unknown };
      const handle = context.unwrapResult(
        context.evalCode(`(() => {
          const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));
          const a = [];
          for (let i = 0; i < 100000; i++) a.push({ k: (i * 7919) % 977, v: 'x' + i });
          a.sort((x, y) => x.k - y.k || (x.v < y.v ? -1 : 1));
          return fib(24) + ':' + a[1234].v + ':' + JSON.stringify(a.slice(0, 3)).length;
        })()`),
      );
      const result = context.dump(handle);
      handle.dispose();
      return result;
    },
  },
};

async function main(): Promise<void> {
  const [name, backend, repsText, mode] = process.argv.slice(2);
  const program = PROGRAMS[name ?? ''];
  if (!program || !backend || !repsText || (mode !== undefined && mode !== 'unsafe-no-detach')) {
    throw new Error('usage: real-child.js <sqljs|quickjs> native|<generated.js> <reps> [unsafe-no-detach]');
  }
  if (backend !== 'native') {
    const generated = (await import(pathToFileURL(backend).href)) as GeneratedModule;
    delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    install({ modules: [generated], unsafeNoDetach: mode === 'unsafe-no-detach' });
  }
  const state = await program.start();
  const result = program.run(state); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < Number(repsText); i++) {
    const t0 = performance.now();
    const again = program.run(state);
    ms.push(performance.now() - t0);
    if (again !== result) throw new Error(`repetition ${i} gave ${String(again)}, the warm-up ${String(result)}`);
  }
  process.stdout.write(JSON.stringify({ result, ms }) + '\n');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
