/**
 * Splits a function body too large for V8's optimizing compiler into closures.
 *
 * Why: TurboFan refuses functions whose bytecode exceeds 60 KB (`--max-optimized-bytecode-size`),
 * and such a function runs in the baseline tier for ever, 5-20x slower. Wasm compilers
 * produce such functions routinely (SQLite's interpreter loop, sqlite3VdbeExec, is 175 KB of
 * bytecode once translated: sql.js ran 20x slower than natively, 3.7x with the limit lifted).
 * V8 sizes each function separately, including closures defined inside another, so moving
 * runs of statements into pieces of their own brings every piece under the limit.
 *
 * A piece needs the function's locals. Where every local is a number and the result at most
 * one, pieces are functions written beside the function, and the locals they share with it
 * live in the runtime's frame stack (frame mode, ./frames.ts). Otherwise (reference-typed
 * locals, tuple results) pieces are closures defined inside the function, sharing its locals
 * through V8's context object, which V8 allocates at every call. Either way shared locals cost
 * more than registers, which is why only functions over the limit are split, and why a piece
 * has its own `let` of every local that carries no value into or out of it (found by
 * ./liveness.ts: about half of those a piece mentions). In frame mode the function itself
 * keeps the shared locals its own code uses most in variables, copied into the frame around
 * its calls of pieces (registerLocals).
 *
 * Where a piece starts matters as much as its size: a `br_table` dispatch is a ladder of nested
 * blocks, and moving whole rungs into pieces makes the pieces nest (each QuickJS guest call
 * went through five). A rung whose inner blocks were split stays in place and only its tail
 * moves (Splitter.aroundSplit), so the ladder stays in the function as a skeleton. Its bottom,
 * the `switch` and the rungs below the first that had to split, would otherwise move whole into
 * one piece, and every dispatch would call it, return a code and switch on that code: it stays
 * too, its tails moved (Splitter.keepDispatch; QuickJS's guest recursion 1,400 -> 1,590 frames).
 * All this leaves a frame-mode function far below V8's limit (QuickJS's interpreter function:
 * 29 KB of bytecode, 204 calls of pieces), so the pieces it calls itself move back in, smallest
 * first, while it stays as small as a function left whole (Splitter.refill): QuickJS's
 * workload 5-15% faster.
 *
 * It works on the finished lines of a body, which the emitter writes one statement per line
 * with every brace at a line's end (`L3: {`, `} else {`, `}`), and it only moves whole
 * statements of one block body. Control leaving a moved run is handed back as a number:
 * `break L`/`continue L` to a label outside the run becomes `return k`, and the call site
 * repeats the jump (`switch (part()) { case k: break L; }`); a function return stores its
 * value in a local and returns -1. Label names are unique within a function, so a jump is
 * resolved by name alone. Each closure has its own copies of the function's memory views
 * (a shared one would be a context variable at every memory access); a caller re-reads its
 * copies after a call of a closure that may have grown memory.
 */
import { assignedIn, collectLabels, containsLine, identifiers, occurrences, IDENTIFIER, JUMP, line, mapLines, measure, mentions, parse, render, resize, sizeOf, textSize, type Compound, type Node } from './statement-tree.js';
import { Liveness } from './liveness.js';
import { assembleFrames, type FrameContext, type SlotKind } from './frames.js';

/** Parses `ABOVE,CHUNK` (the spec and fuzz runners' `--outline`); undefined if it is not two integers. */
export function parseOutlineLimits(text: string): OutlineLimits | undefined {
  const m = /^(\d+),(\d+)$/.exec(text.trim());
  return m && Number(m[2]) >= 1 ? { above: Number(m[1]), chunk: Number(m[2]) } : undefined;
}

/** When and how finely to split. Sizes are characters of code without indentation (V8's bytecode is about 0.85 bytes per character). */
export interface OutlineLimits {
  /** Split a function whose body is larger than this. */
  readonly above: number;
  /** The most a moved run (a piece) holds (in frame mode, counting each local as the frame slot it becomes). */
  readonly chunk: number;
}

