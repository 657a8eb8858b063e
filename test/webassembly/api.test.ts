/**
 * The WebAssembly shim (wasm2ts/webassembly), API by API, on small modules compiled by
 * wasm2ts; where the JS API defines an answer, Node's own WebAssembly is the reference.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import * as shim from '../../runtime-lib/webassembly/index.js';
import { sha256Hex } from '../../runtime-lib/sha256.js';
import { Trap } from '../../runtime-lib/trap.js';
import { compileAndLoad, watToBytes, type GeneratedModule } from '../helpers/generated.js';
import { NativeWebAssembly } from '../helpers/native-wasm.js';

const MAIN_WAT = `(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "big" (func $big (param i64) (result i64)))
  (type $binop (func (param i32 i32) (result i32)))
  (table (export "table") 2 funcref)
  (memory (export "memory") 1 4)
  (global (export "counter") (mut i32) (i32.const 7))
  (func $add (export "add") (param i32 i32) (result i32) (local.get 0) (local.get 1) (i32.add))
  (func (export "callIndirect") (param i32 i32 i32) (result i32)
    (call_indirect (type $binop) (local.get 1) (local.get 2) (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "bigAdd") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "callBig") (param i64) (result i64) (call $big (local.get 0)))
  (func (export "boom") unreachable)
  (func (export "hello") (call $log (i32.const 42)))
  (elem (i32.const 0) $add)
  (@custom "extra" "payload"))`;

/** The binary (binaryen keeps the name section; the custom annotation is dropped, so we append one). */
function mainBytes(): Uint8Array {
  const base = watToBytes(MAIN_WAT.replace('(@custom "extra" "payload")', ''));
  const name = new TextEncoder().encode('extra');
  const payload = new TextEncoder().encode('payload');
  const section = [0, 1 + name.length + payload.length, name.length, ...name, ...payload];
  return new Uint8Array([...base, ...section]);
}

const bytes = mainBytes();
const generatedPromise = compileAndLoad('webassembly-api-main', bytes);
/** Node 20 has no multi-memory, so imported memory gets a module of its own. */
const importedMemoryPromise = compileAndLoad(
  'webassembly-api-imported-memory',
  watToBytes('(module (import "env" "mem" (memory 1 10)) (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))'),
);

function imports(log: number[] = []) {
  return {
    env: {
      log: (x: number) => log.push(x),
      big: (x: bigint) => x * 2n + 1n,
    },
  };
}

test('sha256Hex agrees with node:crypto across block boundaries', (t) => {
  for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 70_000]) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 0xff);
    t.is(sha256Hex(data), createHash('sha256').update(data).digest('hex'), `length ${n}`);
  }
});

test('the compiler records the binary identity in moduleInfo.binary', async (t) => {
  const generated = await generatedPromise;
  t.deepEqual((generated.moduleInfo as shim.GeneratedModule['moduleInfo']).binary, { sha256: createHash('sha256').update(bytes).digest('hex'), byteLength: bytes.length });
});

test('new Module(bytes) finds the registered module; imports, exports and customSections match native', async (t) => {
  const generated = (await generatedPromise) as unknown as shim.GeneratedModule;
  const unregister = shim.registerModules([generated]);
  try {
    const module = new shim.Module(bytes);
    const native = new NativeWebAssembly.Module(bytes);
    const N = NativeWebAssembly as unknown as { Module: { imports(m: unknown): unknown; exports(m: unknown): unknown; customSections(m: unknown, n: string): ArrayBuffer[] } };
    t.deepEqual(shim.Module.imports(module), N.Module.imports(native));
    t.deepEqual(shim.Module.exports(module), N.Module.exports(native));
    for (const name of ['extra', 'name', 'absent']) {
      const ours = shim.Module.customSections(module, name).map((b) => [...new Uint8Array(b)]);
      const theirs = N.Module.customSections(native, name).map((b) => [...new Uint8Array(b)]);
      t.deepEqual(ours, theirs, name);
    }
    t.is(new TextDecoder().decode(shim.Module.customSections(module, 'extra')[0]), 'payload');
    t.throws(() => shim.Module.imports({} as shim.Module), { instanceOf: TypeError });
  } finally {
    unregister();
  }
  t.throws(() => new shim.Module(bytes), { instanceOf: shim.CompileError }, 'unregistered again');
});

