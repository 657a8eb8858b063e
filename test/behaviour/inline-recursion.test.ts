/**
 * One level of inlining of small self-recursive functions (compiler/emit/inline-recursion.ts):
 * results, traps and memory effects stay native's, and only the functions within the limits
 * get a copy of themselves.
 */
import test, { type ExecutionContext } from 'ava';
import fs from 'node:fs';
import { differential, trap } from '../helpers/differential.js';
import { compileAndLoad, generatedPath } from '../helpers/generated.js';
import { BLOCK_OPENERS, BRANCHES, MAX_INLINED_BODY, MAX_INLINED_LOCALS } from '../../compiler/emit/inline-recursion.js';
import { OPCODES } from '../../compiler/model/opcodes.js';

const FIXTURE = 'inline_recursion';

/** The text of generated function `name`, up to the next function. */
function functionText(code: string, name: string): string {
  const start = code.indexOf(`function ${name}(`);
  if (start < 0) throw new Error(`no function ${name} in the generated code`);
  const next = code.indexOf('\n  function ', start + 1);
  return code.slice(start, next < 0 ? undefined : next);
}

test('inlined self-calls give native results, traps and memory effects', async (t) => {
  await differential(t, FIXTURE, [
    ...[0, 1, 2, 3, 10, 20].map((n) => ['fib', [n]] as const),
    ['fib', [20], 6765],
    // The copy's locals restart at zero on each pass of the caller's loop (otherwise its loop
    // would run once from the second pass on): loopy(1) = 13 + 1, loopy(2) = 14 * 13 + 2.
    ...[0, 1, 2, 3, 4, 5].map((n) => ['loopy', [n]] as const),
    ['loopy', [1], 14],
    ['loopy', [2], 184],
    ...[0, 1, 4, 5, 6, 9].map((n) => ['exits', [n]] as const),
    ['exits', [4], 1004],
    ['exits', [6], 501],
    ...[
      [0, 7n],
      [1, 7n],
      [3, -2n],
      [6, 0x7fffffffffffn],
    ].map((args) => ['typed', args] as const),
    ['fill', [0, 10], undefined],
    ['load', [0], 10],
    ['load', [36], 1],
    ['load', [40], 0],
    ['fill', [65520, 10], trap('OutOfBoundsMemory')],
    ['load', [65532], 7], // the stores before the trap stay
    ['grow', [0]],
    ['grow', [3]],
    ['load', [3 * 65532], 3], // stored by the outermost call, after the growth in the copy's copy
    // Every local found zeroed on every pass: 3 each time (null externref 1, null funcref 2).
    ...[0, 1, 2, 3].map((n) => ['retyped', [n, {}]] as const),
    ['retyped', [0, {}], 3],
    ['retyped', [1, {}], (3 * 2 + 3) * 2 + 3],
    ['retyped', [2, {}], (3 * 2 + 21) * 2 + 21],
    ['fill', [0, 0], undefined],
    ['pending', [64, 2], 0], // 100 if the load ran after the copy's store
    ['pending', [64, 3], 300], // the first call's store stays: 100 + 100 + 100 + 0
    ...[-1, 0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => ['branches', [n]] as const),
    ['branches', [4], 122], // br_table out of the copy
    ['branches', [2], 111], // br_if out of the copy
    ['branches', [7], 133], // return out of the copy
    ...[-2, -1, 0, 1, 2, 3, 6, 10].map((n) => ['nest', [n]] as const),
    ...[0, 1, 2, 5].map((n) => ['dead', [n]] as const),
    ['dead', [5], 6 + 5 + 4 + 3 + 2],
    ['four', [7]],
    ['divmod', [12345], [1, 4]],
    ['runaway', [0], trap('CallStackExhausted')],
  ]);
});

test('only small functions with few self-calls and at most one result get a copy of themselves', async (t) => {
  await differential(t, FIXTURE, [['fib', [5], 5]]);
  const code = fs.readFileSync(generatedPath(FIXTURE), 'utf8');
  // The copies' parameters and locals are named after the originals.
  t.regex(functionText(code, 'fib'), /let n_1 = 0;/, 'a copy of the locals');
  t.notRegex(functionText(code, 'fib'), /n_2/, 'one set of copied locals, shared by both call sites');
  t.regex(functionText(code, 'loopy'), /acc_1 = 0;\s*i_1 = 0;/, 'the copy zeroes its locals where it starts');
  t.is(functionText(code, 'fib').match(/\bfib\(/g)?.length, 1 + 4, 'the copies keep their own calls: one level only');
  t.is(functionText(code, 'nest').match(/\bnest\(/g)?.length, 1 + 9, 'three self-calls (the limit): each a copy');
  for (const name of ['exits', 'typed', 'fill', 'grow', 'retyped', 'pending', 'branches', 'dead']) t.regex(functionText(code, name), /_1 = /, `${name} is inlined`);
  t.notRegex(functionText(code, 'four'), /_1\b/, 'four self-calls: not inlined');
  t.notRegex(functionText(code, 'divmod'), /_1\b/, 'two results: not inlined');
});

/**
 * Compiles `recursive(name, limit)` and `recursive(name, limit + 1)` (functions counting their
 * argument down to 0): both count right, and only the one at the limit has a copy of itself.
 */
async function checkLimit(t: ExecutionContext, moduleName: string, limit: number, recursive: (name: string, size: number) => string) {
  const text = `(module ${recursive('at_limit', limit)} ${recursive('over_limit', limit + 1)})`;
  const { exports } = (await compileAndLoad(moduleName, text)).instantiate();
  t.is(exports.at_limit(1000), 1000);
  t.is(exports.over_limit(1000), 1000);
  const code = fs.readFileSync(generatedPath(moduleName), 'utf8');
  t.regex(functionText(code, 'at_limit'), /n_1 = /);
  t.notRegex(functionText(code, 'over_limit'), /n_1\b/);
}

test('a body of MAX_INLINED_BODY instructions is inlined, one more is not', (t) =>
  // 13 instructions around the nops, counting the final `end`.
  checkLimit(t, 'inline-recursion-limit', MAX_INLINED_BODY, (name, size) => `
    (func $${name} (export "${name}") (param $n i32) (result i32)
      (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
      ${'nop '.repeat(size - 13)}
      (i32.add (i32.const 1) (call $${name} (i32.sub (local.get $n) (i32.const 1)))))`));

test('a function with MAX_INLINED_LOCALS parameters and locals is inlined, one more is not', (t) =>
  checkLimit(t, 'inline-recursion-locals', MAX_INLINED_LOCALS, (name, locals) => `
    (func $${name} (export "${name}") (param $n i32) (result i32) ${'(local i64) '.repeat(locals - 1)}
      (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $${name} (i32.sub (local.get $n) (i32.const 1)))))))`));

test('the opcode table has no label, block or return instruction that inlining does not know', (t) => {
  // A new one (try, delegate, br_on_null, return_call, ...) needs its meaning in a copy
  // decided in compiler/emit/inline-recursion.ts; until then functions using it are not inlined.
  const names = (keep: (o: (typeof OPCODES)[number]) => boolean) => OPCODES.filter(keep).map((o) => o.name).sort();
  t.deepEqual(names((o) => o.imm === 'label' || o.imm === 'br_table'), [...BRANCHES].sort());
  t.deepEqual(names((o) => o.imm === 'blocktype'), [...BLOCK_OPENERS].sort());
  t.deepEqual(names((o) => o.name.startsWith('return')), ['return']);
});
