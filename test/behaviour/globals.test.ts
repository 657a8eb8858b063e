import test from 'ava';
import { differential, type HostKinds } from '../helpers/differential.js';

/** `base` is a plain number (allowed for an immutable global); the mutable i64 must be a Global object. */
function globalImports(host: HostKinds) {
  return { env: { base: 100, shared_counter: new host.Global({ value: 'i64', mutable: true }, 10n) } };
}

test('globals: immutable, mutable, imported and exported, of every number type', async (t) => {
  const imports: Partial<Record<HostKinds['side'], ReturnType<typeof globalImports>>> = {};
  const made = (host: HostKinds) => (imports[host.side] = globalImports(host));
  const { native, wasm2ts } = await differential(
    t,
    'globals',
    [
      ['answer', [], 42],
      ['base_plus', [5], 105],
      ['increment', [], 1],
      ['increment', [], 2],
      ['get_big', [], 0x123456789abcdef0n],
      ['set_big', [-1n], undefined],
      ['get_big', [], -1n],
      ['scale_ratio', [3], 4.5],
      ['scale_ratio', [0.1], Math.fround(4.5 * Math.fround(0.1))],
      ['get_precise', [], -0],
      ['bump_shared', [5n], 15n],
      ['bump_shared', [2n ** 64n - 1n], 14n],
    ],
    made,
  );
  for (const [side, exports] of [['native', native.exports], ['wasm2ts', wasm2ts.exports]] as const) {
    const global = (name: string) => exports[name] as { value: unknown };
    t.is(imports[side]!.env.shared_counter.value, 14n, `${side}: Wasm wrote the imported mutable global`);
    t.is(global('derived').value, 100, `${side}: a global initialised from an imported one`);
    t.is(global('counter').value, 2, `${side}: exported mutable i32`);
    t.is(global('big').value, -1n, `${side}: exported mutable i64 is a bigint`);
    t.is(global('ratio').value, Math.fround(4.5 * Math.fround(0.1)), `${side}: exported f32`);
    t.true(Object.is(global('precise').value, -0), `${side}: exported f64 -0 keeps its sign`);
    global('counter').value = 10;
    t.is((exports['increment'] as () => number)(), 11, `${side}: Wasm sees a host write to an exported global`);
    imports[side]!.env.shared_counter.value = -5n;
    t.is((exports['bump_shared'] as (x: bigint) => bigint)(1n), -4n, `${side}: Wasm sees a host write to an imported global`);
    global('big').value = 2n ** 63n;
    t.is((exports['get_big'] as () => bigint)(), -(2n ** 63n), `${side}: a bigint written to an i64 global wraps to 64 bits`);
  }
});
