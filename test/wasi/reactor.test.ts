/**
 * A WASI reactor (fixtures/wasi/counter.c, built with -mexec-model=reactor):
 * `_initialize` runs its constructors (which read the environment), then the host calls
 * its exports. Compared call by call with the same .wasm under node:wasi.
 */
import test from 'ava';
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

function runNative(): { results: unknown[]; stdout: string; stderr: string } {
  const stdout = new Capture();
  const stderr = new Capture();
  const wasi = new WASI({ version: 'preview1', env: { COUNTER_STEP: '5' }, returnOnExit: true });
  const imports = wasi.getImportObject() as { wasi_snapshot_preview1: Record<string, unknown> };
  // node:wasi's own exit throws a private symbol; this one lets the test read the code.
  // Writes go through node:wasi's fd_write to descriptors the test cannot capture, so
  // the reference wraps fd_write to capture: it reads the same iovecs from native memory.
  let memory: { buffer: ArrayBuffer } | undefined;
  const fd_write = (fd: number, iovs: number, count: number, nwritten: number): number => {
    const view = new DataView(memory!.buffer);
    let total = 0;
    for (let i = 0; i < count; i++) {
      const pointer = view.getUint32(iovs + i * 8, true);
      const length = view.getUint32(iovs + i * 8 + 4, true);
      (fd === 1 ? stdout : stderr).sink(new Uint8Array(memory!.buffer, pointer, length));
      total += length;
    }
    view.setUint32(nwritten, total, true);
    return 0;
  };
  const instance = new NativeWebAssembly.Instance(new NativeWebAssembly.Module(readWasm('counter')), {
    wasi_snapshot_preview1: {
      ...imports.wasi_snapshot_preview1,
      fd_write,
      proc_exit: (code: number) => {
        throw new NativeExit(code);
      },
    },
  });
  memory = instance.exports['memory'] as { buffer: ArrayBuffer };
  wasi.initialize(instance as never);
  const results = script(instance.exports as unknown as CounterExports, (error) => {
    if (error instanceof NativeExit) return error.code;
    throw error;
  });
  return { results, stdout: stdout.text(), stderr: stderr.text() };
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
