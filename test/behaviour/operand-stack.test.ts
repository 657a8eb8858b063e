/**
 * The emitter's symbolic operand stack (compiler/emit/value.ts, body-emitter.ts): values wait
 * on it as expressions until used, and are evaluated early only where Wasm's order requires.
 *
 * - Depth (MAX_EXPRESSION_DEPTH): `local.get 0` followed by 3,000 × `local.get 0; i32.add`
 *   was one expression 3,000 operators deep. The compile succeeded, but V8 refused the module
 *   when it loaded ("Maximum call stack size exceeded"), and building it took quadratic time.
 *   A value nested deeper than the limit is evaluated into a temporary where it is pushed.
 *   Extended constant expressions had the same problem (compiler/write/constexpr.ts).
 * - Width (MAX_DEFERRED_VALUES): past 64 waiting values the oldest are evaluated, in order.
 * - Order: values evaluated early (before an assignment to a local they read) keep the order
 *   of their traps.
 *
 * The deep modules are too deep for binaryen's text parser (it recurses per nested
 * instruction), so they are encoded by wasm2ts's own; both sides run the same bytes.
 */
import test from 'ava';
import fs from 'node:fs';
import { parseWat } from '../../compiler/load/text.js';
import { MAX_EXPRESSION_DEPTH } from '../../compiler/emit/value.js';
import { Trap } from '../../runtime-lib/index.js';
import { NativeWebAssembly } from '../helpers/native-wasm.js';
import { compileAndLoad, generatedPath, nativeInstance } from '../helpers/generated.js';

const N = 3000;
const repeat = (s: string) => s.repeat(N);

/** Each body is `(func (export "f") (param i32) (result i32) ...)`'s instructions, as a flat sequence. */
const CHAINS: Record<string, string> = {
  add: `(local.get 0) ${repeat('(local.get 0) i32.add ')}`,
  sub_right_nested: `${repeat('(local.get 0) ')} (local.get 0) ${repeat('i32.sub ')}`,
  f32_mul_add: `(f32.convert_i32_s (local.get 0)) ${repeat('(f32.const 1.5) f32.mul (f32.const -0.25) f32.add ')} i32.trunc_sat_f32_s`,
  select: `(local.get 0) ${repeat('(i32.const 1) (local.get 0) select ')}`,
  load: `(local.get 0) ${repeat('i32.load offset=4 ')}`,
  i64_mul_add: `(i64.extend_i32_u (local.get 0)) ${repeat('(i64.const 3) i64.mul (i64.const 7) i64.add ')} i32.wrap_i64`,
};

/** A call's result, or 'trap' when it throws the side's trap error (anything else fails the test). */
function outcome(call: () => number, trapClass: new (...args: never[]) => Error): number | 'trap' {
  try {
    return call();
  } catch (e) {
    if (e instanceof trapClass) return 'trap';
    throw e;
  }
}

/** The deepest parenthesis nesting in a text (the generated module's code). */
function maxParenDepth(code: string): number {
  let depth = 0;
  let max = 0;
  for (const c of code) {
    if (c === '(') max = Math.max(max, ++depth);
    else if (c === ')') depth--;
  }
  return max;
}

for (const [name, body] of Object.entries(CHAINS)) {
  test(`a chain of ${N} stack operations (${name}) loads and computes native's results`, async (t) => {
    // The load chain reads zeros (address 4 again and again) or, from a high address, traps.
    const memory = name === 'load' ? '(memory 1)' : '';
    const bytes = parseWat(`(module ${memory} (func (export "f") (param i32) (result i32) ${body}))`);
    const moduleName = `deep_expression_${name}`;
    const ours = (await compileAndLoad(moduleName, bytes)).instantiate({}).exports as { f(x: number): number };
    const native = nativeInstance(bytes).exports as { f(x: number): number };
    for (const x of [0, 4, 5, -7, 0x7fffffff]) t.is(outcome(() => ours.f(x), Trap), outcome(() => native.f(x), NativeWebAssembly.RuntimeError), `f(${x})`);
    // The operators' parentheses stay within what the limit allows: about 4 per level
    // (`((a + b) | 0)` plus a call's or a fround's), far from the thousands a parser refuses.
    t.true(maxParenDepth(fs.readFileSync(generatedPath(moduleName), 'utf8')) < MAX_EXPRESSION_DEPTH * 5);
  });
}