test('unknown bytes: a CompileError naming the SHA-256 and length; validate says false; instantiate rejects', async (t) => {
  const other = watToBytes('(module (func (export "f") (result i32) (i32.const 1)))');
  const digest = createHash('sha256').update(other).digest('hex');
  const error = t.throws(() => new shim.Module(other), { instanceOf: shim.CompileError });
  t.true(error!.message.includes(digest) && error!.message.includes(`${other.length} bytes`), error!.message);
  t.is(error!.name, 'CompileError');
  t.false(shim.validate(other));
  await t.throwsAsync(shim.instantiate(other, {}), { instanceOf: shim.CompileError });
  await t.throwsAsync(shim.compile(other), { instanceOf: shim.CompileError });
  t.throws(() => new shim.Module(new Uint8Array([1, 2, 3, 4])), { instanceOf: shim.CompileError, message: /magic/ });
  t.false(shim.validate(new Uint8Array([1, 2, 3, 4])), 'validate answers false for malformed bytes, never throws');
  t.throws(() => new shim.Module('wasm' as unknown as Uint8Array), { instanceOf: TypeError });
});

test.serial('install({ modules }) replaces globalThis.WebAssembly; instantiate/compile/validate/streaming use the modules; uninstall restores', async (t) => {
  const generated = (await generatedPromise) as unknown as shim.GeneratedModule;
  const native = (globalThis as { WebAssembly?: unknown }).WebAssembly;
  // Node's fetch (undici) compiles its own HTTP parser with WebAssembly on first use: let it
  // do so natively now, or it would meet the shim, which knows only our modules.
  await new Response(new Uint8Array(1)).arrayBuffer();
  const uninstall = shim.install({ modules: [generated] });
  try {
    const WA = (globalThis as unknown as { WebAssembly: typeof shim.WebAssembly }).WebAssembly;
    t.is(WA, shim.WebAssembly);
    t.false(Object.keys(globalThis).includes('WebAssembly'), 'not enumerable, as the engine defines it');
    t.true(WA.validate(bytes));
    t.true(WA.validate(bytes.slice().buffer as ArrayBuffer), 'an ArrayBuffer works too');
    const { module, instance } = await WA.instantiate(bytes, imports());
    t.true(module instanceof WA.Module);
    t.true(instance instanceof WA.Instance);
    t.is(instance.exports.add(2, 3), 5);
    const second = await WA.instantiate(module, imports());
    t.true(second instanceof WA.Instance);
    t.not(second.exports, instance.exports, 'a fresh instance');
    const compiled = await WA.compile(bytes);
    t.is(new WA.Instance(compiled, imports()).exports.add(20, 22), 42);
    const streamed = await WA.instantiateStreaming(Promise.resolve(new Response(bytes)), imports());
    t.is(streamed.instance.exports.add(1, 1), 2);
    t.true((await WA.compileStreaming(new Response(bytes))) instanceof WA.Module);
  } finally {
    uninstall();
  }
  t.is((globalThis as { WebAssembly?: unknown }).WebAssembly, native);
  t.false(shim.validate(bytes), 'modules are unregistered by uninstall');
});

