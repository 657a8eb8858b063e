/**
 * A WASI reactor (fixtures/wasi/counter.c, built with -mexec-model=reactor):
 * `_initialize` runs its constructors (which read the environment), then the host calls
 * its exports. Compared call by call with the same .wasm under node:wasi.
 */
import test from 'ava';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WASI } from 'node:wasi';
import { NativeWebAssembly } from '../helpers/native-wasm.js';
import { Capture, loadWasiFixture, readWasm } from './helpers.js';
import { instantiateWasiReactor, WasiExit } from '../../wasi/index.js';

interface CounterExports {
  add(times: number): number;
  complain(): void;
  quit(status: number): void;
}

/** The calls every run makes: `exit` from inside one of them, then more calls. */
function script(counter: CounterExports, exitCodeOf: (error: unknown) => number): unknown[] {
  const results: unknown[] = [];
  results.push(counter.add(3));
  counter.complain();
  try {
    counter.quit(7);
    results.push('quit returned');
  } catch (error) {
    results.push({ exited: exitCodeOf(error) });
  }
  results.push(counter.add(1)); // the instance is still usable after the exit
  counter.complain();
  return results;
}

class NativeExit {
  constructor(readonly code: number) {}
}

/** The reference: node:wasi, writing stdout and stderr to temporary files. */
function runNative(): { results: unknown[]; stdout: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasm2ts-wasi-reactor-'));
  const stdoutFd = fs.openSync(path.join(dir, 'stdout'), 'w');
  const stderrFd = fs.openSync(path.join(dir, 'stderr'), 'w');
  try {
    const wasi = new WASI({ version: 'preview1', env: { COUNTER_STEP: '5' }, stdout: stdoutFd, stderr: stderrFd, returnOnExit: true });
    const imports = wasi.getImportObject() as { wasi_snapshot_preview1: Record<string, unknown> };
    // node:wasi's own exit throws a private symbol and keeps the code private; this
    // one throws the code, so the test can compare it.
    const instance = new NativeWebAssembly.Instance(new NativeWebAssembly.Module(readWasm('counter')), {
      wasi_snapshot_preview1: {
        ...imports.wasi_snapshot_preview1,
        proc_exit: (code: number) => {
          throw new NativeExit(code);
        },
      },
    });
    wasi.initialize(instance as never);
    const results = script(instance.exports as unknown as CounterExports, (error) => {
      if (error instanceof NativeExit) return error.code;
      throw error;
    });
    return { results, stdout: fs.readFileSync(path.join(dir, 'stdout'), 'latin1'), stderr: fs.readFileSync(path.join(dir, 'stderr'), 'latin1') };
  } finally {
    fs.closeSync(stdoutFd);
    fs.closeSync(stderrFd);
    fs.rmSync(dir, { recursive: true });
  }
}

test('a reactor: _initialize reads the environment, exports write stdout and stderr, exit unwinds one call', async (t) => {
  const module = await loadWasiFixture('counter');
  const stdout = new Capture();
  const stderr = new Capture();
  const counter = instantiateWasiReactor(module, { env: { COUNTER_STEP: '5' }, stdout: stdout.sink, stderr: stderr.sink }) as unknown as CounterExports;
  const results = script(counter, (error) => {
    if (error instanceof WasiExit) return error.code;
    throw error;
  });
  const compiled = { results, stdout: stdout.text(), stderr: stderr.text() };
  const native = runNative();
  t.deepEqual(compiled, native);
  t.deepEqual(native.results, [15, { exited: 7 }, 20]);
  t.is(native.stdout, 'total=15 after 3 steps of 5\ntotal=20 after 1 steps of 5\n');
  t.is(native.stderr, 'counter: total is 15\ncounter: total is 20\n');
});
