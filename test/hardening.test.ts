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