test.serial('install({ fallback }): bytes nobody precompiled go to the engine given, its modules pass through; registered ones stay ours', async (t) => {
  const generated = (await generatedPromise) as unknown as shim.GeneratedModule;
  const native = (globalThis as unknown as { WebAssembly: shim.NativeWebAssembly }).WebAssembly;
  const other = watToBytes('(module (import "env" "k" (global i32)) (func (export "f") (result i32) (global.get 0)) (@custom "c" "x"))');
  const uninstall = shim.install({ modules: [generated], fallback: native });
  try {
    const WA = (globalThis as unknown as { WebAssembly: typeof shim.WebAssembly }).WebAssembly;
    t.true(WA.validate(other), 'valid to the fallback engine');
    t.false(WA.validate(new Uint8Array([0, 0x61, 0x73, 0x6d, 9, 0, 0, 0])), 'invalid to both');
    const { module, instance } = await WA.instantiate(other, { env: { k: 41 } });
    t.false(module instanceof WA.Module, "the engine's own Module");
    t.is((instance.exports as { f(): number }).f(), 41);
    t.deepEqual(WA.Module.imports(module), [{ module: 'env', name: 'k', kind: 'global' }]);
    t.deepEqual(WA.Module.exports(module), [{ name: 'f', kind: 'function' }]);
    const again = await WA.instantiate(module, { env: { k: 7 } });
    t.is((again.exports as { f(): number }).f(), 7);
    t.is((new WA.Instance(new WA.Module(other), { env: { k: 3 } }).exports as { f(): number }).f(), 3);
    const ours = await WA.instantiate(bytes, imports());
    t.true(ours.module instanceof shim.Module, 'registered bytes still resolve to the precompiled module');
    t.is(ours.instance.exports.add(2, 2), 4);
  } finally {
    uninstall();
  }
  t.false(shim.validate(other), 'uninstall removes the fallback');
  t.throws(() => new shim.Module(other), { instanceOf: shim.CompileError });
});

test.serial('installs undone in any order: the newest remaining install\'s fallback applies, and the global is restored once none remains', (t) => {
  const native = (globalThis as unknown as { WebAssembly: shim.NativeWebAssembly }).WebAssembly;
  const other = watToBytes('(module (func (export "f") (result i32) (i32.const 1)))'); // precompiled by nobody
  const before = Object.getOwnPropertyDescriptor(globalThis, 'WebAssembly');
  const withFallback = shim.install({ fallback: native });
  const without = shim.install();
  t.false(shim.validate(other), 'the newest install has no fallback');
  withFallback(); // out of order
  t.is((globalThis as { WebAssembly?: unknown }).WebAssembly, shim.WebAssembly, 'still installed');
  t.false(shim.validate(other));
  without();
  t.deepEqual(Object.getOwnPropertyDescriptor(globalThis, 'WebAssembly'), before, 'restored once none remains');
  const first = shim.install({ fallback: native });
  const second = shim.install();
  second();
  t.true(shim.validate(other), "the remaining install's fallback");
  first();
  t.false(shim.validate(other));
  t.deepEqual(Object.getOwnPropertyDescriptor(globalThis, 'WebAssembly'), before);
});

test.serial('install() where WebAssembly is absent; uninstall removes it again', (t) => {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'WebAssembly')!;
  delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
  try {
    const uninstall = shim.install();
    t.is((globalThis as { WebAssembly?: unknown }).WebAssembly, shim.WebAssembly);
    uninstall();
    t.false('WebAssembly' in globalThis);
  } finally {
    Object.defineProperty(globalThis, 'WebAssembly', descriptor);
  }
});

test('the hook: moduleFrom(generated) is a Module; emscriptenInstantiateWasm hands the instance to the callback', async (t) => {
  const generated = (await generatedPromise) as unknown as shim.GeneratedModule;
  const module = shim.moduleFrom(generated);
  t.true(module instanceof shim.Module);
  t.deepEqual(shim.Module.exports(module).map((e) => e.kind), ['table', 'memory', 'global', ...Array<string>(8).fill('function')]);
  t.deepEqual(shim.Module.customSections(module, 'name'), [], 'no bytes, no custom sections');
  const instance = await shim.instantiate(module, imports());
  t.is(instance.exports.add(40, 2), 42);
  let received: [shim.Instance, shim.Module] | undefined;
  const hook = shim.emscriptenInstantiateWasm(generated);
  const exports = hook(imports(), (i, m) => (received = [i, m]));
  t.is(received![0].exports, exports);
  t.true(received![1] instanceof shim.Module);
  t.throws(() => shim.moduleFrom({} as shim.GeneratedModule), { instanceOf: TypeError });
});

