/**
 * Generated code reaches nothing it is not given: no eval or Function, and import and
 * export names, whatever they contain, can neither break out of their string literals nor
 * collide with properties of the exports object or of Object.prototype.
 */
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../compiler/index.js';
import { compileAndLoad, fixtureNames, readFixture } from './helpers/generated.js';
import { sharedDir } from './helpers/bench.js';

const HOSTILE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '"; process.exit(1) //', "'; throw 1; '", '*/ throw 1; /*', '\u2028', '\\', '', ' ', 'a-b', '0', 'then'];

function exportsModule(names: readonly string[]): string {
  const exports = names.map((n, i) => `(func (export ${JSON.stringify(n)}) (result i32) (i32.const ${i}))`).join('\n');
  return `(module ${exports})`;
}

test('generated code never uses eval or Function', async (t) => {
  const sources: [string, string | Uint8Array][] = fixtureNames().map((n) => [n, readFixture(n)]);
  const kernels = sharedDir === undefined ? [] : readdirSync(path.join(sharedDir, 'bench/wasm')).filter((f) => f.endsWith('.wasm'));
  for (const k of kernels) sources.push([k, new Uint8Array(readFileSync(path.join(sharedDir!, 'bench/wasm', k)))]);
  for (const [name, source] of sources) {
    const { code } = await compile(source, { target: 'js', format: false });
    t.notRegex(code, /\beval\b|\bFunction\s*\(|new\s+Function\b/, name);
  }
});

test('hostile export names are plain keys of a null-prototype, frozen exports object', async (t) => {
  const before = Object.getOwnPropertyNames(Object.prototype).sort();
  const { exports } = (await compileAndLoad('hostile-exports', exportsModule(HOSTILE_NAMES))).instantiate({});
  t.is(Object.getPrototypeOf(exports), null);
  t.true(Object.isFrozen(exports));
  t.deepEqual(Object.keys(exports).sort(), [...HOSTILE_NAMES].sort());
  HOSTILE_NAMES.forEach((name, i) => t.is(exports[name](), i, name));
  t.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before, 'Object.prototype untouched');
  t.is(({} as Record<string, unknown>).then, undefined);
});

// Their TypeScript side (quoted interface keys, literals that cannot be broken out of) is
// covered by fixtures/export_names.wat, which is snapshotted and type-checked under strict.

test('hostile import names are looked up as plain keys, never on the prototype', async (t) => {
  const names = ['__proto__', 'constructor', '"; process.exit(1) //'];
  const imports = names.map((n, i) => `(import ${JSON.stringify(n)} ${JSON.stringify(n)} (func $i${i} (result i32)))`).join(' ');
  const calls = names.map((_, i) => `(func (export "call${i}") (result i32) (call $i${i}))`).join(' ');
  const m = await compileAndLoad('hostile-imports', `(module ${imports} ${calls})`);
  const host: Record<string, unknown> = Object.create(null);
  names.forEach((n, i) => {
    const mod: Record<string, unknown> = Object.create(null);
    mod[n] = () => 100 + i;
    host[n] = mod;
  });
  const { exports } = m.instantiate(host);
  names.forEach((_, i) => t.is(exports[`call${i}`](), 100 + i));
  // Without the imports, `__proto__` and `constructor` must not resolve to Object.prototype members.
  // As in the JS API, `{}`.__proto__ is Object.prototype, whose `__proto__` is null: not a function.
  t.throws(() => m.instantiate({}), { name: "LinkError", message: /expected a function, got null/ });
});

test("names from the name section never shadow the module's own constants, and huge ones are cut", async (t) => {
  // A function named SIG_0 once shadowed the signature constant SIG_0 inside instantiate, and a
  // parameter named SIG_1 shadowed the constant of a signature first needed after the
  // parameter was named: both call_indirect checks then compared against the wrong value.
  const longName = 'x'.repeat(100_000); // made a regular expression too large to build
  const text = `(module
    (type $unary (func (param i32) (result i32)))
    (type $binary (func (param i32 i32) (result i32)))
    (table (export "tab") 4 funcref)
    (elem (i32.const 0) $SIG_0 $add $${longName})
    (func $SIG_0 (param i32) (result i32) (i32.add (local.get 0) (i32.const 100)))
    (global $last (mut i32) (i32.const 0))
    (func $${longName} (param $${longName} i32) (result i32) (local $twice i32)
      (local.set $twice (i32.mul (local.get $${longName}) (i32.const 2)))
      (global.set $last (local.get $twice))
      (local.get $twice))
    (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "unary") (param $SIG_1 i32) (param $i i32) (result i32)
      (call_indirect (type $unary) (local.get $SIG_1) (local.get $i)))
    (func (export "binary") (param $SIG_1 i32) (param $i i32) (result i32)
      (call_indirect (type $binary) (local.get $SIG_1) (local.get $SIG_1) (local.get $i))))`;
  const { exports } = (await compileAndLoad('shadowing-names', text)).instantiate({});
  t.is(exports.unary(5, 0), 105);
  t.is(exports.unary(5, 2), 10);
  t.is(exports.binary(5, 1), 10);
  t.throws(() => exports.binary(5, 0), { message: 'indirect call type mismatch' });
  t.throws(() => exports.unary(5, 1), { message: 'indirect call type mismatch' });
});

test("functions and globals named like instantiate's own names (DATA_0, options) do not shadow them", async (t) => {
  // A function called DATA_0 shadowed the data segment's constant (instantiate then failed in
  // memory_init), and one called `options` shadowed instantiate's parameter (the store never
  // learned of the instance); a global called `options` did not compile to JS at all.
  const text = `(module (memory (export "memory") 1) (data (i32.const 0) "\\2a")
    (global $options (mut i32) (i32.const 5))
    (func $DATA_0 (export "f") (result i32) (i32.add (i32.load8_u (i32.const 0)) (global.get $options)))
    (func $options (export "options") (result i32) (i32.const 7)))`;
  let storeRead = 0;
  const options = {
    get store() {
      storeRead++;
      return undefined;
    },
  };
  const { exports } = (await compileAndLoad('shadowing-instantiate-names', text)).instantiate({}, options);
  t.is(exports.f(), 47);
  t.is(exports.options(), 7);
  t.is(storeRead, 1);
});
