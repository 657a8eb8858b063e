/**
 * call_indirect through sealed tables (compiler/write/sealed-tables.ts): tables that only their
 * own module's element segments ever write are called through a dispatcher with direct calls;
 * every other table keeps the call_indirect libcall. Both give native's results and traps.
 */
import test from 'ava';
import fs from 'node:fs';
import { Table, Trap } from '../../runtime-lib/index.js';
import { NativeWebAssembly } from '../helpers/native-wasm.js';
import { compileAndLoad, generatedPath, nativeInstance } from '../helpers/generated.js';

type Outcome = number | bigint | undefined | `trap${string}`;

function outcome(f: () => unknown, ours: boolean): Outcome {
  try {
    return f() as Outcome;
  } catch (e) {
    if (ours && !(e instanceof Trap)) throw e;
    return ours ? `trap ${(e as Trap).code}` : 'trap';
  }
}

/** Runs `calls` on both sides: results must match native, and our traps must have the expected codes. */
async function check(t: import('ava').ExecutionContext, name: string, text: string, calls: readonly [string, readonly unknown[], Outcome][]) {
  // An offset and a null function reference from imported globals (Node 20 allows only those in constant expressions).
  const env = { host: (x: number) => (x * 3 + 1) | 0, offset: 0, nothing: null };
  const ours = (await compileAndLoad(name, text)).instantiate({ env }).exports as Record<string, (...a: unknown[]) => unknown>;
  const native = nativeInstance(text, { env }).exports as Record<string, (...a: unknown[]) => unknown>;
  for (const [f, args, expected] of calls) {
    const mine = outcome(() => ours[f]!(...args), true);
    const theirs = outcome(() => native[f]!(...args), false);
    t.is(mine, expected, `${f}(${args.join(', ')})`);
    t.is(typeof mine === 'string' ? 'trap' : mine, theirs, `${f}(${args.join(', ')}) against native`);
  }
  return fs.readFileSync(generatedPath(name), 'utf8');
}

/** A module around `tables`, with its global imports (if any) among the imports, which come first. */
function moduleWith(tables: string): string {
  const globalImport = /\(import "env" "\w+" \(global \$\w+ \w+\)\)/;
  const imports = tables.match(globalImport)?.[0] ?? '';
  return `(module (import "env" "host" (func $host (param i32) (result i32))) ${imports} ${FUNCS} ${tables.replace(globalImport, '')})`;
}

const FUNCS = `
  (type $ii (func (param i32) (result i32)))
  (type $ll (func (param i64) (result i64)))
  (type $v (func))
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $inc64 (type $ll) (i64.add (local.get 0) (i64.const 1)))
  (func $nop (type $v))
  (func (export "call_ii") (param i32 i32) (result i32) (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
  (func (export "call_ll") (param i32 i64) (result i64) (call_indirect $t (type $ll) (local.get 1) (local.get 0)))
  (func (export "call_v") (param i32) (call_indirect $t (type $v) (local.get 0)))`;

