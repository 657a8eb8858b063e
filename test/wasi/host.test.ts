/**
 * `WasiHost` itself: errno answers equal node:wasi's and stay silent, misuse is refused
 * with a clear message, and it runs where no `WebAssembly` exists at all.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { WASI } from 'node:wasi';
import { repoRoot, writeAtomically } from '../helpers/generated.js';
import { NativeWebAssembly } from '../helpers/native-wasm.js';
import { loadWasiFixture, makeDataDir, readWasm, runNative } from './helpers.js';
import { PREVIEW1_FUNCTIONS, WasiHost } from '../../wasi/index.js';

/** Calls that fail with an errno (bad descriptors), made after the program ran. */
const probes: [string, number[]][] = [
  ['fd_close', [99]],
  ['fd_fdstat_get', [99, 1024]],
  ['fd_prestat_get', [3, 1024]], // no preopens here
  ['fd_seek', [42, 0, 0, 1024]],
];

test('errno answers equal node:wasi and write nothing to the console', async (t) => {
  const devNull = fs.openSync('/dev/null', 'w');
  t.teardown(() => fs.closeSync(devNull));
  const wasi = new WASI({ version: 'preview1', args: ['wordstat'], returnOnExit: true, stdout: devNull, stderr: devNull });
  const native = new NativeWebAssembly.Instance(new NativeWebAssembly.Module(readWasm('wordstat')), wasi.getImportObject() as never);
  const module = await loadWasiFixture('wordstat');
  const host = new WasiHost({ args: ['wordstat'], stdout: () => {}, stderr: () => {} });
  const instance = module.instantiate({ wasi_snapshot_preview1: host.imports });
  // Both runs are usage errors (exit 1); then both hosts are bound to their memories.
  const nativeExit = wasi.start(native as never);
  t.is(host.start(instance), nativeExit);
  const warnings: unknown[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args);
  try {
    for (const [name, args] of probes) {
      const nativeArgs = name === 'fd_seek' ? [args[0], BigInt(args[1]!), args[2], args[3]] : args;
      const expected = (wasi.wasiImport[name] as (...a: unknown[]) => number)(...nativeArgs);
      const ours = (host.imports as unknown as Record<string, (...a: unknown[]) => number>)[name]!;
      t.is(ours(...nativeArgs), expected, name);
      t.not(expected, 0, `${name} fails natively`);
    }
  } finally {
    console.warn = warn;
  }
  t.deepEqual(warnings, []);
});

test('the host provides exactly the functions node:wasi does', (t) => {
  const nodeNames = Object.keys(new WASI({ version: 'preview1' }).wasiImport).sort();
  t.deepEqual(Object.keys(PREVIEW1_FUNCTIONS).sort(), nodeNames);
  t.deepEqual(Object.keys(new WasiHost().imports).sort(), nodeNames);
});

test('misuse is refused clearly', async (t) => {
  const module = await loadWasiFixture('wordstat');
  const host = new WasiHost({ stdout: () => {}, stderr: () => {} });
  const instance = module.instantiate({ wasi_snapshot_preview1: host.imports });
  t.throws(() => host.initialize(instance), { message: /a module that exports "_start" cannot be run with initialize/ });
  t.throws(() => host.start({ exports: { _start() {} } }), { message: /must export its memory as "memory"/ });
  host.start(instance);
  t.throws(() => host.start(instance), { message: /already started/ });
  const early = new WasiHost();
  t.throws(() => early.imports.fd_write(1, 0, 0, 0), { message: /called before start or initialize/ });
});

test('runs under node --jitless, where WebAssembly does not exist', async (t) => {
  await loadWasiFixture('wordstat'); // writes out/test/wasi-wordstat.js
  const setup = { args: ['wordstat', 'count', '/data/in.txt', '/data/out.txt'], env: { WORDSTAT_GREETING: 'no wasm here' }, files: { 'in.txt': 'a b c\nd e\n' } };
  const native = runNative('wordstat', setup);
  const dir = makeDataDir(setup.files);
  // The child prints the outcome, then what the program wrote, as JSON.
  const script = path.join(repoRoot, 'out', 'test', 'wasi-jitless-run.mjs');
  writeAtomically(
    script,
    `import { runWasiCommand } from '../../dist/wasi/index.js';
import * as wordstat from './wasi-wordstat.js';
const out = [], err = [];
const exitCode = runWasiCommand(wordstat, { ...JSON.parse(process.argv[2]), stdout: (b) => out.push(Buffer.from(b)), stderr: (b) => err.push(Buffer.from(b)) });
console.log(JSON.stringify({ typeofWebAssembly: typeof WebAssembly, exitCode, stdout: Buffer.concat(out).toString('latin1'), stderr: Buffer.concat(err).toString('latin1') }));
`,
  );
  try {
    const options = { args: setup.args, env: setup.env, preopens: { '/data': dir } };
    const child = spawnSync(process.execPath, ['--jitless', script, JSON.stringify(options)], { encoding: 'utf8' });
    t.is(child.status, 0, child.stderr);
    const result = JSON.parse(child.stdout) as Record<string, unknown>;
    t.is(result['typeofWebAssembly'], 'undefined');
    t.deepEqual(result, { typeofWebAssembly: 'undefined', exitCode: (native.outcome as { exitCode: number }).exitCode, stdout: native.stdout, stderr: native.stderr });
    t.is(fs.readFileSync(path.join(dir, 'out.txt'), 'latin1'), native.files['out.txt']);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});
