/**
 * Function bodies too large for V8's optimizing compiler are split into closures
 * (compiler/emit/outline.ts). Splitting must never change what a function computes: every
 * module here runs split and natively, and must agree. Tiny sizes (`above: 0`) force a
 * split at nearly every statement, so jumps out of moved code (break, continue, br_table,
 * return with i64 and multiple values) are all exercised; the whole spec testsuite also runs
 * that way (test/spec-outline.test.ts).
 */
import test, { type ExecutionContext } from 'ava';
import { transformSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '../../compiler/index.js';
import { DEFAULT_OUTLINE_LIMITS, outlineLargeBody, type Outlined } from '../../compiler/emit/outline.js';
import { compileAndLoad, nativeInstance, repoRoot } from '../helpers/generated.js';
import { FrameStack, frameStack, Trap } from '../../runtime-lib/index.js';

const EVERYWHERE = { above: 0, chunk: 40 };

/** Control flow of every kind, with values crossing it. */
const CONTROL = `(module
  (memory (export "mem") 1 100)
  (func $grow (param i32) (result i32) (memory.grow (local.get 0)))
  (func $pair (param i32) (result i32 i64)
    (i32.add (local.get 0) (i32.const 1))
    (i64.mul (i64.extend_i32_s (local.get 0)) (i64.const 0x100000001)))
  (func (export "dispatch") (param $op i32) (param $x i64) (result i64)
    (local $i i32) (local $acc i64)
    (block $done (result i64)
      (block $c3
        (block $c2
          (block $c1
            (block $c0
              (br_table $c0 $c1 $c2 $c3 (local.get $op)))
            ;; case 0: a loop that continues and breaks out of several levels
            (local.set $acc (local.get $x))
            (loop $again
              (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 3)) (i64.const 1)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (drop (br_if $done (local.get $acc) (i64.gt_u (local.get $acc) (i64.const 0x7fffffffffff))))
              (br_if $again (i32.lt_u (local.get $i) (i32.const 40))))
            (return (i64.sub (local.get $acc) (i64.const 7))))
          ;; case 1: if/else with results, and an early return from inside
          (if (result i64) (i64.eqz (local.get $x))
            (then (return (i64.const -1)))
            (else (i64.rotl (local.get $x) (i64.const 13))))
          (br $done))
        ;; case 2: memory grows in the middle (views must be re-read), multi-value call
        (drop (call $grow (i32.const 1)))
        (i64.store (i32.const 65536) (local.get $x))
        (call $pair (i32.wrap_i64 (local.get $x)))
        (local.set $acc)
        (i64.extend_i32_u)
        (i64.add (local.get $acc))
        (i64.add (i64.load (i32.const 65536)))
        (br $done))
      ;; default: a trap deep inside
      (i64.div_s (local.get $x) (i64.extend_i32_u (i32.sub (local.get $op) (i32.const 3)))))
  )
  ;; memory grows inside moved code; the function's last statement, which stays in place,
  ;; then reads the new page through the function's own view (re-read after the closure)
  (func (export "grow_then_read") (param $v i32) (result i32)
    (i32.store (i32.const 0) (local.get $v))
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.mul (memory.size) (i32.const 0x8000)) (i32.add (local.get $v) (i32.load (i32.const 0))))
    (i32.load (i32.sub (i32.mul (memory.size) (i32.const 0x10000)) (i32.const 4))))
  ;; a multi-value call that may grow memory: the views are re-read between the call and
  ;; the reads of its results, which must stay together with the call
  (func $pair_grow (param i32) (result i32 i64) (drop (memory.grow (i32.const 0))) (local.get 0) (i64.const 7))
  (func (export "pair_after_grow") (param $v i32) (result i64)
    (local $r i64)
    (i32.store (i32.const 8) (local.get $v))
    (call $pair_grow (i32.load (i32.const 8)))
    (local.set $r)
    (i64.extend_i32_u)
    (i64.add (local.get $r))
    (i64.add (i64.load32_u (i32.const 8))))
  (func (export "pairs") (param $n i32) (result i32 i64)
    (local $k i32) (local $s i64)
    (block $out
      (loop $l
        (br_if $out (i32.ge_s (local.get $k) (local.get $n)))
        (call $pair (local.get $k))
        (local.set $s (i64.add (local.get $s)))
        (drop)
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $l)))
    (local.get $k) (local.get $s)))`;

function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return `trap: ${(e as Error).message}`;
  }
}

