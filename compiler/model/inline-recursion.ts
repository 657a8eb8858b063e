/**
 * One level of inlining for small self-recursive functions: each `call` of a function to
 * itself becomes a copy of its body, so half of the recursive calls disappear.
 *
 * Why: TurboFan never inlines a function into itself, so every recursive call in the
 * generated code is a full JS call (frame setup, stack check, argument moves), where
 * native Wasm makes a cheap direct call. Measured on the fib kernel (naive fib, tak,
 * Ackermann): 177 -> 125 ms, below native's 129.
 *
 * The copy is plain Wasm, so every later stage treats it like any other code:
 * - the copy's parameters and locals are fresh locals of the caller, appended after its
 *   own; the arguments are popped into them (last first), and its declared locals are
 *   zeroed, since a Wasm local starts at zero on every call (the copy may run many times);
 * - the body is wrapped in a `block` with the function's result type. A branch to the
 *   body's own outermost label (the function's) then lands at the end of that block at
 *   the same depth, so branch depths stay as they are; `return` becomes a `br` to it;
 * - calls inside the copy stay calls (one level only), and nothing else changes: traps,
 *   memory growth and host calls happen in the same order. Only the depth at which a
 *   runaway recursion exhausts the JS stack moves, which Wasm leaves to the engine.
 *
 * Limits keep code size in check: a body of at most MAX_INLINED_BODY instructions, at most
 * MAX_SELF_CALLS call sites, one result at most (a multi-value block would need a type
 * the module may not have).
 */
import type { Func, FuncType, Instr, ValType } from './types.js';

/**
 * The largest body (instructions, including the final `end`) that is copied into itself.
 * binarytrees's tree builder (140, with its allocator inlined by clang) ran about 10% faster
 * for it than at a limit of 80; sql.js then has 43 such functions (+1.5% of output), QuickJS 10.
 */
export const MAX_INLINED_BODY = 160;
/** The most self-calls a function may have to get them inlined (each adds a copy). */
export const MAX_SELF_CALLS = 3;

/** A function after inlining: `copyOf[i]` names the local that each appended local copies. */
export interface InlinedFunc extends Func {
  /** For each local appended by inlining (in order), the index of the local it copies. */
  readonly copyOf: readonly number[];
}

/** The function with its self-calls inlined one level, or the function itself when it does not qualify. */
export function inlineSelfCalls(func: Func, funcIndex: number, type: FuncType): Func | InlinedFunc {
  const calls = func.body.filter((i) => i.op === 'call' && i.index === funcIndex).length;
  if (calls === 0 || calls > MAX_SELF_CALLS || func.body.length > MAX_INLINED_BODY || type.results.length > 1) return func;
  const localTypes = [...type.params, ...func.locals];
  if (!localTypes.every(hasZero)) return func;

  const body: Instr[] = [];
  const locals = [...func.locals];
  const copyOf: number[] = [];
  for (const instr of func.body) {
    if (instr.op !== 'call' || instr.index !== funcIndex) {
      body.push(instr);
      continue;
    }
    const base = type.params.length + locals.length;
    localTypes.forEach((t, i) => {
      locals.push(t);
      copyOf.push(i);
    });
    body.push(...copyOfBody(func, type, base, instr.offset));
  }
  return { ...func, locals, body, copyOf };
}

/** The call's replacement: arguments into the copy's locals, its locals zeroed, its body in a block. */
function copyOfBody(func: Func, type: FuncType, base: number, at: number): Instr[] {
  const out: Instr[] = [];
  for (let i = type.params.length - 1; i >= 0; i--) out.push({ op: 'local.set', index: base + i, offset: at });
  func.locals.forEach((t, i) => out.push(zeroOf(t, at), { op: 'local.set', index: base + type.params.length + i, offset: at }));
  const result = type.results[0];
  out.push({ op: 'block', blockType: result === undefined ? { kind: 'empty' } : { kind: 'value', type: result }, offset: at });
  let depth = 0; // blocks opened inside the copy, around the current instruction
  for (const instr of func.body) {
    switch (instr.op) {
      case 'block':
      case 'loop':
      case 'if':
        depth++;
        out.push(instr);
        break;
      case 'end':
        // The body's final `end` closes the wrapping block.
        depth--;
        out.push(instr);
        break;
      case 'return':
        out.push({ op: 'br', index: depth, offset: instr.offset });
        break;
      case 'local.get':
      case 'local.set':
      case 'local.tee':
        out.push({ ...instr, index: base + instr.index! });
        break;
      default:
        out.push(instr);
    }
  }
  return out;
}

function hasZero(t: ValType): boolean {
  return t !== 'v128';
}

/** The instruction pushing a local's initial value. */
function zeroOf(t: ValType, offset: number): Instr {
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
      throw new Error('unreachable: v128 locals are not inlined');
  }
}
