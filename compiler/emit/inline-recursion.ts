/**
 * One level of inlining for small self-recursive functions: each `call` of a function to
 * itself becomes a copy of its body, so a function with k such calls makes k/(k+1) fewer
 * JS calls (half for one self-call, two thirds for fib's two).
 *
 * Why: TurboFan never inlines a function into itself, so every recursive call in the
 * generated code is a full JS call (frame setup, stack check, argument moves), where
 * native Wasm makes a cheap direct call. Measured on the fib kernel (naive fib, tak,
 * Ackermann): 177 -> 125 ms, below native's 129.
 *
 * The copy is plain Wasm, so the emitter treats it like any other code:
 * - the copy's parameters and locals are one set of fresh locals of the caller, appended
 *   after its own and shared by every call site (copies never run at the same time: calls
 *   inside a copy are real calls, with frames of their own); the arguments are popped into
 *   them (last first), and its declared locals are zeroed, since a Wasm local starts at
 *   zero on every call (the copy may run many times);
 * - the body is wrapped in a `block` with the function's result type. A branch to the
 *   body's own outermost label (the function's) then lands at the end of that block at
 *   the same depth, so branch depths stay as they are; `return` becomes a `br` to it;
 * - calls inside the copy stay calls (one level only), and nothing else changes: traps,
 *   memory growth and host calls happen in the same order.
 * A frame of the function now holds two sets of locals for two levels of Wasm recursion,
 * where two frames held one each, and saves one frame's fixed cost: the deepest recursion
 * of trap_call_stack_exhausted.wat's `depth` went from 9,727 to 24,575 levels before
 * warm-up and from 15,447 to 30,895 after. MAX_INLINED_LOCALS keeps a copy's frame small.
 *
 * Limits keep code size in check: a body of at most MAX_INLINED_BODY instructions, at most
 * MAX_SELF_CALLS call sites, at most MAX_INLINED_LOCALS parameters and locals, and one
 * result at most (multi-value recursion is rare, and its block would need a type index).
 */
import { opInfo, type Op } from '../model/opcodes.js';
import type { Func, FuncType, Instr, ValType } from '../model/types.js';

/**
 * The largest body (instructions, including the final `end`) that is copied into itself.
 * binarytrees's tree builder (140, with its allocator inlined by clang) ran about 10% faster
 * for it than at a limit of 80; sql.js then has 43 such functions (+1.5% of output), QuickJS 10.
 */
export const MAX_INLINED_BODY = 160;
/** The most self-calls a function may have to get them inlined (each adds a copy of the body). */
export const MAX_SELF_CALLS = 3;
/** The most parameters and declared locals a function may have to get a copy of them. */
export const MAX_INLINED_LOCALS = 32;

/** Ops that open a block (depth + 1 inside the copy), and branches whose depths stay valid in it. */
export const BLOCK_OPENERS: ReadonlySet<Op> = new Set<Op>(['block', 'loop', 'if']);
export const BRANCHES: ReadonlySet<Op> = new Set<Op>(['br', 'br_if', 'br_table']);

/**
 * A function body after inlining, and how many locals were appended to it: the copy's
 * parameters and locals, in order, so appended local k copies local k.
 */
export interface Inlined {
  readonly func: Func;
  readonly copied: number;
}

/** The function with its self-calls inlined one level; `copied` is 0 when it does not qualify. */
export function inlineSelfCalls(func: Func, funcIndex: number, type: FuncType): Inlined {
  const unchanged = { func, copied: 0 };
  const isSelfCall = (i: Instr) => i.op === 'call' && i.index === funcIndex;
  const calls = func.body.filter(isSelfCall).length;
  const localTypes = [...type.params, ...func.locals];
  if (calls === 0 || calls > MAX_SELF_CALLS || func.body.length > MAX_INLINED_BODY || type.results.length > 1) return unchanged;
  if (localTypes.length > MAX_INLINED_LOCALS || localTypes.includes('v128') || !func.body.every(copyable)) return unchanged;

  const base = localTypes.length; // the copy's local i is base + i
  const body = func.body.flatMap((instr) => (isSelfCall(instr) ? inlinedCall(func, type, base, instr.offset) : [instr]));
  return { func: { ...func, locals: [...func.locals, ...localTypes], body }, copied: localTypes.length };
}

/**
 * Whether the transform knows what `instr` means inside a copy: an op with a label immediate
 * other than the plain branches, or a return other than `return` (tail calls), would need
 * rewriting that this module does not do (test/behaviour/inline-recursion.test.ts checks the
 * opcode table against these sets).
 */
function copyable(instr: Instr): boolean {
  const imm = opInfo(instr.op).imm;
  if ((imm === 'label' || imm === 'br_table') && !BRANCHES.has(instr.op)) return false;
  if (imm === 'blocktype' && !BLOCK_OPENERS.has(instr.op)) return false;
  return instr.op === 'return' || !instr.op.startsWith('return');
}

/** A self-call's replacement: arguments into the copy's locals, its locals zeroed, its body in a block. */
function inlinedCall(func: Func, type: FuncType, base: number, at: number): Instr[] {
  const out: Instr[] = [];
  for (let i = type.params.length - 1; i >= 0; i--) out.push({ op: 'local.set', index: base + i, offset: at });
  func.locals.forEach((t, i) => out.push(zeroConst(t, at), { op: 'local.set', index: base + type.params.length + i, offset: at }));
  const result = type.results[0];
  out.push({ op: 'block', blockType: result === undefined ? { kind: 'empty' } : { kind: 'value', type: result }, offset: at });
  let depth = 0; // blocks opened inside the copy, around the current instruction
  for (const instr of func.body) {
    if (BLOCK_OPENERS.has(instr.op)) depth++;
    else if (instr.op === 'end') depth--; // the body's final `end` closes the wrapping block
    if (instr.op === 'return') out.push({ op: 'br', index: depth, offset: instr.offset });
    else if (opInfo(instr.op).imm === 'local') out.push({ ...instr, index: base + instr.index! });
    else out.push(instr);
  }
  return out;
}

/** The constant instruction of a local's initial value. */
function zeroConst(t: ValType, offset: number): Instr {
  switch (t) {
    case 'i32':
      return { op: 'i32.const', value: 0, offset };
    case 'i64':
      return { op: 'i64.const', value: 0n, offset };
    case 'f32':
      return { op: 'f32.const', value: 0, offset };
    case 'f64':
      return { op: 'f64.const', value: 0n, offset };
    case 'funcref':
    case 'externref':
      return { op: 'ref.null', types: [t], offset };
    case 'v128':
      throw new Error('internal: functions with v128 locals are not inlined');
  }
}
