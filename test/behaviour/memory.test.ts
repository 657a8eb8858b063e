import test from 'ava';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { differential, everyCall, trap, type HostKinds } from '../helpers/differential.js';
import { compileAndLoad, generatedPath, repoRoot } from '../helpers/generated.js';

const signed = (x: bigint) => BigInt.asIntN(64, x);
// The fixture's data: bytes 01..08 at 0..7, then f9 fa fb fc fd fe ff 80 at 8..15.
const LOADS = ['i32_load', 'i32_load8_s', 'i32_load8_u', 'i32_load16_s', 'i32_load16_u', 'i64_load', 'i64_load8_s', 'i64_load8_u',
  'i64_load16_s', 'i64_load16_u', 'i64_load32_s', 'i64_load32_u', 'f32_load', 'f64_load', 'i32_load_offset_4', 'i64_load_offset_3'];

test('loads of every width, aligned and unaligned, sign- and zero-extending', async (t) => {
  await differential(t, 'memory_load_store', [
    ['i32_load', [0], 0x04030201],
    ['i32_load', [1], 0x05040302],
    ['i32_load8_s', [8], -7],
    ['i32_load8_u', [8], 0xf9],
    ['i32_load16_s', [14], -32513],
    ['i32_load16_u', [15], 0x0080],
    ['i64_load', [8], signed(0x80fffefdfcfbfaf9n)],
    ['i64_load', [5], signed(0xfdfcfbfaf9080706n)],
    ['i64_load8_s', [15], -128n],
    ['i64_load16_u', [13], 0xfffen],
    ['i64_load32_s', [12], signed(0xffffffff80fffefdn)],
    ['i64_load32_u', [12], 0x80fffefdn],
    ['i32_load_offset_4', [0], 0x08070605],
    ['i64_load_offset_3', [1], signed(0xfcfbfaf908070605n)],
    ['f32_load', [16], 0],
    ...everyCall(LOADS, [0, 1, 2, 3, 5, 7, 8, 9, 11, 12, 13].map((p) => [p])),
  ]);
});

test('stores of every width write little-endian bytes that loads read back', async (t) => {
  await differential(t, 'memory_load_store', [
    ['i32_store', [100, 0x11223344], undefined],
    ['i32_load8_u', [100], 0x44],
    ['i32_load16_u', [101], 0x2233],
    ['i32_store8', [103, 0x1ff], undefined],
    ['i32_load', [100], 0xff223344 | 0],
    ['i32_store16', [500, 0x12345678], undefined],
    ['i32_load', [500], 0x5678],
    ['i64_store', [301, 0x0102030405060708n], undefined],
    ['i32_load', [301], 0x05060708],
    ['i32_load', [305], 0x01020304],
    ['i64_store8', [400, -1n], undefined],
    ['i64_store16', [402, 0x12345n], undefined],
    ['i64_store32', [404, 0x12345678cafebaben], undefined],
    ['i64_load', [400], signed(0xcafebabe234500ffn)],
    ['f32_store', [200, 1.5], undefined],
    ['i32_load', [200], 0x3fc00000],
    ['f64_store', [203, -0], undefined],
    ['i64_load', [203], -0x8000000000000000n],
    ['f64_load', [203], -0],
    ['f32_store', [211, NaN], undefined],
    ['f32_load', [211], NaN],
    ['i32_store_offset_2', [600, 0xaabbccdd | 0], undefined],
    ['i32_load', [602], 0xaabbccdd | 0],
    ['last_byte_round_trip', [0x1ff], 0xff],
  ]);
});

test('memory.size and memory.grow, up to the maximum and past it', async (t) => {
  await differential(t, 'memory_size_grow', [
    ['size', [], 1],
    ['grow', [1], 1],
    ['size', [], 2],
    ['grow', [3], -1],
    ['size', [], 2],
    ['grow', [0], 2],
    ['grow_and_write', [77], 2],
    ['load', [2 * 65536], 77],
    ['size', [], 3],
    ['store', [4 * 65536 - 4, 5], trap('OutOfBoundsMemory')],
    ['grow', [1], 3],
    ['store', [4 * 65536 - 4, 5], undefined],
    ['load', [4 * 65536 - 4], 5],
    ['grow', [1], -1],
    ['grow', [-1], -1],
    ['grow_and_write', [9], -1],
  ]);
});