test('LinkError for wrong imports; TypeError for a missing import module or object', async (t) => {
  const generated = (await generatedPromise) as unknown as shim.GeneratedModule;
  const module = shim.moduleFrom(generated);
  const good = imports();
  t.throws(() => new shim.Instance(module, { env: { ...good.env, log: 5 } }), { instanceOf: shim.LinkError, message: /"env" "log"/ });
  const importsMemory = shim.moduleFrom((await importedMemoryPromise) as unknown as shim.GeneratedModule);
  t.throws(() => new shim.Instance(importsMemory, { env: { mem: new shim.Memory({ initial: 1 }) } }), { instanceOf: shim.LinkError, message: /maximum/ });
  t.throws(() => new shim.Instance(importsMemory, { env: { mem: new shim.Table({ element: 'anyfunc', initial: 1 }) } }), { instanceOf: shim.LinkError });
  const addFromAnother = new shim.Instance(module, good).exports.add;
  t.throws(() => new shim.Instance(module, { env: { ...good.env, log: addFromAnother } }), { instanceOf: shim.LinkError, message: /incompatible import type/ });
  t.throws(() => new shim.Instance(module, {}), { instanceOf: TypeError });
  t.throws(() => new shim.Instance(module), { instanceOf: TypeError });
  await t.throwsAsync(shim.instantiate(module, { env: { ...good.env, log: 5 } }), { instanceOf: shim.LinkError });
});

test('a trap is a RuntimeError (the shim class), and glue can construct one', async (t) => {
  const generated = (await generatedPromise) as unknown as shim.GeneratedModule;
  const { exports } = new shim.Instance(shim.moduleFrom(generated), imports());
  const error = t.throws(() => exports.boom(), { instanceOf: shim.RuntimeError, message: 'unreachable' });
  t.true(error instanceof Trap);
  t.is(error!.name, 'RuntimeError');
  t.throws(() => exports.callIndirect(1, 1, 2), { instanceOf: shim.RuntimeError }, 'null table element');
  const own = new shim.RuntimeError('abort(x)');
  t.is(own.message, 'abort(x)');
  t.is(own.name, 'RuntimeError');
  t.true(new shim.LinkError('x') instanceof Error);
});

test('memory: buffer is an ArrayBuffer; grow detaches it; growth from inside Wasm shows through re-read buffer (updateMemoryViews)', async (t) => {
  const generated = (await generatedPromise) as unknown as shim.GeneratedModule;
  const { exports } = new shim.Instance(shim.moduleFrom(generated), imports());
  const memory = exports.memory as shim.Memory;
  t.true(memory instanceof shim.Memory);
  t.true(memory.buffer instanceof ArrayBuffer);
  // Emscripten's pattern: views over wasmMemory.buffer, rebuilt after growth.
  let HEAP32 = new Int32Array(memory.buffer);
  const updateMemoryViews = () => (HEAP32 = new Int32Array(memory.buffer));
  const before = memory.buffer;
  t.is(exports.grow(1), 1, 'memory.grow inside Wasm returns the old size');
  t.is(before.byteLength, 0, 'the old buffer is detached (ArrayBuffer.prototype.transfer)');
  t.is(memory.buffer.byteLength, 2 * 65536);
  exports.store(65536 + 8, 1234);
  updateMemoryViews();
  t.is(HEAP32[(65536 + 8) / 4], 1234, 'a store past the old end is visible to glue that re-read buffer');
  const viaJs = memory.buffer;
  t.is(memory.grow(1), 2);
  t.is(viaJs.byteLength, 0);
  t.is(new Int32Array(memory.buffer)[(65536 + 8) / 4], 1234, 'contents move with the buffer');
  t.is(exports.grow(10), -1, 'past the maximum');
  t.throws(() => memory.grow(10), { instanceOf: RangeError });
});

test('imported memory made by glue with new WebAssembly.Memory is the one the module writes', async (t) => {
  const generated = (await importedMemoryPromise) as unknown as shim.GeneratedModule;
  const mem = new shim.Memory({ initial: 1, maximum: 10 });
  const { exports } = new shim.Instance(shim.moduleFrom(generated), { env: { mem } });
  exports.store(16, 0x01020304);
  t.is(new DataView(mem.buffer).getInt32(16, true), 0x01020304);
  mem.grow(1);
  exports.store(65536 + 4, 77);
  t.is(new DataView(mem.buffer).getInt32(65536 + 4, true), 77, 'growth by glue is seen by the module');
});

