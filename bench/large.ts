/**
 * Compile-side figures on one large real module: wasm2ts against binaryen's wasm2js (and
 * wasm2js -O2) on the same input: wall time, peak memory, and output size raw and gzipped.
 * Each tool runs in its own child process, so its peak RSS is its own.
 *
 * The module: sql.js's `dist/sql-wasm.wasm` (SQLite compiled by Emscripten, ~690 KB, 2,100
 * functions, imports from one module "a", uses bulk memory, sign extension and saturating
 * float-to-int). No package already installed here ships a .wasm of 500 KB or more
 * (binaryen.js is a single JS file), so sql.js is a devDependency for this purpose alone: it
 * is well known, has no dependencies, and ships a standalone Emscripten .wasm of real C code.
 * `--large=path.wasm` measures another module instead.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { runNode } from './child.js';
import type { CompileChildReport } from './compile-child.js';
import { OUT_DIR } from './paths.js';
import { runWasm2js } from './wasm2js.js';

export interface ToolFigures {
  readonly tool: string;
  readonly ok: boolean;
  readonly error?: string;
  /** In-process compile time (wasm2ts only), ms. */
  readonly compileMs?: number;
  /** Wall time of the child process(es), Node start-up and tool loading included, ms. */
  readonly wallMs: number;
  readonly maxRssKb?: number;
  readonly bytes?: number;
  readonly gzipBytes?: number;
  readonly note?: string;
}

export interface LargeFigures {
  readonly module: string;
  readonly path: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly tools: readonly ToolFigures[];
}

export function defaultLargeModule(): { label: string; path: string } | { error: string } {
  try {
    const require = createRequire(import.meta.url);
    const file = require.resolve('sql.js/dist/sql-wasm.wasm');
    const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(file), '..', 'package.json'), 'utf8')) as { version: string }).version;
    return { label: `sql.js ${version} dist/sql-wasm.wasm`, path: file };
  } catch (e) {
    return { error: `sql.js is not installed (npm install): ${(e as Error).message.split('\n')[0]}` };
  }
}

export async function measureLarge(label: string, wasmPath: string, log: (line: string) => void): Promise<LargeFigures> {
  const input = fs.readFileSync(wasmPath);
  const tools: ToolFigures[] = [];

  log(`large module: wasm2ts ...`);
  const child = fileURLToPath(new URL('./compile-child.js', import.meta.url));
  const outFile = path.join(OUT_DIR, 'large', `${path.basename(wasmPath, '.wasm')}.wasm2ts.js`);
  const run = await runNode(child, [wasmPath, outFile]);
  const lastLine = run.stdout.trim().split('\n').pop() ?? '';
  let report: CompileChildReport;
  try {
    report = JSON.parse(lastLine) as CompileChildReport;
  } catch {
    report = { ok: false, error: `compile child exited ${run.code ?? run.signal}: ${(run.stderr.trim().split('\n').pop() ?? '').slice(0, 300)}` };
  }
  if (report.ok) {
    const code = fs.readFileSync(outFile);
    tools.push({
      tool: 'wasm2ts',
      ok: true,
      compileMs: report.compileMs!,
      wallMs: run.wallMs,
      maxRssKb: report.maxRssKb!,
      bytes: code.length,
      gzipBytes: gzipSync(code).length,
      note: report.loads ? 'output imports cleanly' : `output does not load: ${report.loadError}`,
    });
  } else {
    tools.push({ tool: 'wasm2ts', ok: false, error: report.error ?? 'unknown error', wallMs: run.wallMs, ...(report.maxRssKb ? { maxRssKb: report.maxRssKb } : {}) });
  }

  for (const optimize of [false, true]) {
    const tool = optimize ? 'wasm2js -O2' : 'wasm2js';
    log(`large module: ${tool} ...`);
    try {
      const out = await runWasm2js(wasmPath, optimize);
      const raw = Buffer.from(out.raw);
      tools.push({
        tool,
        ok: true,
        wallMs: out.wallMs,
        ...(out.maxRssKb !== undefined ? { maxRssKb: out.maxRssKb } : {}),
        bytes: raw.length,
        gzipBytes: gzipSync(raw).length,
        ...(out.loweredBecause !== undefined
          ? { note: `failed on the module as is (${out.loweredBecause}); figures are for wasm-opt --llvm-nontrapping-fptoint-lowering, then ${tool}` }
          : {}),
      });
    } catch (e) {
      tools.push({ tool, ok: false, error: (e as Error).message, wallMs: NaN });
    }
  }
  return { module: label, path: wasmPath, bytes: input.length, gzipBytes: gzipSync(input).length, tools };
}