/**
 * 60,000 characters is about 51 KB of bytecode (0.8-0.85 bytes a character in plain
 * functions): still optimized, with margin below V8's 60 KB. In a closure, locals are context
 * slots and cost more bytecode (about 1.05 bytes a character): 36,000 characters measured at
 * most 37 KB on sql.js and QuickJS. Larger closures mean fewer calls between them: 36,000 ran
 * 10-15% faster than 24,000 on both. Frame mode sizes its pieces differently (FRAME_SLOT_EXTRA).
 */
export const DEFAULT_OUTLINE_LIMITS: OutlineLimits = { above: 60_000, chunk: 36_000 };

/**
 * How many characters longer a local is once it is a frame slot (`I32[fp + 3]` for `l3`), and
 * about how many more bytes of bytecode V8 spends on it (8.6, fitted on QuickJS's pieces): in
 * frame mode, pieces are sized as they will be written, so that none nears V8's limit however
 * densely it uses locals (unweighted, they measured up to 52 KB).
 */
const FRAME_SLOT_EXTRA = 9;

/**
 * In frame mode, sizes so counted come to about 1 byte of bytecode a character whatever the
 * code, so pieces can be larger than closures: 1.5 chunks (54,000 by default) measured at most
 * 54 KB on sql.js and QuickJS. Larger pieces mean fewer calls between them, and calls are much
 * of what splitting costs: QuickJS's workload ran 1,490 ms with pieces of at most 35 KB, 1,250
 * with 51 KB.
 */
const FRAME_CHUNK_FACTOR = 1.5;

/** Runs shorter than this stay in a skeleton (see Splitter.aroundSplit): a call costs more than they do. */
const SKELETON_MIN_RUN = 300;

/** The most of a piece's size a dispatch chain kept in place may take (Splitter.keepDispatch). */
const DISPATCH_SKELETON_SHARE = 0.25;

/**
 * The most shared locals a frame-mode function keeps in variables of its own (registerLocals),
 * those it gains most on first. Each is live across the function's calls of pieces, and so
 * takes a slot of its stack frame at every level of recursion: with the pieces moved back in
 * (Splitter.refill, refilled to 64,000), QuickJS's interpreter function kept 35, and its guest
 * recursion fell from 1,320 frames to 1,110; with 20, 1,170, and its workload about as fast
 * (-12% against -13%; 12: -5%, 1,250 frames). (Refilled to 60,000, as now: 1,280 frames.)
 */
const MAX_REGISTER_LOCALS = 20;

/** One copy of a register at a call of a piece (`I32[fp + 3] = l3, ` and its comment), in frame-weighted characters. */
const REFILL_COPY_SIZE = 24;

/** What the splitter needs from the emitter. */
export interface OutlineContext {
  /** A fresh identifier in the function's scope. */
  fresh(base: string): string;
  /** The TS type of the function's result (`void`, `number`, a tuple...). */
  readonly resultType: string;
  /** The function's local copies of memory views (see BodyEmitter.memoryView), if it has any. */
  readonly views?: LocalViews;
  /**
   * The function's parameters and locals (an i64 as its two halves), with their TS types and
   * zero values. Pieces that share fewer of them run faster (see ./liveness.ts): a piece gets
   * its own `let` of each local it mentions that is dead wherever control enters or leaves it.
   */
  readonly locals?: ReadonlyMap<string, LocalInfo>;
  /** The function's parameters (names as in `locals`). */
  readonly params?: readonly string[];
  /** Given, pieces become functions beside the function, sharing locals through the frame stack (./frames.ts), where every local can. */
  readonly frames?: FrameContext;
}

export interface LocalInfo {
  readonly type: string;
  readonly zero: string;
  /** Its frame slot kind, if it can live in the frame stack (a number). */
  readonly slot?: SlotKind;
}

/**
 * A function's local DataViews: their names, declarations (`let view: DataView = OLive.view;`) and
 * the statement that re-reads them after memory may have grown (`view = OLive.view;`). Each
 * closure gets its own copies, so memory accesses in it do not go through the shared holder.
 */
export interface LocalViews {
  readonly names: readonly string[];
  readonly declarations: readonly string[];
  readonly refresh: string;
}

