/**
 * Spec conformance runner CLI.
 *
 *   npm run spec                          all testsuite files (in scope and out of scope)
 *   npm run spec -- i32 memory_grow.wast  only these files (names, relative or absolute paths)
 *   npm run spec -- --in-scope            only the files the conformance gate covers
 *   npm run spec -- --verbose             every failure with expected vs actual
 *   npm run spec -- --write-expectations  record the in-scope failures in test/spec/expectations.json
 *
 * Other options: --jobs N, --keep (keep generated modules in out/spec/), --json FILE (all results),
 * --hang-timeout SECONDS, --native (check the harness: run on native WebAssembly instead of wasm2ts),
 * --outline ABOVE,CHUNK (compile with these function-splitting sizes; 0,40 splits nearly every statement).
 * $WASM_TESTSUITE overrides the testsuite location.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compare, failuresOf, loadExpectations, saveExpectations } from './expectations.js';
import { ALL_GROUPS, IN_SCOPE_GROUPS, isInScope, type Group } from './groups.js';
import { EXPECTATIONS_FILE, listWastFiles, testsuiteAvailable, testsuiteCommit, testsuiteDir } from './paths.js';
import { defaultJobs, runFiles, type FileResult } from './pool.js';
import type { AssertionResult } from './runner.js';
import { parseOutlineLimits } from '../../compiler/emit/outline.js';

interface Options {
  files: string[];
  verbose: boolean;
  writeExpectations: boolean;
  inScope: boolean;
  jobs: number;
  keep: boolean;
  json?: string;
  hangMs: number;
  native: boolean;
  outline?: { above: number; chunk: number };
}

function usage(msg?: string): never {
  if (msg) process.stderr.write(`${msg}\n`);
  process.stderr.write(
    'usage: npm run spec -- [FILE...] [--verbose] [--in-scope] [--write-expectations] [--jobs N] [--keep] [--json FILE] [--hang-timeout S] [--native] [--outline ABOVE,CHUNK]\n',
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const o: Options = { files: [], verbose: false, writeExpectations: false, inScope: false, jobs: defaultJobs(), keep: false, hangMs: 60_000, native: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--write-expectations') o.writeExpectations = true;
    else if (a === '--in-scope') o.inScope = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--native') o.native = true;
    else if (a === '--jobs' || a === '-j') o.jobs = Math.max(1, Number(val()) || 1);
    else if (a === '--json') o.json = val();
    else if (a === '--hang-timeout') o.hangMs = Number(val()) * 1000;
    else if (a === '--outline') o.outline = parseOutlineLimits(val()) ?? usage('--outline needs ABOVE,CHUNK (integers, CHUNK >= 1)');
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else o.files.push(a);
  }
  return o;
}

/** Resolves a FILE argument to a path relative to the testsuite root. */
function resolveFile(arg: string, root: string, all: readonly string[]): string {
  const abs = path.resolve(arg);
  if (fs.existsSync(abs) && fs.statSync(abs).isFile()) {
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel;
    usage(`${arg} is not inside the testsuite (${root})`);
  }
  const norm = arg.split(path.sep).join('/');
  const withExt = norm.endsWith('.wast') ? norm : `${norm}.wast`;
  if (all.includes(withExt)) return withExt;
  const byBase = all.filter((f) => f.endsWith(`/${withExt}`));
  if (byBase.length === 1) return byBase[0]!;
  if (byBase.length > 1) usage(`${arg} is ambiguous: ${byBase.join(', ')}`);
  usage(`no testsuite file ${arg}`);
}

function count(results: readonly AssertionResult[]) {
  let pass = 0;
  let fail = 0;
  let skip = 0;
  for (const r of results) {
    if (r.status === 'pass') pass++;
    else if (r.status === 'fail') fail++;
    else skip++;
  }
  return { pass, fail, skip };
}