test('an exported memory: grow from JS and from Wasm, buffer refreshed, both sides see each other', async (t) => {
  const { native, wasm2ts } = await differential(t, 'memory_size_grow', [['store', [8, 0x01020304], undefined]]);
  for (const [side, exports] of [['native', native.exports], ['wasm2ts', wasm2ts.exports]] as const) {
    const memory = exports['memory'] as { buffer: ArrayBuffer; grow(delta: number): number };
    const call = (name: string, ...args: number[]) => (exports[name] as (...a: number[]) => number)(...args);
    const before = memory.buffer;
    t.is(before.byteLength, 65536, `${side}: initial buffer`);
    t.is(new Uint8Array(before)[8], 0x04, `${side}: Wasm store visible through buffer`);
    t.is(memory.grow(1), 1, `${side}: grow returns the old page count`);
    t.not(memory.buffer, before, `${side}: grow replaces the buffer`);
    t.is(memory.buffer.byteLength, 2 * 65536, `${side}: new buffer has the new size`);
    t.is(new Uint8Array(memory.buffer)[8], 0x04, `${side}: contents survive growth`);
    new DataView(memory.buffer).setInt32(65536 + 4, 0x0a0b0c0d, true);
    t.is(call('load', 65536 + 4), 0x0a0b0c0d, `${side}: JS write to the grown page visible to Wasm`);
    t.is(call('grow', 1), 2, `${side}: grow from Wasm`);
    t.is(memory.buffer.byteLength, 3 * 65536, `${side}: buffer refreshed after a grow inside Wasm`);
    t.throws(() => memory.grow(2), { instanceOf: RangeError }, `${side}: growing past the maximum from JS is a RangeError`);
    t.is(call('size'), 3, `${side}: a failed grow changes nothing`);
  }
});

test('bulk memory: copy (overlapping both ways), fill, init and data.drop', async (t) => {
  const hello = [...'hello'].reduce((sum, c) => (Math.imul(sum, 31) + c.charCodeAt(0)) | 0, 0);
  await differential(t, 'bulk_memory', [
    ['init', [0, 0, 5], undefined],
    ['checksum', [0, 5], hello],
    ['init', [20, 7, 5], undefined],
    ['load8', [20], 'w'.charCodeAt(0)],
    ['copy', [102, 100, 5], undefined],
    ['checksum', [100, 10], [0, 1, 0, 1, 2, 3, 4, 7, 8, 9].reduce((s, b) => (Math.imul(s, 31) + b) | 0, 0)],
    ['copy', [100, 102, 5], undefined],
    ['checksum', [100, 10], [0, 1, 2, 3, 4, 3, 4, 7, 8, 9].reduce((s, b) => (Math.imul(s, 31) + b) | 0, 0)],
    ['fill', [200, 0x1ff, 3], undefined],
    ['load8', [202], 0xff],
    ['load8', [203], 0],
    ['fill', [65536, 0, 0], undefined],
    ['copy', [65536, 0, 0], undefined],
    ['copy', [0, 65536, 0], undefined],
    ['init', [0, 12, 0], undefined],
    ['init', [0, 13, 0], trap('OutOfBoundsMemory')],
    ['copy', [65530, 0, 7], trap('OutOfBoundsMemory')],
    ['drop', [], undefined],
    ['drop', [], undefined],
    ['init', [0, 0, 0], undefined],
    ['init', [0, 0, 1], trap('OutOfBoundsMemory')],
    ['checksum', [0, 5], hello],
  ]);
});

test('memory grown during a call (by a callee, or by the host through the export) is seen by the caller', async (t) => {
  const exportsOf: Partial<Record<HostKinds['side'], Record<string, unknown>>> = {};
  const growFromHost = (side: HostKinds['side']) => () => void (exportsOf[side]!['memory'] as { grow(d: number): number }).grow(1);
  const { native, wasm2ts } = await differential(t, 'memory_grow_during_call', [['write_after_callee_grows', [7], 7 + 2]], (host) => ({
    env: { grow_from_host: growFromHost(host.side) },
  }));
  exportsOf.native = native.exports;
  exportsOf.wasm2ts = wasm2ts.exports;
  for (const side of ['native', 'wasm2ts'] as const) {
    const writeAfterHostGrows = exportsOf[side]!['write_after_host_grows'] as (v: number) => number;
    t.is(writeAfterHostGrows(5), 5 + 3, `${side}: the store to the page the host added landed, and memory.size is 3`);
    const memory = exportsOf[side]!['memory'] as { buffer: ArrayBuffer };
    t.is(new DataView(memory.buffer).getInt32(2 * 65536, true), 5, `${side}: visible through the new buffer`);
  }
});

