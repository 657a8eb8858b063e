/**
 * `wasm2ts/wasi`: runs `wasi_snapshot_preview1` programs compiled by wasm2ts under Node.
 *
 * Node-only (files need `node:fs`), so it lives outside the browser-safe runtime. The
 * system calls are @tybys/wasm-util's WASI, a JavaScript port of Node's own uvwasi
 * semantics, given real files through `node:fs`. `node:wasi` cannot be used: it accepts
 * only an engine `WebAssembly.Memory` (its C++ side checks `IsWasmMemoryObject()` and
 * reads the memory's backing store), and ours is a JS object. The README says more.
 * On top of the library this module adds: byte-exact standard streams (stdio.ts), an
 * exit that unwinds the Wasm stack and yields the status (`WasiExit`), the memory
 * adapter (memory-adapter.ts), silence for the library's warnings (`quietly`), and
 * loading where no `WebAssembly` exists (library-prelude.ts).
 */
import './library-prelude.js';
import { WASI } from '@tybys/wasm-util';
import './library-postlude.js';
import fs from 'node:fs';
import { Memory } from '../runtime-lib/memory.js';
import { memoryForLibrary } from './memory-adapter.js';
import { stdioImports, type OutputSink } from './stdio.js';
import { PREVIEW1_FUNCTIONS, type WasiImports } from './preview1.js';

export type { OutputSink } from './stdio.js';

export interface WasiOptions {
  /** The program's arguments, `argv[0]` (the program name) first. Default: none. */
  args?: readonly string[];
  /** Environment variables. Default: none (not the host's). */
  env?: Readonly<Record<string, string>>;
  /** Directories the program may use: guest path (e.g. `/data`) to host directory. */
  preopens?: Readonly<Record<string, string>>;
  /** What the program reads from descriptor 0. Default: nothing (end of file at once). */
  stdin?: Uint8Array | string;
  /** Receives what the program writes to descriptor 1, byte for byte. Default: `process.stdout`. */
  stdout?: OutputSink;
  /** Receives what the program writes to descriptor 2. Default: `process.stderr`. */
  stderr?: OutputSink;
}

export { PREVIEW1_FUNCTIONS, type WasiImports } from './preview1.js';

/** What runs here: any module wasm2ts generated that imports WASI (and nothing else, for the helpers). */
export interface WasiModule {
  instantiate(imports: { wasi_snapshot_preview1: WasiImports }): { exports: object };
}

/**
 * Thrown by `proc_exit` (C's `exit`): it unwinds the Wasm stack like an exception. The
 * command helpers catch it and return `code`; a reactor's caller sees it thrown from the
 * export it called. The instance stays usable afterwards, as natively: memory and
 * globals are as the program left them.
 */
export class WasiExit extends Error {
  constructor(readonly code: number) {
    super(`WASI program exited with code ${code}`);
    this.name = 'WasiExit';
  }
}

const encoder = new TextEncoder();

/**
 * The library's functions, made silent: each one that returns an errno from a
 * `WasiError` (a bad descriptor, say: ordinary answers that programs probe for) also
 * logs it with `console.warn` unless `NODE_ENV` is 'production'. That would write to
 * the host's stderr what the program never wrote, so `console.warn` is muted for the
 * duration of each (synchronous) call.
 */
function quietly(functions: Record<string, (...args: unknown[]) => number>): Record<string, (...args: any[]) => number> {
  const quiet: Record<string, (...args: any[]) => number> = {};
  for (const name of Object.keys(PREVIEW1_FUNCTIONS)) {
    const fn = functions[name];
    if (typeof fn !== 'function') throw new Error(`wasm2ts/wasi: the WASI library lacks ${name}`);
    quiet[name] = (...args: unknown[]) => {
      const warn = console.warn;
      console.warn = () => {};
      try {
        return fn(...args);
      } finally {
        console.warn = warn;
      }
    };
  }
  return quiet;
}

/**
 * One WASI environment, like `node:wasi`'s `WASI`: give `imports` (as
 * `{ wasi_snapshot_preview1: host.imports }`) to a generated module's `instantiate`,
 * then call `start` (commands) or `initialize` (reactors) with the instance, once.
 */
