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

test('f32.nearest of a NaN keeps its payload (quieted), as V8 does: the bits reach memory and control flow', async (t) => {
  // Fuzz find (seed 110 case 210): the loop below ran once natively and until `unreachable`
  // in wasm2ts, whose f32.nearest returned the canonical NaN (low byte 0x00, not 0xf1).
  // Both are arithmetic NaNs, but matching the engine keeps differential runs meaningful.
  const text = `(module (memory 1)
    (func (export "bits") (param f32) (result i32)
      (f32.store (i32.const 0) (f32.nearest (local.get 0))) (i32.load (i32.const 0)))
    (func (export "const") (result i32)
      (f32.store (i32.const 0) (f32.nearest (f32.const -nan:0x7ffff1))) (i32.load (i32.const 0)))
    (func (export "f64") (result i64)
      (f64.store (i32.const 0) (f64.nearest (f64.const nan:0x8000000000001))) (i64.load (i32.const 0)))
    (func (export "f64ceil") (result i64) (i64.reinterpret_f64 (f64.ceil (f64.const -nan:0x0000000000abc))))
    (func (export "f64floor") (result i64) (i64.reinterpret_f64 (f64.floor (f64.const nan:0x0000000000abc))))
    (func (export "f64trunc") (result i64) (i64.reinterpret_f64 (f64.trunc (f64.const nan:0x8000000000abc)))))`;
  const ours = (await compileAndLoad('regression-nearest-nan', text)).instantiate({}).exports;
  const native = nativeInstance(text, {}).exports as Record<string, (...a: number[]) => number | bigint>;
  t.is(ours.const(), native.const());
  t.is(ours.const(), 0xfffffff1 | 0);
  t.is(ours.bits(1.5), 2 ** 30 + 2 ** 23 * 0); // 2.0f
  t.is(ours.bits(1.5), native.bits(1.5));
  // The f64 roundings keep the payload too, quieted (V8's roundsd does).
  t.is(ours.f64(), 0x7ff8000000000001n);
  t.is(ours.f64ceil(), BigInt.asIntN(64, 0xfff8000000000abcn));
  t.is(ours.f64floor(), 0x7ff8000000000abcn);
  t.is(ours.f64trunc(), 0x7ff8000000000abcn);
  for (const name of ['f64', 'f64ceil', 'f64floor', 'f64trunc']) t.is(ours[name]!(), native[name]!(), name);
});