export interface Outlined {
  /** Declarations to add to the function's header: the return-value and exit-code locals, and the closures. */
  readonly header: string[];
  readonly body: string[];
  /** Functions to write after the function (frame mode). */
  readonly siblings?: string[];
  /** Locals that moved into the frame stack (frame mode): the function's declarations of them go. */
  readonly inFrame?: ReadonlySet<string>;
}

/**
 * Returns the split body, or undefined when the body is small enough or its lines do not
 * follow the one-statement-per-line shape (then it is left as it is).
 */
export function outlineLargeBody(lines: readonly string[], limits: OutlineLimits, ctx: OutlineContext): Outlined | undefined {
  const trimmed = lines.map((l) => l.trim()).filter((l) => l !== '');
  if (trimmed.reduce((n, l) => n + l.length, 0) <= limits.above) return undefined;
  const body = parse(trimmed);
  if (body === undefined) return undefined;
  const locals = ctx.locals ?? new Map<string, LocalInfo>();
  const liveness = locals.size > 0 ? Liveness.analyze(body, [...locals.keys()]) : undefined;
  const frameMode = ctx.frames !== undefined && liveness !== undefined && [...locals.values()].every((l) => l.slot !== undefined);
  const frameNames = frameMode ? { fp: ctx.fresh('fp'), i32: ctx.fresh('I32'), f64: ctx.fresh('F64') } : undefined;
  // In frame mode every local a piece mentions becomes a frame slot: size code as it will be written.
  if (frameMode) resize(body, frameTextSize(locals));
  const frame = frameNames && ctx.frames ? { partName: ctx.frames.partName, args: frameNames.fp } : undefined;
  // The last statement stays in place (its nested bodies may still be split): it ends the
  // function with a return or throw, and TS checks that the function ends so.
  const splitter = new Splitter(limits, ctx, liveness, frame);
  const first = body[0]; // shrink rearranges `body`
  const shrunk = splitter.shrink(body, undefined, true);
  if (splitter.parts.length === 0) return undefined; // it fitted after all (sizes weighted for frame mode)
  // Frame mode: pieces the function calls itself move back in while it stays as small as a
  // function left whole (`above`), sized as written (Splitter.refill, splitFunctionSize). The
  // registers are known only after, so refills that then overshoot are undone, the last first.
  const refills = frameMode ? splitter.refill(shrunk, limits.above, weighted(new Set(splitter.parts.flatMap((p) => [...p.shared])))) : [];
  let sharedNames: Set<string>;
  let registers: Set<string>;
  for (;;) {
    sharedNames = new Set(splitter.parts.flatMap((p) => [...p.shared]));
    registers = frameMode ? registerLocals(shrunk, splitter.parts, sharedNames) : new Set<string>();
    if (refills.length === 0 || splitFunctionSize(shrunk, splitter.parts, sharedNames, registers) <= limits.above) break;
    splitter.undoRefill(refills.pop()!);
  }
  if (splitter.parts.length === 0) return undefined; // all moved back: it fits whole
  if (registers.size > 0) splitter.codeVar ??= ctx.fresh('code');
  const header: string[] = [];
  if (splitter.codeVar !== undefined && (registers.size > 0 || mentions(shrunk, splitter.codeVar))) header.push(`let ${splitter.codeVar} = 0;`);
  // A piece's own locals: its copies of the memory views, its call-site code variable, and
  // the locals that carry nothing into or out of it.
  const declarations = (part: Part) => [
    ...(ctx.views && ctx.views.names.some((n) => mentions(part.nodes, n)) ? ctx.views.declarations : []),
    ...(splitter.codeVar !== undefined && mentions(part.nodes, splitter.codeVar) ? [`let ${splitter.codeVar} = 0;`] : []),
    ...[...part.own].map((name) => `let ${name}: ${locals.get(name)!.type} = ${locals.get(name)!.zero};`),
  ];
  if (frameNames && ctx.frames && liveness) {
    const shared = new Map([...locals].filter(([n]) => sharedNames.has(n)).map(([n, l]) => [n, l.slot!] as const));
    const returnSlot = ctx.frames.resultSlot;
    if (splitter.returnVar !== undefined && returnSlot !== 'void') shared.set(splitter.returnVar, returnSlot);
    const params = (ctx.params ?? []).filter((p) => shared.has(p) && !registers.has(p));
    const dead = first === undefined ? new Set<string>() : liveness.deadBefore(first, shared.keys());
    const zeroed = [...shared.keys()].filter((n) => !dead.has(n) && !params.includes(n) && !registers.has(n) && n !== splitter.returnVar);
    const pieces = splitter.parts.map((part) => ({ name: part.name, nodes: part.nodes, declarations: declarations(part), own: part.own, copyIn: part.copyIn, copyOut: part.copyOut }));
    return assembleFrames({ frames: ctx.frames, names: frameNames, shared, registers, codeVar: splitter.codeVar ?? '', params, zeroed, header, body: shrunk, pieces });
  }
  if (splitter.returnVar !== undefined) header.unshift(`let ${splitter.returnVar}!: ${ctx.resultType};`);
  for (const part of splitter.parts) {
    header.push(`const ${part.name} = (): number => {`, ...declarations(part).map((d) => '  ' + d), ...render(part.nodes, 1), '  return 0;', '};');
  }
  return { header: header.map((l) => '  ' + l), body: render(shrunk, 1) };
}

