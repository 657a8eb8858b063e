/**
 * Temporaries are reused once dead (compiler/emit/temp-pool.ts), so a long function does
 * not declare one JS variable per intermediate value: V8's interpreter gives each its own
 * frame slot, and deep recursion through a big function overflowed the JS stack early.
 * Each module here is also run natively: reuse must never change a value.
 */
import test from 'ava';
import { compile } from '../../compiler/index.js';
import { compileAndLoad, nativeInstance } from '../helpers/generated.js';

/** How many temporaries (`let tN`) function `name` of the generated JS declares. */
function declaredTemps(code: string, name: string): number {
  const start = code.indexOf(`function ${name}(`);
  const end = code.indexOf('\n  function ', start + 1);
  return (code.slice(start, end < 0 ? undefined : end).match(/\blet t\d+\b/g) ?? []).length;
}

test('a straight line of 200 calls and i64 adds needs a handful of temporaries, not 400', async (t) => {
  const steps = Array.from({ length: 200 }, (_, k) => `(call $id (i64.const ${k * 7919})) (i64.add)`).join(' ');
  const text = `(module
    (func $id (param i64) (result i64) (local.get 0))
    (func (export "sum") (result i64) (i64.const 1) ${steps}))`;
  const { code } = await compile(text, { target: 'js', format: false });
  const temps = declaredTemps(code, 'sum');
  t.true(temps <= 4, `${temps} temporaries declared`);
  const ours = (await compileAndLoad('temporaries-straight-line', text)).instantiate({}).exports;
  const expected = 1n + 7919n * ((199n * 200n) / 2n);
  t.is(ours.sum(), expected);
  t.is(ours.sum(), (nativeInstance(text).exports as { sum(): bigint }).sum());
});

test('temporaries reused across if/else arms, block results, loop parameters and br_table give native results', async (t) => {
  // Values held across control flow (an if's parameters re-pushed for else, a block's
  // result variable, a loop's carried values) must keep their temporaries while another
  // arm or iteration reuses dead ones around them.
  const text = `(module
    (func $f (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
    (func (export "mix") (param $n i32) (result i32 i32)
      (local $i i32)
      (call $f (local.get $n))
      (call $f (i32.const 5))
      (if (param i32 i32) (result i32 i32) (i32.and (local.get $n) (i32.const 1))
        (then (call $f (i32.add)) (call $f (i32.const 7)))
        (else (i32.sub) (call $f (i32.const 11)) (i32.add) (call $f (i32.const 2))))
      (loop $l (param i32 i32) (result i32 i32)
        (call $f (i32.add))
        (call $f (i32.const 1))
        (local.tee $i (i32.add (local.get $i) (i32.const 1)))
        (i32.const 4)
        (i32.lt_u)
        (br_if $l))
      (block $b (param i32 i32) (result i32 i32)
        (block $c (param i32 i32) (result i32 i32)
          (call $f (i32.xor))
          (call $f (local.get $n))
          (br_table $b $c $b (i32.rem_u (local.get $n) (i32.const 3))))
        (call $f (i32.sub))
        (call $f (i32.const 9)))))`;
  const ours = (await compileAndLoad('temporaries-control-flow', text)).instantiate({}).exports;
  const native = nativeInstance(text).exports as { mix(n: number): number[] };
  for (const n of [0, 1, 2, 3, 4, 5, -1, 1000]) t.deepEqual(ours.mix(n), native.mix(n), `mix(${n})`);
});