/** A failure reason with the specifics blurred, for grouping by cause. */
export function causeOf(reason: string): string {
  return reason
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b0x[0-9a-f]+\b/gi, 'N')
    .replace(/\b\d+\b/g, 'N')
    .replace(/\s+/g, ' ')
    .slice(0, 140);
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const root = testsuiteDir();
  if (!testsuiteAvailable(root)) {
    process.stdout.write(`spec testsuite not found at ${root} (set WASM_TESTSUITE); nothing to run\n0 passed, 0 failed\n`);
    return;
  }
  if (o.native) {
    if (o.writeExpectations) usage('--write-expectations cannot be combined with --native');
    process.env['WASM2TS_SPEC_NATIVE'] = '1'; // inherited by the workers
    process.stdout.write('reference run: native WebAssembly via native.ts, not wasm2ts\n');
  }
  const all = listWastFiles(root);
  let files = o.files.length ? [...new Set(o.files.map((f) => resolveFile(f, root, all)))] : all;
  if (o.inScope) files = files.filter(isInScope);
  const started = Date.now();
  process.stdout.write(`running ${files.length} file(s) from ${root} with ${o.jobs} job(s)\n`);

  const onFile = (r: FileResult) => {
    const c = count(r.results);
    const mark = c.fail ? 'FAIL' : 'ok  ';
    process.stdout.write(
      `${mark} ${r.rel.padEnd(40)} ${r.group.padEnd(17)} ${String(c.pass).padStart(5)} passed ${String(c.fail).padStart(5)} failed ${String(c.skip).padStart(5)} skipped  ${secs(r.ms)}\n`,
    );
    if (o.verbose) {
      for (const x of r.results) {
        if (x.status !== 'fail') continue;
        process.stdout.write(`    ${r.rel}:${x.line} ${x.kind}: ${x.reason ?? ''}\n`);
        if (x.detail) process.stdout.write(`        ${x.detail}\n`);
      }
    }
  };
  const results = await runFiles(root, files, o.jobs, { keep: o.keep, hangMs: o.hangMs, outline: o.outline }, onFile);
  const elapsed = Date.now() - started;

  // Per-group totals.
  const groups = new Map<Group, { files: number; pass: number; fail: number; skip: number }>();
  for (const r of results) {
    const g = groups.get(r.group) ?? { files: 0, pass: 0, fail: 0, skip: 0 };
    const c = count(r.results);
    g.files++;
    g.pass += c.pass;
    g.fail += c.fail;
    g.skip += c.skip;
    groups.set(r.group, g);
  }
  process.stdout.write('\nper group:\n');
  for (const name of ALL_GROUPS) {
    const g = groups.get(name);
    if (!g) continue;
    const scope = (IN_SCOPE_GROUPS as readonly string[]).includes(name) ? 'in scope' : 'out of scope';
    process.stdout.write(
      `  ${name.padEnd(18)} ${String(g.files).padStart(3)} files ${String(g.pass).padStart(6)} passed ${String(g.fail).padStart(6)} failed ${String(g.skip).padStart(6)} skipped  (${scope})\n`,
    );
  }

  // Top causes.
  const causes = new Map<string, number>();
  for (const r of results) {
    for (const x of r.results) {
      if (x.status !== 'fail') continue;
      const k = `${x.kind}: ${causeOf(x.reason ?? '')}`;
      causes.set(k, (causes.get(k) ?? 0) + 1);
    }
  }
  if (causes.size) {
    process.stdout.write('\ntop failure causes:\n');
    for (const [k, n] of [...causes].sort((a, b) => b[1] - a[1]).slice(0, o.verbose ? 60 : 20)) {
      process.stdout.write(`  ${String(n).padStart(6)}  ${k}\n`);
    }
  }

  // Expectations (in-scope files only).
  const inScope = results.filter((r) => isInScope(r.rel));
  let exitCode = 0;
  if (o.writeExpectations) {
    const exp = loadExpectations();
    exp.testsuite = testsuiteCommit(root) ?? exp.testsuite;
    for (const r of inScope) exp.files[r.rel] = failuresOf(r.results);
    saveExpectations(exp);
    const n = Object.values(exp.files).reduce((s, l) => s + l.length, 0);
    process.stdout.write(`\nwrote ${path.relative(process.cwd(), EXPECTATIONS_FILE)}: ${n} known failure(s)\n`);
  } else if (inScope.length && !o.native) {
    const exp = loadExpectations();
    let newFailures = 0;
    let fixed = 0;
    const lines: string[] = [];
    for (const r of inScope) {
      const cmp = compare(r.results, exp.files[r.rel] ?? []);
      newFailures += cmp.newFailures.length;
      fixed += cmp.fixed.length;
      for (const f of cmp.newFailures) lines.push(`  new failure   ${r.rel}:${f.line} ${f.kind}: ${f.reason ?? ''}`);
      for (const f of cmp.fixed) lines.push(`  now ${f.now.padEnd(9)} ${r.rel}:${f.line} ${f.kind} (listed: ${f.reason})`);
    }
    process.stdout.write(`\nexpectations (in-scope): ${newFailures} new failure(s), ${fixed} listed failure(s) no longer failing\n`);
    const shown = o.verbose ? lines : lines.slice(0, 30);
    for (const l of shown) process.stdout.write(l + '\n');
    if (shown.length < lines.length) process.stdout.write(`  ... ${lines.length - shown.length} more (--verbose)\n`);
    if (newFailures || fixed) exitCode = 1;
  }

  if (o.json) {
    fs.writeFileSync(o.json, JSON.stringify({ root, elapsedMs: elapsed, files: results }, null, 1));
  }
  const t = count(results.flatMap((r) => r.results));
  process.stdout.write(`\ntime ${secs(elapsed)}\n`);
  process.stdout.write(`${t.pass} passed, ${t.fail} failed${t.skip ? `, ${t.skip} skipped` : ''}\n`);
  process.exitCode = exitCode;
}

main().catch((e: unknown) => {
  process.stderr.write(`spec runner failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});

