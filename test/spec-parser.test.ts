/** Unit tests of the .wast parser used by the spec conformance runner (test/spec/). */
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { readSExprs, type SExpr } from './spec/sexpr.js';
import { parseWast, type Command } from './spec/wast.js';
import {
  f32BitsFromLiteral,
  f32FromBits,
  f64BitsFromLiteral,
  f64ToBits,
  i32FromLiteral,
  i64FromLiteral,
  parseIntLiteral,
} from './spec/values.js';
import { groupOf, isInScope } from './spec/groups.js';
import { listWastFiles, testsuiteAvailable, testsuiteDir } from './spec/paths.js';
import { compare, failuresOf } from './spec/expectations.js';

const enc = (s: string) => new TextEncoder().encode(s);
const parse = (s: string): Command[] => parseWast(enc(s)).commands;
const one = <K extends Command['kind']>(s: string, kind: K): Extract<Command, { kind: K }> => {
  const cs = parse(s);
  if (cs.length !== 1 || cs[0]!.kind !== kind) throw new Error(`expected one ${kind}, got ${cs.map((c) => c.kind).join(',')}`);
  return cs[0] as Extract<Command, { kind: K }>;
};

// ---- s-expressions ----------------------------------------------------------------------------

test('strings: escapes decode to bytes', (t) => {
  const [e] = readSExprs(enc(String.raw`"a\t\n\r\\\'\"\00\ff\u{41}\u{20AC}\u{1F600}"`));
  t.is(e!.kind, 'string');
  const bytes = [...(e as Extract<SExpr, { kind: 'string' }>).bytes];
  t.deepEqual(bytes, [0x61, 9, 10, 13, 0x5c, 0x27, 0x22, 0, 0xff, 0x41, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
});

test('strings: raw UTF-8 is kept byte for byte', (t) => {
  const [e] = readSExprs(enc('"é"'));
  t.deepEqual([...(e as Extract<SExpr, { kind: 'string' }>).bytes], [0xc3, 0xa9]);
});

test('comments: line and nested block comments, parens inside strings and comments', (t) => {
  const src = ';; (((\n(a (; x (; nested ;) ) ;) "(;)" b) ;; )\n(c)';
  const es = readSExprs(enc(src));
  t.is(es.length, 2);
  const a = es[0] as Extract<SExpr, { kind: 'list' }>;
  t.is(a.items.length, 3);
  t.is(a.line, 2);
  t.is(es[1]!.line, 3);
});

test('errors: unterminated constructs are reported with a line', (t) => {
  t.throws(() => readSExprs(enc('(a\n(b)')), { message: /unclosed parenthesis \(line 1\)/ });
  t.throws(() => readSExprs(enc('(; (; ;)')), { message: /unterminated block comment/ });
  t.throws(() => readSExprs(enc('"abc')), { message: /unterminated string/ });
  t.throws(() => readSExprs(enc(')')), { message: /unexpected \)/ });
});

test('quoted identifiers and reserved characters', (t) => {
  const [e] = readSExprs(enc('(func $"a b" $x ; , [ ])'));
  const items = (e as Extract<SExpr, { kind: 'list' }>).items;
  t.deepEqual(
    items.map((x) => (x.kind === 'atom' ? x.text : x.kind)),
    ['func', '$a b', '$x', ';', ',', '[', ']'],
  );
});

// ---- literals ---------------------------------------------------------------------------------

test('integer literals', (t) => {
  t.is(parseIntLiteral('1_000'), 1000n);
  t.is(parseIntLiteral('-0x1F'), -31n);
  t.is(i32FromLiteral('0xffffffff'), -1);
  t.is(i32FromLiteral('-2147483648'), -2147483648);
  t.is(i32FromLiteral('4294967295'), -1);
  t.throws(() => i32FromLiteral('4294967296'));
  t.is(i64FromLiteral('0xffffffffffffffff'), -1n);
  t.is(i64FromLiteral('-9223372036854775808'), -(2n ** 63n));
  t.throws(() => i64FromLiteral('18446744073709551616'));
});

test('float literals: specials', (t) => {
  t.is(f32BitsFromLiteral('inf'), 0x7f800000);
  t.is(f32BitsFromLiteral('-inf'), 0xff800000);
  t.is(f32BitsFromLiteral('nan'), 0x7fc00000);
  t.is(f32BitsFromLiteral('-nan'), 0xffc00000);
  t.is(f32BitsFromLiteral('nan:0x200000'), 0x7fa00000);
  t.is(f32BitsFromLiteral('-nan:0x7fffff'), 0xffffffff);
  t.is(f64BitsFromLiteral('nan:0x4000000000000'), 0x7ff4000000000000n);
  t.is(f64BitsFromLiteral('-0'), 0x8000000000000000n);
  t.is(f64BitsFromLiteral('+0x0p0'), 0n);
});

test('float literals: hexadecimal, correctly rounded', (t) => {
  t.is(f32BitsFromLiteral('0x1p127'), 0x7f000000);
  t.is(f32BitsFromLiteral('0x1.fffffep127'), 0x7f7fffff);
  t.is(f32BitsFromLiteral('0x1.fffffefffffffffp127'), 0x7f7fffff);
  t.is(f32BitsFromLiteral('0x1.ffffffp127'), 0x7f800000); // rounds up to inf
  t.is(f32BitsFromLiteral('0x1p-149'), 1);
  t.is(f32BitsFromLiteral('0x1p-150'), 0); // tie to even: 0
  t.is(f32BitsFromLiteral('0x1.000002p-150'), 1);
  t.is(f32BitsFromLiteral('0x1.00000100000000000p-50'), 0x26800000); // tie, even
  t.is(f32BitsFromLiteral('0x1.00000100000000001p-50'), 0x26800001);
  t.is(f32BitsFromLiteral('0x1.000003p-50'), 0x26800002); // tie, odd → up
  t.is(f32BitsFromLiteral('0x0.00000100000000000p-126'), 0);
  t.is(f32BitsFromLiteral('0x1.fffffe8p-127'), 0x00800000); // subnormal rounding up into normal
  t.is(f64BitsFromLiteral('0x1.fffffffffffffp1023'), 0x7fefffffffffffffn);
  t.is(f64BitsFromLiteral('0x1.fffffffffffff8p1023'), 0x7ff0000000000000n);
  t.is(f64BitsFromLiteral('0x1p-1074'), 1n);
  t.is(f64BitsFromLiteral('0x1.8p-1075'), 1n);
  t.is(f64BitsFromLiteral('0x1_0000_0000p-32'), f64ToBits(1));
});

test('float literals: decimal, correctly rounded without double rounding', (t) => {
  t.is(f32BitsFromLiteral('1.000000059604644775390625'), 0x3f800000); // exactly halfway: even
  t.is(f32BitsFromLiteral('1.000000059604644775390626'), 0x3f800001);
  t.is(f32BitsFromLiteral('1.000000178813934326171875'), 0x3f800002); // halfway, odd → up
  t.is(f32BitsFromLiteral('3.4028234663852886e+38'), 0x7f7fffff);
  t.is(f32BitsFromLiteral('3.4028235677973366e+38'), 0x7f7fffff); // just below halfway
  t.is(f32BitsFromLiteral('3.4028235677973367e+38'), 0x7f800000);
  t.is(f32BitsFromLiteral('1e-50'), 0);
  t.is(f32BitsFromLiteral('1e50'), 0x7f800000);
  t.is(f32BitsFromLiteral('1_000.5'), 0x447a2000);
  t.is(f32BitsFromLiteral('-0.0'), 0x80000000);
  // A value where rounding to double first, then to float, gives the wrong answer.
  t.is(f32BitsFromLiteral('1.00000005960464477539062500000000001'), 0x3f800001);
  t.is(f64BitsFromLiteral('2.2250738585072012e-308'), 0x0010000000000000n);
  t.is(f64BitsFromLiteral('1e400'), 0x7ff0000000000000n);
  t.is(f64BitsFromLiteral('1e-400'), 0n);
});

test('float literals: agree with the JS engine on random values', (t) => {
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < 3000; i++) {
    const bits = (rnd() * 2 ** 32) >>> 0;
    const x = f32FromBits(bits);
    if (!Number.isFinite(x)) continue;
    // 9 significant digits identify an f32 uniquely.
    t.is(f32BitsFromLiteral(x.toPrecision(9)), bits, `f32 ${x.toPrecision(9)}`);
    const y = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 600 - 300);
    t.is(f64BitsFromLiteral(y.toExponential(16)), f64ToBits(Number(y.toExponential(16))), `f64 ${y}`);
  }
});