test('split at nearly every statement, control flow of every kind gives native results', async (t) => {
  const { code } = await compile(CONTROL, { target: 'js', format: false, outline: EVERYWHERE });
  t.true((code.match(/const part\w* = \(/g) ?? []).length >= 4, 'functions with a tuple result were split into closures');
  t.true((code.match(/function \w+_part\w*\(fp\)/g) ?? []).length >= 10, 'the others into functions sharing the frame stack');
  const ours = (await compileAndLoad('outline-control', CONTROL, { outline: EVERYWHERE })).instantiate({}).exports;
  const native = nativeInstance(CONTROL).exports as Record<string, (...a: any[]) => unknown>;
  for (const op of [0, 1, 2, 3, 4, 5, -1]) {
    for (const x of [0n, 1n, 5n, -9n, 0x123456789n, 0x7fffffffffffn]) {
      const expected = outcome(() => native.dispatch!(op, x));
      const actual = outcome(() => ours.dispatch(op, x));
      // Trap messages differ between engines; the fact of a trap must not.
      t.is(typeof actual === 'string', typeof expected === 'string', `dispatch(${op}, ${x})`);
      if (typeof expected !== 'string') t.is(actual, expected, `dispatch(${op}, ${x})`);
    }
  }
  t.deepEqual(ours.pairs(50), native.pairs!(50));
  for (const v of [1, 2, 3]) t.is(outcome(() => ours.grow_then_read(v)), outcome(() => native.grow_then_read!(v)), `grow_then_read(${v})`);
  t.is(ours.pair_after_grow(40), native.pair_after_grow!(40));
});

test('unformatted TypeScript output indents every line of instantiate, split pieces included, and leaves no whitespace-only line', async (t) => {
  // The module writer splices instantiate's body into ts-morph's text; a piece of a split
  // function is one entry of several lines, each of which must be indented with the rest.
  const { code } = await compile(CONTROL, { target: 'ts', format: false, outline: EVERYWHERE });
  const lines = code.split('\n');
  const start = lines.findIndex((l) => l.startsWith('export function instantiate('));
  const end = lines.indexOf('}', start);
  t.true(start > 0 && end > start + 100, 'instantiate found, with a long body');
  const inside = lines.slice(start + 1, end);
  t.true(inside.filter((l) => /^\s*function \w+_part\w*\(fp:/.test(l)).length >= 10, 'split pieces are inside instantiate');
  t.deepEqual(inside.filter((l) => l !== '' && !l.startsWith('    ')), [], 'every non-empty line is indented');
  t.deepEqual(lines.filter((l) => l !== '' && l.trim() === ''), [], 'no line is whitespace only');
});

test('split functions keep their shared locals in frames of their own: recursion nests them, a trap pops them', async (t) => {
  // $walk recurses with locals (an i32, an i64, an f64) that live across the recursive call
  // and across the pieces; depth 0 traps from deep inside.
  const text = `(module
    (func $walk (export "walk") (param $n i32) (param $k i64) (result f64)
      (local $a i32) (local $x f64) (local $w i64)
      (local.set $a (i32.mul (local.get $n) (i32.const 3)))
      (local.set $w (i64.add (local.get $k) (i64.const 0x100000000)))
      (local.set $x (f64.convert_i32_s (local.get $a)))
      (if (i32.eqz (local.get $n)) (then unreachable))
      (if (i32.gt_s (local.get $n) (i32.const 1))
        (then (local.set $x (f64.add (local.get $x) (call $walk (i32.sub (local.get $n) (i32.const 1)) (local.get $w))))))
      (f64.add (f64.add (local.get $x) (f64.convert_i64_s (local.get $w))) (f64.convert_i32_s (local.get $a)))))`;
  const { code } = await compile(text, { target: 'js', format: false, outline: EVERYWHERE });
  t.regex(code, /function walk_part\w*\(fp\)/, 'split in frame mode');
  const ours = (await compileAndLoad('outline-frames', text, { outline: EVERYWHERE })).instantiate({}).exports;
  const native = nativeInstance(text).exports as { walk(n: number, k: bigint): number };
  const frames = frameStack();
  for (const n of [1, 2, 7, 300]) {
    t.is(ours.walk(n, 5n), native.walk(n, 5n), `walk(${n})`);
    t.is(frames.sp, 0, 'every frame popped');
  }
  t.throws(() => ours.walk(0, 1n), { instanceOf: Trap, message: /unreachable/ });
  t.is(frames.sp, 0, 'a trap pops the frames it unwinds');
  t.is(ours.walk(40, 9n), native.walk(40, 9n), 'and the stack works after it');
  // A frame that does not fit is stack exhaustion, with the stack pointers as they were.
  const small = new FrameStack();
  small.sp = 8;
  t.throws(() => small.overflow(6), { instanceOf: Trap, message: /call stack exhausted/ });
  t.is(small.sp, 6);
});

test('a function too large for TurboFan is split with the default sizes, every piece under the limit, same results', async (t) => {
  // A br_table dispatch over 400 cases of arithmetic on locals and memory: about 150,000
  // characters of generated code in one function, as interpreters compiled to Wasm have.
  const cases = 400;
  const labels = Array.from({ length: cases }, (_, k) => `$c${k}`);
  let body = `(br_table ${labels.join(' ')} $c0 (i32.rem_u (local.get $op) (i32.const ${cases})))`;
  labels.forEach((label, k) => {
    body = `(block ${label} ${body})
      (local.set $a (i32.add (i32.mul (local.get $a) (i32.const ${k * 2 + 3})) (i32.load (i32.and (i32.mul (local.get $b) (i32.const 4)) (i32.const 4092)))))
      (local.set $b (i32.xor (i32.rotl (local.get $b) (i32.const ${k % 31})) (local.get $a)))
      (i32.store (i32.and (i32.mul (local.get $a) (i32.const 4)) (i32.const 4092)) (i32.add (local.get $b) (i32.const ${k})))
      (br_if $out (i32.eq (i32.and (local.get $a) (i32.const 1023)) (i32.const ${k})))
      (br $next)`;
  });
  const text = `(module (memory (export "mem") 1)
    (func (export "run") (param $steps i32) (result i32)
      (local $op i32) (local $a i32) (local $b i32)
      (local.set $a (i32.const 17)) (local.set $b (i32.const 99))
      (block $out
        (loop $next
          (br_if $out (i32.eqz (local.get $steps)))
          (local.set $steps (i32.sub (local.get $steps) (i32.const 1)))
          (local.set $op (i32.add (local.get $op) (i32.add (local.get $a) (i32.const 7))))
          (block $dispatch ${body})
          (br $next)))
      (i32.add (local.get $a) (i32.mul (local.get $b) (i32.const 31)))))`;
  const whole = (await compile(text, { target: 'js', format: false, outline: false })).code;
  const split = (await compile(text, { target: 'js', format: false })).code;
  t.true(sizeWithoutIndentation(whole) > DEFAULT_OUTLINE_LIMITS.above, 'the unsplit function is over the limit');
  const pieces = functionPieces(split);
  t.true(pieces.length >= 3, `${pieces.length} pieces`);
  for (const p of pieces) t.true(p.size <= DEFAULT_OUTLINE_LIMITS.above, `${p.name}: ${p.size} characters`);
  const ours = (await compileAndLoad('outline-large', text)).instantiate({}).exports;
  const native = nativeInstance(text).exports as { run(n: number): number };
  for (const steps of [0, 1, 50, 3000]) t.is(ours.run(steps), native.run(steps), `run(${steps})`);
  // As V8 measures it: the function (grown again by Splitter.refill) and the pieces it runs
  // are under TurboFan's 60 KB of bytecode, and the function is larger than it was split.
  const file = pathToFileURL(path.join(repoRoot, 'out', 'test', 'outline-large.js')).href;
  const printed = execFileSync(process.execPath, ['--print-bytecode', '--print-bytecode-filter=run*', '--input-type=module', '-e', `(await import(${JSON.stringify(file)})).instantiate({}).exports.run(3000);`], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const lengths = new Map([...printed.matchAll(/\[generated bytecode for function: (\w+)[^]*?Bytecode length: (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
  t.true(lengths.has('run') && lengths.size >= 3, `bytecode printed for ${[...lengths.keys()].join(', ')}`);
  for (const [name, length] of lengths) t.true(length < 60 * 1024, `${name}: ${length} bytes of bytecode`);
  t.true(lengths.get('run')! > 30 * 1024, `the function itself: ${lengths.get('run')} bytes, pieces moved back in`);
});

test('the splitter leaves small bodies alone and refuses shapes it does not know', (t) => {
  let names = 0;
  const ctx = { fresh: (base: string) => `${base}${names++}`, resultType: 'number' };
  const small = ['x = 1;', 'return x;'];
  t.is(outlineLargeBody(small, DEFAULT_OUTLINE_LIMITS, ctx), undefined);
  // A brace inside a line (not emitted by the compiler): left as it is rather than guessed at.
  const odd = [...Array.from({ length: 50 }, (_, i) => `x${i} = ${i};`), 'o = { a: 1 };', 'return x;'];
  t.is(outlineLargeBody(odd, { above: 0, chunk: 40 }, ctx), undefined);
  // Jumps out of moved code come back as codes the call site turns into the jumps, and a
  // return carries its value out: the split body computes what the whole one does.
  const body = [
    'L0: while (true) {',
    ...Array.from({ length: 12 }, (_, i) => `y = y + ${i % 3} | 0;`),
    'L1: {',
    'if (y > 500) {',
    'return y * 2;',
    '}',
    'if (y & 1) {',
    'break L1;',
    '}',
    'y = y + 1 | 0;',
    '}',
    ...Array.from({ length: 12 }, () => 'y = y ^ 1;'),
    'if (y >= 100) {',
    'break L0;',
    '}',
    'continue L0;',
    '}',
    'return y;',
  ];
  const out = outlineLargeBody(body, { above: 0, chunk: 60 }, ctx)!;
  t.true(out.header.filter((l) => l.includes('const part')).length >= 3);
  const run = (lines: string[]) => new Function('y', transformSync(lines.join('\n'), { loader: 'ts' }).code) as (y: number) => number;
  for (const y of [0, 1, 7, 99, 400, 501]) t.is(run([...out.header, ...out.body])(y), run(body)(y), `y = ${y}`);
});

/** L{n-1}: { ... L1: { L0: { switch (op) { case k: break Lk; } } tail 0 } tail 1 } ...: the shape br_table dispatch takes. */
function ladder(levels: number, tailLines: number): string[] {
  const tail = (k: number) => Array.from({ length: tailLines }, (_, i) => `acc = acc * ${k + 3} + ${i} | 0;`);
  let body = ['switch (op) {', ...Array.from({ length: levels }, (_, k) => [`case ${k}:`, `break L${k};`]).flat(), 'default:', 'return -1;', '}'];
  for (let k = 0; k < levels; k++) body = [`L${k}: {`, ...body, '}', ...tail(k), ...(k % 3 === 2 ? ['return acc;'] : [])];
  body.push('return acc ^ 1;');
  return body;
}

function splitLadder(t: ExecutionContext, levels: number, tailLines: number, chunk: number): Outlined {
  let names = 0;
  const body = ladder(levels, tailLines);
  const out = outlineLargeBody(body, { above: 0, chunk }, { fresh: (base: string) => `${base}${names++}`, resultType: 'number' })!;
  const run = (lines: string[]) => new Function('op', 'acc', transformSync(lines.join('\n'), { loader: 'ts' }).code) as (op: number, acc: number) => number;
  for (let op = -1; op <= levels; op++) t.is(run([...out.header, ...out.body])(op, 7), run(body)(op, 7), `op = ${op}`);
  return out;
}

test('a br_table ladder keeps its blocks and its dispatch in the function and its tails in pieces of their own, none inside another', (t) => {
  // Moving a block with the blocks inside it into a piece would make the pieces nest, and every
  // jump to a tail would pass through all of them. Moving the bottom of the ladder (the switch
  // and the rungs that fit in one piece) whole would make every dispatch a call that returns a
  // code to switch on again.
  const out = splitLadder(t, 12, 20, 3000);
  const pieces = out.header.filter((l) => l.includes('const part'));
  t.true(pieces.length >= 6, `${pieces.length} pieces`);
  const calls = (lines: string[]) => lines.filter((l) => /part\d+\(\)/.test(l) && !l.includes('const part'));
  const inPieces = out.header.filter((l) => !l.includes('const part'));
  t.is(calls(inPieces).length, 0, 'no piece calls another');
  t.true(out.body.some((l) => l.trim() === 'L9: {'), 'the outer blocks stay in the function');
  t.true(out.body.some((l) => l.trim() === 'switch (op) {'), 'the dispatch stays in the function');
  t.true(out.body.some((l) => l.trim() === 'L0: {'), 'and so do the blocks it jumps out of');
});

test('a ladder whose dispatch would leave too large a skeleton is split as before, and still runs the same', (t) => {
  // 30 rungs of 4 lines: the blocks that fit in a piece hold about 30 labels and a 30-way
  // switch, more than Splitter.keepDispatch leaves in place; the attempt is undone.
  const out = splitLadder(t, 30, 4, 3000);
  t.false(out.body.some((l) => l.trim() === 'switch (op) {'));
});

test('in frame mode a function keeps in variables the shared locals its own code uses most, copied around its calls of pieces', (t) => {
  // A loop whose head (ten lines on acc) stays in the function while the big if inside it
  // moves into pieces: acc is a variable of the function, stored into its slot before a piece
  // that reads it and reloaded after one that changes it; t, used only in the pieces, stays in
  // the frame. The function, its pieces and a FrameStack run as JS against the unsplit body.
  const head = Array.from({ length: 10 }, (_, i) => `acc = (acc ^ (acc >>> ${i + 1})) + ${i} | 0;`);
  const inner = Array.from({ length: 40 }, (_, i) => (i % 2 ? `acc = acc + t * ${i} | 0;` : `t = (t ^ acc) + ${i} | 0;`));
  const body = ['L1: while (true) {', ...head, 'if (acc & 1) {', ...inner, '}', 'n = n - 1 | 0;', 'if (n) {', 'continue L1;', '}', 'break;', '}', 'return acc ^ t;'];
  const locals = new Map(['n', 'acc', 't'].map((name) => [name, { type: 'number', zero: '0', slot: 'i32' as const }]));
  let names = 0;
  const frames = { stack: 'FRAMES', partName: (base: string) => `f_${base}${names++}`, resultSlot: 'i32' as const };
  const out = outlineLargeBody(body, { above: 0, chunk: 1000 }, { fresh: (base: string) => `${base}${names++}`, resultType: 'number', locals, params: ['n'], frames })!;
  t.true(out.siblings!.length > 0, 'split into pieces');
  const outer = out.body.map((l) => l.trim());
  t.true(head.every((l) => outer.includes(l)), 'the loop head reads and writes acc as a variable');
  const calls = outer.filter((l) => /f_part\d+\(fp\d*\)/.test(l));
  t.true(calls.length > 0 && calls.every((l) => /I32\d*\[fp\d* \+ \d+\] \/\* acc \*\/ = acc/.test(l) && /acc = I32\d*\[fp\d* \+ \d+\] \/\* acc \*\//.test(l)), 'calls store acc before and reload it after');
  t.true(out.inFrame!.has('t') && !out.inFrame!.has('acc'), 't lives in the frame, acc in the function');
  const declarations = [...locals.keys()].filter((n) => n !== 'n' && !out.inFrame!.has(n)).map((n) => `let ${n} = 0;`);
  const split = [...out.siblings!, 'function f(n) {', ...declarations, ...out.header, ...out.body, '}', 'return f;'];
  const run = (lines: string[]) => new Function('FRAMES', transformSync(lines.join('\n'), { loader: 'ts' }).code)(new FrameStack()) as (n: number) => number;
  const whole = run(['function f(n) {', 'let acc = 0, t = 0;', ...body, '}', 'return f;']);
  for (const n of [1, 2, 3, 10, 1000]) t.is(run(split)(n), whole(n), `n = ${n}`);
});

test('in frame mode the pieces a function calls itself move back into it, smallest first, while it stays small enough for V8', (t) => {
  // A ladder whose even rungs have short tails (12 lines, a piece each once split) and whose odd
  // rungs have long ones (80 lines). Splitting moves every tail out; the short ones then fit back
  // into the function (Splitter.refill), the long ones do not. Run as JS against the unsplit body.
  const tail = (k: number) => Array.from({ length: k % 2 ? 80 : 12 }, (_, i) => `acc = acc * ${k + 3} + ${i} | 0;`);
  let body = ['switch (op) {', ...Array.from({ length: 8 }, (_, k) => [`case ${k}:`, `break L${k};`]).flat(), 'default:', 'return -1;', '}'];
  for (let k = 0; k < 8; k++) body = [`L${k}: {`, ...body, '}', ...tail(k), 'return acc;'];
  body.push('return acc ^ 1;');
  const locals = new Map(['op', 'acc'].map((name) => [name, { type: 'number', zero: '0', slot: 'i32' as const }]));
  let names = 0;
  const frames = { stack: 'FRAMES', partName: (base: string) => `f_${base}${names++}`, resultSlot: 'i32' as const };
  const limits = { above: 4000, chunk: 2000 };
  const out = outlineLargeBody(body, limits, { fresh: (base: string) => `${base}${names++}`, resultType: 'number', locals, params: ['op', 'acc'], frames })!;
  const outer = out.body.map((l) => l.trim());
  const pieces = out.siblings!.map((l) => l.trim());
  for (let k = 0; k < 8; k++) {
    const first = tail(k)[0]!.replace(/acc/g, '');
    const inFunction = outer.some((l) => l.replace(/acc|I32\d*\[fp\d* \+ \d+\] \/\* acc \*\//g, '') === first);
    t.is(inFunction, k % 2 === 0, `rung ${k}'s tail ${k % 2 ? 'is a piece' : 'is back in the function'}`);
  }
  t.is(pieces.filter((l) => l.startsWith('function ')).length, 4, 'the four long tails stay pieces');
  t.true(outer.join('').length < limits.above * 1.1, 'the function stays small');
  const declarations = [...locals.keys()].filter((n) => !['op', 'acc'].includes(n) && !out.inFrame!.has(n)).map((n) => `let ${n} = 0;`);
  const split = [...out.siblings!, 'function f(op, acc) {', ...declarations, ...out.header, ...out.body, '}', 'return f;'];
  const run = (lines: string[]) => new Function('FRAMES', transformSync(lines.join('\n'), { loader: 'ts' }).code)(new FrameStack()) as (op: number, acc: number) => number;
  const whole = run(['function f(op, acc) {', ...body, '}', 'return f;']);
  for (let op = -1; op <= 8; op++) t.is(run(split)(op, 5), whole(op, 5), `op = ${op}`);
});

test('a refill that overshoots once the function\'s registers are known is undone: the function stays within the limit as written', (t) => {
  // A loop whose head uses acc so often that acc becomes a register of the function; every call
  // of a piece left then stores and reloads it, which the first sizing (before the registers are
  // known) does not count. Refilling to the limit and then adding those copies overshoots, so
  // refills are taken back (two here). Run against the unsplit body with a FrameStack.
  const head = Array.from({ length: 40 }, (_, i) => `acc = (acc ^ (acc >>> ${(i % 31) + 1})) + ${i} | 0;`);
  const tail = (k: number) => Array.from({ length: k % 2 ? 60 : 9 }, (_, i) => `acc = acc * ${k + 3} + ${i} | 0;`);
  let ladder = ['switch (op & 31) {', ...Array.from({ length: 24 }, (_, k) => [`case ${k}:`, `break L${k};`]).flat(), 'default:', 'break L99;', '}'];
  for (let k = 0; k < 24; k++) ladder = [`L${k}: {`, ...ladder, '}', ...tail(k), 'continue L98;'];
  const body = ['L99: {', 'L98: while (true) {', ...head, 'op = op + acc | 0;', 'n = n - 1 | 0;', 'if (n === 0) {', 'break L99;', '}', ...ladder, '}', '}', 'return acc;'];
  const locals = new Map(['op', 'acc', 'n'].map((name) => [name, { type: 'number', zero: '0', slot: 'i32' as const }]));
  let names = 0;
  const frames = { stack: 'FRAMES', partName: (base: string) => `f_${base}${names++}`, resultSlot: 'i32' as const };
  const limits = { above: 4000, chunk: 1500 };
  const out = outlineLargeBody(body, limits, { fresh: (base: string) => `${base}${names++}`, resultType: 'number', locals, params: ['op', 'acc', 'n'], frames })!;
  t.false(out.inFrame!.has('acc'), 'acc is a register of the function');
  // Sized as the splitter sizes it: a frame slot is its local's name and FRAME_SLOT_EXTRA (9) more.
  const asWritten = out.body.reduce((n, l) => n + l.trim().replace(/I32\d*\[fp\d* \+ \d+\] \/\* ([\w$]+) \*\//g, (_m, name: string) => `${name}#########`).length, 0);
  t.true(asWritten <= limits.above, `the function as written: ${asWritten} (4,732 without the undo)`);
  const split = [...out.siblings!, 'function f(op, acc, n) {', ...out.header, ...out.body, '}', 'return f;']; // every local is a parameter
  const run = (lines: string[]) => new Function('FRAMES', transformSync(lines.join('\n'), { loader: 'ts' }).code)(new FrameStack()) as (op: number, acc: number, n: number) => number;
  const whole = run(['function f(op, acc, n) {', ...body, '}', 'return f;']);
  for (const [op, acc, n] of [[0, 1, 1], [3, 7, 50], [11, -5, 400], [23, 99, 1000]] as const) t.is(run(split)(op, acc, n), whole(op, acc, n), `f(${op}, ${acc}, ${n})`);
});

test('outline sizes that are not positive integers are refused with a clear error', async (t) => {
  for (const outline of [{ above: -1, chunk: 10 }, { above: 0, chunk: 0 }, { above: NaN, chunk: 10 }]) {
    await t.throwsAsync(compile('(module)', { outline }), { instanceOf: TypeError, message: /outline needs \{ above, chunk \}/ });
  }
});

test('a caller re-reads its memory views after a closure only if the closure may grow memory', (t) => {
  let names = 0;
  const views = { names: ['view'], declarations: ['let view: DataView = OView;'], refresh: 'view = OView;' };
  const ctx = { fresh: (base: string) => `${base}${names++}`, resultType: 'void', views };
  const reads = Array.from({ length: 10 }, (_, i) => `x = x + view.getInt32(${i * 4}, true) | 0;`);
  const callSites = (body: string[]) => outlineLargeBody([...body, 'return;'], { above: 0, chunk: 200 }, ctx)!.body.map((l) => l.trim());
  // No point that may grow memory in the moved code: no re-read after the call.
  const quiet = callSites(reads);
  t.true(quiet.some((l) => /^part\d+\(\);$/.test(l)));
  t.false(quiet.includes('view = OView;'));
  // A call that may grow memory (followed by the emitter's refresh) inside: re-read after it.
  const growing = callSites([...reads, 'f3();', 'view = OView;', ...reads]);
  const at = growing.findIndex((l) => /^part\d+\(\);$/.test(l));
  t.true(growing.slice(at).includes('view = OView;'));
});

function sizeWithoutIndentation(code: string): number {
  return code.split('\n').reduce((n, l) => n + l.trim().length, 0);
}

/**
 * The functions of generated JS and the closures split out of them, each with its own size
 * without comments (a closure's text counted once, in the closure, not in the function around
 * it); frame slots' comments name the local.
 */
function functionPieces(code: string): { name: string; size: number }[] {
  const lines = code.split('\n');
  const pieces: { name: string; size: number }[] = [];
  const open: { name: string; indent: number; size: number }[] = [];
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    const m = /^\s*(?:function (f?\w+)\(|const (part\w*) = \()/.exec(line);
    if (m) open.push({ name: m[1] ?? m[2]!, indent, size: 0 });
    if (open.length > 0) open[open.length - 1]!.size += line.replace(/\/\*.*?\*\//g, '').trim().length;
    const top = open[open.length - 1];
    if (top && indent === top.indent && /^\s*\};?$/.test(line)) pieces.push(open.pop()!);
  }
  return pieces.filter((p) => p.name !== 'instantiate');
}