test('memory grown by a call_indirect callee inside a loop is seen by the reads and stores after each call', async (t) => {
  await differential(t, 'memory_grow_during_call', [
    ['write_after_callee_grows', [7], 7 + 2],
    // Each round reads address 0 (7), grows by a page, stores the old size at the new end and reads it back.
    ['read_around_indirect_grows', [2], 7 + 2 + 7 + 3],
    ['read_around_indirect_grows', [1], 7 - 1], // at the maximum: grow gives -1
  ], () => ({ env: { grow_from_host: () => undefined } }));
});

test('memory grown three calls down (through recursion) is seen by every caller; a callee that cannot grow it changes nothing', async (t) => {
  await differential(t, 'memory_grow_during_call', [
    ['store_then_sum', [5], 5 + 5],
    ['write_after_deep_callee_grows', [7], 7 + 2],
    ['write_after_deep_callee_grows', [8], 8 + 3],
    ['store_then_sum', [6], 8 + 6 + 6],
  ], () => ({ env: { grow_from_host: () => undefined } }));
});

test('TurboFan folds the memory view into generated code (Memory.liveView); each growth deoptimizes that code, which reads the grown memory and folds the new view once optimized again', async (t) => {
  const text = `(module
    (memory (export "memory") 1)
    (func (export "sum") (param $p i32) (result i32)
      (i32.add (i32.load (local.get $p)) (i32.load offset=4 (local.get $p))))
    (func (export "put") (param $p i32) (param $v i32)
      (i32.store (local.get $p) (local.get $v))))`;
  await compileAndLoad('memory-live-view', text);
  // V8's intrinsics (--allow-natives-syntax) optimize `sum` and report whether it still runs
  // optimized code. Each line: sum's result, optimized?, still optimized after a growth?, the
  // sum of the two numbers put into the new page.
  const run = (instances: number) =>
    execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e',
      `const { funcRefOf } = await import('wasm2ts/runtime');
       const m = await import(${JSON.stringify(pathToFileURL(generatedPath('memory-live-view')).href)});
       const { exports } = m.instantiate({});
       for (let i = 1; i < ${instances}; i++) m.instantiate({}).exports.sum(0);
       const sum = funcRefOf(exports.sum).fn;
       exports.put(8, 2); exports.put(12, 3);
       %PrepareFunctionForOptimization(sum); sum(8); sum(8);
       for (let page = 1; page <= 3; page++) {
         %OptimizeFunctionOnNextCall(sum);
         const before = sum(8);
         const optimized = %ActiveTierIsTurbofan(sum);
         exports.memory.grow(1);
         const stillOptimized = %ActiveTierIsTurbofan(sum);
         exports.put(page * 65536, page); exports.put(page * 65536 + 4, 10);
         console.log(before, optimized, stillOptimized, sum(page * 65536));
       }`], { encoding: 'utf8', cwd: repoRoot }).trim();
  // With the view in a variable, growth left the code optimized; with it in a field that growth
  // writes, only the first growth deoptimized it.
  t.is(run(1), '5 true false 11\n5 true false 12\n5 true false 13');
  // With two instances nothing is a constant, and the code reads the view at run time.
  t.regex(run(2), /^5 true (true|false) 11\n5 true (true|false) 12\n5 true (true|false) 13$/);
});

// Signalling NaNs (quiet bit clear) with payloads, quiet NaNs with payloads, both signs.
const F32_NANS = [0x7fa00001, 0xffa00001 | 0, 0x7f800001, 0x7fc00000, 0xffc00000 | 0, 0x7fc12345, 0x7fbfffff];
const COPIES = ['copy', 'copy_via_local', 'neg_copy', 'abs_copy', 'copysign_copy', 'add_store', 'mul_store', 'sqrt_store'];