test('globals: exported as WebAssembly.Global; i64 values are BigInt', async (t) => {
  const generated = (await generatedPromise) as unknown as shim.GeneratedModule;
  const { exports } = new shim.Instance(shim.moduleFrom(generated), imports());
  t.true(exports.counter instanceof shim.Global);
  t.is(exports.counter.value, 7);
  exports.counter.value = 9;
  t.is(exports.counter.value, 9);
  const g = new shim.Global({ value: 'i64', mutable: true }, 5n);
  t.is(g.value, 5n);
});

test('i64 at the boundary is BigInt, for exports and for imported functions (WASM_BIGINT)', async (t) => {
  const generated = (await generatedPromise) as unknown as shim.GeneratedModule;
  const { exports } = new shim.Instance(shim.moduleFrom(generated), imports());
  t.is(exports.bigAdd(2n ** 62n, 2n ** 62n), -(2n ** 63n), 'wraps like i64');
  t.is(exports.callBig(2n ** 40n), 2n ** 41n + 1n, 'the import received a bigint and returned one');
  t.throws(() => exports.bigAdd(1, 2), { instanceOf: TypeError }, 'a number is not an i64');
  const native = new NativeWebAssembly.Instance(new NativeWebAssembly.Module(bytes), {
    env: { log: () => {}, big: (x: bigint) => x * 2n + 1n },
  }).exports as Record<string, (...a: unknown[]) => unknown>;
  t.is(native.callBig(2n ** 40n), exports.callBig(2n ** 40n));
  t.is(native.bigAdd(-5n, 3n), exports.bigAdd(-5n, 3n));
});

/** Emscripten's convertJsFunctionToWasm and generateFuncType (src/lib/libaddfunction.js), as glue runs them. */
function convertJsFunctionToWasm(WA: typeof shim.WebAssembly, func: Function, sig: string): Function {
  const typeCodes: Record<string, number> = { i: 0x7f, p: 0x7f, j: 0x7e, f: 0x7d, d: 0x7c, e: 0x6f };
  const typeSectionBody = [0x01, 0x60, sig.length - 1, ...[...sig.slice(1)].map((c) => typeCodes[c]!)];
  if (sig[0] === 'v') typeSectionBody.push(0x00);
  else typeSectionBody.push(0x01, typeCodes[sig[0]!]!);
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, typeSectionBody.length, ...typeSectionBody];
  bytes.push(0x02, 0x07, 0x01, 0x01, 0x65, 0x01, 0x66, 0x00, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00);
  const module = new WA.Module(new Uint8Array(bytes));
  const instance = new WA.Instance(module, { e: { f: func } });
  return instance.exports.f;
}

/** Emscripten's addFunction: try the raw function (a TypeError), then grow the table and store a wrapper. */
function addFunction(WA: typeof shim.WebAssembly, table: shim.Table, func: Function, sig: string): number {
  const index = table.grow(1);
  try {
    table.set(index, func);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    table.set(index, convertJsFunctionToWasm(WA, func, sig));
  }
  return index;
}

test('modules built at run time: addFunction wrappers go into exported tables and pass call_indirect type checks', async (t) => {
  const generated = (await generatedPromise) as unknown as shim.GeneratedModule;
  const { exports } = new shim.Instance(shim.moduleFrom(generated), imports());
  const table = exports.table as shim.Table;
  t.true(table instanceof shim.Table);
  t.is(table.length, 2);
  t.is(table.get(0), exports.add, 'the element segment put the exported function there');
  t.throws(() => table.set(1, (a: number, b: number) => a * b), { instanceOf: TypeError }, 'a plain JS function is not a funcref');
  const mul = addFunction(shim.WebAssembly, table, (a: number, b: number) => a * b, 'iii');
  t.is(mul, 2);
  t.is(table.length, 3);
  t.is(exports.callIndirect(mul, 6, 7), 42, 'called through call_indirect with the declared (i32, i32) -> i32');
  t.is(exports.callIndirect(0, 6, 7), 13);
  const wrongType = addFunction(shim.WebAssembly, table, (a: number) => a, 'ii');
  t.throws(() => exports.callIndirect(wrongType, 1, 2), { instanceOf: shim.RuntimeError, message: /indirect call type mismatch/ });
  const wrapped = table.get(mul) as (a: number, b: number) => number;
  t.is(wrapped(3, 4), 12, 'the wrapper is callable from JS, as dynCall does');
  t.is(wrapped.length, 2);
  const i64Wrapper = convertJsFunctionToWasm(shim.WebAssembly, (x: bigint) => x + 1n, 'jj') as (x: bigint) => bigint;
  t.is(i64Wrapper(2n ** 40n), 2n ** 40n + 1n);
  t.true(shim.validate(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])), 'the empty module is handled too');
  t.throws(() => convertJsFunctionToWasm(shim.WebAssembly, 5 as unknown as Function, 'ii'), { instanceOf: shim.LinkError, message: /"e" "f"/ });
});

