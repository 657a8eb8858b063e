#!/usr/bin/env node
/**
 * wasm2ts fuzzing (issue #6).
 *
 *   npm run fuzz -- --count N --seed S [--start K] [--jobs J]   differential batch (Binaryen translate-to-fuzz)
 *   npm run fuzz -- --shapes --count N --seed S                  differential batch of stack shapes (fuzz/stack-shapes.ts)
 *   npm run fuzz -- --mutate --count N --seed S [--start K]      mutation batch (rejection parity, no crash/hang)
 *     [--generated-seeds G]                                      ... also mutating G translate-to-fuzz modules
 *   node dist/fuzz/cli.js --repro out/fuzz/x.wasm                 re-run the differential check on one module
 *   node dist/fuzz/cli.js --repro-mutant out/fuzz/x.wasm          re-run a mutation case
 *   node dist/fuzz/cli.js --reduce out/fuzz/x.wasm                shrink a mismatching module (writes x.reduced.wasm/.wat)
 *   node dist/fuzz/cli.js --triage out/fuzz/*.wasm                attribute saved mismatches to known root causes
 *   ... --outline ABOVE,CHUNK                                     compile with these function-splitting sizes (0,40: nearly every statement)
 *
 * Exit code: 0 when nothing mismatched, 1 otherwise, 2 for bad usage.
 * See fuzz/README.md for the comparison rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runJob } from './jobs.js';
import { OUTLINE_ENV } from './harness.js';
import { parseOutlineLimits } from '../compiler/emit/outline.js';
import { formatSummary, runDiffBatch, runMutateBatch, type BatchSummary } from './batch.js';
import { reduce } from './reduce.js';
import { runTool } from './generate.js';

interface Args {
  count: number;
  seed: number;
  start: number;
  jobs: number;
  mutate: boolean;
  /** Differential cases from fuzz/stack-shapes.ts instead of translate-to-fuzz. */
  shapes: boolean;
  repro?: string;
  reproMutant?: string;
  reduce?: string;
  triage?: string[];
  json?: string;
  maxChecks?: number;
  generatedSeeds?: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { count: 100, seed: 1, start: 0, jobs: 2, mutate: false, shapes: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 0) usage(`${a} needs a non-negative integer`);
      return v;
    };
    switch (a) {
      case '--count':
        args.count = int();
        break;
      case '--seed':
        args.seed = int();
        break;
      case '--start':
        args.start = int();
        break;
      case '--jobs':
        args.jobs = Math.max(1, int());
        break;
      case '--mutate':
        args.mutate = true;
        break;
      case '--shapes':
        args.shapes = true;
        break;
      case '--repro':
        args.repro = value();
        break;
      case '--repro-mutant':
        args.reproMutant = value();
        break;
      case '--reduce':
        args.reduce = value();
        break;
      case '--triage':
        args.triage = argv.slice(i + 1);
        i = argv.length;
        break;
      case '--json':
        args.json = value();
        break;
      case '--generated-seeds':
        args.generatedSeeds = int();
        break;
      case '--max-checks':
        args.maxChecks = int();
        break;
      case '--outline': {
        // Read by the harness in every worker process (see OUTLINE_ENV in harness.ts).
        const v = value();
        if (!parseOutlineLimits(v)) usage('--outline needs ABOVE,CHUNK (integers, CHUNK >= 1)');
        process.env[OUTLINE_ENV] = v;
        break;
      }
      case '--help':
      case '-h':
        console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(2, 15).map((l) => l.replace(/^ \*( |$)/, '')).join('\n'));
        process.exit(0);
      default:
        usage(`unknown option ${a}`);
    }
  }
  if (args.shapes && args.mutate) usage('--shapes is for differential runs, not --mutate');
  return args;
}

function usage(message: string): never {
  console.error(`error: ${message} (see --help)`);
  process.exit(2);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.repro || args.reproMutant) {
    const file = (args.repro ?? args.reproMutant)!;
    const bytes = new Uint8Array(fs.readFileSync(file));
    const result = await runJob(args.repro ? { kind: 'check', bytes, attribute: true } : { kind: 'mutate', bytes }, () => {});
    console.log(`${file}: ${result.status}${result.category ? ` (${result.category})` : ''}`);
    for (const line of result.mismatches) console.log(`  ${line}`);
    for (const line of result.notes.slice(0, 10)) console.log(`  note: ${line}`);
    if (result.detail) console.log(`  ${result.detail}`);
    const bad = args.repro ? result.status === 'mismatch' : ['accepts-invalid', 'rejects-valid', 'crash', 'behaviour'].includes(result.status);
    return bad ? 1 : 0;
  }
  if (args.triage) {
    const { triage, KNOWN_CAUSES, SUSPECTED_CAUSES } = await import('./triage.js');
    const byCause = new Map<string, string[]>();
    for (const file of args.triage.filter((f) => f.endsWith('.wasm'))) {
      const a = await triage(file);
      console.log(`${file}: ${a.status} ${a.cause}${a.first ? `  # ${a.first.slice(0, 150)}` : ''}`);
      if (a.status === 'mismatch') byCause.set(a.cause, [...(byCause.get(a.cause) ?? []), file]);
    }
    console.log('by cause:');
    for (const [cause, files] of byCause) {
      console.log(`  ${cause}: ${files.length}`);
      const known = [...KNOWN_CAUSES, ...SUSPECTED_CAUSES].find((c) => cause.endsWith(c.name));
      if (known) console.log(`    ${known.description}`);
    }
    return byCause.size > 0 ? 1 : 0;
  }
  if (args.reduce) {
    const file = args.reduce;
    const { bytes, category, checks } = await reduce(new Uint8Array(fs.readFileSync(file)), {
      maxChecks: args.maxChecks,
      log: (line) => console.log(line),
    });
    const base = file.replace(/\.wasm$/, '');
    fs.writeFileSync(`${base}.reduced.wasm`, bytes);
    const wat = runTool('wasm-dis', [`${base}.reduced.wasm`]);
    fs.writeFileSync(`${base}.reduced.wat`, wat);
    console.log(`reduced to ${bytes.length} bytes after ${checks} checks (category ${category}): ${base}.reduced.wasm, ${base}.reduced.wat`);
    console.log(`reproduce: node dist/fuzz/cli.js --repro ${path.relative(process.cwd(), `${base}.reduced.wasm`)}`);
    return 0;
  }
  const kind = args.mutate ? 'mutation' : args.shapes ? 'differential (stack shapes)' : 'differential';
  let lastPrint = Date.now();
  const onProgress = (done: number, s: BatchSummary) => {
    if (Date.now() - lastPrint > 30_000 || done === args.count) {
      lastPrint = Date.now();
      const counts = Object.entries(s.counts).map(([k, v]) => `${k} ${v}`).join(', ');
      console.log(`[${kind}] ${done}/${args.count} in ${s.seconds.toFixed(0)} s: ${counts}`);
    }
  };
  const options = { seed: args.seed, count: args.count, start: args.start, jobs: args.jobs, generatedSeeds: args.generatedSeeds, generator: args.shapes ? ('shapes' as const) : ('ttf' as const), onProgress };
  const summary = args.mutate ? await runMutateBatch(options) : await runDiffBatch(options);
  console.log(formatSummary(`${kind} seed ${args.seed} cases ${args.start}..${args.start + args.count - 1}`, summary));
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(summary, null, 2));
  return summary.findings.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