test('a sealed table: call_indirect calls each entry directly through a dispatcher per signature; other indices trap as before', async (t) => {
  const text = moduleWith(`
    (table $t 8 funcref)
    (elem (table $t) (i32.const 0) func $double $host $inc64 $double $double)
    (elem (table $t) (i32.const 3) func $nop)`); // the later segment overwrites entry 3
  const code = await check(t, 'sealed-table', text, [
    ['call_ii', [0, 5], 10],
    ['call_ii', [1, 5], 16], // the import
    ['call_ii', [4, -7], -14],
    ['call_ii', [2, 5], 'trap IndirectCallTypeMismatch'],
    ['call_ii', [3, 5], 'trap IndirectCallTypeMismatch'],
    ['call_ii', [5, 5], 'trap UninitializedElement'],
    ['call_ii', [8, 5], 'trap UndefinedElement'],
    ['call_ii', [-1, 5], 'trap UndefinedElement'],
    ['call_ll', [2, 41n], 42n],
    ['call_ll', [2, -1n], 0n],
    ['call_ll', [2, 0xffffffffn], 0x100000000n],
    ['call_ll', [0, 1n], 'trap IndirectCallTypeMismatch'],
    ['call_v', [3], undefined],
    ['call_v', [7], 'trap UninitializedElement'],
  ]);
  const dispatchers = code.match(/function t_call\w*\(index/g) ?? [];
  t.is(dispatchers.length, 3, 'one dispatcher per signature');
  t.is(code.match(/call_indirect\(/g)?.length, 3, 'the libcall only in the dispatchers\' default case');
  t.regex(code, /case 0:\s*case 4:\s*return double\(\w+\);/, 'entries of the same function share a case');
});

test('a signature with more entries than a dispatcher takes (MAX_DISPATCHER_CASES) keeps the libcall; the table\'s other signatures get dispatchers', async (t) => {
  const many = Array.from({ length: 65 }, (_, k) => `(func $c${k} (type $ii) (i32.add (local.get 0) (i32.const ${k})))`).join('\n');
  const text = moduleWith(`${many}
    (table $t 70 funcref)
    (elem (table $t) (i32.const 0) func ${Array.from({ length: 65 }, (_, k) => `$c${k}`).join(' ')} $inc64 $nop)`);
  const code = await check(t, 'sealed-table-many', text, [
    ['call_ii', [0, 5], 5],
    ['call_ii', [64, 5], 69],
    ['call_ii', [65, 5], 'trap IndirectCallTypeMismatch'],
    ['call_ll', [65, 1n], 2n],
    ['call_ll', [64, 1n], 'trap IndirectCallTypeMismatch'],
    ['call_v', [66], undefined],
    ['call_v', [67], 'trap UninitializedElement'],
  ]);
  t.is(code.match(/function t_call\w*\(index/g)?.length, 2, 'dispatchers for (i64) -> i64 and () -> ()');
  t.regex(code, /call_indirect\(t, p0, SIG_\d+\)\(p1\)/, 'the libcall for (i32) -> i32, at the call site');
});

test('no table is sealed when an element segment may trap: a failed instantiation keeps the earlier writes, and the host can call a function of the module through them (the spec\'s linking.wast)', async (t) => {
  // $g reaches the host through the imported table $u before the second segment traps, and
  // $t's own segment never runs: calling $g must trap on the null entry, not call $double.
  const text = `(module
    (import "env" "u" (table $u 10 funcref))
    (type $ii (func (param i32) (result i32)))
    (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
    (func $g (type $ii) (call_indirect $t (type $ii) (local.get 0) (i32.const 0)))
    (table $t 1 funcref)
    (elem (table $u) (i32.const 0) func $g)
    (elem (table $u) (i32.const 100) func $g)
    (elem (table $t) (i32.const 0) func $double))`;
  const generated = await compileAndLoad('sealed-table-partial-instantiation', text);
  const ours = new Table({ element: 'anyfunc', initial: 10 });
  t.throws(() => generated.instantiate({ env: { u: ours } }), { instanceOf: Trap });
  t.is(outcome(() => (ours.get(0) as (x: number) => number)(5), true), 'trap UninitializedElement');
  const native = new NativeWebAssembly.Table({ element: 'anyfunc', initial: 10 });
  t.throws(() => nativeInstance(text, { env: { u: native } }));
  t.is(outcome(() => (native.get(0) as (x: number) => number)(5), false), 'trap');
  t.notRegex(fs.readFileSync(generatedPath('sealed-table-partial-instantiation'), 'utf8'), /function t_call/);
});

test('a local named like a dispatcher does not shadow it', async (t) => {
  const text = moduleWith(`
    (table $t 4 funcref)
    (elem (table $t) (i32.const 0) func $double)
    (func (export "shadow") (param $t_call i32) (result i32) (call_indirect $t (type $ii) (local.get $t_call) (i32.const 0)))`);
  const code = await check(t, 'sealed-table-shadow', text, [['shadow', [21], 42], ['call_ii', [0, 4], 8]]);
  t.regex(code, /function t_call\w*\(index/);
});

test('a sealed table after an imported one, read by table.copy, next to passive and declarative segments, with a ref.null overwriting an entry; multi-value, reference and impure-index calls', async (t) => {
  const text = `(module
    (import "env" "u" (table $u 2 funcref))
    (type $pair (func (param i32) (result i32 i64)))
    (type $ref (func (param externref i32) (result externref)))
    (type $ii (func (param i32) (result i32)))
    (global $calls (mut i32) (i32.const 0))
    (func $split (type $pair) (local.get 0) (i64.extend_i32_s (local.get 0)))
    (func $keep (type $ref) (local.get 0))
    (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
    ;; an index with a side effect, evaluated after the arguments
    (func $next (result i32) (global.set $calls (i32.add (global.get $calls) (i32.const 1))) (global.get $calls))
    (table $t 5 funcref)
    (elem (table $t) (i32.const 0) func $split $keep $double $double)
    (elem (table $t) (i32.const 3) funcref (ref.null func))
    (elem $p func $double)
    (elem declare func $keep)
    (func (export "pair") (param i32 i32) (result i32 i64) (call_indirect $t (type $pair) (local.get 1) (local.get 0)))
    (func (export "ref") (param i32 externref) (result externref) (call_indirect $t (type $ref) (local.get 1) (i32.const 7) (local.get 0)))
    (func (export "impure") (result i32) (call_indirect $t (type $ii) (global.get $calls) (call $next)))
    (func (export "copy_out") (table.copy $u $t (i32.const 0) (i32.const 2) (i32.const 2)))
    (func (export "via_u") (param i32 i32) (result i32) (call_indirect $u (type $ii) (local.get 1) (local.get 0))))`;
  const generated = await compileAndLoad('sealed-table-mixed', text);
  const ours = generated.instantiate({ env: { u: new Table({ element: 'anyfunc', initial: 2 }) } }).exports as Record<string, (...a: unknown[]) => unknown>;
  const native = nativeInstance(text, { env: { u: new NativeWebAssembly.Table({ element: 'anyfunc', initial: 2 }) } }).exports as Record<string, (...a: unknown[]) => unknown>;
  const host = { some: 'host value' };
  const calls: [string, unknown[], unknown][] = [
    ['pair', [0, -5], [-5, -5n]],
    ['pair', [2, 1], 'trap IndirectCallTypeMismatch'],
    ['ref', [1, host], host],
    ['ref', [3, host], 'trap UninitializedElement'], // the ref.null segment overwrote $double
    // The argument is $calls before $next runs: first 0 with index 1 ($keep: another signature),
    // then 1 with index 2 ($double).
    ['impure', [], 'trap IndirectCallTypeMismatch'],
    ['impure', [], 2],
    ['copy_out', [], undefined], // $t's entries 2 and 3 ($double, null) into $u
    ['via_u', [0, 21], 42],
    ['via_u', [1, 21], 'trap UninitializedElement'],
  ];
  for (const [f, args, expected] of calls) {
    const mine = outcome(() => ours[f]!(...args), true);
    const theirs = outcome(() => native[f]!(...args), false);
    t.deepEqual(mine, expected, `${f}(${args.join(', ')})`);
    t.deepEqual(typeof mine === 'string' ? 'trap' : mine, theirs, `${f} against native`);
  }
  const code = fs.readFileSync(generatedPath('sealed-table-mixed'), 'utf8');
  t.is(code.match(/function t_call\w*\(index/g)?.length, 3, 'the sealed table: a dispatcher for each signature called through it');
  t.regex(code, /call_indirect\(u, /, 'the imported table keeps the libcall');
});

test('a signature no entry of a sealed table has gets no dispatcher: every call through it traps, by the libcall', async (t) => {
  const text = moduleWith(`(table $t 2 funcref) (elem (table $t) (i32.const 0) func $double)`);
  const code = await check(t, 'sealed-table-no-entry', text, [
    ['call_ii', [0, 4], 8],
    ['call_ll', [0, 1n], 'trap IndirectCallTypeMismatch'],
    ['call_ll', [1, 1n], 'trap UninitializedElement'],
    ['call_v', [2], 'trap UndefinedElement'],
  ]);
  t.is(code.match(/function t_call\w*\(index/g)?.length, 1, 'a dispatcher for (i32) -> i32 only');
  t.is(code.match(/call_indirect\(t, /g)?.length, 3, 'the libcall at the two other call sites and in the dispatcher');
});

// Each of these can change the table after instantiation, or fill it from values known only then.
const UNSEALED: readonly [string, string][] = [
  ['exported', `(table $t (export "t") 8 funcref) (elem (table $t) (i32.const 0) func $double $host $inc64)`],
  ['table.set', `(table $t 8 funcref) (elem (table $t) (i32.const 0) func $double $host $inc64)
    (func (export "set") (table.set $t (i32.const 0) (ref.null func)))`],
  ['table.grow', `(table $t 8 funcref) (elem (table $t) (i32.const 0) func $double $host $inc64)
    (func (export "grow") (drop (table.grow $t (ref.null func) (i32.const 1))))`],
  ['table.fill', `(table $t 8 funcref) (elem (table $t) (i32.const 0) func $double $host $inc64)
    (func (export "fill") (table.fill $t (i32.const 0) (ref.null func) (i32.const 1)))`],
  ['table.copy', `(table $t 8 funcref) (table $u 8 funcref) (elem (table $t) (i32.const 0) func $double $host $inc64)
    (func (export "copy") (table.copy $t $u (i32.const 0) (i32.const 0) (i32.const 1)))`],
  ['table.init', `(table $t 8 funcref) (elem (table $t) (i32.const 0) func $double $host $inc64) (elem $p func $nop)
    (func (export "init") (table.init $t $p (i32.const 0) (i32.const 0) (i32.const 1)))`],
  ['global offset', `(import "env" "offset" (global $o i32)) (table $t 8 funcref) (elem (table $t) (global.get $o) func $double $host $inc64)`],
  // Entry 0 from the global (null here), then the usual entries 1 and 2, and $double again at 3.
  ['global item', `(import "env" "nothing" (global $f funcref)) (table $t 8 funcref)
    (elem (table $t) (i32.const 0) funcref (global.get $f) (ref.func $host) (ref.func $inc64) (ref.func $double))`],
];

for (const [what, tables] of UNSEALED) {
  test(`a table that is not sealed (${what}) keeps the call_indirect libcall`, async (t) => {
    const code = await check(t, `unsealed-${what.replace(/\W/g, '-')}`, moduleWith(tables), [
      what === 'global item' ? ['call_ii', [0, 5], 'trap UninitializedElement'] : ['call_ii', [0, 5], 10],
      ['call_ii', [1, 5], 16],
      ['call_ll', [2, 41n], 42n],
      ['call_ii', [2, 5], 'trap IndirectCallTypeMismatch'],
      ['call_ii', [5, 5], 'trap UninitializedElement'],
    ]);
    t.notRegex(code, /function t_call/);
    t.is(code.match(/call_indirect\(t, /g)?.length, 3);
  });
}

test('a call through a sealed table re-reads the memory views only if an entry of its signature may grow memory', async (t) => {
  const text = `(module
    (import "env" "host" (func $host (param i32) (result i32)))
    (memory 1 4)
    (type $ii (func (param i32) (result i32)))
    (type $v (func))
    (type $iv (func (param i32)))
    (func $load (type $ii) (i32.load (local.get 0)))
    (func $grow (export "grow") (type $v) (drop (memory.grow (i32.const 1))))
    (func $nothing (type $v))
    (func $note (type $iv) (i32.store (i32.const 8) (local.get 0)))
    (func $grows_via_call (type $iv) (call $grow))
    (table $t 8 funcref)
    (elem (table $t) (i32.const 0) func $load $grow $nothing $note $grows_via_call)
    (table $h 1 funcref)
    (elem (table $h) (i32.const 0) func $host)
    ;; (i32) -> i32 entries only load: no re-read
    (func $loads (export "loads") (param $i i32) (result i32)
      (i32.store (i32.const 4) (i32.const 5))
      (i32.add (call_indirect $t (type $ii) (i32.const 4) (local.get $i)) (i32.load (i32.const 4))))
    ;; () entries: $grow grows. After the call the new page must be reachable.
    (func $grows (export "grows") (param $i i32) (result i32)
      (call_indirect $t (type $v) (local.get $i))
      (i32.store (i32.const 65536) (i32.const 7))
      (i32.load (i32.const 65536)))
    ;; (i32) entries: $grows_via_call grows through a direct call
    (func $grows_indirectly (export "grows_indirectly") (param $i i32) (result i32)
      (call_indirect $t (type $iv) (i32.const 3) (local.get $i))
      (i32.store (i32.const 65536) (i32.const 9))
      (i32.add (i32.load (i32.const 65536)) (i32.load (i32.const 8))))
    ;; an imported entry: the host may grow memory (this one does, through the export "grow")
    (func $calls_host (export "calls_host") (param $x i32) (result i32)
      (i32.store (i32.const 4) (i32.const 5))
      (drop (call_indirect $h (type $ii) (local.get $x) (i32.const 0)))
      (i32.store (i32.const 196608) (i32.const 11))
      (i32.add (i32.load (i32.const 196608)) (i32.load (i32.const 4)))))`;
  type Exports = Record<string, (...a: number[]) => number>;
  const envOf = (exports: () => Exports) => ({ host: (x: number) => (exports().grow!(), (x * 3 + 1) | 0) });
  const ours: Exports = (await compileAndLoad('sealed-table-may-grow', text)).instantiate({ env: envOf(() => ours) }).exports as Exports;
  const native: Exports = nativeInstance(text, { env: envOf(() => native) }).exports as Exports;
  // Pages: 1, then 2 after grows(1), 3 after grows_indirectly(4), 4 after calls_host (page 3 from 196608).
  for (const [f, arg] of [['loads', 0], ['grows', 1], ['grows_indirectly', 4], ['calls_host', 2]] as const) {
    t.is(outcome(() => ours[f]!(arg), true), outcome(() => native[f]!(arg), false), `${f}(${arg})`);
  }
  const code = fs.readFileSync(generatedPath('sealed-table-may-grow'), 'utf8');
  const body = (name: string) => code.slice(code.indexOf(`function ${name}(`), code.indexOf('\n  }\n', code.indexOf(`function ${name}(`)));
  const reread = /t_call\w*\([^)]*\);\s*\n\s*view = \w+Live\.view;/;
  t.regex(body('loads'), /= t_call\w*\(/, 'a dispatcher is called');
  t.notRegex(body('loads'), /\n\s*view = \w+Live\.view;/, 'no entry of (i32) -> i32 grows memory: the view is kept');
  t.regex(body('grows'), reread, '$grow is an entry of () -> ()');
  t.regex(body('grows_indirectly'), reread, '$grows_via_call grows through its call of $grow');
  t.regex(body('calls_host'), /h_call\w*\([^)]*\);\s*\n\s*view = \w+Live\.view;/, 'the host may grow memory');
});