test('f32 NaN bits through memory: copies keep them exactly, arithmetic quiets them as native does', async (t) => {
  await differential(t, 'f32_nan_memory', [
    ...F32_NANS.flatMap((bits) => [
      ['put', [0, bits], undefined],
      ['copy', [0, 8], bits],
      ['copy_via_local', [0, 8], bits],
      ['neg_copy', [0, 8], (bits ^ 0x80000000) | 0],
      ['abs_copy', [0, 8], bits & 0x7fffffff],
      ['select_copy', [0, 8, 1], bits],
      ['load_bits', [0], bits],
      ['store_reinterpreted', [12, bits], bits],
      // Arithmetic sets the quiet bit and keeps the payload.
      ['add_store', [0, 8], bits | 0x400000],
      ['mul_store', [0, 8], bits | 0x400000],
      ['sqrt_store', [0, 8], bits | 0x400000],
      ...COPIES.map((name) => [name, [0, 8]] as const),
      ['promote_bits_hi', [0]],
      ['is_nan', [0], 1],
      ['trunc_sat', [0], 0],
      ['trunc', [0], trap('InvalidConversionToInteger')],
    ] as const),
    ['store_snan_const', [16], 0x7fa00001],
    ['store_qnan_const', [16], 0xffc00005 | 0],
    ['demote_store', [NaN, 20]],
    ['demote_store', [1.5, 20], 0x3fc00000],
  ]);
});

test('f32 loads and stores at the end of memory: the last 4 bytes are in bounds, one byte further traps', async (t) => {
  const end = 65536;
  await differential(t, 'f32_nan_memory', [
    ['put', [end - 4, 0x3f800000], undefined],
    ['load_add', [end - 4], 1.5],
    ['load_add', [end - 3], trap('OutOfBoundsMemory')],
    ['load_add', [end - 1], trap('OutOfBoundsMemory')],
    ['load_add', [-1], trap('OutOfBoundsMemory')],
    ['load_offset_add', [end - 8], 1.5],
    ['load_offset_add', [end - 7], trap('OutOfBoundsMemory')],
    ['load_offset_add', [-4], trap('OutOfBoundsMemory')],
    ['store_sum', [end - 4, 2], 1],
    ['get', [end - 4], 0x40200000],
    ['store_sum', [end - 3, 2], trap('OutOfBoundsMemory')],
    ['store_sum', [-1, 2], trap('OutOfBoundsMemory')],
    ['store_offset_sum', [end - 8, 3], 1],
    ['get', [end - 4], 0x40600000],
    ['store_offset_sum', [end - 7, 3], trap('OutOfBoundsMemory')],
    ['store_offset_sum', [-4, 3], trap('OutOfBoundsMemory')],
    ['get', [end - 4], 0x40600000],
  ]);
});

test('f32 x + 0: -0 becomes +0, NaNs come out quiet with their payload, products still round', async (t) => {
  const bits = (x: number) => new Int32Array(new Float32Array([x]).buffer)[0]!;
  await differential(t, 'f32_nan_memory', [
    ...F32_NANS.map((b) => ['add_zero_bits', [b], b | 0x400000] as const),
    ...F32_NANS.map((b) => ['mul_add_zero_bits', [b, bits(1)], b | 0x400000] as const),
    ['add_zero_bits', [bits(-0)], 0],
    ['mul_add_zero_bits', [bits(-0), bits(1)], 0],
    ['mul_add_zero_bits', [bits(-1), bits(0)], 0],
    ['mul_add_zero_bits', [bits(1.1), bits(1.1)], bits(Math.fround(Math.fround(1.1) * Math.fround(1.1)))],
    ['mul_add_zero_bits', [bits(3e38), bits(10)], bits(Infinity)],
    ['mul_add_zero_bits', [bits(1e-30), bits(1e-30)], 0],
  ]);
});

test('f32 locals through stores: arithmetic-only locals are quiet, a local that may hold a signalling NaN keeps its bits', async (t) => {
  await differential(t, 'f32_nan_memory', [
    ...F32_NANS.flatMap((b) => [
      ['store_accumulated', [b, 8], b | 0x400000],
      ['store_mixed_local', [b, 1, 8], b],
      ['store_copied_local', [b, 8], b],
    ] as const),
    ['store_accumulated', [0x3fc00000, 8], 0x40400000],
    ['store_mixed_local', [0x7fa00001, 0, 8], 0x3f800000],
  ]);
});