// ---- commands ---------------------------------------------------------------------------------

test('a leading U+FEFF in a name is kept (not taken for a byte-order mark)', (t) => {
  const c = one('(invoke "\u{feff}")', 'action');
  t.is(c.action.name, '\u{feff}');
});

test('module: text, named, reconstructed from the source span', (t) => {
  const c = one('(module $m (func (export "f") (result i32) (i32.const 1)) ;; c\n)', 'module');
  t.is(c.name, '$m');
  t.false(c.definition);
  t.deepEqual(c.module, { type: 'text', text: '(module (func (export "f") (result i32) (i32.const 1)) ;; c\n)' });
  t.deepEqual(one('(module)', 'module').module, { type: 'text', text: '(module)' });
});

test('module: binary and quote', (t) => {
  const b = one('(module $b binary "\\00asm" "\\01\\00\\00\\00")', 'module');
  t.is(b.name, '$b');
  t.deepEqual(b.module, { type: 'binary', bytes: Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) });
  const q = one('(module quote "(func" " $f)")', 'module');
  t.deepEqual(q.module, { type: 'quote', text: '(module (func $f))', validUtf8: true });
  const whole = one('(module quote " ;; c\\n(module (func))")', 'module');
  t.deepEqual(whole.module, { type: 'quote', text: ' ;; c\n(module (func))', validUtf8: true });
  const fields = one('(module quote "(moduleX)")', 'module');
  t.like(fields.module, { text: '(module (moduleX))' });
  const bad = one('(module quote "(func $\\ff)")', 'module');
  t.is(bad.module.type === 'quote' && bad.module.validUtf8, false);
});

