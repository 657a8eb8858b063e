/**
 * Runs one WASI program two ways and records everything it did, for comparison:
 * - natively: Node's own WebAssembly and `node:wasi`, the reference;
 * - through wasm2ts: the committed .wasm compiled at test time, run by `wasm2ts/wasi`.
 * Each run gets its own copy of the input directory as its preopen, so the files it
 * leaves can be compared too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WASI } from 'node:wasi';
import { compileAndLoad, fixturesDir } from '../helpers/generated.js';
import { NativeWebAssembly, type NativeInstance } from '../helpers/native-wasm.js';
import { WasiExit, WasiHost, type WasiModule } from '../../wasi/index.js';

export const wasiFixturesDir = path.join(fixturesDir, 'wasi');

export function readWasm(name: string): Uint8Array {
  return fs.readFileSync(path.join(wasiFixturesDir, `${name}.wasm`));
}

/** The wasm2ts-compiled fixture, imported (compiled once per process). */
export function loadWasiFixture(name: string): Promise<WasiModule & { instantiate(imports: object): { exports: Record<string, any> } }> {
  return compileAndLoad(`wasi-${name}`, readWasm(name)) as never;
}

export interface RunSetup {
  args: string[];
  env: Record<string, string>;
  /** Files to create in the preopened directory (mounted at /data): relative path to contents. */
  files: Record<string, string | Uint8Array>;
  /** What the program reads on descriptor 0 (default: nothing). */
  stdin?: string;
}

export interface RunResult {
  /** The exit code, or the trap's message if it trapped. */
  outcome: { exitCode: number } | { trap: string };
  stdout: string;
  stderr: string;
  /** Every file in the preopened directory afterwards: relative path to contents. */
  files: Record<string, string>;
}

export function makeDataDir(files: RunSetup['files']): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasm2ts-wasi-'));
  for (const [name, contents] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), contents);
  }
  return dir;
}

export function readDataDir(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    files[path.relative(dir, full)] = fs.readFileSync(full, 'latin1');
  }
  return files;
}

function trapMessage(error: unknown): string {
  if (error instanceof Error && error.name === 'RuntimeError') return error.message;
  throw error;
}

/** The native reference: node:wasi with stdout and stderr sent to temporary files. */
export function runNative(name: string, setup: RunSetup): RunResult {
  const dir = makeDataDir(setup.files);
  const stdoutFile = path.join(dir, '..', `${path.basename(dir)}.stdout`);
  const stderrFile = path.join(dir, '..', `${path.basename(dir)}.stderr`);
  const stdinFile = path.join(dir, '..', `${path.basename(dir)}.stdin`);
  fs.writeFileSync(stdinFile, setup.stdin ?? '');
  const stdinFd = fs.openSync(stdinFile, 'r');
  const stdoutFd = fs.openSync(stdoutFile, 'w');
  const stderrFd = fs.openSync(stderrFile, 'w');
  try {
    const wasi = new WASI({
      version: 'preview1',
      args: setup.args,
      env: setup.env,
      preopens: { '/data': dir },
      stdin: stdinFd,
      stdout: stdoutFd,
      stderr: stderrFd,
      returnOnExit: true,
    });
    const module = new NativeWebAssembly.Module(readWasm(name));
    const instance = new NativeWebAssembly.Instance(module, wasi.getImportObject() as never);
    let outcome: RunResult['outcome'];
    try {
      outcome = { exitCode: wasi.start(instance as never) ?? 0 };
    } catch (error) {
      outcome = { trap: trapMessage(error) };
    }
    return { outcome, stdout: fs.readFileSync(stdoutFile, 'latin1'), stderr: fs.readFileSync(stderrFile, 'latin1'), files: readDataDir(dir) };
  } finally {
    fs.closeSync(stdinFd);
    fs.closeSync(stdoutFd);
    fs.closeSync(stderrFd);
    fs.rmSync(stdinFile);
    fs.rmSync(stdoutFile);
    fs.rmSync(stderrFile);
    fs.rmSync(dir, { recursive: true });
  }
}

/** Collects what a program writes to one stream. */
export class Capture {
  private readonly chunks: Uint8Array[] = [];
  readonly sink = (bytes: Uint8Array): void => {
    this.chunks.push(bytes.slice());
  };
  text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }
}

/**
 * The wasm2ts run, through `WasiHost` so that the test can look at the instance;
 * `inspect` sees its exports before the program runs and returns a check for after.
 */
export async function runCompiled(
  name: string,
  setup: RunSetup,
  inspect?: (exports: Record<string, any>) => () => void,
): Promise<RunResult> {
  const module = await loadWasiFixture(name);
  const dir = makeDataDir(setup.files);
  const stdout = new Capture();
  const stderr = new Capture();
  try {
    const host = new WasiHost({
      args: setup.args,
      env: setup.env,
      preopens: { '/data': dir },
      ...(setup.stdin !== undefined ? { stdin: setup.stdin } : {}),
      stdout: stdout.sink,
      stderr: stderr.sink,
    });
    const instance = module.instantiate({ wasi_snapshot_preview1: host.imports });
    const after = inspect?.(instance.exports);
    let outcome: RunResult['outcome'];
    try {
      outcome = { exitCode: host.start(instance) };
    } catch (error) {
      outcome = { trap: trapMessage(error) };
    }
    after?.();
    return { outcome, stdout: stdout.text(), stderr: stderr.text(), files: readDataDir(dir) };
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
}

export { WasiExit, type NativeInstance };
