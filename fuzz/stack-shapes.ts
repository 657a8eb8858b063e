/**
 * Random straight-line and nested i32 code aimed at the emitter's operand stack
 * (compiler/emit/body-emitter.ts): values wait on the stack as expressions, and loads,
 * divisions, calls, stores and assignments to locals and globals force them out in Wasm's
 * order. Translate-to-fuzz modules rarely line these up; this generator does little else.
 * (A reviewer's generator of this kind found a trap-order bug that translate-to-fuzz had
 * missed: an older load out of bounds evaluated after a division by a local about to be
 * assigned. This one did not find it again in 600 cases with the fix reverted: the harness
 * makes two calls per module, and both traps must fire in one call; the regression test for
 * it is in test/behaviour/operand-stack.test.ts.)
 *
 * Every module has the same frame: an exported memory with data, an exported mutable global,
 * a helper `$side` with effects on both, and the export `f(a, b, c, d)` whose body is the random
 * part. The differential harness calls `f` with its edge values, so loads go out of bounds and
 * divisions divide by zero for some arguments.
 */
import { parseWat } from '../compiler/load/text.js';
import { caseSeed, prng, type Generated } from './generate.js';

const BINARY = ['i32.add', 'i32.sub', 'i32.mul', 'i32.xor', 'i32.and', 'i32.or', 'i32.lt_s', 'i32.shl', 'i32.shr_u', 'i32.rotl'];
/** Rare (see TRAP_RATES), so that many calls run far before they trap, or to the end. */
const DIVISIONS = ['i32.div_s', 'i32.div_u', 'i32.rem_s', 'i32.rem_u'];
/**
 * How often a division or an address may trap: half the modules rarely trap, so calls run to
 * their end and compare values; the other half trap often, and compare which trap comes first.
 */
const TRAP_RATES = [0.02, 0.25];
const UNARY = ['i32.eqz', 'i32.clz', 'i32.popcnt', 'i32.extend8_s'];
/** f's parameters and its two locals: every local index below this is an i32. */
const LOCALS = 6;

class Shapes {
  private readonly trapRate: number;
  constructor(private readonly rand: () => number) {
    this.trapRate = TRAP_RATES[Math.floor(rand() * TRAP_RATES.length)]!;
  }

  private int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** An instruction sequence that leaves exactly one i32 on the stack. */
  sequence(nesting: number): string {
    const out: string[] = [];
    let height = 0;
    const steps = 10 + this.int(60);
    const pushBias = 0.35 + this.rand() * 0.4;
    for (let i = 0; i < steps; i++) {
      if (height === 0 || this.rand() < pushBias) {
        out.push(this.push());
        height++;
        continue;
      }
      switch (this.int(12)) {
        case 0:
        case 1:
        case 2:
          if (height >= 2) {
            out.push(this.pick(this.rand() < this.trapRate ? DIVISIONS : BINARY));
            height--;
          }
          break;
        case 3:
          out.push(this.pick(UNARY));
          break;
        case 4:
          out.push(`local.set ${this.int(LOCALS)}`);
          height--;
          break;
        case 5:
          out.push(`local.tee ${this.int(LOCALS)}`);
          break;
        case 6:
          // A store of the top value at an address from a local (out of bounds for some arguments).
          out.push(`local.set 5 (i32.store offset=${4 * this.int(4)} ${this.address()} (local.get 5))`);
          height--;
          break;
        case 7:
          if (this.rand() < 0.5) {
            out.push('global.set $g');
            height--;
          } else {
            out.push('call $side');
          }
          break;
        case 8:
          if (height >= 3) {
            out.push('select');
            height -= 2;
          }
          break;
        case 9:
          out.push('drop');
          height--;
          break;
        case 10:
          if (nesting > 0) out.push(`(block (param i32) (result i32) ${this.sequence(nesting - 1)} i32.add)`);
          else out.push(`(block $out (param i32) (result i32) (br_if $out (i32.and (local.get ${this.int(4)}) (i32.const 1))) (i32.const 1) i32.add)`);
          break;
        default:
          if (nesting > 0) {
            out.push(`(if (result i32) (then ${this.sequence(nesting - 1)}) (else (local.get ${this.int(LOCALS)})))`);
          } else {
            out.push('(if (result i32) (then (i32.const 3)) (else (local.get 1)))');
          }
      }
    }
    for (; height > 1; height--) out.push(this.pick(['i32.add', 'i32.sub', 'i32.xor']));
    if (height === 0) out.push('(i32.const 0)');
    return out.join(' ');
  }

  /** An address from a local: usually kept in bounds, sometimes as it is (out of bounds for some values). */
  private address(): string {
    const local = `(local.get ${this.int(LOCALS)})`;
    return this.rand() < this.trapRate ? local : `(i32.and ${local} (i32.const 0xfff0))`;
  }

  private push(): string {
    switch (this.int(7)) {
      case 0:
      case 1:
        return `(local.get ${this.int(LOCALS)})`;
      case 2:
        return `(i32.const ${this.int(2000) - 1000})`;
      case 3:
        return `(i32.load ${this.address()})`;
      case 4:
        return `(i32.load8_u offset=${this.int(64)} (i32.const ${this.int(64)}))`;
      case 5:
        return '(global.get $g)';
      default: {
        // By a local (zero for some arguments: a trap), or by one that cannot be zero.
        const divisor = this.rand() < this.trapRate ? `(local.get ${this.int(LOCALS)})` : `(i32.or (local.get ${this.int(LOCALS)}) (i32.const 1))`;
        return `(i32.div_u (i32.const ${this.int(100)}) ${divisor})`;
      }
    }
  }
}

/** The module for case `index` of run `seed` (deterministic). */
export function stackShapeModule(seed: number, index: number): Generated {
  const body = new Shapes(prng(caseSeed(seed, index))).sequence(2);
  const data = Array.from({ length: 64 }, (_, i) => `\\${((i * 37 + 11) & 255).toString(16).padStart(2, '0')}`).join('');
  const text = `(module
  (memory (export "memory") 1)
  (data (i32.const 0) "${data}")
  (global $g (export "g") (mut i32) (i32.const 9))
  (func $side (param i32) (result i32)
    (i32.store (i32.const 8) (i32.add (i32.load (i32.const 8)) (local.get 0)))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.add (local.get 0) (i32.const 1)))
  (func (export "f") (param i32 i32 i32 i32) (result i32) (local i32 i32)
    ${body}))`;
  const bytes = parseWat(text);
  return { bytes, inputSize: bytes.length };
}