test('module definition and instance', (t) => {
  const cs = parse('(module definition $M (memory 1)) (module instance $I $M) (module instance $M)');
  t.like(cs[0], { kind: 'module', definition: true, name: '$M', module: { type: 'text', text: '(module (memory 1))' } });
  t.deepEqual(cs[1], { kind: 'instance', line: 1, instance: '$I', module: '$M' });
  t.deepEqual(cs[2], { kind: 'instance', line: 1, module: '$M' });
});

test('register, invoke and get', (t) => {
  const cs = parse('(register "M" $m) (register "N") (invoke $m "f" (i32.const -1) (i64.const 2)) (get "g")');
  t.deepEqual(cs[0], { kind: 'register', line: 1, as: 'M', name: '$m' });
  t.deepEqual(cs[1], { kind: 'register', line: 1, as: 'N', name: undefined });
  t.deepEqual(cs[2], {
    kind: 'action',
    line: 1,
    action: { type: 'invoke', module: '$m', name: 'f', args: [{ type: 'i32', value: -1 }, { type: 'i64', value: 2n }] },
  });
  t.deepEqual(cs[3], { kind: 'action', line: 1, action: { type: 'get', module: undefined, name: 'g' } });
});

test('assert_return: results of every form', (t) => {
  const c = one(
    `(assert_return (invoke "f" (f32.const 1.5) (f64.const -0x1p-1) (ref.null extern) (ref.extern 7))
      (f32.const nan:canonical) (f64.const nan:arithmetic) (f32.const -nan:0x1) (ref.null func) (ref.extern 3)
      (ref.extern) (ref.func) (ref.null) (either (i32.const 1) (i32.const 2)) (v128.const i32x4 0 0 0 0))`,
    'assert_return',
  );
  t.deepEqual(c.action, {
    type: 'invoke',
    module: undefined,
    name: 'f',
    args: [
      { type: 'f32', bits: 0x3fc00000 },
      { type: 'f64', bits: 0xbfe0000000000000n },
      { type: 'ref.null', heap: 'extern' },
      { type: 'ref.extern', n: 7 },
    ],
  });
  t.deepEqual(c.expected.slice(0, 9), [
    { type: 'f32', nan: 'canonical' },
    { type: 'f64', nan: 'arithmetic' },
    { type: 'f32', bits: 0xff800001 },
    { type: 'ref.null', heap: 'func' },
    { type: 'ref.extern', n: 3 },
    { type: 'ref.extern.any' },
    { type: 'ref.func' },
    { type: 'ref.null.any' },
    {
      type: 'either',
      options: [
        { type: 'i32', value: 1 },
        { type: 'i32', value: 2 },
      ],
    },
  ]);
  t.like(c.expected[9], { type: 'unsupported', what: 'v128' });
});

test('assertions on modules and actions', (t) => {
  const cs = parse(`
    (assert_trap (invoke "f") "unreachable")
    (assert_trap (module (func $f unreachable) (start $f)) "unreachable")
    (assert_exhaustion (invoke "r") "call stack exhausted")
    (assert_exception (invoke "t"))
    (assert_invalid (module (func (result i32))) "type mismatch")
    (assert_malformed (module quote "(func") "unexpected end")
    (assert_unlinkable (module (import "m" "f" (func))) "unknown import")
    (assert_uninstantiable (module binary "") "x")
    (assert_malformed_custom (module quote "") "x")
    (thread $T (invoke "f"))
  `);
  t.deepEqual(
    cs.map((c) => c.kind),
    [
      'assert_trap', 'assert_trap', 'assert_exhaustion', 'assert_exception', 'assert_invalid', 'assert_malformed',
      'assert_unlinkable', 'assert_uninstantiable', 'unsupported', 'unsupported',
    ],
  );
  t.like(cs[0], { line: 2, action: { name: 'f' }, message: 'unreachable' });
  t.like(cs[1], { line: 3, module: { module: { type: 'text', text: '(module (func $f unreachable) (start $f))' } } });
  t.like(cs[5], { module: { module: { type: 'quote', text: '(module (func)' } } });
});

