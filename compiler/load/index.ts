/**
 * Stage 1, load: text or bytes in, a decoded and fully validated module model out.
 * Every failure is a CompileError (an UnsupportedError for features we do not support yet).
 */
import type { WasmModule } from '../model/types.js';
import { CompileError } from '../errors.js';
import { decodeModule } from './decode.js';
import { parseWat } from './text.js';
import { validateModule } from './validate.js';

export { decodeModule } from './decode.js';
export { parseWat } from './text.js';
export { validateModule } from './validate.js';

/** Loads a module from its binary, or from WebAssembly text (parsed by our text parser, wat/, into a binary first). */
export function loadModule(input: Uint8Array | string): WasmModule {
  if (typeof input !== 'string') return decodeAndValidate(input);
  const bytes = parseWat(input);
  try {
    return decodeAndValidate(bytes);
  } catch (e) {
    throw relabelBinaryOffset(e);
  }
}

/**
 * Text errors carry text offsets; an error found after parsing (validation, emission)
 * carries an offset into the binary we made from the text, so its message says which.
 */
export function relabelBinaryOffset(e: unknown): unknown {
  if (!(e instanceof CompileError) || e.offset === undefined) return e;
  return new CompileError(`${e.problem} (at byte offset ${e.offset} of the text's binary encoding)`, undefined, { unsupported: e.unsupported });
}

export function decodeAndValidate(bytes: Uint8Array): WasmModule {
  const module = decodeModule(bytes);
  validateModule(module);
  return module;
}
