/**
 * Child-process entry. Reads tasks (one JSON WorkerArgs per line) from stdin and runs them
 * one after another; for each, streams one line per command to stdout (synchronous on pipes
 * under Linux, so progress is visible even if a command then hangs):
 *   \x01S<index>         command <index> starts
 *   \x01R<json>          an AssertionResult
 *   \x01D<rss>           task done (resident set size in bytes, so the parent can recycle us)
 * Exits when stdin closes.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { parseWast } from './wast.js';
import { ScriptRunner, loadCompiler, loadRuntime, type AssertionResult } from './runner.js';

export interface WorkerArgs {
  file: string;
  outDir: string;
  keep: boolean;
  skip: number[];
  reportFrom: number;
  /** Passed to compile() as its `outline` option (to force function splitting in tests). */
  outline?: { above: number; chunk: number };
}

function emit(line: string): void {
  const buf = Buffer.from(line + '\n');
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(1, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

async function runTask(args: WorkerArgs): Promise<void> {
  const script = parseWast(fs.readFileSync(args.file));
  const [compiler, runtime] = await Promise.all([loadCompiler(), loadRuntime()]);
  const runner = new ScriptRunner(compiler, runtime, {
    outDir: args.outDir,
    keep: args.keep,
    skip: new Set(args.skip),
    reportFrom: args.reportFrom,
    outline: args.outline,
    onStart: (i) => emit(`\x01S${i}`),
    onResult: (r: AssertionResult) => emit(`\x01R${JSON.stringify(r)}`),
  });
  await runner.run(script.commands);
  emit(`\x01D${process.memoryUsage().rss}`);
}

async function main(): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim()) await runTask(JSON.parse(line) as WorkerArgs);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`worker failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
