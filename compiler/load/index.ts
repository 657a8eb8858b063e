/**
 * Stage 1, load: text or bytes in, a decoded and fully validated module model out.
 * Every failure is a CompileError (an UnsupportedError for features we do not support yet).
 */
import type { WasmModule } from '../model/types.js';
import { CompileError } from '../errors.js';
import { decodeModule } from './decode.js';
import { parseWatMapped, type MappedBinary } from './text.js';
import { validateModule } from './validate.js';

export { decodeModule } from './decode.js';
export { parseWat, parseWatMapped, type MappedBinary } from './text.js';
export { validateModule } from './validate.js';

/** Loads a module from its binary, or from WebAssembly text (parsed by our text parser, wat/, into a binary first). */
export function loadModule(input: Uint8Array | string): WasmModule {
  if (typeof input !== 'string') return decodeAndValidate(input);
  const binary = parseWatMapped(input);
  try {
    return decodeAndValidate(binary.bytes);
  } catch (e) {
    throw toTextOffset(e, binary);
  }
}

/**
 * Text errors carry text offsets; an error found after parsing (validation, emission)
 * carries an offset into the binary we made from the text. This moves it to the text:
 * to the instruction or module field the offending bytes were encoded from. Bytes of no
 * one place in the text (a section header, the deduplicated types) keep their binary
 * offset, and the message says which offset it is.
 */
export function toTextOffset(e: unknown, binary: MappedBinary): unknown {
  if (!(e instanceof CompileError) || e.offset === undefined) return e;
  const textOffset = binary.textOffsetOf(e.offset);
  if (textOffset !== undefined) return new CompileError(e.problem, textOffset, { unsupported: e.unsupported });
  return new CompileError(`${e.problem} (at byte offset ${e.offset} of the text's binary encoding)`, undefined, { unsupported: e.unsupported });
}

export function decodeAndValidate(bytes: Uint8Array): WasmModule {
  const module = decodeModule(bytes);
  validateModule(module);
  return module;
}
