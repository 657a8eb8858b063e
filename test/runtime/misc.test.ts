import test from 'ava';
import * as runtime from '../../runtime-lib/index.js';
import { decodeBase64, encodeBase64 } from '../../runtime-lib/base64.js';
import { translateError, markHostError } from '../../runtime-lib/errors.js';
import { makeExports } from '../../runtime-lib/exports.js';
import { LIBCALLS } from '../../runtime-lib/libcalls/table.js';
import { libcalls } from '../../runtime-lib/libcalls/impl.js';
import { Trap } from '../../runtime-lib/trap.js';
import { prng } from './native.js';

test('makeExports: frozen, null prototype, __proto__ and constructor are ordinary names', (t) => {
  const f = () => 1;
  const exports = makeExports([['__proto__', 1], ['constructor', f], ['toString', 'x'], ['', 2], ['a b', 3]]);
  t.is(Object.getPrototypeOf(exports), null);
  t.true(Object.isFrozen(exports));
  t.is(exports.__proto__, 1);
  t.is(exports.constructor, f);
  t.is(exports.toString, 'x');
  t.is(exports[''], 2);
  t.deepEqual(Object.keys(exports), ['__proto__', 'constructor', 'toString', '', 'a b']);
  t.throws(() => { 'use strict'; exports.x = 1; }, { instanceOf: TypeError });
  const empty = makeExports([]);
  t.deepEqual(Object.keys(empty), []);
  t.is(Object.getPrototypeOf(empty), null);
});

test('base64: known vectors (RFC 4648)', (t) => {
  const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
  for (const [plain, encoded] of vectors) {
    const bytes = new TextEncoder().encode(plain);
    t.is(encodeBase64(bytes), encoded);
    t.deepEqual(decodeBase64(encoded), bytes);
    t.deepEqual(decodeBase64(encoded.replace(/=+$/, '')), bytes, 'padding is optional');
  }
  t.is(encodeBase64(new Uint8Array([0xfb, 0xff, 0xbf])), '+/+/');
});

test('base64: random round trips, all byte values, large inputs', (t) => {
  const next = prng(5);
  for (const n of [1, 2, 3, 4, 5, 255, 256, 1000, 100_003]) {
    const bytes = new Uint8Array(n).map(() => next() & 0xff);
    const s = encodeBase64(bytes);
    t.is(s.length, Math.ceil(n / 3) * 4);
    t.deepEqual(decodeBase64(s), bytes);
  }
  const all = new Uint8Array(256).map((_, i) => i);
  t.deepEqual(decodeBase64(encodeBase64(all)), all);
});

test('base64: rejects bad characters and lengths', (t) => {
  t.throws(() => decodeBase64('Zm9v!'), { instanceOf: SyntaxError });
  t.throws(() => decodeBase64('Zm9vY'), { instanceOf: SyntaxError });
  t.throws(() => decodeBase64('Zg==='), { instanceOf: SyntaxError });
  t.throws(() => decodeBase64('Z€==' ), { instanceOf: SyntaxError });
});

test('translateError', (t) => {
  const stack = translateError(new RangeError('Maximum call stack size exceeded'));
  t.true(stack instanceof Trap);
  t.is((stack as Trap).code, 'CallStackExhausted');
  t.is((stack as Trap).message, 'call stack exhausted');
  t.is((translateError(new RangeError('Offset is outside the bounds of the DataView')) as Trap).code, 'OutOfBoundsMemory');
  const internal = Object.assign(new Error('too much recursion'), { name: 'InternalError' });
  t.is((translateError(internal) as Trap).code, 'CallStackExhausted');
  const host = new RangeError('host');
  markHostError(host);
  t.is(translateError(host), host);
  const trap = new Trap('Unreachable');
  t.is(translateError(trap), trap);
  const type = new TypeError('x');
  t.is(translateError(type), type);
  t.is(translateError('a string'), 'a string');
  const hostInternal = Object.assign(new Error('too much recursion'), { name: 'InternalError' });
  markHostError(hostInternal);
  t.is(translateError(hostInternal), hostInternal);
  markHostError('not an object'); // ignored, does not throw
});

test('every LIBCALLS row is implemented, with the declared arity', (t) => {
  const names = Object.keys(LIBCALLS) as (keyof typeof LIBCALLS)[];
  t.deepEqual(Object.keys(libcalls).sort(), [...names].sort());
  for (const name of names) {
    t.is(typeof libcalls[name], 'function', name);
    t.is(libcalls[name].length, LIBCALLS[name].params.length, `${name} arity`);
  }
});

test('the index re-exports the public runtime', (t) => {
  const expected = [
    'Trap', 'TRAP_MESSAGES', 'trap', 'LinkError', 'translateError', 'Memory', 'Table', 'Global', 'FuncRef', 'FUNCREF',
    'funcRefOf', 'hostFuncRef', 'I64_HI', 'i64ToBigInt', 'bigintToI64', 'toI32', 'toI64', 'toF32', 'toF64', 'sigId',
    'makeExports', 'decodeBase64', 'encodeBase64', 'libcalls', 'LIBCALLS', 'VMContext', 'VMOffsets', 'computeVMOffsets',
    'importModuleObject', 'linkFunc', 'linkMemory', 'linkTable', 'linkGlobal',
  ];
  for (const name of expected) t.not((runtime as Record<string, unknown>)[name], undefined, name);
  t.throws(() => runtime.trap('IntegerOverflow'), { instanceOf: runtime.Trap, message: 'integer overflow' });
});

test('the runtime never mentions the global WebAssembly or Node-only APIs', async (t) => {
  const { readdir, readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const root = new URL('../../../runtime-lib/', import.meta.url).pathname;
  const files: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(dir, entry.name));
      else if (entry.name.endsWith('.ts')) files.push(join(dir, entry.name));
    }
  }
  await walk(root);
  t.true(files.length > 10);
  for (const file of files) {
    // Without comments and string literals (error messages may name WebAssembly.Memory and friends).
    const code = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').replace(/'[^'\n]*'|`[^`]*`/g, "''");
    t.false(/\bWebAssembly\s*\./.test(code), `${file} uses WebAssembly`);
    t.false(/from 'node:|require\(|\bBuffer\b|\bprocess\./.test(code), `${file} uses a Node API`);
  }
});
