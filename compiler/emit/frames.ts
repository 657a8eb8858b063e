/**
 * Frame mode of function splitting: the pieces split off a large function become functions of
 * their own beside it, and the locals they share with it live in the runtime's frame stack
 * (runtime-lib/frames.ts) as typed-array slots, each with a comment naming the local:
 * `I32[fp + 3]` for an i32 value or i64 half, `F64[(fp >> 1) + 2]` for an f32 or f64.
 *
 * Why: closures that share a function's locals make V8 allocate a context for those locals at
 * every call of the function (and the closures themselves): QuickJS's interpreter function,
 * called once per JavaScript call it runs, allocated about 1.4 KB each time (2,211 young-
 * generation collections in one bench run; 12 with frames, and 7% faster). Typed-array slots
 * are allocated once, hold i32 values and doubles unboxed, and need no closures.
 *
 * A function gets frame mode when every local is a number and its result is at most one
 * number (./outline.ts decides); references and tuples keep the closures.
 */
import type { Node } from './statement-tree.js';
import { render } from './statement-tree.js';

/** What frame mode needs from the emitter. */
export interface FrameContext {
  /** The module's FrameStack (`const FRAMES = frameStack();`). */
  readonly stack: string;
  /** A fresh identifier in the module's scope, for a split-off function. */
  partName(base: string): string;
  /** Where the function's result goes while it travels from a piece to the function. */
  readonly resultSlot: 'i32' | 'f64' | 'void';
}

export type SlotKind = 'i32' | 'f64';

/** A piece split off, ready to be written. */
export interface FramePiece {
  readonly name: string;
  readonly nodes: readonly Node[];
  /** Its own declarations (views, code variable, copies of locals). */
  readonly declarations: readonly string[];
  /** Locals it declares itself: they keep their names in it. */
  readonly own: ReadonlySet<string>;
  /** The function's locals whose values it (or a piece it calls) may read from the frame. */
  readonly copyIn: ReadonlySet<string>;
  /** The function's locals it (or a piece it calls) may change in the frame, read after it. */
  readonly copyOut: ReadonlySet<string>;
}

export interface FrameInput {
  readonly frames: FrameContext;
  /** The frame pointer's and the arrays' names, fresh in the function. */
  readonly names: { readonly fp: string; readonly i32: string; readonly f64: string };
  /** The locals that live in the frame, with their kinds, in slot order. */
  readonly shared: ReadonlyMap<string, SlotKind>;
  /**
   * Those of them the function keeps in variables of its own: it stores them into their slots
   * before it calls a piece that may read them and reloads them after one that may change them.
   */
  readonly registers: ReadonlySet<string>;
  /** A number variable of the function that a call site may hold a piece's exit code in. */
  readonly codeVar: string;
  /** The function's parameters that live in the frame (copied in on entry). */
  readonly params: readonly string[];
  /** Frame locals whose zero value the body may read (slots hold stale values otherwise). */
  readonly zeroed: readonly string[];
  /** The function's own header declarations (code variable) and its split body. */
  readonly header: readonly string[];
  readonly body: readonly Node[];
  readonly pieces: readonly FramePiece[];
}

export interface FrameOutput {
  /** The locals now in the frame: the function no longer declares them. */
  readonly inFrame: ReadonlySet<string>;
  readonly header: string[];
  readonly body: string[];
  /** The split-off functions, written after the function. */
  readonly siblings: string[];
}

export function assembleFrames(input: FrameInput): FrameOutput {
  const { names, frames } = input;
  const kinds = [...input.shared.values()];
  const i32Slots = kinds.filter((k) => k === 'i32').length;
  // f64 slots follow the i32 ones, from the next even 32-bit slot (the frame pointer is even).
  const firstF64 = Math.ceil(i32Slots / 2);
  const size = 2 * (firstF64 + kinds.length - i32Slots);
  const slot = new Map<string, string>();
  const next = { i32: 0, f64: firstF64 };
  for (const [name, kind] of input.shared) {
    // The comment follows the access: esbuild (the JS target) drops it there, where inside the
    // brackets it would spread each access over four lines.
    slot.set(name, kind === 'i32' ? `${names.i32}[${names.fp} + ${next.i32++}] /* ${name} */` : `${names.f64}[(${names.fp} >> 1) + ${next.f64++}] /* ${name} */`);
  }
  const rewrite = (lines: readonly string[], own: ReadonlySet<string>) =>
    lines.map((l) => l.replace(/(?<![\w$.])[A-Za-z_$][\w$]*/g, (id) => (own.has(id) ? id : (slot.get(id) ?? id))));
  // The arrays a piece of code uses, as locals (V8 then checks them once, not at every access).
  const stack = frames.stack;
  const arrays = (lines: readonly string[]) => {
    const used = [names.i32, names.f64].filter((a) => lines.some((l) => l.includes(`${a}[`)));
    return used.length === 0 ? [] : [`const ${used.map((a) => `${a} = ${stack}.${a === names.i32 ? 'i32' : 'f64'}`).join(', ')};`];
  };
  const entry = [
    ...input.params.map((n) => `${slot.get(n)!} = ${n};`),
    ...input.zeroed.map((n) => `${slot.get(n)!} = 0;`),
  ];
  const body = withCopies(rewrite(render(input.body, 1), input.registers), input, slot);
  const header = [
    `const ${names.i32} = ${stack}.i32${kinds.length > i32Slots ? `, ${names.f64} = ${stack}.f64` : ''};`,
    `const ${names.fp} = ${stack}.sp;`,
    `if ((${stack}.sp = ${names.fp} + ${size}) > ${names.i32}.length) ${stack}.overflow(${names.fp});`,
    ...input.header,
    ...entry,
  ];
  const siblings: string[] = [];
  for (const piece of input.pieces) {
    const lines = rewrite(render(piece.nodes, 1), piece.own);
    siblings.push(
      `function ${piece.name}(${names.fp}: number): number {`,
      ...arrays(lines).map((l) => '  ' + l),
      ...piece.declarations.map((d) => '  ' + d),
      ...lines,
      '  return 0;',
      '}',
    );
  }
  return {
    inFrame: new Set([...input.shared.keys()].filter((n) => !input.registers.has(n))),
    header: header.map((l) => '  ' + l),
    body: ['try {', ...body, '} finally {', `  ${stack}.sp = ${names.fp};`, '}'].map((l) => '  ' + l),
    siblings,
  };
}

/**
 * The function's call sites of its pieces, with the function's variables of the locals a piece
 * may read stored into their slots before the call, and those it may change reloaded after:
 * `part(fp)` becomes `(I32[fp + 3] = l3, code = part(fp), l3 = I32[fp + 3], code)`.
 */
function withCopies(lines: string[], input: FrameInput, slot: ReadonlyMap<string, string>): string[] {
  let out = lines;
  for (const piece of input.pieces) {
    const stores = [...piece.copyIn].filter((n) => input.registers.has(n)).map((n) => `${slot.get(n)!} = ${n}`);
    const loads = [...piece.copyOut].filter((n) => input.registers.has(n)).map((n) => `${n} = ${slot.get(n)!}`);
    if (stores.length + loads.length === 0) continue;
    const call = `${piece.name}(${input.names.fp})`;
    const wrapped = `(${[...stores, `${input.codeVar} = ${call}`, ...loads, input.codeVar].join(', ')})`;
    const at = new RegExp(`(?<![\\w$])${call.replace(/[$()]/g, '\\$&')}`, 'g');
    out = out.map((l) => (l.includes(call) ? l.replace(at, () => wrapped) : l));
  }
  return out;
}