/**
 * Frame mode: the locals a split function keeps in variables of its own although its pieces
 * use them too. Each is stored into its frame slot before a call of a piece that may read it
 * and reloaded after a call of one that may change it (./frames.ts): worth it where the
 * function's own code mentions it more often than its calls of pieces copy it. Keeping every
 * local the function mentions made QuickJS's workload 13% faster (its interpreter function's
 * own code is the per-call set-up and the dispatch loop) and sql.js's 5% slower (nearly only
 * dispatch and calls); with this rule, 10% faster and unchanged. Each kept local costs a slot
 * in the function's stack frame: QuickJS's guest recursion went from 1,590 to 1,320 frames;
 * so at most MAX_REGISTER_LOCALS are kept.
 */
function registerLocals(body: readonly Node[], parts: readonly Part[], shared: ReadonlySet<string>): Set<string> {
  const uses = occurrences(body, shared);
  const copies = copiesAtCalls(body, parts);
  const gain = (n: string) => (uses.get(n) ?? 0) - (copies.get(n) ?? 0);
  const chosen = [...shared].filter((n) => gain(n) > 0).sort((a, b) => gain(b) - gain(a) || (a < b ? -1 : 1));
  return new Set(chosen.slice(0, MAX_REGISTER_LOCALS));
}

/** Sizes a line as frame-mode code: each mention of a local in `slots` is a frame slot (FRAME_SLOT_EXTRA). */
function frameTextSize(slots: { has(name: string): boolean }): (text: string) => number {
  return (text) => text.length + FRAME_SLOT_EXTRA * [...text.matchAll(IDENTIFIER)].filter((m) => slots.has(m[0])).length;
}

/** Sizes statements as frame-mode code (frameTextSize), whatever their recorded sizes. */
function weighted(slots: ReadonlySet<string>): (nodes: readonly Node[]) => number {
  return (nodes) => textSize(nodes, frameTextSize(slots));
}

/**
 * The size of a frame-mode function's own body as it will be written: its shared locals that
 * are not registers are frame slots, and each register a call of a piece stores or reloads
 * costs a copy (./frames.ts).
 */
function splitFunctionSize(body: readonly Node[], parts: readonly Part[], shared: ReadonlySet<string>, registers: ReadonlySet<string>): number {
  const copies = [...copiesAtCalls(body, parts)].reduce((n, [name, count]) => n + (registers.has(name) ? count : 0), 0);
  return weighted(new Set([...shared].filter((n) => !registers.has(n))))(body) + REFILL_COPY_SIZE * copies;
}

