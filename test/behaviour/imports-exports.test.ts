import test, { type ExecutionContext } from 'ava';
import { LinkError } from '../../runtime-lib/index.js';
import { differential, nativeHost, trap, wasm2tsHost, type HostKinds } from '../helpers/differential.js';
import { compileAndLoad, loadFixture, nativeInstance, readFixture } from '../helpers/generated.js';
import { NativeWebAssembly } from '../helpers/native-wasm.js';

type AnyFunction = (...args: unknown[]) => unknown;

/** The `exports` fixture's exports on each side: a source of Wasm functions to import elsewhere. */
async function wasmFunctions(): Promise<Record<HostKinds['side'], Record<string, unknown>>> {
  return {
    native: nativeInstance(readFixture('exports')).exports,
    wasm2ts: (await loadFixture('exports')).instantiate({}).exports,
  };
}

/** Imports satisfying the `imports` fixture, made from one side's host classes; `log` records its calls. */
function importsFor(host: HostKinds, functions: Record<string, unknown>, logged: number[]) {
  const table = new host.Table({ initial: 2, element: 'anyfunc' });
  table.set(0, functions['seven']);
  return {
    env: {
      log: (x: number) => void logged.push(x),
      add_i64: (a: bigint, b: bigint) => a + b,
      memory: new host.Memory({ initial: 1, maximum: 2 }),
      table,
      offset: 8,
      scale: new host.Global({ value: 'f64', mutable: true }, 2),
    },
    math: { hypot: Math.hypot },
  };
}

test('imported functions, memory, table and globals, made by the host', async (t) => {
  const functions = await wasmFunctions();
  const logged = { native: [] as number[], wasm2ts: [] as number[] };
  const imports = { native: importsFor(nativeHost, functions.native, logged.native), wasm2ts: importsFor(wasm2tsHost, functions.wasm2ts, logged.wasm2ts) };
  await differential(
    t,
    'imports',
    [
      ['log_twice', [21], undefined],
      ['add_wide', [2n, 3n], 5n],
      ['add_wide', [2n ** 62n, 2n ** 62n], -(2n ** 63n)],
      ['scaled_hypot', [3, 4], 10],
      ['write_at_offset', [0x01020304], undefined],
      ['read_at_offset', [], 0x01020304],
      ['call_table_slot', [0], 7],
      ['call_table_slot', [1], trap('UninitializedElement')],
      ['call_table_slot', [2], trap('UndefinedElement')],
      ['set_scale', [0.5], undefined],
      ['scaled_hypot', [3, 4], 2.5],
    ],
    (host) => imports[host.side],
  );
  for (const side of ['native', 'wasm2ts'] as const) {
    const env = imports[side].env;
    t.deepEqual(logged[side], [21, 42], `${side}: the imported function was called with each argument`);
    t.is(new DataView(env.memory.buffer).getInt32(8, true), 0x01020304, `${side}: Wasm store visible in the host memory`);
    t.is(env.scale.value, 0.5, `${side}: Wasm wrote the host's mutable global`);
  }
});

test('a host write to an imported memory and table is seen by Wasm', async (t) => {
  const functions = await wasmFunctions();
  const generated = await loadFixture('imports');
  const imports = importsFor(wasm2tsHost, functions.wasm2ts, []);
  const { exports } = generated.instantiate(imports);
  new DataView(imports.env.memory.buffer).setInt32(8, -5, true);
  t.is(exports['read_at_offset'](), -5);
  const eight = (functions.wasm2ts['table'] as { get(i: number): unknown }).get(1);
  imports.env.table.set(1, eight);
  t.is(exports['call_table_slot'](1), 8);
  t.is(imports.env.memory.grow(1), 1);
  new DataView(imports.env.memory.buffer).setInt32(8, 99, true);
  t.is(exports['read_at_offset'](), 99, 'Wasm reads the grown host memory');
});

/** Both engines must reject these imports with a LinkError; ours must name the module and field. */
async function assertLinkError(t: ExecutionContext, change: (imports: Record<string, Record<string, unknown>>, functions: Record<string, unknown>) => void, module: string, field: string) {
  const functions = await wasmFunctions();
  const nativeImports = importsFor(nativeHost, functions.native, []);
  change(nativeImports, functions.native);
  t.throws(() => nativeInstance(readFixture('imports'), nativeImports), { instanceOf: NativeWebAssembly.LinkError }, 'test bug? native links these imports');
  const ourImports = importsFor(wasm2tsHost, functions.wasm2ts, []);
  change(ourImports, functions.wasm2ts);
  const generated = await loadFixture('imports');
  const error = t.throws(() => generated.instantiate(ourImports), { instanceOf: LinkError });
  t.true(error?.message.includes(module) && error.message.includes(field), `LinkError message names "${module}" and "${field}": ${error?.message}`);
}

test('link error: a missing imported function', async (t) => {
  await assertLinkError(t, (imports) => delete imports['env']!['log'], 'env', 'log');
});

test('link error: an import of the wrong kind (a function where a memory is declared)', async (t) => {
  await assertLinkError(t, (imports) => (imports['env']!['memory'] = () => 0), 'env', 'memory');
});

test('link error: a Wasm function with the wrong signature', async (t) => {
  await assertLinkError(t, (imports, functions) => (imports['env']!['log'] = functions['seven']), 'env', 'log');
});

test('link error: a Wasm function with the wrong signature, from another module name', async (t) => {
  await assertLinkError(t, (imports, functions) => (imports['math']!['hypot'] = functions['add_to_total']), 'math', 'hypot');
});

test('link error: a global of the wrong value type', async (t) => {
  await assertLinkError(t, (imports) => (imports['env']!['scale'] = new (hostOf(imports).Global)({ value: 'i32', mutable: true }, 2)), 'env', 'scale');
});