test('run-time modules: several re-exports match native; anything more needs a precompiled module', (t) => {
  const reexports = watToBytes(`(module
    (import "m" "a" (func $a (param f64) (result f64)))
    (import "m" "b" (func $b (param i32 i64)))
    (export "first" (func $a)) (export "b" (func $b)) (export "again" (func $a)))`);
  const N = NativeWebAssembly as unknown as { Module: { imports(m: unknown): unknown; exports(m: unknown): unknown } };
  const module = new shim.Module(reexports);
  t.deepEqual(shim.Module.imports(module), N.Module.imports(new NativeWebAssembly.Module(reexports)));
  t.deepEqual(shim.Module.exports(module), N.Module.exports(new NativeWebAssembly.Module(reexports)));
  const calls: unknown[] = [];
  const { exports } = new shim.Instance(module, { m: { a: (x: number) => x / 2, b: (...args: unknown[]) => calls.push(args) } });
  t.is(exports.first, exports.again, 'one function, one identity');
  t.is(exports.first(5), 2.5);
  exports.b(7.9, 3n);
  t.deepEqual(calls, [[7, 3n]], 'arguments converted to the declared types');
  const withCode = watToBytes('(module (import "m" "a" (func $a)) (func (export "f") (call $a)))');
  t.throws(() => new shim.Module(withCode), { instanceOf: shim.CompileError, message: /no precompiled module/ });
  const withMemory = watToBytes('(module (import "m" "mem" (memory 1)) (export "mem" (memory 0)))');
  t.false(shim.validate(withMemory));
});

test('Table: the JS API constructor, get/set/grow/length', (t) => {
  const table = new shim.Table({ element: 'anyfunc', initial: 1, maximum: 3 });
  t.is(table.get(0), null);
  t.is(table.grow(2), 1);
  t.throws(() => table.grow(1), { instanceOf: RangeError });
  t.throws(() => table.get(3), { instanceOf: RangeError });
});

test('Tag and Exception', (t) => {
  const tag = new shim.Tag({ parameters: ['i32', 'i64'] });
  const other = new shim.Tag({ parameters: [] });
  const exception = new shim.Exception(tag, [3.7, 5n]);
  t.true(exception.is(tag));
  t.false(exception.is(other));
  t.is(exception.getArg(tag, 0), 3, 'converted as Wasm would hold it');
  t.is(exception.getArg(tag, 1), 5n);
  t.throws(() => exception.getArg(other, 0), { instanceOf: TypeError });
  t.throws(() => exception.getArg(tag, 2), { instanceOf: RangeError });
  t.throws(() => new shim.Exception(tag, [1]), { instanceOf: TypeError });
  t.throws(() => new shim.Tag({ parameters: ['i31'] } as never), { instanceOf: TypeError });
});

test('the namespace has the JS API members', (t) => {
  const native = NativeWebAssembly as unknown as Record<string, unknown>;
  for (const name of ['Module', 'Instance', 'Memory', 'Table', 'Global', 'Tag', 'Exception', 'CompileError', 'LinkError', 'RuntimeError', 'validate', 'compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) {
    t.is(typeof (shim.WebAssembly as Record<string, unknown>)[name], typeof native[name] === 'undefined' ? 'function' : typeof native[name], name);
  }
  t.is(Object.prototype.toString.call(shim.WebAssembly), '[object WebAssembly]');
  t.is(Object.prototype.toString.call(shim.Module.prototype), '[object WebAssembly.Module]');
  t.is(Object.prototype.toString.call(shim.Instance.prototype), '[object WebAssembly.Instance]');
});

void (null as unknown as GeneratedModule);
