import test from 'ava';
import { LinkError, translateError } from '../../runtime-lib/errors.js';
import { FUNCREF, FuncRef, funcRefOf, hostFuncRef } from '../../runtime-lib/funcref.js';
import { Trap } from '../../runtime-lib/trap.js';
import { I64_HI, bigintToI64, i64ToBigInt, sigId, type ValType } from '../../runtime-lib/values.js';
import { nativeFunction, type WasmType } from './native.js';

/** A FuncRef whose internal fn echoes its (flattened) arguments back as its results. */
function identity(type: ValType): FuncRef {
  const fn = type === 'i64'
    ? (lo: number, hi: number) => { I64_HI[0] = hi; return lo; }
    : (x: unknown) => x;
  return new FuncRef(sigId([type], [type]), [type], [type], fn);
}

function outcome(f: () => unknown): string {
  try {
    const v = f();
    return `${typeof v}:${typeof v === 'bigint' ? v : Object.is(v, -0) ? '-0' : String(v)}`;
  } catch (e) {
    return (e as Error).constructor.name;
  }
}

const ODD_ARGS: unknown[] = [
  undefined, null, true, false, 0, -0, 1.9, -1.9, NaN, Infinity, 2 ** 32 + 3, 2 ** 53 + 2, '42', '0x10', ' 7 ', '', 'x', '1e3',
  1n, -1n, 2n ** 64n + 5n, { valueOf: () => 7 }, { toString: () => '9' }, [], [3], Symbol('s'),
];

for (const type of ['i32', 'i64', 'f32', 'f64'] as const) {
  test(`toJS converts ${type} arguments and results like a native exported function`, (t) => {
    const native = nativeFunction([type as WasmType], [type as WasmType], [0x20, 0]);
    const mine = identity(type).toJS();
    for (const arg of ODD_ARGS) {
      t.is(outcome(() => mine(arg)), outcome(() => native(arg)), `${type} ${typeof arg === 'symbol' ? 'symbol' : typeof arg === 'bigint' ? `${arg}n` : JSON.stringify(arg)}`);
    }
    // Missing arguments are undefined.
    t.is(outcome(() => mine()), outcome(() => native()));
  });
}

test('toJS: identity, length, name, not a constructor, carries its FuncRef', (t) => {
  const ref = new FuncRef(sigId(['i32', 'i64'], []), ['i32', 'i64'], [], () => undefined, '3');
  const f = ref.toJS();
  t.is(ref.toJS(), f);
  t.is(f.length, 2);
  t.is(f.name, '3');
  t.is((f as unknown as Record<symbol, unknown>)[FUNCREF], ref);
  t.is(funcRefOf(f), ref);
  t.is(funcRefOf(() => 1), undefined);
  t.is(funcRefOf(null), undefined);
  t.is(funcRefOf({ [FUNCREF]: ref }), undefined, 'only functions');
  t.throws(() => new (f as unknown as new () => unknown)(), { instanceOf: TypeError });
  t.is(f(1, 2n), undefined);
});

test('toJS flattens i64 arguments into (lo, hi) pairs', (t) => {
  let seen: unknown[] = [];
  const ref = new FuncRef(sigId(['i64', 'i32', 'i64'], ['i32']), ['i64', 'i32', 'i64'], ['i32'], (...args: unknown[]) => { seen = args; return 1; });
  ref.toJS()(-2n, 5, 0x100000002n);
  t.deepEqual(seen, [-2, -1, 5, 2, 1]);
});

test('toJS: several results come back as an array, i64s as bigints', (t) => {
  const ref = new FuncRef(sigId([], ['i32', 'i64', 'f64']), [], ['i32', 'i64', 'f64'], () => [7, -1, -1, 0.5]);
  t.deepEqual(ref.toJS()(), [7, -1n, 0.5]);
});

test('toJS: funcref and externref values', (t) => {
  const target = identity('i32');
  const passFuncref = new FuncRef(sigId(['funcref'], ['funcref']), ['funcref'], ['funcref'], (r: unknown) => r);
  t.is(passFuncref.toJS()(target.toJS()), target.toJS());
  t.is(passFuncref.toJS()(null), null);
  t.throws(() => passFuncref.toJS()(() => 1), { instanceOf: TypeError });
  let inside: unknown;
  passFuncref.toJS(); // cached
  new FuncRef(sigId(['funcref'], []), ['funcref'], [], (r: unknown) => { inside = r; }).toJS()(target.toJS());
  t.is(inside, target, 'inside, a funcref is the FuncRef');
  const o = {};
  const passExtern = new FuncRef(sigId(['externref'], ['externref']), ['externref'], ['externref'], (r: unknown) => r);
  t.is(passExtern.toJS()(o), o);
  t.is(passExtern.toJS()(), undefined);
  t.is(passExtern.toJS()(null), null);
});

test('toJS: v128 in the signature is a TypeError at call time', (t) => {
  const ref = new FuncRef(sigId(['v128'], []), ['v128'], [], () => undefined);
  t.throws(() => ref.toJS()(1), { instanceOf: TypeError });
  const result = new FuncRef(sigId([], ['v128']), [], ['v128'], () => undefined);
  t.throws(() => result.toJS()(), { instanceOf: TypeError });
});

