/**
 * Regressions found by the differential fuzzer (fuzz/), each checked against native
 * WebAssembly as well as against the value the spec gives.
 */
import test from 'ava';
import { Trap } from '../../runtime-lib/trap.js';
import { compileAndLoad, nativeInstance } from '../helpers/generated.js';

test('unsigned conversions of constants: the literal fold keeps the call parentheses', async (t) => {
  const text = `(module
    (func (export "f32") (result f32) (f32.convert_i32_u (i32.const -1)))
    (func (export "f64") (result f64) (f64.convert_i32_u (i32.const -1)))
    (func (export "lt_u") (result i32) (i32.lt_u (i32.const 5) (i32.const -1))))`;
  const ours = (await compileAndLoad('regression-convert-const', text)).instantiate({}).exports;
  const native = nativeInstance(text, {}).exports as Record<string, () => number>;
  for (const name of ['f32', 'f64', 'lt_u']) t.is(ours[name](), native[name](), name);
  t.is(ours.f32(), 4294967296);
  t.is(ours.f64(), 4294967295);
  t.is(ours.lt_u(), 1);
});

test('an out-of-bounds access in the start function is a trap, not a RangeError', async (t) => {
  const text = `(module (memory 1) (func $s (drop (i32.load (i32.const 65536)))) (start $s))`;
  const m = await compileAndLoad('regression-start-trap', text);
  t.throws(() => m.instantiate({}), { instanceOf: Trap, message: 'out of bounds memory access' });
  t.throws(() => nativeInstance(text, {}), { name: "RuntimeError" });
});

test('br_table whose targets are all the default still evaluates its index (which may trap)', async (t) => {
  const text = `(module (memory 1)
    (func (export "f") (result i32)
      (block (br_table 0 0 (i32.load (i32.const 65536)))) (i32.const 7)))`;
  const m = await compileAndLoad('regression-br-table-index', text);
  t.throws(() => m.instantiate({}).exports.f(), { instanceOf: Trap, message: 'out of bounds memory access' });
  t.throws(() => (nativeInstance(text, {}).exports as Record<string, () => number>).f(), { name: 'RuntimeError' });
});
