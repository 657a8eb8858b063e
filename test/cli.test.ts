/**
 * The command line, as a user runs it: output files, options, and one-line errors
 * with exit code 1 (never a stack trace) for bad input.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist/compiler/cli.js');
const fixture = (name: string) => path.join(root, 'fixtures', `${name}.wat`);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(path.join(tmpdir(), 'wasm2ts-cli-'));

test('-o x.ts writes TypeScript that imports the runtime', (t) => {
  const out = path.join(tmp, 'add.ts');
  const r = run(fixture('i32_arithmetic'), '-o', out);
  t.is(r.code, 0, r.stderr);
  const code = readFileSync(out, 'utf8');
  t.regex(code, /from 'wasm2ts\/runtime'/);
  t.regex(code, /export function instantiate\(imports: Imports/);
});

test('-o x.js writes an ES module and x.d.ts beside it', (t) => {
  const out = path.join(tmp, 'calls.js');
  const r = run(fixture('calls_and_recursion'), '-o', out, '--no-format');
  t.is(r.code, 0, r.stderr);
  t.regex(readFileSync(out, 'utf8'), /export \{[^}]*instantiate/);
  const dts = readFileSync(path.join(tmp, 'calls.d.ts'), 'utf8');
  t.regex(dts, /export declare function instantiate\(imports: Imports/);
  t.regex(dts, /export interface Exports/);
});

test('-o x.mjs writes x.d.mts beside it, where TypeScript looks for its types; .cjs is refused', (t) => {
  const out = path.join(tmp, 'calls.mjs');
  const r = run(fixture('calls_and_recursion'), '-o', out, '--no-format');
  t.is(r.code, 0, r.stderr);
  t.regex(readFileSync(out, 'utf8'), /export \{[^}]*instantiate/);
  t.regex(readFileSync(path.join(tmp, 'calls.d.mts'), 'utf8'), /export declare function instantiate\(imports: Imports/);
  const cjs = run(fixture('calls_and_recursion'), '-o', path.join(tmp, 'calls.cjs'));
  t.is(cjs.code, 2);
  t.regex(cjs.stderr, /^error: -o .*calls\.cjs: the generated module is an ES module \(write \.ts, \.js or \.mjs\)\n/);
  t.false(existsSync(path.join(tmp, 'calls.cjs')));
  const dts = run(fixture('calls_and_recursion'), '-o', path.join(tmp, 'calls.d.ts'));
  t.is(dts.code, 2);
  t.regex(dts.stderr, /^error: -o .*calls\.d\.ts: that is a declaration file's name/);
  t.is(run(fixture('calls_and_recursion'), '-o', path.join(tmp, 'upper.MJS'), '--no-format').code, 0);
  t.true(existsSync(path.join(tmp, 'upper.d.mts')));
});

test('an output that cannot be written is one clean error line, not an internal error', (t) => {
  const blocker = path.join(tmp, 'a-file');
  writeFileSync(blocker, '');
  const r = run(fixture('i32_arithmetic'), '-o', path.join(blocker, 'out.ts'));
  t.is(r.code, 1);
  t.regex(r.stderr.trimEnd(), /^error: .*i32_arithmetic\.wat: cannot write output: (ENOTDIR|EEXIST) \(.*a-file.*\)$/);
});

test('--runtime-import changes the runtime specifier', (t) => {
  const out = path.join(tmp, 'rt.ts');
  t.is(run(fixture('i32_arithmetic'), '-o', out, '--runtime-import', './my-runtime.js').code, 0);
  t.regex(readFileSync(out, 'utf8'), /from '\.\/my-runtime\.js'/);
});

test('a binary module compiles too', (t) => {
  const wasm = path.join(tmp, 'empty.wasm');
  writeFileSync(wasm, Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  const out = path.join(tmp, 'empty.ts');
  t.is(run(wasm, '-o', out).code, 0);
  t.true(existsSync(out));
});

test('malformed binary: exit 1, one line naming the file, the problem and the byte offset', (t) => {
  const bad = path.join(tmp, 'bad.wasm');
  writeFileSync(bad, Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5]));
  const r = run(bad, '-o', path.join(tmp, 'bad.ts'));
  t.is(r.code, 1);
  t.is(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  t.is(lines.length, 1, r.stderr);
  t.regex(lines[0], /^error: .*bad\.wasm: .+ \(at byte offset \d+\)$/);
  t.false(existsSync(path.join(tmp, 'bad.ts')));
});

test('invalid module: exit 1 with the validation error and its offset', (t) => {
  const bad = path.join(tmp, 'invalid.wat');
  writeFileSync(bad, '(module (func (result i32) (i64.const 1)))');
  const r = run(bad, '-o', path.join(tmp, 'invalid.ts'));
  t.is(r.code, 1);
  // Offset 40 is the function's closing parenthesis in the text, where its result is missing.
  t.regex(r.stderr.trimEnd(), /^error: .*invalid\.wat: type mismatch.*\(at byte offset 40\)$/);
  t.notRegex(r.stderr, /\n\s+at /, 'no stack trace');
});

test('a missing input file is one clean error line', (t) => {
  const r = run(path.join(tmp, 'nope.wasm'), '-o', path.join(tmp, 'nope.ts'));
  t.is(r.code, 1);
  t.regex(r.stderr.trimEnd(), /^error: .*nope\.wasm: cannot read input: ENOENT$/);
});

test('--help, --version and usage errors', (t) => {
  const help = run('--help');
  t.is(help.code, 0);
  t.regex(help.stdout, /Usage: wasm2ts/);
  const version = run('--version');
  t.is(version.code, 0);
  t.is(version.stdout.trim(), JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version);
  const usage = run('--bogus');
  t.is(usage.code, 2);
  t.regex(usage.stderr, /unknown option --bogus/);
});

test('--print-layout prints the VMContext regions', (t) => {
  const r = run(fixture('imports'), '--print-layout');
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^VMContext: \d+ slots/);
  t.regex(r.stdout, /importedFunctions/);
});

test('a function too large for V8 to optimize is split into pieces; --no-split keeps it whole', (t) => {
  // 3,000 statements in one function: about 100,000 characters of generated code.
  const body = Array.from({ length: 3000 }, (_, k) => `(local.set 0 (i32.add (i32.mul (local.get 0) (i32.const ${k + 3})) (i32.const ${k})))`).join('\n');
  const input = path.join(tmp, 'large.wat');
  writeFileSync(input, `(module (func (export "f") (param i32) (result i32) ${body} (local.get 0)))`);
  const split = run(input, '--no-format');
  t.is(split.code, 0, split.stderr);
  t.regex(split.stdout, /function f_part\w*\(fp: number\): number \{/);
  const whole = run(input, '--no-format', '--no-split');
  t.is(whole.code, 0, whole.stderr);
  t.notRegex(whole.stdout, /_part/);
});