test(`extended constant expressions of ${N} operators initialise globals and place segments`, async (t) => {
  // Node 20 has no extended constant expressions natively, so the expected values are computed here.
  let g = 5n;
  let h = 1n;
  let offset = 0;
  for (let i = 0; i < N; i++) {
    g = BigInt.asUintN(32, (g + 3n) * 2n);
    h = BigInt.asIntN(64, h * 3n - 1n);
    offset++;
  }
  const bytes = parseWat(`(module
    (import "env" "seed" (global $seed i32))
    (global $g (export "g") i32 (global.get $seed) ${repeat('(i32.const 3) i32.add (i32.const 2) i32.mul ')})
    (global $h (export "h") i64 (i64.const 1) ${repeat('(i64.const 3) i64.mul (i64.const 1) i64.sub ')})
    (memory (export "memory") 1)
    (data (offset (i32.const 0) ${repeat('(i32.const 1) i32.add ')}) "\\2a"))`);
  const { exports } = (await compileAndLoad('deep_constant_expressions', bytes)).instantiate({ env: { seed: 5 } });
  t.is(exports.g.value, Number(BigInt.asIntN(32, g)));
  t.is(exports.h.value, h);
  t.is(new Uint8Array(exports.memory.buffer)[offset], 42);
  t.true(maxParenDepth(fs.readFileSync(generatedPath('deep_constant_expressions'), 'utf8')) < MAX_EXPRESSION_DEPTH * 5);
});

test('more deferred values than the stack keeps deferred: the oldest are evaluated early, in order, with native results and traps', async (t) => {
  // 100 loads on the stack (over MAX_DEFERRED_VALUES in body-emitter.ts), then a store and an
  // assignment that the loads must not see, then their sum. From a high base address the 81st
  // load is out of bounds: the trap must come first, before the store writes memory.
  const loads = Array.from({ length: 100 }, (_, i) => `(i32.load (i32.add (local.get $base) (i32.const ${4 * i})))`).join(' ');
  const gets = Array.from({ length: 100 }, () => '(local.get $base)').join(' ');
  const bytes = parseWat(`(module (memory (export "memory") 1)
    (data (i32.const 0) "${Array.from({ length: 100 }, (_, i) => `\\${(i + 1).toString(16).padStart(2, '0')}\\00\\00\\00`).join('')}")
    (func (export "sum_loads") (param $base i32) (result i32)
      ${loads} (i32.store (i32.const 0) (i32.const 1000)) (local.set $base (i32.const 0)) ${'i32.add '.repeat(99)})
    (func (export "sum_gets") (param $base i32) (result i32)
      ${gets} (local.set $base (i32.const 1)) ${'i32.add '.repeat(99)}))`);
  const ours = (await compileAndLoad('wide_stack', bytes)).instantiate({}).exports as { sum_loads(b: number): number; sum_gets(b: number): number; memory: { buffer: ArrayBuffer } };
  const native = nativeInstance(bytes).exports as unknown as typeof ours;
  for (const base of [0, 65536 - 320, 65536 - 4]) {
    t.is(outcome(() => ours.sum_loads(base), Trap), outcome(() => native.sum_loads(base), NativeWebAssembly.RuntimeError), `sum_loads(${base})`);
    t.deepEqual(new Uint8Array(ours.memory.buffer, 0, 8), new Uint8Array(native.memory.buffer, 0, 8), `memory after sum_loads(${base})`);
  }
  t.is(ours.sum_loads(0), native.sum_loads(0));
  t.is(ours.sum_gets(3), 300);
  t.is(native.sum_gets(3), 300);
});

test('a value read before its local is assigned keeps its trap after older traps', async (t) => {
  // The division reads local 0, so it is evaluated before `local.set 0`; the older load must
  // be evaluated before it: for f(0) both trap, and Wasm traps on the load first.
  const bytes = parseWat(`(module (memory 1)
    (func (export "f") (param i32) (result i32)
      (i32.load (i32.const 65536))
      (i32.div_u (i32.const 1) (local.get 0))
      (local.set 0 (i32.const 1))
      i32.add)
    (func (export "g") (param i32) (param i32) (result i32)
      (i32.load (local.get 1))
      (i32.div_u (i32.const 100) (local.get 0))
      (local.set 0 (i32.const 7))
      (local.get 0)
      i32.add
      i32.add))`);
  const ours = (await compileAndLoad('spill_order', bytes)).instantiate({}).exports as { f(x: number): number; g(x: number, y: number): number };
  const native = nativeInstance(bytes).exports as unknown as typeof ours;
  const trapMessage = (call: () => number, trapClass: new (...args: never[]) => Error) => {
    try {
      return call();
    } catch (e) {
      if (e instanceof trapClass) return (e as Error).message.replace(/^.*: /, '');
      throw e;
    }
  };
  t.is(trapMessage(() => ours.f(0), Trap), 'out of bounds memory access');
  t.is(trapMessage(() => native.f(0), NativeWebAssembly.RuntimeError), 'memory access out of bounds');
  for (const [x, y] of [[0, 0], [0, 65536], [5, 65536], [5, 0], [4, 8]]) {
    t.is(outcome(() => ours.g(x!, y!), Trap), outcome(() => native.g(x!, y!), NativeWebAssembly.RuntimeError), `g(${x}, ${y})`);
  }
  t.is(trapMessage(() => ours.g(0, 65536), Trap), 'out of bounds memory access');
});
