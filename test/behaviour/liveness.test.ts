/**
 * Liveness of locals in a function body being split (compiler/emit/liveness.ts), and the
 * closures' own copies of the locals that carry nothing into or out of them
 * (compiler/emit/outline.ts). A copy where a value does cross the closure's boundary would
 * silently lose it, so the split bodies here are run against the whole ones.
 */
import test from 'ava';
import { transformSync } from 'esbuild';
import { Liveness } from '../../compiler/emit/liveness.js';
import { outlineLargeBody } from '../../compiler/emit/outline.js';
import { parse, type Node } from '../../compiler/emit/statement-tree.js';

/** The statement at `path` (indices into bodies: statement, body, statement, ...). */
function at(tree: readonly Node[], ...path: number[]): Node {
  let node = tree[path[0]!]!;
  for (let i = 1; i < path.length; i += 2) {
    if (node.kind !== 'compound') throw new Error('not a compound');
    node = node.bodies[path[i]!]![path[i + 1]!]!;
  }
  return node;
}

/** The names among `names` dead around the single statement `node`. */
function deadAround(liveness: Liveness, node: Node, names: string[], exits: [string, string][] = []): string[] {
  return [...liveness.deadAround([node], exits, names)].sort();
}

test('a loop-carried local is live at the loop; a temporary set before each use is not', (t) => {
  const tree = parse([
    'acc = 0;',
    'L0: while (true) {',
    't = acc * 3;', // 0 in the loop
    'acc = t + 1 | 0;', // 1
    'if (acc > 100) {', // 2
    'break L0;',
    '}',
    'continue L0;',
    '}',
    'return acc;',
  ])!;
  const liveness = Liveness.analyze(tree, ['acc', 't'])!;
  t.deepEqual(deadAround(liveness, at(tree, 1, 0, 0), ['acc', 't']), [], 'acc is read, t read after');
  t.deepEqual(deadAround(liveness, at(tree, 1), ['acc', 't']), ['t'], 'the whole loop: t is set before each use');
  t.deepEqual(deadAround(liveness, at(tree, 1, 0, 2), ['acc', 't']), ['t'], 't is dead once acc is set');
});

test('a value carried by a break, a switch fall-through or an else arm stays live', (t) => {
  const tree = parse([
    'L0: {',
    'v = 1;', // (0, 0, 0)
    'if (c) {', // (0, 0, 1)
    'break L0;',
    '}',
    'v = 2;',
    '}',
    'L1: switch (k) {',
    'case 0:',
    'w = v;', // (1, 0, 1)
    'case 1:',
    'u = w;', // w may come from case 0 or from before the switch
    'break L1;',
    'default:',
    'u = 0;',
    'w = 5;',
    '}',
    'if (u) {',
    'x = 1;',
    '} else {',
    'x = w;',
    '}',
    'return x + u;',
  ])!;
  const liveness = Liveness.analyze(tree, ['v', 'w', 'u', 'c'])!;
  t.deepEqual(deadAround(liveness, at(tree, 0, 0, 0), ['v']), [], 'v = 1 reaches the switch through break L0');
  t.deepEqual(deadAround(liveness, at(tree, 1, 0, 1), ['w']), [], 'w falls through to case 1 and the else arm');
  t.deepEqual(deadAround(liveness, at(tree, 0), ['v', 'w', 'u']), ['u'], 'u is set in every case before any read');
  // The jumps leaving a run count: where `break L0` goes, v is live.
  t.deepEqual(deadAround(liveness, at(tree, 0, 0, 0), ['v'], [['break', 'L0']]), []);
});

test('shapes the analysis does not model give no answer rather than a guess', (t) => {
  t.is(Liveness.analyze(parse(['for (;;) {', 'x = 1;', '}'])!, ['x']), undefined);
  t.is(Liveness.analyze(parse(['x = c ? 1 : 2; return x;'])!, ['x']), undefined, 'a return in the middle of a line');
  t.is(Liveness.analyze(parse(['break L9;'])!, ['x']), undefined, 'a jump to no enclosing label');
  t.truthy(Liveness.analyze(parse(['x = 1;', 'return x;'])!, ['x']));
});

test('a closure gets its own copy of a local dead around it, and shares the locals that carry values', (t) => {
  let names = 0;
  const locals = new Map(['y', 't', 'u', 'n'].map((n) => [n, { type: 'number', zero: '0' }]));
  const ctx = { fresh: (base: string) => `${base}${names++}`, resultType: 'number', locals };
  // Each step uses t as a temporary (set, then read); y carries the state from step to step,
  // u crosses several steps, and n counts the iterations (live everywhere in the loop).
  const step = (i: number) => [`t = y * ${i + 3} | 0;`, `y = (t ^ (t >>> ${i % 7})) + ${i} | 0;`];
  const body = [
    'L0: while (true) {',
    'n = n + 1 | 0;',
    ...Array.from({ length: 8 }, (_, i) => step(i)).flat(),
    'u = y & 255;',
    ...step(9),
    ...step(10),
    'y = y + u | 0;',
    'if ((y & 7) === 0) {',
    'break L0;',
    '}',
    'if (n > 40) {',
    'return u + t | 0;',
    '}',
    '}',
    'return y;',
  ];
  const out = outlineLargeBody(body, { above: 0, chunk: 60 }, ctx)!;
  const parts = closures(out.header);
  t.true(parts.length >= 4, `${parts.length} closures`);
  t.true(
    parts.some((p) => /let [ytu]: number = 0;/.test(p)),
    'a closure has its own copy of a local',
  );
  t.false(
    parts.some((p) => p.includes('let n: number = 0;')),
    'n, live everywhere in the loop, is never a copy',
  );
  const run = (lines: string[]) => new Function('y', 'let t = 0, u = 0, n = 0;\n' + transformSync(lines.join('\n'), { loader: 'ts' }).code) as (y: number) => number;
  for (const y of [0, 1, 7, 99, 400, 501, -3, 123456]) t.is(run([...out.header, ...out.body])(y), run(body)(y), `y = ${y}`);
});

test('no local is copied when the body has a shape the analysis does not model', (t) => {
  const locals = new Map(['t'].map((n) => [n, { type: 'number', zero: '0' }]));
  let names = 0;
  const ctx = { fresh: (base: string) => `${base}${names++}`, resultType: 'number', locals };
  const body = [...Array.from({ length: 20 }, (_, i) => `t = ${i}; t = t + 1 | 0; g(t);`), 'L5: {', 'break L5;', '}', 'h(); return t;'];
  const out = outlineLargeBody(body, { above: 0, chunk: 60 }, ctx)!;
  t.true(closures(out.header).length >= 2);
  t.false(out.header.some((l) => l.includes('let t')));
});

/** The text of each closure in a split function's header. */
function closures(header: readonly string[]): string[] {
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const l of header) {
    if (/const part\w* = /.test(l)) current = [];
    current?.push(l.trim());
    if (current && l.trim() === '};') {
      parts.push(current.join('\n'));
      current = undefined;
    }
  }
  return parts;
}
