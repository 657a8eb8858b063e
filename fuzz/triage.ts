/**
 * Triage: attributes saved mismatches to known root causes. For each known cause, a
 * detector on the generated JS and a patch of it (what the fixed compiler would emit);
 * a mismatch that disappears under one patch is attributed to that cause. Patches are
 * applied only here, to the harness's copy of the generated code, never to the compiler.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runDifferential, type DiffResult } from './harness.js';
import { repoRoot } from './generate.js';
import { decodeModule } from '../compiler/load/index.js';
import type { WasmModule } from '../compiler/model/types.js';

export interface KnownCause {
  readonly name: string;
  readonly description: string;
  readonly detect: (code: string) => boolean;
  readonly patch: (code: string) => string;
}

/**
 * A known cause whose effect leaves no trace in the generated code (something is dropped),
 * so it cannot be patched there: it is recognised in the module instead, and a mismatch no
 * patch explains is reported as `suspected:<name>` when the module has the pattern.
 */
export interface SuspectedCause {
  readonly name: string;
  readonly description: string;
  readonly detectModule: (module: WasmModule) => boolean;
}

export const SUSPECTED_CAUSES: readonly SuspectedCause[] = [
  {
    name: 'br_table-same-targets-drops-index',
    description:
      'br_table whose targets and default are all the same label: BodyEmitter.brTable (byDepth.size === 0) branches without evaluating the popped index, so a trapping index (i32.trunc_f*, i32.div/rem, an out-of-bounds load) does not trap',
    detectModule: (m) => m.funcs.some((f) => f.body.some((i) => i.op === 'br_table' && i.depths!.every((d) => d === i.index))),
  },
];

const START_CALL = /(\n\s*)(\w+)\(\);\n(\s*return \{ exports)/;

export const KNOWN_CAUSES: readonly KnownCause[] = [
  {
    name: 'f32.convert_i32_u-of-constant',
    description:
      "f32.convert_i32_u of an i32.const: the literal fold in BodyEmitter.numeric turns `Math.fround($0 >>> 0)` into `Math.fround7` (the call's parentheses are eaten), a property read that is undefined",
    detect: (code) => /Math\.fround\d/.test(code),
    patch: (code) => code.replace(/Math\.fround(\d+)/g, 'Math.fround($1)'),
  },
  {
    name: 'start-function-error-not-translated',
    description:
      'instantiate() calls the start function directly, without translateError: an out-of-bounds memory access (DataView RangeError) or stack overflow there escapes as a RangeError instead of a Trap',
    // (esbuild drops the `// ---- start function` comment: the start call is the statement before `return { exports }`.)
    detect: (code) => START_CALL.test(code),
    patch: (code) =>
      `import { translateError as __fuzzTranslateError } from 'wasm2ts/runtime';\n` +
      code.replace(START_CALL, '$1try { $2(); } catch (e) { throw __fuzzTranslateError(e); }\n$3'),
  },
];

export interface Attribution {
  readonly file: string;
  readonly status: string;
  readonly cause: string;
  readonly first?: string;
}

/**
 * Attributes a mismatch: `known:<cause>` when one known cause's patch (or all detected
 * together) makes the module agree; otherwise the mismatch as it remains with every
 * detected patch applied (so a known bug does not hide an unknown one).
 */
export async function attribute(bytes: Uint8Array, base: DiffResult, workDir: string): Promise<{ category: string; mismatches: string[] }> {
  let detected: KnownCause[] = [];
  await runDifferential(bytes, {
    workDir,
    perExportPass: false,
    transformCode: (code) => {
      detected = KNOWN_CAUSES.filter((c) => c.detect(code));
      return code;
    },
  });
  for (const cause of detected) {
    const r = await runDifferential(bytes, { workDir, transformCode: cause.patch });
    if (r.status === 'ok') return { category: `known:${cause.name}`, mismatches: base.mismatches };
  }
  if (detected.length === 0) return { category: suspected(bytes) ?? base.category ?? 'unknown', mismatches: base.mismatches };
  const all = await runDifferential(bytes, { workDir, transformCode: (code) => detected.reduce((c, k) => k.patch(c), code) });
  if (all.status === 'ok') return { category: `known:${detected.map((c) => c.name).join('+')}`, mismatches: base.mismatches };
  return {
    category: suspected(bytes) ?? all.category ?? base.category ?? 'unknown',
    mismatches: [...all.mismatches.map((m) => `(with known-cause patches ${detected.map((c) => c.name).join(', ')}) ${m}`), ...base.mismatches],
  };
}

function suspected(bytes: Uint8Array): string | undefined {
  let module: WasmModule;
  try {
    module = decodeModule(bytes);
  } catch {
    return undefined;
  }
  const hit = SUSPECTED_CAUSES.find((c) => c.detectModule(module));
  return hit ? `suspected:${hit.name}` : undefined;
}

export async function triage(file: string): Promise<Attribution> {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const workDir = path.join(repoRoot, 'out', 'fuzz', 'tmp');
  const base = await runDifferential(bytes, { workDir });
  if (base.status !== 'mismatch') return { file, status: base.status, cause: '-' };
  const a = await attribute(bytes, base, workDir);
  return { file, status: 'mismatch', cause: a.category, first: a.mismatches[0] };
}
