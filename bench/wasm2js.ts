/**
 * Binaryen's wasm2js, the peer we compare against. We run the `wasm2js` tool that the
 * binaryen npm package ships (bin/wasm2js, a Node script), in a child process, exactly as a
 * user would: `wasm2js in.wasm -o out.js`, and `wasm2js -O2 ...` for the optimised variant.
 * The tool (not binaryen.js's `emitAsmjs()`) is the reference because only the tool runs
 * wasm2js's final JS-level optimisation at -O2, and because a child process lets us read its
 * time and peak memory for the large module.
 *
 * Its output is an ES module that instantiates itself at import time
 * (`var retasmFunc = asmFunc({...}); export var run = retasmFunc.run; ...`); `wrapAsModule`
 * turns that into a module exporting `instantiate(imports)`, which returns the exports.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { runNode, type ChildResult } from './child.js';

const require = createRequire(import.meta.url);
const BINARYEN_DIR = path.dirname(require.resolve('binaryen/package.json'));
const WASM2JS_BIN = path.join(BINARYEN_DIR, 'bin', 'wasm2js');
const WASM_OPT_BIN = path.join(BINARYEN_DIR, 'bin', 'wasm-opt');
export const BINARYEN_VERSION = (JSON.parse(fs.readFileSync(path.join(BINARYEN_DIR, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The post-MVP features current toolchains enable by default (the kernels' feat/ build, and
 * Emscripten output such as sql.js). wasm2js rejects a module using a feature not enabled.
 */
export const WASM2JS_FEATURES = [
  '--enable-bulk-memory',
  '--enable-bulk-memory-opt',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-mutable-globals',
] as const;

/**
 * wasm2js cannot lower `i64.trunc_sat_f64_s` and friends (its i64 lowering fails validation).
 * When the tool fails on a module, we retry on a copy lowered by this wasm-opt pass, which
 * rewrites the saturating conversions into MVP code, and say so in the report.
 */
const FALLBACK_LOWERING = '--llvm-nontrapping-fptoint-lowering';

export interface Wasm2jsOutput {
  /** wasm2js's own output, unchanged. */
  readonly raw: string;
  /** Wall time of the tool's child process(es), Node start-up included. */
  readonly wallMs: number;
  readonly maxRssKb: number | undefined;
  /** Set when the module had to be lowered first: why the direct run failed. */
  readonly loweredBecause?: string;
}

/** Runs wasm2js on `wasmPath`; throws an Error whose message is wasm2js's first error line. */
export async function runWasm2js(wasmPath: string, optimize: boolean): Promise<Wasm2jsOutput> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wasm2ts-bench-w2j-'));
  try {
    const outFile = path.join(tmp, 'out.js');
    const direct = await wasm2jsTool(wasmPath, outFile, optimize);
    if (direct.ok) return { raw: fs.readFileSync(outFile, 'utf8'), wallMs: direct.run.wallMs, maxRssKb: direct.run.maxRssKb };

    const why = firstError(direct.run);
    const lowered = path.join(tmp, 'lowered.wasm');
    const lower = await runNode(WASM_OPT_BIN, [...WASM2JS_FEATURES, FALLBACK_LOWERING, wasmPath, '-o', lowered]);
    if (lower.code !== 0) throw new Error(`wasm2js: ${why} (and wasm-opt ${FALLBACK_LOWERING} failed: ${firstError(lower)})`);
    const retry = await wasm2jsTool(lowered, outFile, optimize);
    if (!retry.ok) throw new Error(`wasm2js: ${why} (also after wasm-opt ${FALLBACK_LOWERING}: ${firstError(retry.run)})`);
    return {
      raw: fs.readFileSync(outFile, 'utf8'),
      wallMs: direct.run.wallMs + lower.wallMs + retry.run.wallMs,
      maxRssKb: maxOf(direct.run.maxRssKb, lower.maxRssKb, retry.run.maxRssKb),
      loweredBecause: why,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function wasm2jsTool(wasmPath: string, outFile: string, optimize: boolean): Promise<{ ok: boolean; run: ChildResult }> {
  fs.rmSync(outFile, { force: true });
  const run = await runNode(WASM2JS_BIN, [...WASM2JS_FEATURES, ...(optimize ? ['-O2'] : []), wasmPath, '-o', outFile]);
  // The tool can exit 0 and still write nothing when validation fails, so check the file.
  const ok = run.code === 0 && fs.existsSync(outFile) && fs.statSync(outFile).size > 0;
  return { ok, run };
}

function firstError(run: ChildResult): string {
  const lines = run.stderr.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  // Binaryen's own messages first; on an abort the Emscripten runtime also prints a line of
  // its (minified) source, which is useless, so plain error lines come before the last line.
  const line =
    lines.find((l) => l.startsWith('[wasm-validator error')) ??
    lines.find((l) => l.startsWith('Fatal:')) ??
    lines.find((l) => /^[A-Za-z]*Error\b/.test(l)) ??
    lines.at(-1) ??
    `exit code ${run.code ?? run.signal}`;
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}

function maxOf(...values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
}

/**
 * wasm2js's module instantiates itself on import; this keeps its code (the scratch helpers
 * and `function asmFunc(imports)`) and replaces the self-instantiation and the re-exports by
 * `export function instantiate(imports)`. `imports` has the WebAssembly shape
 * (`{ module: { field: value } }`), which is what asmFunc reads (`imports.env`), so the
 * `import * as env from 'env'` lines wasm2js writes for imported modules are dropped.
 */
export function wrapAsModule(raw: string, header: string): string {
  const tail = raw.search(/^var retasmFunc = asmFunc\(/m);
  if (tail < 0 || !/^function asmFunc\(imports\)/m.test(raw)) {
    throw new Error('wasm2js output has an unexpected shape (no "function asmFunc(imports)" / "var retasmFunc = asmFunc(")');
  }
  const body = raw.slice(0, tail).replace(/^import \* as [\w$]+ from '[^']*';$/gm, '');
  return `${header}\n${body}\nexport function instantiate(imports) {\n  return asmFunc(imports);\n}\n`;
}

export interface PreparedWasm2js {
  readonly file: string;
  readonly cached: boolean;
  readonly loweredBecause?: string;
}

/**
 * Produces the wrapped wasm2js module of a kernel at `outFile`. The output is cached: its
 * first line records a hash of the input, the binaryen version and the flags, and a file with
 * a matching first line is reused (generation costs seconds per kernel and never changes).
 */
export async function prepareWasm2js(wasmPath: string, outFile: string, optimize: boolean, useCache: boolean): Promise<PreparedWasm2js> {
  const bytes = fs.readFileSync(wasmPath);
  const key = crypto
    .createHash('sha256')
    .update(bytes)
    .update(`\0binaryen ${BINARYEN_VERSION}\0${WASM2JS_FEATURES.join(' ')}\0${optimize ? '-O2' : '-O0'}\0wrap v1`)
    .digest('hex')
    .slice(0, 32);
  const header = `// wasm2js-bench-cache ${key}: binaryen ${BINARYEN_VERSION} wasm2js${optimize ? ' -O2' : ''} of ${path.basename(wasmPath)}`;
  if (useCache && fs.existsSync(outFile)) {
    const firstLine = fs.readFileSync(outFile, 'utf8').split('\n', 1)[0];
    if (firstLine === header) return { file: outFile, cached: true };
  }
  const out = await runWasm2js(wasmPath, optimize);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, wrapAsModule(out.raw, header));
  return { file: outFile, cached: false, ...(out.loweredBecause !== undefined ? { loweredBecause: out.loweredBecause } : {}) };
}