test('annotations are ignored at the script level and kept in module text', (t) => {
  const cs = parse('(@a x) ((@b) module (@c) $m (@d) (func (@e)) ) (@f)');
  t.is(cs.length, 1);
  t.like(cs[0], { kind: 'module', name: '$m', module: { type: 'text', text: '(module (func (@e)) )' } });
});

test('a script of bare module fields is one inline module', (t) => {
  const cs = parse('(func) (memory 0) (func (export "f"))');
  t.deepEqual(cs, [
    { kind: 'module', line: 1, definition: false, module: { type: 'text', text: '(module (func) (memory 0) (func (export "f")))' } },
  ]);
});

test('unknown commands are parse errors', (t) => {
  t.throws(() => parse('(frobnicate)'), { message: /unknown command frobnicate/ });
  t.throws(() => parse('(assert_return (invoke "f") (i32.const 0x100000000))'), { message: /out of range/ });
});

// ---- groups and expectations ------------------------------------------------------------------

test('feature groups', (t) => {
  const cases: [string, string][] = [
    ['i32.wast', 'numeric'], ['i64.wast', 'numeric'], ['f64_cmp.wast', 'numeric'], ['float_exprs.wast', 'numeric'],
    ['int_literals.wast', 'numeric'], ['memory_grow.wast', 'memory'], ['memory64.wast', 'memory64'],
    ['address64.wast', 'memory64'], ['binary_leb128_64.wast', 'memory64'], ['load1.wast', 'multi-memory'],
    ['memory-multi.wast', 'multi-memory'], ['memory_size3.wast', 'multi-memory'], ['br_table.wast', 'control'],
    ['br_on_null.wast', 'gc'], ['call_indirect.wast', 'calls'], ['call_ref.wast', 'gc'], ['local_init.wast', 'gc'],
    ['local_tee.wast', 'variables'], ['binary-leb128.wast', 'module structure'], ['table_copy_mixed.wast', 'tables/references'],
    ['table-sub.wast', 'gc'], ['ref_func.wast', 'tables/references'], ['utf8-import-field.wast', 'text/traps'],
    ['unreached-invalid.wast', 'text/traps'], ['simd_lane.wast', 'simd'], ['i8x16_relaxed_swizzle.wast', 'simd'],
    ['return_call_ref.wast', 'tail-call'], ['try_table.wast', 'exceptions'], ['legacy/throw.wast', 'exceptions'],
    ['proposals/threads/atomic.wast', 'proposals'], ['instance.wast', 'other'],
  ];
  for (const [f, g] of cases) t.is(groupOf(f) as string, g, f);
  t.true(isInScope('traps.wast'));
  t.false(isInScope('simd_const.wast'));
});

test('expectations: keys number same-line assertions; comparison finds both directions', (t) => {
  const r = (index: number, line: number, status: 'pass' | 'fail') => ({ index, line, kind: 'assert_return', status, reason: 'x' });
  const results = [r(0, 5, 'fail'), r(1, 5, 'fail'), r(2, 6, 'pass'), r(3, 7, 'fail')];
  const known = failuresOf(results);
  t.deepEqual(known, [
    { line: 5, kind: 'assert_return', reason: 'x' },
    { line: 5, kind: 'assert_return', n: 1, reason: 'x' },
    { line: 7, kind: 'assert_return', reason: 'x' },
  ]);
  const cmp = compare([r(0, 5, 'fail'), r(1, 5, 'pass'), r(2, 6, 'fail'), r(3, 7, 'fail')], known);
  t.deepEqual(cmp.newFailures.map((x) => x.line), [6]);
  t.deepEqual(cmp.fixed.map((x) => [x.line, x.n ?? 0, x.now]), [[5, 1, 'pass']]);
});

// ---- the whole testsuite ----------------------------------------------------------------------

test('every testsuite script parses', (t) => {
  const root = testsuiteDir();
  if (!testsuiteAvailable(root)) {
    t.log(`spec testsuite not found at ${root} (set WASM_TESTSUITE); skipped`);
    t.pass();
    return;
  }
  const files = listWastFiles(root);
  t.true(files.length > 0);
  let commands = 0;
  const errors: string[] = [];
  for (const f of files) {
    try {
      commands += parseWast(fs.readFileSync(path.join(root, f))).commands.length;
    } catch (e) {
      errors.push(`${f}: ${(e as Error).message}`);
    }
  }
  t.deepEqual(errors, []);
  t.log(`${files.length} files, ${commands} commands`);
});
