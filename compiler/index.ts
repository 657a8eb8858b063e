/**
 * The compiler API: `compile(input, options)` turns a Wasm module (binary bytes, or
 * .wat text) into a TypeScript module, or a JavaScript module plus its .d.ts.
 *
 * Stages: load + validate (compiler/load) → module model (compiler/model) →
 * VMContext layout (compiler/layout) → function bodies (compiler/emit) →
 * module writer (compiler/write) → optional formatting / transpiling (here).
 */
import { decodeAndValidate, loadModule, parseWatMapped, toTextOffset } from './load/index.js';
import { writeModule } from './write/module-writer.js';
import { spliceFunctions } from './write/splice.js';
import { formatModule, formatTs } from './format.js';
import { DEFAULT_OUTLINE_LIMITS, type OutlineLimits } from './emit/outline.js';
import { layoutOf } from './layout/counts.js';
import { CompileError } from './errors.js';
import { sha256Hex } from '../runtime-lib/sha256.js';

export { CompileError } from './errors.js';
export type { OutlineLimits } from './emit/outline.js';

export interface CompileOptions {
  /** 'ts' (default): TypeScript. 'js': an ES module, with its declarations in `dts`. */
  readonly target?: 'ts' | 'js';
  /** Module specifier the generated code imports the runtime from. Default `wasm2ts/runtime`. */
  readonly runtimeImport?: string;
  /** Format with prettier (default true). Turn off for big modules: prettier is slow on megabytes. */
  readonly format?: boolean;
  /** A name for the header comment, such as the input file's name. */
  readonly sourceName?: string;
  /**
   * Function bodies larger than V8 optimizes (about 60 KB of bytecode) are split into pieces
   * (functions beside them sharing locals through the frame stack, or closures) so that every
   * piece is optimized (compiler/emit/outline.ts). Default: sizes that keep every piece under
   * V8's limit; `false` turns splitting off.
   */
  readonly outline?: OutlineLimits | false;
}

export interface CompileResult {
  readonly code: string;
  readonly dts?: string;
}

export const DEFAULT_RUNTIME_IMPORT = 'wasm2ts/runtime';

export async function compile(input: Uint8Array | string, options: CompileOptions = {}): Promise<CompileResult> {
  const binary = typeof input === 'string' ? parseWatMapped(input) : undefined;
  const bytes = binary?.bytes ?? (input as Uint8Array);
  let written: ReturnType<typeof writeModule>;
  try {
    const module = decodeAndValidate(bytes);
    const binary = { sha256: sha256Hex(bytes), byteLength: bytes.length };
    const outline = options.outline === false ? undefined : checkedLimits(options.outline ?? DEFAULT_OUTLINE_LIMITS);
    written = writeModule(module, { runtimeImport: options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT, sourceName: options.sourceName, binary, outline });
  } catch (e) {
    throw binary !== undefined ? toTextOffset(e, binary) : e;
  }
  const { ts, functions, data, dts } = written;
  const format = options.format ?? true;
  // Data segments are appended after formatting: prettier on megabytes of base64 is slow and pointless.
  if ((options.target ?? 'ts') === 'ts') return { code: (format ? await formatModule(ts, functions) : spliceFunctions(ts, functions)) + data };
  const { transform } = await import('esbuild');
  const js = await transform(spliceFunctions(ts, functions) + data, { loader: 'ts', format: 'esm', target: 'es2022' });
  return { code: js.code, dts: format ? await formatTs(dts) : dts };
}

function checkedLimits(limits: OutlineLimits): OutlineLimits {
  const { above, chunk } = limits;
  if (!Number.isInteger(above) || above < 0 || !Number.isInteger(chunk) || chunk < 1) {
    throw new TypeError(`compile(): outline needs { above, chunk } with an integer above >= 0 and chunk >= 1, not ${JSON.stringify(limits)}`);
  }
  return limits;
}

/** The VMContext layout of a module, in readable form (`wasm2ts --print-layout`). */
export function printLayout(input: Uint8Array | string): string {
  return layoutOf(loadModule(input)).dump();
}

