#!/usr/bin/env node
/** Stage 6: the command line. `wasm2ts <input.wasm|input.wat> -o <output.ts|output.js>`. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, basename } from 'node:path';
import { compile, printLayout, CompileError, DEFAULT_RUNTIME_IMPORT } from './index.js';

const USAGE = `Usage: wasm2ts <input.wasm|input.wat> [-o <output.ts|output.js>] [options]

Compiles a WebAssembly module to a typed TypeScript module (or, with -o x.js,
to a JavaScript ES module plus x.d.ts). Without -o, the TypeScript goes to stdout.

Options:
  -o, --output <file>          output file: .ts (TypeScript; so is any other name), or
                               .js / .mjs (JavaScript, with x.d.ts / x.d.mts beside it)
  --runtime-import <specifier> where generated code imports the runtime from
                               (default: ${DEFAULT_RUNTIME_IMPORT})
  --no-format                  skip prettier for .ts output and the .d.ts (much faster
                               for big modules; .js output is printed by esbuild either way)
  --no-split                   keep functions too large for V8's optimizing compiler whole
                               (by default they are split into pieces; see the README)
  --print-layout               print the module's VMContext layout and exit
  -h, --help                   show this help
  -v, --version                show the version`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

class UsageError extends Error {}

interface Args {
  input?: string;
  output?: string;
  runtimeImport?: string;
  format: boolean;
  split: boolean;
  printLayout: boolean;
}

function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const args: Args = { format: true, split: true, printLayout: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') return 'help';
    else if (a === '-v' || a === '--version') return 'version';
    else if (a === '-o' || a === '--output') args.output = value();
    else if (a === '--runtime-import') args.runtimeImport = value();
    else if (a === '--no-format') args.format = false;
    else if (a === '--no-split') args.split = false;
    else if (a === '--print-layout') args.printLayout = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (args.input === undefined) args.input = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (args.output !== undefined && /\.c[jt]s$/i.test(args.output)) {
    throw new UsageError(`-o ${args.output}: the generated module is an ES module (write .ts, .js or .mjs)`);
  }
  if (args.output !== undefined && /\.d\.[mc]?ts$/i.test(args.output)) {
    throw new UsageError(`-o ${args.output}: that is a declaration file's name; write the module to .ts, .js or .mjs (.js and .mjs get their declarations beside them)`);
  }
  return args;
}

async function main(argv: string[]): Promise<number> {
  let args: Args | 'help' | 'version';
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') return process.stdout.write(USAGE + '\n'), 0;
  if (args === 'version') return process.stdout.write(version() + '\n'), 0;
  if (!args.input) {
    process.stderr.write(`error: no input file\n${USAGE}\n`);
    return 2;
  }
  const inputPath = args.input;
  try {
    let input: Uint8Array | string;
    try {
      const bytes = readFileSync(inputPath);
      input = /\.wat$/i.test(inputPath) ? bytes.toString('utf8') : new Uint8Array(bytes);
    } catch (e) {
      throw new CompileError(`cannot read input: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (args.printLayout) {
      process.stdout.write(printLayout(input) + '\n');
      return 0;
    }
    const js = args.output !== undefined && /\.m?js$/i.test(args.output);
    const result = await compile(input, { target: js ? 'js' : 'ts', runtimeImport: args.runtimeImport, format: args.format, sourceName: basename(inputPath), ...(args.split ? {} : { outline: false as const }) });
    if (args.output === undefined) {
      process.stdout.write(result.code);
      return 0;
    }
    // TypeScript looks for x.mjs's types in x.d.mts, and for x.js's in x.d.ts.
    const dtsPath = args.output.replace(/\.(m?)js$/i, (_, m: string) => `.d.${m.toLowerCase()}ts`);
    try {
      mkdirSync(dirname(args.output), { recursive: true });
      writeFileSync(args.output, result.code);
      if (js && result.dts !== undefined) writeFileSync(dtsPath, result.dts);
    } catch (e) {
      throw new CompileError(`cannot write output: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (${(e as NodeJS.ErrnoException).path ?? args.output})`);
    }
    return 0;
  } catch (e) {
    if (e instanceof CompileError) {
      process.stderr.write(`error: ${inputPath}: ${e.message}\n`);
      return 1;
    }
    // A compiler bug: still one line, no stack trace, but say it is ours.
    process.stderr.write(`error: ${inputPath}: internal compiler error: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
