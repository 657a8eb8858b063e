/**
 * The JS boundary as the WebAssembly JS API defines it: arguments converted with
 * ToInt32 / ToBigInt64 / ToNumber (+ fround), results of host functions converted back,
 * host exceptions passing through Wasm unchanged, and re-entrant calls.
 */
import test from 'ava';
import { differential, throws, type HostKinds } from '../helpers/differential.js';

test('i32, f32 and f64 arguments are converted like the JS API does', async (t) => {
  await differential(t, 'i32_arithmetic', [
    ['add', ['3', 4.7], 7],
    ['add', [2 ** 32 + 1, 0], 1],
    ['add', [-0.9, 0], 0],
    ['add', [NaN, Infinity], 0],
    ['add', [true, null], 1],
    ['add', [{ valueOf: () => 9 }, 1], 10],
    ['add', [5], 5],
    ['add', [1, 2, 3], 3],
    ['add', [1n, 2], throws('TypeError')],
  ]);
  await differential(t, 'f32_arithmetic', [
    ['add', [0.1, 0], Math.fround(0.1)],
    ['add', ['1.5', 1], 2.5],
    ['add', [1e40, 0], Infinity],
    ['add', [{ valueOf: () => 0.5 }, undefined], NaN],
  ]);
  await differential(t, 'f64_arithmetic', [
    ['add', ['x', 1], NaN],
    ['add', [[], 0.25], 0.25],
  ]);
});

test('i64 arguments are converted with ToBigInt64: numbers are a TypeError, strings parse', async (t) => {
  await differential(t, 'i64_arithmetic', [
    ['add', [1, 2n], throws('TypeError')],
    ['add', [undefined, 2n], throws('TypeError')],
    ['add', ['5', 2n], 7n],
    ['add', [true, 1n], 2n],
    ['add', [2n ** 64n + 3n, 0n], 3n],
    ['add', [-(2n ** 63n) - 1n, 0n], 2n ** 63n - 1n],
    ['add', ['x', 1n], throws('SyntaxError')],
  ]);
});

/** Imports for the `imports` fixture whose functions misbehave in configurable ways. */
function importsWith(host: HostKinds, overrides: Record<string, unknown>) {
  return {
    env: {
      log: () => undefined,
      add_i64: (a: bigint, b: bigint) => a + b,
      memory: new host.Memory({ initial: 1, maximum: 2 }),
      table: new host.Table({ initial: 2, element: 'anyfunc' }),
      offset: 8,
      scale: new host.Global({ value: 'f64', mutable: true }, 2),
      ...overrides,
    },
    math: { hypot: (a: number, b: number) => String(Math.hypot(a, b)) },
  };
}

test('results of host functions are converted to the declared types', async (t) => {
  await differential(t, 'imports', [['scaled_hypot', [3, 4], 10]], (host) => importsWith(host, {}));
  await differential(t, 'imports', [['add_wide', [1n, 2n], throws('TypeError')]], (host) =>
    importsWith(host, { add_i64: (a: bigint, b: bigint) => Number(a + b) }),
  );
  await differential(t, 'imports', [['add_wide', [1n, 2n], 2n ** 63n - 1n]], (host) =>
    importsWith(host, { add_i64: () => -(2n ** 63n) - 1n }),
  );
});

test('an exception thrown by a host function passes through Wasm unchanged', async (t) => {
  const thrown = { native: new RangeError('host range error'), wasm2ts: new RangeError('host range error') };
  const calls = { native: 0, wasm2ts: 0 };
  const { native, wasm2ts } = await differential(
    t,
    'imports',
    [
      ['log_twice', [1], throws('RangeError')],
      ['add_wide', [1n, 2n], 3n],
    ],
    (host) =>
      importsWith(host, {
        log: () => {
          calls[host.side]++;
          throw thrown[host.side];
        },
      }),
  );
  for (const [side, exports] of [['native', native.exports], ['wasm2ts', wasm2ts.exports]] as const) {
    const error = t.throws(() => (exports['log_twice'] as (x: number) => void)(2));
    t.is(error, thrown[side], `${side}: the very same error object`);
  }
  t.deepEqual(calls, { native: 2, wasm2ts: 2 }, 'the second log call is never made once the first throws');
});

test('a host function may call back into the instance (re-entrancy)', async (t) => {
  const exportsOf: Partial<Record<HostKinds['side'], Record<string, unknown>>> = {};
  const logged = { native: [] as bigint[], wasm2ts: [] as bigint[] };
  const { native, wasm2ts } = await differential(t, 'imports', [], (host) =>
    importsWith(host, {
      log: (x: number) => {
        const addWide = exportsOf[host.side]!['add_wide'] as (a: bigint, b: bigint) => bigint;
        logged[host.side].push(addWide(BigInt(x), 100n));
      },
    }),
  );
  exportsOf.native = native.exports;
  exportsOf.wasm2ts = wasm2ts.exports;
  for (const side of ['native', 'wasm2ts'] as const) {
    (exportsOf[side]!['log_twice'] as (x: number) => void)(5);
    t.deepEqual(logged[side], [105n, 110n], `${side}: each log call re-entered add_wide`);
  }
});
