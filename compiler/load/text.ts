/**
 * WebAssembly text to binary, through binaryen's text parser. The binary then goes
 * through our own decoder and validator like any other input, so binaryen only has to
 * get the text right, not the semantics.
 *
 * Bugs of binaryen 132's text parser that would change a module or misjudge it (float
 * literal rounding, carriage returns in comments, wrapped memory offsets, and more) are
 * worked around by rewriting the text first: text-normalize.ts has the list.
 *
 * Known differences that remain, from the spec's text format:
 * - binaryen's IR reshapes some code on the way (e.g. it drops instructions after an
 *   `unreachable` and may fold blocks); the binary is equivalent, not byte-identical.
 *   A type error inside unreachable code can vanish that way, so such an invalid text
 *   module is accepted (block.wast's "type-value-unreached-select" cases, for instance).
 * - `ref.null func` / `ref.null extern` come out as `ref.null nofunc` / `noextern` (GC
 *   encodings); the decoder reads those as funcref/externref nulls.
 * - Declarative element segments are re-derived by binaryen from the ref.func uses, so
 *   one named by table.init or elem.drop is missing ("elem $e does not exist").
 * - Imports come out grouped by kind (memories, tables, globals, then functions, in
 *   binaryen 132); each kind keeps its order, so every index is unchanged, but the order
 *   in which instantiation looks imports up differs from the text.
 * - binaryen does not validate while parsing: type errors surface in our validator.
 * - binaryen recurses on the JS stack, so text nested deeper than about 900 blocks fails
 *   ("nesting too deep"); the binary decoder and validator have no such limit.
 * - binaryen infers a type for an untyped `select` of references, and declares the
 *   functions `ref.func` names, so those two kinds of invalid text are accepted.
 * - NaN payloads in f32/f64 constants do survive (checked in test/load/text.test.ts).
 */
import binaryen from 'binaryen';
import { CompileError } from '../errors.js';
import { normalizeForBinaryen, type NormalizedText } from './text-normalize.js';

/** binaryen.js's exceptions are C++ exceptions, not Errors; its d.ts omits the accessor. */
interface BinaryenWithExceptions {
  getExceptionMessage(e: unknown): [type: string, message: string];
  getDebugInfo(): boolean;
}

/**
 * Every feature, so that binaryen writes whatever the text uses and our decoder decides
 * what is supported. Except compact imports: with it on, binaryen groups imports of one
 * module in that proposal's encoding, which no Wasm 2.0 reader accepts.
 */
const EMIT_FEATURES = binaryen.Features.All & ~(binaryen.Features as unknown as { CompactImports: number }).CompactImports;

/** Parses WebAssembly text (one module) and returns its binary, with a name section. */
export function parseWat(text: string): Uint8Array {
  const api = binaryen as unknown as typeof binaryen & BinaryenWithExceptions;
  const stderr = captureStderr();
  const previousDebugInfo = api.getDebugInfo();
  let module: binaryen.Module | undefined;
  const normalized = normalizeForBinaryen(text);
  try {
    api.setDebugInfo(true); // keeps the names, so the name section is written
    module = api.parseText(normalized.text);
    module.setFeatures(EMIT_FEATURES);
    return module.emitBinary();
  } catch (e) {
    throw toCompileError(e, text, normalized, stderr.text(), api);
  } finally {
    module?.dispose();
    api.setDebugInfo(previousDebugInfo);
    stderr.restore();
  }
}

function toCompileError(e: unknown, text: string, normalized: NormalizedText, stderrText: string, api: BinaryenWithExceptions): CompileError {
  if (e instanceof CompileError) return e;
  let message: string;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    // binaryen's parser and writer recurse on the native stack: about 900 nested blocks is the limit.
    return new CompileError('text format: nesting too deep for the text parser (binaryen ran out of stack)');
  }
  if (e instanceof Error) {
    message = e.message;
  } else {
    try {
      message = api.getExceptionMessage(e)[1];
    } catch {
      message = String(e);
    }
  }
  message = (message || stderrText || 'binaryen could not parse the text').trim();
  // binaryen reports "Fatal: <line>:<column>: error: <what>", line 1-based and column 0-based.
  const located = /^(?:Fatal: )?(\d+):(\d+): error: ([\s\S]*)$/.exec(message);
  if (located) {
    const index = normalized.originalIndex(indexOf(normalized.text, Number(located[1]), Number(located[2])));
    const offset = Buffer.byteLength(text.slice(0, index), 'utf8');
    return new CompileError(`text format: ${located[3].trim()} (line ${located[1]}, column ${located[2]})`, offset);
  }
  return new CompileError(`text format: ${message.replace(/^Fatal: /, '')}`);
}

/** UTF-16 index of a (1-based line, 0-based UTF-8 byte column) position in the text. */
function indexOf(text: string, line: number, column: number): number {
  let index = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', index);
    if (next < 0) break;
    index = next + 1;
  }
  for (let bytes = 0; bytes < column && index < text.length; index++) {
    const code = text.charCodeAt(index);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code < 0xdc00 ? 4 : code >= 0xdc00 && code < 0xe000 ? 0 : 3;
  }
  return index;
}

/** binaryen prints some diagnostics straight to stderr; collect them instead, to put in the error. */
function captureStderr(): { text(): string; restore(): void } {
  const original = process.stderr.write;
  let captured = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  return {
    text: () => captured,
    restore: () => {
      process.stderr.write = original;
    },
  };
}
