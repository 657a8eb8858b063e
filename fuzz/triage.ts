/**
 * Triage: attributes saved mismatches to known root causes. For each known cause, a
 * detector on the generated JS and a patch of it (what the fixed compiler would emit);
 * a mismatch that disappears under one patch is attributed to that cause. Patches are
 * applied only here, to the harness's copy of the generated code, never to the compiler.
 */
import fs from 'node:fs';
import path from 'node:path';
import binaryen from 'binaryen';
import { binaryenFeatures } from './features.js';
import { definedFunctionNames, walk } from './binaryen-walk.js';
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

/**
 * The category of a mismatch that is the spec's NaN nondeterminism, not a bug: an operation
 * on NaN inputs may return any arithmetic NaN (Wasm 2.0 §4.3.3, `nans`), so when two NaN
 * operands meet, which payload survives is the engine's choice. V8 itself is not consistent
 * here: its JS tiers give different payloads for the same `a * 2 + b` (Ignition keeps b's,
 * TurboFan a's), and native Wasm keeps a's. Once NaN bits are stored and read back as
 * integers (i64.reinterpret, a misaligned load), they steer everything after.
 */
export const NAN_NONDETERMINISM = 'nan-nondeterminism';

/**
 * A JS error that no Wasm program can cause, whatever its NaN bits: the generated code itself
 * is broken (an undeclared variable, a call of a non-function, unparsable code). Such a
 * difference is never put down to NaN nondeterminism, however the canonical-NaN variant behaves.
 */
const NEVER_FROM_NAN_BITS = /wasm2ts (?:ReferenceError|TypeError|SyntaxError|EvalError|URIError)\b/;

/**
 * The module with the result of every float *arithmetic* operation made canonical when it is
 * a NaN: the operations whose NaN payload the spec leaves to the engine (add, sub, mul, div,
 * sqrt, min, max, the roundings, promote and demote). Binaryen's DeNaN pass wraps each float
 * value an expression produces in a call to a helper (which would replace a NaN by 0); the
 * helpers are rewritten to return the canonical NaN, and every call that wraps something
 * else (a load, a local, a parameter, a call's result, abs, neg, copysign, reinterpret) is
 * sent to an identity helper instead, since those must keep NaN bits exactly: a bug there is
 * a real bug, and must still show in the variant. Undefined if Binaryen cannot read or
 * instrument the module.
 */
export function withCanonicalNaNs(bytes: Uint8Array): Uint8Array | undefined {
  let module: binaryen.Module | undefined;
  try {
    module = binaryen.readBinary(bytes);
    module.setFeatures(binaryenFeatures(binaryen));
    const before = new Set(definedFunctionNames(module));
    module.runPasses(['denan']);
    const helpers = new Map<string, string>(); // DeNaN helper -> its identity twin
    for (const name of definedFunctionNames(module).filter((n) => !before.has(n))) helpers.set(name, rewriteHelper(module, name));
    for (const name of before) {
      for (const expr of walk(Walk.Function.getBody(module.getFunction(name)))) {
        if (binaryen.getExpressionId(expr) !== binaryen.CallId) continue;
        const identity = helpers.get(Walk.Call.getTarget(expr));
        if (identity !== undefined && !isFloatArithmetic(Walk.Call.getOperandAt(expr, 0))) Walk.Call.setTarget(expr, identity);
      }
    }
    return module.emitBinary();
  } catch {
    return undefined;
  } finally {
    module?.dispose();
  }
}

/** binaryen.js accessors its .d.ts does not declare. */
const Walk = binaryen as unknown as {
  Function: { getBody(f: number): number };
  Call: { getTarget(e: number): string; setTarget(e: number, name: string): void; getOperandAt(e: number, i: number): number };
};

/** The float operations with a nondeterministic NaN payload (Wasm 2.0 §4.3.3: `nans`). */
const ARITHMETIC_OPS = new Set<number>([
  ...(['Add', 'Sub', 'Mul', 'Div', 'Min', 'Max', 'Sqrt', 'Ceil', 'Floor', 'Trunc', 'Nearest'] as const).flatMap((op) => [
    binaryen[`${op}Float32`],
    binaryen[`${op}Float64`],
  ]),
  binaryen.PromoteFloat32,
  binaryen.DemoteFloat64,
]);

function isFloatArithmetic(expr: number): boolean {
  const id = binaryen.getExpressionId(expr);
  if (id !== binaryen.UnaryId && id !== binaryen.BinaryId) return false;
  return ARITHMETIC_OPS.has((binaryen.getExpressionInfo(expr) as unknown as { op: number }).op);
}

/**
 * Replaces DeNaN's helper `name` (f32 -> f32 or f64 -> f64) by `x == x ? x : canonical NaN`,
 * and adds its identity twin; returns the twin's name.
 */
function rewriteHelper(module: binaryen.Module, name: string): string {
  const info = binaryen.getFunctionInfo(module.getFunction(name));
  const type = info.params;
  const x = () => module.local.get(0, type);
  let isNumber: binaryen.ExpressionRef;
  let canonical: binaryen.ExpressionRef;
  if (type === binaryen.f32) {
    isNumber = module.f32.eq(x(), x());
    canonical = module.f32.const_bits(0x7fc00000);
  } else if (type === binaryen.f64) {
    isNumber = module.f64.eq(x(), x());
    canonical = module.f64.const_bits(0x7ff8000000000000n);
  } else {
    throw new Error(`DeNaN helper ${name} of an unexpected type`);
  }
  module.removeFunction(name);
  module.addFunction(name, type, info.results, [], module.select(isNumber, x(), canonical));
  const twin = `${name}$keep`;
  module.addFunction(twin, type, info.results, [], x());
  return twin;
}

/**
 * Whether a mismatch is explained by NaN payloads alone. Two runs decide it:
 * 1. the canonical-NaN variant agrees between V8 and wasm2ts;
 * 2. payloads matter to what the module does: V8 running the original differs from wasm2ts
 *    running the variant, which by (1) behaves as V8 runs the variant (results compare any
 *    NaN equal to any NaN, so only payloads read back as bits can make this differ). Without
 *    this, a bug the instrumentation happens to hide (it wraps every float expression in a
 *    call) would pass for nondeterminism in a module whose NaN payloads change nothing.
 */
async function explainedByNaNBits(bytes: Uint8Array, workDir: string, options: AttributeOptions): Promise<boolean> {
  const canonical = withCanonicalNaNs(bytes);
  if (!canonical) return false;
  const agrees = await runDifferential(canonical, { workDir, ...options });
  if (agrees.status !== 'ok') return false;
  const payloadsMatter = await runDifferential(canonical, { workDir, ...options, nativeBytes: bytes });
  return payloadsMatter.status === 'mismatch';
}

export interface AttributeOptions {
  readonly smallArgs?: boolean;
  /** Only for testing the triage with a deliberately broken compiler (see DiffOptions). */
  readonly transformCode?: (code: string) => string;
}

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
export async function attribute(bytes: Uint8Array, base: DiffResult, workDir: string, options: AttributeOptions = {}): Promise<{ category: string; mismatches: string[] }> {
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
  if (detected.length === 0) {
    if (!base.mismatches.some((m) => NEVER_FROM_NAN_BITS.test(m)) && (await explainedByNaNBits(bytes, workDir, options))) {
      return { category: NAN_NONDETERMINISM, mismatches: base.mismatches };
    }
    return { category: suspected(bytes) ?? base.category ?? 'unknown', mismatches: base.mismatches };
  }
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