/** For each local, how many copies `body`'s calls of pieces would make of it, were it a register (in and out, ./frames.ts). */
function copiesAtCalls(body: readonly Node[], parts: readonly Part[]): Map<string, number> {
  const named = identifiers(body);
  const copies = new Map<string, number>();
  for (const part of parts.filter((p) => named.has(p.name))) {
    for (const n of [...part.copyIn, ...part.copyOut]) copies.set(n, (copies.get(n) ?? 0) + 1);
  }
  return copies;
}

/** A piece moved back into the function (Splitter.refill): where, and where it was among the parts. */
interface Refill {
  readonly list: Node[];
  readonly at: number;
  readonly part: Part;
  readonly order: number;
}

interface Part {
  readonly name: string;
  readonly nodes: Node[];
  /** The locals it has its own copies of. */
  readonly own: ReadonlySet<string>;
  /** The function's locals it or a closure it calls uses (those it mentions and has no copy of). */
  readonly shared: ReadonlySet<string>;
  /** Of those, the ones it or a closure it calls may assign. */
  readonly written: ReadonlySet<string>;
  /** Of those, the ones whose values it may read (live where it starts). */
  readonly copyIn: ReadonlySet<string>;
  /** Of those, the ones it may change that are read after it (written, and live where it ends or jumps to). */
  readonly copyOut: ReadonlySet<string>;
  /** The statements it was made of, as they stood in place (see Splitter.refill). */
  readonly original: readonly Node[];
  /** The statements that call it, in place of `original`. */
  call: readonly Node[];
}

class Splitter {
  readonly parts: Part[] = [];
  returnVar: string | undefined;
  /** The variable a call site holds a closure's exit code in while it re-reads the views. */
  codeVar: string | undefined;

  constructor(
    private readonly limits: OutlineLimits,
    private readonly ctx: OutlineContext,
    private readonly liveness: Liveness | undefined,
    /** Frame mode: how pieces are named and what their calls pass. */
    private readonly frame: { partName(base: string): string; args: string } | undefined,
  ) {}

  /** The most a piece holds: in frame mode, sizes count locals as frame slots, and pieces may hold more (FRAME_CHUNK_FACTOR). */
  get chunk(): number {
    return this.frame ? Math.round(this.limits.chunk * FRAME_CHUNK_FACTOR) : this.limits.chunk;
  }