test('link error: an immutable value where a mutable global is declared', async (t) => {
  await assertLinkError(t, (imports) => (imports['env']!['scale'] = 2), 'env', 'scale');
});

test('link error: a memory whose maximum exceeds the declared one', async (t) => {
  await assertLinkError(t, (imports) => (imports['env']!['memory'] = new (hostOf(imports).Memory)({ initial: 1, maximum: 3 })), 'env', 'memory');
});

test('link error: a table smaller than declared', async (t) => {
  await assertLinkError(t, (imports) => (imports['env']!['table'] = new (hostOf(imports).Table)({ initial: 1, element: 'anyfunc' })), 'env', 'table');
});

test('link error: a table of the wrong element type', async (t) => {
  await assertLinkError(t, (imports) => (imports['env']!['table'] = new (hostOf(imports).Table)({ initial: 2, element: 'externref' })), 'env', 'table');
});

test('link error: a memory smaller than declared', async (t) => {
  await assertLinkError(t, (imports) => (imports['env']!['memory'] = new (hostOf(imports).Memory)({ initial: 0, maximum: 2 })), 'env', 'memory');
});

test('link error: an immutable Global where a mutable one is declared', async (t) => {
  await assertLinkError(t, (imports) => (imports['env']!['scale'] = new (hostOf(imports).Global)({ value: 'f64', mutable: false }, 2)), 'env', 'scale');
});

/** Which side's classes made these imports (so a replacement can be made by the same side). */
function hostOf(imports: Record<string, Record<string, unknown>>): HostKinds {
  return imports['env']!['memory'] instanceof NativeWebAssembly.Memory ? nativeHost : wasm2tsHost;
}

test('exports of every kind: functions, memory, table and globals', async (t) => {
  const { native, wasm2ts } = await differential(t, 'exports', [
    ['seven', [], 7],
    ['also_seven', [], 7],
    ['nothing', [], undefined],
    ['add_to_total', [5n], 5n],
    ['peek', [0], 0],
  ]);
  for (const [side, exports] of [['native', native.exports], ['wasm2ts', wasm2ts.exports]] as const) {
    t.deepEqual(Object.keys(exports), ['memory', 'table', 'limit', 'total', 'seven', 'also_seven', 'nothing', 'add_to_total', 'peek'], `${side}: export names in order`);
    t.is(exports['seven'], exports['also_seven'], `${side}: one function exported twice is one JS function`);
    const addToTotal = exports['add_to_total'] as AnyFunction;
    t.is(addToTotal.length, 1, `${side}: an exported function's length is its parameter count`);
    t.is(addToTotal.name, '3', `${side}: an exported function's name is its function index`);
    const memory = exports['memory'] as { buffer: ArrayBuffer; grow(d: number): number };
    t.is(memory.buffer.byteLength, 65536, `${side}: memory size`);
    const table = exports['table'] as { length: number; get(i: number): unknown; set(i: number, v: unknown): void; grow(d: number): number };
    t.is(table.length, 2, `${side}: table length`);
    t.is((table.get(0) as AnyFunction)(), 7, `${side}: table slot 0 calls $seven`);
    t.is((table.get(1) as AnyFunction)(), 8, `${side}: table slot 1 calls $eight (not exported by name)`);
    t.is(table.get(0), exports['seven'], `${side}: table.get gives the same function object as the export`);
    t.throws(() => table.get(2), { instanceOf: RangeError }, `${side}: table.get out of range`);
    t.is(table.grow(1), 2, `${side}: table.grow returns the old length`);
    t.is(table.get(2), null, `${side}: grown slot is null`);
    t.throws(() => table.grow(100), { instanceOf: RangeError }, `${side}: table.grow past the maximum`);
    const limit = exports['limit'] as { value: unknown };
    const total = exports['total'] as { value: unknown };
    t.is(limit.value, 1000, `${side}: immutable global value`);
    t.throws(() => (limit.value = 1), { instanceOf: TypeError }, `${side}: an immutable global cannot be set`);
    t.is(total.value, 5n, `${side}: mutable i64 global as bigint`);
    total.value = 10n;
    t.is((exports['add_to_total'] as AnyFunction)(1n), 11n, `${side}: Wasm sees the host's write to the exported global`);
  }
});

test('export names that are not identifiers or that shadow Object.prototype members', async (t) => {
  const { native, wasm2ts } = await differential(t, 'export_names', [
    ['with space', [], 1],
    ['constructor', [], 2],
    ['__proto__', [], 3],
    ['', [], 4],
    ['crab\u{1f980}', [], 5],
    ['toString', [], 6],
    ['default', [], 7],
  ]);
  t.deepEqual(Object.keys(wasm2ts.exports), Object.keys(native.exports), 'the same names in the same order');
  t.is((wasm2ts.exports['instantiate'] as { value: unknown }).value, 8, 'a global exported as "instantiate"');
  t.is((wasm2ts.exports['0'] as { buffer: ArrayBuffer }).buffer.byteLength, 65536, 'a memory exported as "0"');
});

test('an export named like the module writer\'s placeholder for instantiate\'s body is only a name', async (t) => {
  // The writer splices instantiate's body in place of a placeholder comment; the interfaces
  // above it quote every export name, so a name may spell the placeholder.
  const name = '// @@wasm2ts: instantiate body@@';
  const text = `(module (func (export ${JSON.stringify(name)}) (result i32) (i32.const 42)))`;
  const exports = (await compileAndLoad('export-placeholder-name', text)).instantiate({}).exports as Record<string, () => number>;
  t.deepEqual(Object.keys(exports), [name]);
  t.is(exports[name]!(), 42);
});
