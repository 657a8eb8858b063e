import test, { type ExecutionContext } from 'ava';
import { Trap, type TrapCode } from '../../runtime-lib/index.js';
import { differential, nativeHost, trap, wasm2tsHost, type HostKinds } from '../helpers/differential.js';
import { loadFixture, nativeInstance, readFixture } from '../helpers/generated.js';
import { NativeWebAssembly } from '../helpers/native-wasm.js';

type ImportsFactory<T> = (host: HostKinds) => T;

test('active and passive element and data segments', async (t) => {
  await differential(
    t,
    'segments',
    [
      ['call_slot', [0], trap('UninitializedElement')],
      ['call_slot', [1], 1],
      ['call_slot', [2], 2],
      ['call_slot', [3], trap('UninitializedElement')],
      ['load8', [16], 'a'.charCodeAt(0)],
      ['load8', [21], 'e'.charCodeAt(0)],
      ['load8', [32], 0xde],
      ['load8', [35], 0xef],
      ['load8', [100], 0],
      ['load_passive', [100], undefined],
      ['load8', [100], 'p'.charCodeAt(0)],
      ['load8', [106], 'e'.charCodeAt(0)],
      ['load_later', [5], undefined],
      ['call_slot', [5], 3],
      ['call_slot', [6], 1],
      ['drop_later', [], undefined],
      ['load_later', [0], trap('OutOfBoundsTable')],
      ['call_slot', [0], trap('UninitializedElement')],
    ],
    () => ({ env: { data_base: 32 } }),
  );
});

test('the start function runs once, during instantiate, before any export is called', async (t) => {
  await differential(t, 'start_function', [
    ['times_started', [], 1],
    ['byte_at', [0], 'A'.charCodeAt(0)],
    ['byte_at', [25], 'Z'.charCodeAt(0)],
    ['byte_at', [26], 0],
    ['times_started', [], 1],
  ]);
});

test('a start function calling an import calls it inside instantiate', async (t) => {
  const generated = await loadFixture('start_function_import');
  const calls: number[] = [];
  generated.instantiate({ env: { on_start: (x: number) => void calls.push(x) } });
  t.deepEqual(calls, [123]);
});

test('each instantiate call makes a fresh, independent instance', async (t) => {
  const generated = await loadFixture('memory_size_grow');
  const first = generated.instantiate({}).exports;
  const second = generated.instantiate({}).exports;
  t.not(first['memory'], second['memory']);
  first['store'](0, 1234);
  first['grow'](2);
  t.is(first['load'](0), 1234);
  t.is(second['load'](0), 0, 'memory is not shared');
  t.is(second['size'](), 1, 'growth is not shared');

  const counters = await loadFixture('calls_and_recursion');
  t.is(counters.instantiate({}).exports['call_n_times'](3), 3);
  t.is(counters.instantiate({}).exports['call_n_times'](3), 3, 'globals are not shared');

  const started = await loadFixture('start_function');
  started.instantiate({});
  t.is(started.instantiate({}).exports['times_started'](), 1, 'the start function ran once per instance');
});

/** Runs `instantiate` on both engines with fresh imports; both must throw, and ours a Trap with `code`. */
async function assertInstantiationTraps<T extends { env: Record<string, unknown> }>(t: ExecutionContext, fixture: string, imports: ImportsFactory<T>, code: TrapCode) {
  const nativeImports = imports(nativeHost);
  t.throws(() => nativeInstance(readFixture(fixture), nativeImports), { instanceOf: NativeWebAssembly.RuntimeError }, 'test bug? native instantiates');
  const ourImports = imports(wasm2tsHost);
  const generated = await loadFixture(fixture);
  const error = t.throws(() => generated.instantiate(ourImports), { instanceOf: Trap });
  t.is(error?.code, code);
  return { nativeImports, ourImports };
}

test('an active data segment out of bounds traps at instantiation; earlier segments stay written', async (t) => {
  const { nativeImports, ourImports } = await assertInstantiationTraps(
    t,
    'trap_during_instantiation',
    (host) => ({ env: { memory: new host.Memory({ initial: 1 }), table: new host.Table({ initial: 2, element: 'anyfunc' }) } }),
    'OutOfBoundsMemory',
  );
  for (const [side, imports] of [['native', nativeImports], ['wasm2ts', ourImports]] as const) {
    const bytes = new Uint8Array(imports.env.memory.buffer);
    t.deepEqual([bytes[0], bytes[1], bytes[65534], bytes[100]], [111, 107, 0, 0], `${side}: "ok" written, later segments not`);
    t.is(typeof imports.env.table.get(0), 'function', `${side}: the element segment before the data segments was written`);
  }
});

test('an active element segment out of bounds traps at instantiation', async (t) => {
  const { nativeImports, ourImports } = await assertInstantiationTraps(
    t,
    'trap_element_segment_out_of_bounds',
    (host) => ({ env: { table: new host.Table({ initial: 2, element: 'anyfunc' }) } }),
    'OutOfBoundsTable',
  );
  for (const [side, imports] of [['native', nativeImports], ['wasm2ts', ourImports]] as const) {
    t.is(typeof imports.env.table.get(0), 'function', `${side}: the first segment was written`);
    t.is(imports.env.table.get(1), null, `${side}: the failing segment wrote nothing`);
  }
});

test('a start function that traps makes instantiate throw that trap, after its effects', async (t) => {
  const { nativeImports, ourImports } = await assertInstantiationTraps(
    t,
    'trap_in_start_function',
    (host) => ({ env: { memory: new host.Memory({ initial: 1 }) } }),
    'Unreachable',
  );
  t.is(new Uint8Array(nativeImports.env.memory.buffer)[0], 42);
  t.is(new Uint8Array(ourImports.env.memory.buffer)[0], 42);
});