  /**
   * Splits the bodies nested in `nodes` first, then, if `nodes` is still larger than
   * `target`, moves runs of its statements into closures, each at most a chunk. `loop` is the
   * label of the innermost enclosing loop (an unlabeled `break` leaves it). A statement with
   * two bodies (if/else) gets half the target for each, so that no statement, and so no
   * closure, ends up larger than a chunk.
   */
  shrink(nodes: Node[], loop: string | undefined, keepLast = false, target = this.chunk): Node[] {
    // Statements with pieces split off inside them (kept in place where they fit, see aroundSplit).
    const split = new Set<Node>();
    for (const node of nodes) {
      if (node.kind !== 'compound' || node.isSwitch || node.size <= target) continue;
      const each = Math.floor(target / node.bodies.length);
      const before = this.parts.length;
      node.bodies = node.bodies.map((b) => this.shrink(b, node.isLoop ? node.label : loop, false, each));
      if (this.parts.length > before) split.add(node);
      measure(node);
    }
    // A rung of a br_table ladder (`L: { <the rungs below> } <tail>`, the first statement split)
    // always becomes skeleton, so that the tails below do not pile up into a block too large to
    // stay (which would then move, with pieces inside it, into a piece).
    const first = nodes[0];
    let rung = first !== undefined && split.has(first) && isBlock(first);
    if (!rung && sizeOf(nodes) <= target) return nodes;
    if (!rung && first !== undefined && isBlock(first) && dispatchBelow(first) && this.keepDispatch(first, loop, target)) {
      split.add(first);
      rung = true;
    }
    if (split.size > 0) {
      // Keep the split statements as a skeleton while it fits in a piece; past that, the
      // skeleton itself moves into pieces (which then nest).
      const skeleton = this.aroundSplit(nodes, split, loop, keepLast);
      if (sizeOf(skeleton) <= target) return skeleton;
      nodes = skeleton;
    }
    const glued = gluedToPrevious(nodes);
    const tail = nodes.splice(movable(nodes, glued, keepLast));
    const out: Node[] = [];
    let run: Node[] = [];
    const flush = () => {
      if (sizeOf(run) >= this.chunk / 8) out.push(...this.outline(run, loop));
      else out.push(...run);
      run = [];
    };
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (run.length > 0 && sizeOf(run) + node.size > this.chunk && !glued[i]) flush();
      run.push(node);
    }
    flush();
    out.push(...tail);
    return out;
  }

  /**
   * The bottom of a br_table ladder (the block chain down to the `switch`) that fits in a piece
   * whole would move into one, and every dispatch would then call it, come back with a code and
   * switch on that code. Instead the chain stays, its tails split off (skeletonize), if what
   * stays is small (at most DISPATCH_SKELETON_SHARE of `target`); otherwise it is left as it was.
   */
  private keepDispatch(block: Compound, loop: string | undefined, target: number): boolean {
    const before = { parts: this.parts.length, returnVar: this.returnVar, codeVar: this.codeVar };
    const replaced: [Compound, Node[]][] = [];
    this.skeletonize(block, loop, replaced);
    if (block.size <= target * DISPATCH_SKELETON_SHARE) return true;
    for (const [b, body] of replaced) b.bodies[0] = body;
    measure(block);
    this.parts.length = before.parts;
    this.returnVar = before.returnVar;
    this.codeVar = before.codeVar;
    return false;
  }

  /** Leaves in `block` only the chain (down to the `switch` at its bottom), the tails split off; records what it replaced. */
  private skeletonize(block: Compound, loop: string | undefined, replaced: [Compound, Node[]][]): void {
    const nodes = block.bodies[0]!;
    const head = nodes[0]!;
    const keep = new Set<Node>();
    if (isBlock(head)) {
      // still the chain (dispatchBelow held for `block`), down to the switch
      this.skeletonize(head, loop, replaced);
      keep.add(head);
    } else {
      for (const node of nodes.slice(0, nodes.findIndex((n) => n.kind === 'compound' && n.isSwitch) + 1)) keep.add(node);
    }
    replaced.push([block, nodes]);
    block.bodies[0] = this.aroundSplit(nodes, keep, loop, false);
    measure(block);
  }

  /**
   * Moves the runs of statements between (and around) the statements in `split` into pieces
   * of their own, even small ones, and leaves those statements in place. A chain
   * of nested blocks whose tails are split off this way stays in the function as a skeleton of
   * labels and calls, so a jump out of the innermost block (a `br_table` dispatch) reaches the
   * code it runs through one call, not through a piece inside a piece inside a piece.
   */
  private aroundSplit(nodes: Node[], split: ReadonlySet<Node>, loop: string | undefined, keepLast: boolean): Node[] {
    const glued = gluedToPrevious(nodes);
    const kept = movable(nodes, glued, keepLast);
    const out: Node[] = [];
    let run: Node[] = [];
    const flush = () => {
      if (sizeOf(run) >= SKELETON_MIN_RUN) out.push(...this.outline(run, loop));
      else out.push(...run);
      run = [];
    };
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (i >= kept || (split.has(node) && !glued[i] && !glued[i + 1])) {
        flush();
        out.push(node);
      } else {
        if (run.length > 0 && sizeOf(run) + node.size > this.chunk && !glued[i]) flush();
        run.push(node);
      }
    }
    flush();
    return out;
  }

  /** Moves `run` into a closure; returns the statements that call it. */
  private outline(run: Node[], loop: string | undefined): Node[] {
    const name = this.frame ? this.frame.partName('part') : this.ctx.fresh('part');
    const inside = new Set<string>();
    collectLabels(run, inside);
    const exits = new Map<string, number>(); // jump statement -> its code
    const exitJumps: [string, string][] = [];
    let returns = false;
    const rewrite = (text: string, innerLoop: string | undefined): string => {
      const jump = text === 'break;' ? (innerLoop === undefined ? undefined : ['break', innerLoop]) : JUMP.exec(text)?.slice(1, 3);
      if (jump && !inside.has(jump[1])) {
        exitJumps.push([jump[0]!, jump[1]!]);
        const statement = `${jump[0]} ${jump[1]};`;
        if (!exits.has(statement)) exits.set(statement, exits.size + 1);
        return `return ${exits.get(statement)};`;
      }
      if (text === 'return;') {
        returns = true;
        return 'return -1;';
      }
      if (text.startsWith('return ')) {
        returns = true;
        this.returnVar ??= this.ctx.fresh('ret');
        const value = text.slice('return '.length, -1);
        return value === this.returnVar ? 'return -1;' : `return (${this.returnVar} = ${value}, -1);`;
      }
      return text;
    };
    const moved = mapLines(run, loop, rewrite);
    const locals = this.closureLocals(run, moved, exitJumps);
    const part: Part = { name, nodes: moved, ...locals, original: run, call: [] };
    this.parts.push(part);
    const call = `${name}(${this.frame?.args ?? ''})`;
    // If the closure may have grown memory, the caller's views are re-read after it. Every
    // point that may grow memory (memory.grow, a call that may reach it, and a closure call
    // that does) is followed by the refresh statement, so a closure without one cannot.
    const viewsRefresh = this.ctx.views?.refresh;
    const refresh = viewsRefresh !== undefined && containsLine(moved, viewsRefresh) ? viewsRefresh : undefined;
    if (exits.size === 0 && !returns) return (part.call = refresh ? [line(`${call};`), line(refresh)] : [line(`${call};`)]);
    const cases: Node[] = [];
    for (const [statement, code] of exits) cases.push(line(`case ${code}:`), line(statement));
    if (returns) cases.push(line('case -1:'), line(this.returnVar === undefined ? 'return;' : `return ${this.returnVar};`));
    let dispatch = call;
    if (refresh) {
      this.codeVar ??= this.ctx.fresh('code');
      dispatch = `(${this.codeVar} = ${call}, ${refresh.replace(/;\s*$/, '').replace(/;\s*/g, ', ')}, ${this.codeVar})`;
    }
    const node: Compound = { kind: 'compound', open: `switch (${dispatch}) {`, separators: [], bodies: [cases], size: 0, label: undefined, isSwitch: true, isLoop: false };
    measure(node);
    return (part.call = [node]);
  }

  /**
   * Moves pieces that the function itself calls back into it, smallest first, while it stays
   * within `target`. Splitting moves out every tail of a dispatch ladder, however small, and
   * what is left is often far below V8's limit (QuickJS's interpreter function: 29 KB of
   * bytecode and 204 calls of pieces); a small piece costs a call, copies and frame slots for
   * little work, and an interpreter's frequent opcodes are the small ones.
   *
   * The target is the size above which functions are split (60,000 by default). Sized as
   * written (splitFunctionSize), split functions came to 0.70 (QuickJS), 0.80 (sql.js) and
   * 0.83 (a 400-case dispatch, test/behaviour/outline.test.ts) bytes of bytecode a character,
   * and pieces, sized the same way, up to 0.95: at most 57 KB of V8's 60. QuickJS's function
   * grew to 43 KB, 151 calls of pieces left: its workload ran 5-15% faster (alternating runs),
   * sql.js's the same. Refilled to 64,000 QuickJS's was a few percent faster still, but the
   * test's function came to 53 KB, too near the limit for code of a higher ratio.
   */
  refill(body: Node[], target: number, sizeAsWritten: (nodes: readonly Node[]) => number): Refill[] {
    const done: Refill[] = [];
    let size = sizeAsWritten(body);
    for (let grew = true; grew; ) {
      grew = false;
      const sites = new Map<Node, Part>(this.parts.map((part) => [part.call[0]!, part]));
      const found: { list: Node[]; part: Part }[] = [];
      const walk = (list: Node[]) => {
        for (const node of list) {
          const part = sites.get(node);
          if (part) found.push({ list, part });
          else if (node.kind === 'compound') node.bodies.forEach(walk);
        }
      };
      walk(body);
      const sizes = new Map(found.map(({ part }) => [part, sizeAsWritten(part.original)]));
      found.sort((a, b) => sizes.get(a.part)! - sizes.get(b.part)!);
      for (const { list, part } of found) {
        const growth = sizes.get(part)! - sizeAsWritten(part.call);
        if (growth > target - size) continue;
        const at = list.indexOf(part.call[0]!);
        const order = this.parts.indexOf(part);
        list.splice(at, part.call.length, ...part.original);
        this.parts.splice(order, 1);
        done.push({ list, at, part, order });
        size += growth;
        grew = true;
      }
    }
    body.forEach(measure);
    return done;
  }

  /** Takes back the last refill not yet taken back: the piece is called again. */
  undoRefill({ list, at, part, order }: Refill): void {
    list.splice(at, part.original.length, ...part.call);
    this.parts.splice(order, 0, part);
  }

  /**
   * The locals a closure made of `run` (`moved` once its jumps are rewritten) has its own copies
   * of: those it mentions that are dead where control enters and leaves it, unless a closure it
   * calls (directly or through others) uses the function's copy. (Passing the locals it only
   * reads as parameters was measured too: QuickJS ran 15% slower, sql.js no faster.)
   * Copies are registers in the piece's frame, so they cost stack: QuickJS's guest recursion
   * went from about 2,000 frames to 1,380 with them, and its workload from 1,045 to 880 ms.
   */
  private closureLocals(run: readonly Node[], moved: readonly Node[], exitJumps: readonly (readonly [string, string])[]): Omit<Part, 'name' | 'nodes' | 'original' | 'call'> {
    if (this.liveness === undefined || this.ctx.locals === undefined) return { own: new Set(), shared: new Set(), written: new Set(), copyIn: new Set(), copyOut: new Set() };
    const named = identifiers(moved);
    const mentioned = [...this.ctx.locals.keys()].filter((n) => named.has(n));
    const called = this.parts.filter((p) => named.has(p.name));
    const dead = this.liveness.deadAround(run, exitJumps, mentioned);
    const own = new Set(mentioned.filter((n) => dead.has(n) && called.every((p) => !p.shared.has(n))));
    const shared = new Set([...mentioned.filter((n) => !own.has(n)), ...called.flatMap((p) => [...p.shared])]);
    const assigned = assignedIn(moved);
    const written = new Set([...[...shared].filter((n) => assigned.has(n)), ...called.flatMap((p) => [...p.written])]);
    const copyIn = this.liveness.liveOnEntry(run, shared);
    const copyOut = this.liveness.liveOnExit(run, exitJumps, written);
    return { own, shared, written, copyIn, copyOut };
  }
}

