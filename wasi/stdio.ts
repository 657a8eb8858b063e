/**
 * The standard streams, done here rather than by the library: @tybys/wasm-util decodes
 * stdout and stderr as UTF-8 text and hands them over one line at a time (so bytes that
 * are not UTF-8 change, and output after the last newline is never flushed), and it
 * reads stdin only through a browser's `window.prompt`. These `fd_write` and `fd_read`
 * wrappers take descriptors 0, 1 and 2 (which the library, too, always treats as the
 * standard streams) and pass every other descriptor on to the library.
 */
import type { Memory } from '../runtime-lib/memory.js';

/** WASI errno values (wasi_snapshot_preview1 `errno`). */
const ESUCCESS = 0;
/** What node:wasi (uvwasi) answers for a buffer that lies outside memory. */
const EOVERFLOW = 61;

/** Receives the bytes of one `fd_write` call, unchanged. */
export type OutputSink = (bytes: Uint8Array) => void;

type WasiFunction = (...args: any[]) => number;

export interface StdioOptions {
  stdin: Uint8Array;
  stdout: OutputSink;
  stderr: OutputSink;
}

/** The (pointer, length) pairs of an iovec array, or undefined if any lies outside memory. */
function ioVectors(memory: Memory, iovs: number, count: number): [number, number][] | undefined {
  const { view } = memory;
  if (iovs + count * 8 > view.byteLength) return undefined;
  const vectors: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const pointer = view.getUint32(iovs + i * 8, true);
    const length = view.getUint32(iovs + i * 8 + 4, true);
    if (pointer + length > view.byteLength) return undefined;
    vectors.push([pointer, length]);
  }
  return vectors;
}

/**
 * `fd_write` and `fd_read` for the standard streams around the library's own.
 * `memory` is read at each call: the instance exists only after the imports are made.
 */
export function stdioImports(
  library: { fd_write: WasiFunction; fd_read: WasiFunction },
  memory: () => Memory,
  options: StdioOptions,
): { fd_write: WasiFunction; fd_read: WasiFunction } {
  let stdinOffset = 0;
  return {
    fd_write(fd: number, iovs: number, iovsLength: number, nwrittenPointer: number): number {
      if (fd !== 1 && fd !== 2) return library.fd_write(fd, iovs, iovsLength, nwrittenPointer);
      const mem = memory();
      const vectors = ioVectors(mem, iovs >>> 0, iovsLength >>> 0);
      if (vectors === undefined || (nwrittenPointer >>> 0) + 4 > mem.view.byteLength) return EOVERFLOW;
      const total = vectors.reduce((sum, [, length]) => sum + length, 0);
      const bytes = new Uint8Array(total);
      let offset = 0;
      for (const [pointer, length] of vectors) {
        bytes.set(mem.bytes.subarray(pointer, pointer + length), offset);
        offset += length;
      }
      (fd === 1 ? options.stdout : options.stderr)(bytes);
      mem.view.setUint32(nwrittenPointer >>> 0, total, true);
      return ESUCCESS;
    },
    fd_read(fd: number, iovs: number, iovsLength: number, nreadPointer: number): number {
      if (fd !== 0) return library.fd_read(fd, iovs, iovsLength, nreadPointer);
      const mem = memory();
      const vectors = ioVectors(mem, iovs >>> 0, iovsLength >>> 0);
      if (vectors === undefined || (nreadPointer >>> 0) + 4 > mem.view.byteLength) return EOVERFLOW;
      let total = 0;
      for (const [pointer, length] of vectors) {
        const chunk = options.stdin.subarray(stdinOffset, stdinOffset + length);
        mem.bytes.set(chunk, pointer);
        stdinOffset += chunk.length;
        total += chunk.length;
        if (chunk.length < length) break;
      }
      mem.view.setUint32(nreadPointer >>> 0, total, true);
      return ESUCCESS;
    },
  };
}
