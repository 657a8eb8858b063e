/**
 * Stage 1, load: text or bytes in, a decoded and fully validated module model out.
 * Every failure is a CompileError (an UnsupportedError for features we do not support yet).
 */
import type { WasmModule } from '../model/types.js';
import { decodeModule } from './decode.js';
import { parseWat } from './text.js';
import { validateModule } from './validate.js';

export { decodeModule } from './decode.js';
export { parseWat } from './text.js';
export { validateModule } from './validate.js';

/** Loads a module from its binary, or from WebAssembly text (parsed by binaryen into a binary first). */
export function loadModule(input: Uint8Array | string): WasmModule {
  const bytes = typeof input === 'string' ? parseWat(input) : input;
  const module = decodeModule(bytes);
  validateModule(module);
  return module;
}
