/**
 * f32 locals that never hold a signalling NaN, so a store of their value may use
 * `setFloat32` (see Value.quietNaN). A declared local starts at 0 and qualifies when every
 * `local.set`/`local.tee` of it stores a value straight from an instruction whose f32 result
 * went through `Math.fround` or cannot be NaN (arithmetic, conversions, a literal that is
 * not a signalling NaN), or from another such local. The value a `local.set` consumes is the
 * result of the instruction just before it whenever that instruction pushes one value, so
 * looking one instruction back is exact; anything else (a block result, a load, a call, a
 * parameter, reinterpret, abs/neg/copysign, select) disqualifies the local.
 */
import type { Func, FuncType, Instr } from '../model/types.js';
import { isSignallingF32 } from './constants.js';

/** Instructions whose f32 result is never a signalling NaN. */
const QUIET_PRODUCERS: ReadonlySet<string> = new Set([
  'f32.add', 'f32.sub', 'f32.mul', 'f32.div', 'f32.sqrt', 'f32.ceil', 'f32.floor', 'f32.trunc', 'f32.nearest',
  'f32.convert_i32_s', 'f32.convert_i32_u', 'f32.convert_i64_s', 'f32.convert_i64_u', 'f32.demote_f64',
]);

/** Indices (in the local index space, parameters first) of the f32 locals that are quiet. */
export function quietF32Locals(func: Func, type: FuncType): ReadonlySet<number> {
  const firstLocal = type.params.length;
  const quiet = new Set<number>();
  func.locals.forEach((t, i) => {
    if (t === 'f32') quiet.add(firstLocal + i);
  });
  if (quiet.size === 0) return quiet;
  /** Locals assigned from another local: target -> sources. */
  const copiedFrom = new Map<number, number[]>();
  let previous: Instr | undefined;
  for (const instr of func.body) {
    if ((instr.op === 'local.set' || instr.op === 'local.tee') && quiet.has(instr.index!)) {
      const target = instr.index!;
      if (previous !== undefined && (previous.op === 'local.get' || previous.op === 'local.tee')) {
        const sources = copiedFrom.get(target);
        if (sources) sources.push(previous.index!);
        else copiedFrom.set(target, [previous.index!]);
      } else if (!isQuietProducer(previous)) {
        quiet.delete(target);
      }
    }
    previous = instr;
  }
  // A local copied from a local that is not quiet is not quiet either (to a fixpoint).
  for (let changed = true; changed; ) {
    changed = false;
    for (const [target, sources] of copiedFrom) {
      if (quiet.has(target) && sources.some((s) => !quiet.has(s))) {
        quiet.delete(target);
        changed = true;
      }
    }
  }
  return quiet;
}

function isQuietProducer(instr: Instr | undefined): boolean {
  if (instr === undefined) return false;
  if (instr.op === 'f32.const') return !isSignallingF32(Number(instr.value));
  return QUIET_PRODUCERS.has(instr.op);
}
