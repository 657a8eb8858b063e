/**
 * Formatting a module in parts (compiler/format.ts): the module's text with a placeholder per
 * function, then the functions in chunks, spliced in, some of them by worker threads. It must
 * give exactly what prettier gives for the whole module, whatever the chunk size: one function
 * per chunk, a few, all of them.
 */
import test from 'ava';
import { decodeAndValidate, parseWatMapped } from '../compiler/load/index.js';
import { writeModule } from '../compiler/write/module-writer.js';
import { functionPlaceholders, spliceFunctions } from '../compiler/write/splice.js';
import { formatModule, formatTs } from '../compiler/format.js';

/**
 * Functions of many sizes (a long one, with lines prettier must wrap), the dispatchers of a
 * sealed table (an entry that starts with a comment) and, with splitting forced, functions
 * whose entry holds their split pieces too.
 */
const MODULE = `(module
  (memory 1)
  (type $ii (func (param i32) (result i32)))
  ${Array.from({ length: 24 }, (_, k) => `(func $f${k} (type $ii) ${'(i32.add '.repeat(k)}(local.get 0)${` (i32.load offset=${k * 4} (local.get 0)))`.repeat(k)})`).join('\n  ')}
  (table $t 8 funcref)
  (elem (table $t) (i32.const 0) func $f0 $f1 $f2 $f3)
  (func (export "call") (param i32 i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $again
      (local.set $acc (i32.add (local.get $acc) (call_indirect $t (type $ii) (local.get $i) (i32.and (local.get $i) (i32.const 3)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (local.get 1))))
    (i32.add (local.get $acc) (call $f23 (local.get 0)))))`;

test('a module formatted in chunks of any size is the module formatted whole', async (t) => {
  const module = decodeAndValidate(parseWatMapped(MODULE).bytes);
  for (const outline of [undefined, { above: 0, chunk: 40 }]) {
    const { ts, functions } = writeModule(module, { runtimeImport: 'wasm2ts/runtime', outline });
    t.is(functionPlaceholders(ts).length, functions.length, 'a placeholder per function');
    t.true(functions.some((f) => f.startsWith('// call_indirect through')), 'a dispatcher, whose entry starts with a comment');
    if (outline) t.true(functions.some((f) => /\n\}\n+(function|const)/.test(f)), 'an entry with split pieces beside its function');
    const whole = await formatTs(spliceFunctions(ts, functions));
    const longest = Math.max(...functions.map((f) => f.length));
    for (const chunk of [1, 400, 3000, longest * functions.length]) {
      t.is(await formatModule(ts, functions, { chunk, workers: 0 }), whole, `chunks of ${chunk} characters${outline ? ', split functions' : ''}`);
    }
    // Worker threads take chunks too (a large module's default); the order of the result stays.
    t.is(await formatModule(ts, functions, { chunk: 400, workers: 2 }), whole, `two worker threads${outline ? ', split functions' : ''}`);
    // Worker threads that fail (one that throws, one that exits) leave their chunks to this thread.
    for (const failing of ['throw new Error("no workers here")', 'process.exit(3)']) {
      const workerScript = new URL(`data:text/javascript,${encodeURIComponent(failing)}`);
      t.is(await formatModule(ts, functions, { chunk: 400, workers: 2, workerScript }), whole, `workers that fail: ${failing}`);
    }
  }
});

test('splicing the functions unformatted indents every line of each like its placeholder', (t) => {
  const text = ['function outer() {', '  const a = 1;', '', '  wasm2ts$function(0);', '', '    wasm2ts$function(1);', '}'].join('\n');
  t.deepEqual(functionPlaceholders(text), ['  ', '    ']);
  t.is(
    spliceFunctions(text, ['function f() {\n  return 1;\n}', 'function g() {\n\n  return 2;\n}']),
    ['function outer() {', '  const a = 1;', '', '  function f() {', '    return 1;', '  }', '', '    function g() {', '', '      return 2;', '    }', '}'].join('\n'),
  );
  // A line that does not continue the writer's count is not a placeholder.
  t.deepEqual(functionPlaceholders('wasm2ts$function(1);\nwasm2ts$function(0);'), ['']);
  t.throws(() => spliceFunctions('x', ['function f() {}']), { message: /1 of 1 function placeholders not found/ });
});

test('a function prettier cannot parse fails the compile with an internal error, in a worker thread or not', async (t) => {
  const ts = ['export function instantiate() {', ...Array.from({ length: 6 }, (_, k) => `  wasm2ts$function(${k});`), '}'].join('\n');
  const functions = Array.from({ length: 6 }, (_, k) => (k === 1 ? 'function f1( {' : `function f${k}() {\n  return ${k};\n}`));
  for (const workers of [0, 2]) {
    await t.throwsAsync(formatModule(ts, functions, { chunk: 1, workers }), { message: /^internal: generated code did not parse for formatting/ }, `${workers} workers`);
  }
  t.is(await formatModule(ts, functions.map((f, k) => (k === 1 ? 'function f1() {}' : f)), { chunk: 1, workers: 2 }), await formatTs(spliceFunctions(ts, functions.map((f, k) => (k === 1 ? 'function f1() {}' : f)))));
});

test('a function text with whitespace around it is refused rather than formatted differently', async (t) => {
  const ts = 'export function instantiate() {\n  wasm2ts$function(0);\n}';
  await t.throwsAsync(formatModule(ts, ['function f() {}\n']), { message: /function text 0 is empty or has whitespace around it/ });
  await t.throwsAsync(formatModule(ts, ['']), { message: /function text 0 is empty/ });
});
