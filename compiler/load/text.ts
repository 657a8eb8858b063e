/**
 * WebAssembly text to binary, with our own parser (compiler/load/wat/). The binary then
 * goes through the decoder and validator like any other input, so the text front end
 * only has to get the syntax right: it encodes exactly what the text says (nothing is
 * dropped, reordered or given a type), and reports malformed text itself, each error a
 * CompileError at the byte offset of the offending token in the text.
 *
 * Scope: the text format of WebAssembly 2.0 with multi-memory and extended constant
 * expressions. Syntax of proposals we do not support (SIMD, GC, exceptions, tail calls,
 * threads, memory64, typed function references) is reported as "unsupported".
 */
import { watToBinary, watToMappedBinary, type MappedBinary } from './wat/index.js';

export type { MappedBinary } from './wat/index.js';

/** Parses WebAssembly text (one module) and returns its binary, with a name section for its identifiers. */
export function parseWat(text: string): Uint8Array {
  return watToBinary(text);
}

/** Like parseWat, with the map from the binary back to the text, for errors found later. */
export function parseWatMapped(text: string): MappedBinary {
  return watToMappedBinary(text);
}