test('toJS routes errors through translateError', (t) => {
  const oob = new FuncRef(sigId([], []), [], [], () => new DataView(new ArrayBuffer(1)).getInt32(0));
  const e = t.throws(() => oob.toJS()());
  t.true(e instanceof Trap);
  t.is((e as Trap).code, 'OutOfBoundsMemory');
  t.is(e?.name, 'RuntimeError');
  const recurse: FuncRef = new FuncRef(sigId([], []), [], [], (): unknown => recurse.fn());
  t.is((t.throws(() => recurse.toJS()()) as Trap).code, 'CallStackExhausted');
  const custom = new TypeError('mine');
  t.is(t.throws(() => new FuncRef(' -> ', [], [], () => { throw custom; }).toJS()()), custom);
});

test('hostFuncRef: internal ABI around a JS function', (t) => {
  let seen: unknown[] = [];
  const host = hostFuncRef((...args: unknown[]) => { seen = args; return '12'; }, ['i32', 'i64', 'f32', 'externref'], ['i32']);
  t.is(host.sig, 'i32 i64 f32 externref -> i32');
  t.is(host.fn(1, -1, -1, 1.5, 'x'), 12);
  t.deepEqual(seen, [1, -1n, 1.5, 'x']);
  const i64 = hostFuncRef(() => -(2n ** 40n), [], ['i64']);
  t.is(i64ToBigInt(i64.fn(), I64_HI[0]!), -(2n ** 40n));
  const wrong = hostFuncRef(() => 5, [], ['i64']);
  t.throws(() => wrong.fn(), { instanceOf: TypeError }, 'a number is not an i64');
  const nothing = hostFuncRef(() => 5, [], []);
  t.is(nothing.fn(), undefined);
  let self: unknown = 1;
  hostFuncRef(function (this: unknown) { self = this; }, [], []).fn();
  t.is(self, undefined);
});

test('hostFuncRef: funcref arguments and results', (t) => {
  const target = identity('i32');
  let seen: unknown;
  const host = hostFuncRef((f: unknown) => { seen = f; return f; }, ['funcref'], ['funcref']);
  t.is(host.fn(target), target);
  t.is(seen, target.toJS());
  t.is(host.fn(null), null);
  t.throws(() => hostFuncRef(() => () => 1, [], ['funcref']).fn(), { instanceOf: TypeError });
});

test('hostFuncRef: several results from an iterable, TypeError otherwise', (t) => {
  const host = hostFuncRef(() => [1, 2n ** 33n, 0.5], [], ['i32', 'i64', 'f32']);
  t.deepEqual(host.fn(), [1, 0, 2, 0.5]);
  function* gen() { yield 1; yield 2; }
  t.deepEqual(hostFuncRef(gen, [], ['i32', 'f64']).fn(), [1, 2]);
  t.throws(() => hostFuncRef(() => 5, [], ['i32', 'i32']).fn(), { instanceOf: TypeError });
  t.throws(() => hostFuncRef(() => undefined, [], ['i32', 'i32']).fn(), { instanceOf: TypeError });
  t.throws(() => hostFuncRef(() => [1], [], ['i32', 'i32']).fn(), { instanceOf: TypeError });
  t.throws(() => hostFuncRef(() => [1, 2, 3], [], ['i32', 'i32']).fn(), { instanceOf: TypeError });
});

test('hostFuncRef of an exported function returns its FuncRef (the caller checks the sig)', (t) => {
  const ref = identity('f64');
  t.is(hostFuncRef(ref.toJS(), ['f64'], ['f64']), ref);
  t.is(hostFuncRef(ref.toJS(), ['i32'], []), ref);
});

test('a host RangeError passes through unchanged; a wasm one becomes a trap', (t) => {
  const hostError = new RangeError('host says no');
  const host = hostFuncRef(() => { throw hostError; }, [], []);
  const caller = new FuncRef(' -> ', [], [], () => host.fn());
  t.is(t.throws(() => caller.toJS()()), hostError);
  t.is(translateError(hostError), hostError);
  const stack = hostFuncRef(function f(): unknown { return f(); }, [], []);
  t.true(t.throws(() => new FuncRef(' -> ', [], [], () => stack.fn()).toJS()()) instanceof RangeError, 'the host overflowed its own stack');
});

test('values: pair helpers round-trip', (t) => {
  for (const v of [0n, -1n, 1n << 63n, (1n << 63n) - 1n, -(1n << 63n), 0x123456789n, 2n ** 64n + 1n]) {
    const lo = bigintToI64(v);
    t.is(i64ToBigInt(lo, I64_HI[0]!), BigInt.asIntN(64, v));
  }
  t.is(sigId(['i32', 'i64'], ['f32']), 'i32 i64 -> f32');
  t.is(sigId([], []), ' -> ');
  t.true(new LinkError('x') instanceof Error);
});
