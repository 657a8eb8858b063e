/**
 * The temporaries of one function body, reused once dead.
 *
 * Why: each temporary is a `let` of the generated function, and V8's interpreter and
 * baseline tiers give every one a slot in the frame. Big functions (an interpreter's
 * dispatch loop: QuickJS's JS_CallInternal has over a thousand temporaries) then take
 * kilobytes of native stack per call, and guest recursion overflows the JS stack long
 * before it would natively. Optimised code does not care: TurboFan renames variables.
 *
 * When a temporary is dead: the body emitter's values carry the variables they read
 * (`Value.reads`, temporaries included), and every later read of a temporary goes through
 * a value on the operand stack or a frame (an `if`'s parameters, re-pushed for `else`; a
 * block's or loop's branch variables). So between two instructions, a temporary that no
 * stack value reads and no open frame holds is never read again before it is assigned
 * anew: it can be handed out again. A loop cannot carry it around the back edge either,
 * since loop-carried values live in the loop's branch variables, which stay pinned.
 * Temporaries are only released between instructions, never while an instruction runs,
 * so values an instruction has popped but not yet emitted keep theirs.
 */
import type { ValType } from '../model/types.js';
import type { Value } from './value.js';

/** Above this many stack values, skip releasing (a linear scan per instruction): only reuse is lost. */
const MAX_SCANNED_STACK = 256;

export class TempPool {
  private readonly declared: { name: string; type: ValType }[] = [];
  private readonly free = new Map<ValType, string[]>();
  /** Handed out and not yet found dead. */
  private readonly held = new Map<string, ValType>();
  /** Held by open frames, with a count (a variable may be pinned by several). */
  private readonly pinned = new Map<string, number>();

  constructor(private readonly freshName: (index: number, type: ValType) => string) {}

  /** A temporary of `type`: a dead one if there is one, else a new declaration. */
  take(type: ValType): string {
    let name = this.free.get(type)?.pop();
    if (name === undefined) {
      name = this.freshName(this.declared.length, type);
      this.declared.push({ name, type });
    }
    this.held.set(name, type);
    return name;
  }

  /** Every temporary to declare, each once. */
  get declarations(): readonly { name: string; type: ValType }[] {
    return this.declared;
  }

  pin(names: Iterable<string>): void {
    for (const n of names) this.pinned.set(n, (this.pinned.get(n) ?? 0) + 1);
  }

  unpin(names: Iterable<string>): void {
    for (const n of names) {
      const k = this.pinned.get(n) ?? 0;
      if (k <= 1) this.pinned.delete(n);
      else this.pinned.set(n, k - 1);
    }
  }

  /** Between instructions: makes every held temporary that `stack` does not read, and no frame pins, free. */
  release(stack: readonly Value[]): void {
    if (this.held.size === 0 || stack.length > MAX_SCANNED_STACK) return;
    const live = new Set<string>();
    for (const v of stack) for (const r of v.reads) live.add(r);
    for (const [name, type] of this.held) {
      if (live.has(name) || this.pinned.has(name)) continue;
      this.held.delete(name);
      let list = this.free.get(type);
      if (!list) this.free.set(type, (list = []));
      list.push(name);
    }
  }
}