/** How many of `nodes` may move: with keepLast, the last statement stays, and with it those it is glued to. */
function movable(nodes: readonly Node[], glued: readonly boolean[], keepLast: boolean): number {
  let kept = nodes.length;
  if (keepLast && kept > 0) for (kept--; kept > 0 && glued[kept]; kept--);
  return kept;
}

/** A labeled block (`L3: {`): a rung of a br_table ladder. */
function isBlock(node: Node): node is Compound {
  return node.kind === 'compound' && node.open === `${node.label}: {`;
}

/** Whether `block` is a ladder: first statements that are blocks, down to a body with a `switch`. */
function dispatchBelow(block: Compound): boolean {
  for (let b = block; ; ) {
    const body = b.bodies[0]!;
    const head = body[0];
    if (head !== undefined && isBlock(head)) b = head;
    else return body.some((n) => n.kind === 'compound' && n.isSwitch);
  }
}

/**
 * For each statement, whether it must stay in the same run as the one before it: it lies
 * between a `const` declaration (a multi-value call's result array) and the last statement
 * that reads that constant (the reads of its elements, with a view refresh possibly between).
 */
function gluedToPrevious(nodes: readonly Node[]): boolean[] {
  const glued = nodes.map(() => false);
  nodes.forEach((node, j) => {
    const m = node.kind === 'line' ? /^const ([\w$]+) = /.exec(node.text) : null;
    if (!m) return;
    let last = j;
    for (let k = j + 1; k < nodes.length; k++) if (mentions([nodes[k]!], m[1]!)) last = k;
    for (let k = j + 1; k <= last; k++) glued[k] = true;
  });
  return glued;
}