export class WasiHost {
  /** The `wasi_snapshot_preview1` functions. */
  readonly imports: WasiImports;
  private readonly library: WASI;
  private memory: Memory | undefined;
  private started = false;

  constructor(options: WasiOptions = {}) {
    const preopens = { ...options.preopens };
    this.library = new WASI({
      version: 'preview1',
      args: [...(options.args ?? [])],
      env: { ...options.env },
      preopens,
      // Files are reached only through the preopened directories.
      fs,
    } as ConstructorParameters<typeof WASI>[0]);
    const stdin = options.stdin ?? new Uint8Array(0);
    const library = quietly(this.library.wasiImport);
    const stdio = stdioImports(library as never, () => this.boundMemory(), {
      stdin: typeof stdin === 'string' ? encoder.encode(stdin) : stdin,
      stdout: options.stdout ?? ((bytes) => process.stdout.write(bytes)),
      stderr: options.stderr ?? ((bytes) => process.stderr.write(bytes)),
    });
    this.imports = {
      ...(library as Omit<WasiImports, 'fd_write' | 'fd_read' | 'proc_exit'>),
      ...stdio,
      proc_exit(code: number): never {
        throw new WasiExit(code >>> 0);
      },
    };
  }

  /**
   * Runs a command's `_start` and returns its exit code: 0 if `_start` returns, the
   * status given to `proc_exit` otherwise. Traps and host errors propagate.
   */
  start(instance: { exports: object }): number {
    const exports = this.bind(instance, '_start');
    try {
      exports['_start']!();
    } catch (error) {
      if (error instanceof WasiExit) return error.code;
      throw error;
    }
    return 0;
  }

  /** Runs a reactor's `_initialize`, if it has one. A `proc_exit` in it throws `WasiExit`. */
  initialize(instance: { exports: object }): void {
    const exports = this.bind(instance, '_initialize');
    exports['_initialize']?.();
  }

  private bind(instance: { exports: object }, entry: '_start' | '_initialize'): Record<string, (() => unknown) | undefined> {
    if (this.started) throw new Error('wasm2ts/wasi: this WasiHost has already started an instance');
    const exports = instance.exports as Record<string, unknown>;
    const memory = exports['memory'];
    if (!(memory instanceof Memory)) {
      throw new TypeError('wasm2ts/wasi: the module must export its memory as "memory" (a wasm2ts Memory)');
    }
    const other = entry === '_start' ? '_initialize' : '_start';
    if (exports[other] !== undefined) {
      throw new TypeError(`wasm2ts/wasi: a module that exports "${other}" cannot be run with ${entry === '_start' ? 'start' : 'initialize'}`);
    }
    if (entry === '_start' && typeof exports['_start'] !== 'function') {
      throw new TypeError('wasm2ts/wasi: a command must export a "_start" function');
    }
    this.library.finalizeBindings(instance as never, { memory: memoryForLibrary(memory) as never });
    this.memory = memory;
    this.started = true;
    return exports as Record<string, (() => unknown) | undefined>;
  }

  private boundMemory(): Memory {
    if (this.memory === undefined) throw new Error('wasm2ts/wasi: a WASI function was called before start or initialize');
    return this.memory;
  }
}

/** Instantiates a generated WASI command, runs it, and returns its exit code. */
export function runWasiCommand(module: WasiModule, options: WasiOptions = {}): number {
  const host = new WasiHost(options);
  const instance = module.instantiate({ wasi_snapshot_preview1: host.imports });
  return host.start(instance);
}

/**
 * Instantiates a generated WASI reactor and runs its `_initialize`; returns the exports
 * to call. A `proc_exit` inside a later call throws `WasiExit` to that call's caller.
 */
export function instantiateWasiReactor<Exports extends object>(
  module: { instantiate(imports: { wasi_snapshot_preview1: WasiImports }): { exports: Exports } },
  options: WasiOptions = {},
): Exports {
  const host = new WasiHost(options);
  const instance = module.instantiate({ wasi_snapshot_preview1: host.imports });
  host.initialize(instance);
  return instance.exports;
}
