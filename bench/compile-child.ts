/**
 * Child process of the large-module figures: `node compile-child.js <in.wasm> <out.js>`
 * compiles one module with wasm2ts (`target: 'js', format: false`, as the kernels), writes
 * it, then imports the output to check that it parses and links its runtime import. Prints
 * one JSON line: the compile time, the peak RSS up to the end of the compile (the import
 * afterwards is not counted), the output size, or the error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '../compiler/index.js';

export interface CompileChildReport {
  readonly ok: boolean;
  readonly error?: string;
  readonly compileMs?: number;
  /** KiB, `process.resourceUsage().maxRSS` right after the compile. */
  readonly maxRssKb?: number;
  readonly bytes?: number;
  /** Whether `import()` of the output succeeded (it parses; instantiating needs the real imports). */
  readonly loads?: boolean;
  readonly loadError?: string;
}

async function main(): Promise<CompileChildReport> {
  const [input, output] = process.argv.slice(2);
  if (input === undefined || output === undefined) return { ok: false, error: 'usage: compile-child <in.wasm> <out.js>' };
  const bytes = fs.readFileSync(input);
  const t0 = performance.now();
  let code: string;
  try {
    code = (await compile(bytes, { target: 'js', format: false, sourceName: path.basename(input) })).code;
  } catch (e) {
    return { ok: false, error: errorText(e), compileMs: performance.now() - t0, maxRssKb: process.resourceUsage().maxRSS };
  }
  const compileMs = performance.now() - t0;
  const maxRssKb = process.resourceUsage().maxRSS;
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, code);
  const report = { ok: true, compileMs, maxRssKb, bytes: Buffer.byteLength(code) };
  try {
    await import(pathToFileURL(output).href);
    return { ...report, loads: true };
  } catch (e) {
    return { ...report, loads: false, loadError: errorText(e) };
  }
}

function errorText(e: unknown): string {
  const name = e instanceof Error ? e.name : 'thrown';
  const message = e instanceof Error ? e.message : String(e);
  return `${name}: ${message.split('\n')[0]}`;
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
