/**
 * One level of inlining of small self-recursive functions (compiler/model/inline-recursion.ts):
 * results, traps and memory effects stay native's, and only the functions within the limits
 * get a copy of themselves.
 */
import test from 'ava';
import fs from 'node:fs';
import { differential, trap } from '../helpers/differential.js';
import { compileAndLoad, generatedPath } from '../helpers/generated.js';
import { MAX_INLINED_BODY } from '../../compiler/model/inline-recursion.js';

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
    ['four', [7]],
    ['divmod', [12345], [1, 4]],
    ['runaway', [0], trap('CallStackExhausted')],
  ]);
});

test('only small functions with few self-calls and at most one result get a copy of themselves', async (t) => {
  await differential(t, FIXTURE, [['fib', [5], 5]]);
  const code = fs.readFileSync(generatedPath(FIXTURE), 'utf8');
  // The copies' parameters and locals are named after the originals.
  t.regex(functionText(code, 'fib'), /let n_1 = 0;[\s\S]*let n_2 = 0;/, 'one copy per self-call');
  t.regex(functionText(code, 'loopy'), /acc_1 = 0;\s*i_1 = 0;/, 'the copy zeroes its locals where it starts');
  t.is(functionText(code, 'fib').match(/\bfib\(/g)?.length, 1 + 4, 'the copies keep their own calls: one level only');
  for (const name of ['exits', 'typed', 'fill', 'grow']) t.regex(functionText(code, name), /_1 = /, `${name} is inlined`);
  t.notRegex(functionText(code, 'four'), /_1\b/, 'four self-calls: not inlined');
  t.notRegex(functionText(code, 'divmod'), /_1\b/, 'two results: not inlined');
});

test('a body of MAX_INLINED_BODY instructions is inlined, one more is not', async (t) => {
  // 13 instructions around the nops, counting the final `end`.
  const recursive = (name: string, size: number) => `
    (func $${name} (export "${name}") (param $n i32) (result i32)
      (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
      ${'nop '.repeat(size - 13)}
      (i32.add (i32.const 1) (call $${name} (i32.sub (local.get $n) (i32.const 1)))))`;
  const text = `(module ${recursive('at_limit', MAX_INLINED_BODY)} ${recursive('over_limit', MAX_INLINED_BODY + 1)})`;
  const { exports } = (await compileAndLoad('inline-recursion-limit', text)).instantiate();
  t.is(exports.at_limit(1000), 1000);
  t.is(exports.over_limit(1000), 1000);
  const code = fs.readFileSync(generatedPath('inline-recursion-limit'), 'utf8');
  t.regex(functionText(code, 'at_limit'), /n_1 = /);
  t.notRegex(functionText(code, 'over_limit'), /n_1\b/);
});
