/**
 * i64 operators on the pair representation: every i64 is two int32 expressions,
 * `lo` and `hi`. Cheap, branch-free operations are inlined (bitwise ops, shifts
 * and rotates by constants, comparisons, add/sub with carry); the rest call a
 * libcall that returns `lo` and leaves `hi` in `I64_HI[0]`.
 *
 * DESIGN.md measured BigInt i64 at ~40x native and i32 pairs at ~2.5x: hot i64
 * code must never be BigInt. BigInt appears only at the JS boundary.
 */
import type { Op } from '../model/opcodes.js';
import type { LibcallName } from '../../runtime-lib/libcalls/table.js';
import { LIBCALLS } from '../../runtime-lib/libcalls/table.js';
import { constant, derived, isAtom, literalValue, num, type Value } from './value.js';
import { assertNever } from '../errors.js';
import { i32Constant } from './constants.js';
import type { BodyEmitter } from './body-emitter.js';

type I64Handler = (e: BodyEmitter, args: Value[]) => Value;

const lo = (v: Value) => v.code;
const hi = (v: Value) => v.hi as string;

/** i64 results of a libcall over (aLo, aHi, bLo, bHi). */
function pairCall(name: LibcallName): I64Handler {
  return (e, [a, b]) => {
    const call = `${e.mod.libcall(name)}(${lo(a)}, ${hi(a)}, ${lo(b)}, ${hi(b)})`;
    return e.toTemp('i64', call, `${e.mod.runtime('I64_HI')}[0]`, LIBCALLS[name].traps.length > 0);
  };
}

/** An i32-valued libcall over one i64 operand, whose result is zero-extended. */
function countCall(name: LibcallName): I64Handler {
  return (e, [a]) => derived('i64', `${e.mod.libcall(name)}(${lo(a)}, ${hi(a)})`, [a], { hi: '0' });
}

function bitwise(op: '&' | '|' | '^'): I64Handler {
  return (_e, [a, b]) => derived('i64', halves(op, lo(a), lo(b)), [a, b], { hi: halves(op, hi(a), hi(b)) });
}

/**
 * `x op y` on two int32 halves, with a literal identity dropped (`0 | x`, `x ^ 0`, `-1 & x`), and
 * a literal that absorbs a plain variable or literal taken as the result (`x & 0`, `x | -1`):
 * or-ing a zero-extended i32 into a shifted i64 (`(hi << 32) | lo`) leaves one of each per half,
 * and so does masking one half off (`x & 0xffffffff00000000`).
 */
function halves(op: '&' | '|' | '^', x: string, y: string): string {
  const identity = op === '&' ? -1 : 0;
  if (literalValue(x) === identity) return y;
  if (literalValue(y) === identity) return x;
  const absorbing = op === '&' ? 0 : op === '|' ? -1 : undefined;
  if (absorbing !== undefined && ((literalValue(x) === absorbing && isAtom(y)) || (literalValue(y) === absorbing && isAtom(x)))) return i32Constant(absorbing);
  return `(${x} ${op} ${y})`;
}

/** Shift count when it is a constant: the low 6 bits of its low half. */
function constShift(v: Value): number | undefined {
  return v.stable && /^\(?-?[0-9]+\)?$/.test(v.code) ? Number(v.code.replace(/[()]/g, '')) & 63 : undefined;
}

function shl(e: BodyEmitter, [a, b]: Value[]): Value {
  const k = constShift(b);
  if (k === undefined) return pairCall('i64_ishl')(e, [a, b]);
  if (k === 0) return a;
  if (k >= 32) return derived('i64', '0', [a], { hi: k === 32 ? lo(a) : `(${lo(a)} << ${k - 32})` });
  const x = e.atom(a);
  return derived('i64', `(${lo(x)} << ${k})`, [x], { hi: `((${hi(x)} << ${k}) | (${lo(x)} >>> ${32 - k}))` });
}

function shr(signed: boolean): I64Handler {
  return (e, [a, b]) => {
    const k = constShift(b);
    if (k === undefined) return pairCall(signed ? 'i64_sshr' : 'i64_ushr')(e, [a, b]);
    if (k === 0) return a;
    const x = e.atom(a);
    // `x >>> k` with k >= 1 is below 2^31, already an int32: no `| 0` needed.
    if (k === 32) return derived('i64', hi(x), [x], { hi: signed ? `(${hi(x)} >> 31)` : '0' });
    if (k > 32) {
      const low = signed ? `(${hi(x)} >> ${k - 32})` : `(${hi(x)} >>> ${k - 32})`;
      return derived('i64', low, [x], { hi: signed ? `(${hi(x)} >> 31)` : '0' });
    }
    const high = signed ? `(${hi(x)} >> ${k})` : `(${hi(x)} >>> ${k})`;
    return derived('i64', `((${lo(x)} >>> ${k}) | (${hi(x)} << ${32 - k}))`, [x], { hi: high });
  };
}

function rot(left: boolean): I64Handler {
  return (e, [a, b]) => {
    const k0 = constShift(b);
    if (k0 === undefined) return pairCall(left ? 'i64_rotl' : 'i64_rotr')(e, [a, b]);
    let k = left ? k0 : (64 - k0) & 63; // a right rotation by k is a left rotation by 64 - k
    if (k === 0) return a;
    const x = e.atom(a);
    let [l, h] = [lo(x), hi(x)];
    if (k >= 32) {
      [l, h] = [h, l];
      k -= 32;
    }
    if (k === 0) return derived('i64', l, [x], { hi: h });
    return derived('i64', `((${l} << ${k}) | (${h} >>> ${32 - k}))`, [x], { hi: `((${h} << ${k}) | (${l} >>> ${32 - k}))` });
  };
}

function addSub(sub: boolean): I64Handler {
  return (e, args) => {
    const [a, b] = e.atoms(args);
    const op = sub ? '-' : '+';
    const t = e.newTemp('i64');
    e.stmt(`${t} = (${lo(a)} ${op} ${lo(b)}) | 0;`);
    // The carry (borrow) out of the low words is an unsigned comparison. `+(x < y)` rather
    // than `(x < y ? 1 : 0)`: V8 compiles the unary plus of a comparison to a flag move,
    // the conditional to a branch, which mispredicts half the time on data-dependent
    // carries (measured: bigint 10x -> 3.5x native, xxhash64 17x -> 9x).
    const carry = sub ? `+(${u32(lo(a))} < ${u32(lo(b))})` : `+(${u32(t)} < ${u32(lo(a))})`;
    if (literalValue(hi(a)) === 0 && literalValue(hi(b)) === 0 && !sub) e.stmt(`${t}$hi = ${carry};`);
    else e.stmt(`${t}$hi = (${literalValue(hi(b)) === 0 ? hi(a) : `${hi(a)} ${op} ${hi(b)}`} ${op} ${carry}) | 0;`);
    return e.tempValue('i64', t);
  };
}

/** A half as an unsigned 32-bit number: `x >>> 0`, or folded when it is a literal. */
function u32(code: string): string {
  const k = literalValue(code);
  return k !== undefined ? String(k >>> 0) : `(${code} >>> 0)`;
}

/**
 * 64-bit multiply, inline. With a = aHi:aLo and b = bHi:bLo, the product mod 2^64 is
 * lo = Math.imul(aLo, bLo) and hi = H + aLo*bHi + aHi*bLo (mod 2^32), where H is the
 * high word of the unsigned 32x32 product P = aLo*bLo = H*2^32 + L. H comes from one double
 * multiply: p = (aLo>>>0) * (bLo>>>0) is P rounded (|p - P| <= 2^10, as P < 2^64), and P's
 * low word L is known exactly, as `lo ^ 0x80000000` = L - 2^31 in int32 form. So
 * (p - (L - 2^31)) * 2^-32 = H + 1/2 + e with |e| <= 2^-21 (the subtraction rounds by at most
 * 2^10 more), and truncating it (`| 0`) gives exactly H, mod 2^32. (Subtracting L and adding
 * 0.5 after the scaling gives the same number for one more double add, and converts an
 * unsigned word where this converts a signed one: xxhash64 took 629-648 ms that way against
 * 590-595, the fastest of 16 runs in one process; bigint within 2%.)
 * Measured against 16-bit partial products (four multiplies and carry shuffles): xxhash64
 * 9.4x -> 8.0x native, bigint 3.6x -> 3.3x. Constant halves (the common "multiply by a
 * prime") fold into literals, and cross products vanish when a half is the literal 0
 * (zero-extended operands).
 */
function mul(e: BodyEmitter, args: Value[]): Value {
  const [a, b] = e.atoms(args);
  const t = e.newTemp('i64');
  e.stmt(`${t} = Math.imul(${lo(a)}, ${lo(b)});`);
  const terms: string[] = [];
  if (literalValue(lo(a)) !== 0 && literalValue(lo(b)) !== 0) {
    terms.push(`((${u32(lo(a))} * ${u32(lo(b))} - (${t} ^ -2147483648)) * 2.3283064365386963e-10) | 0`);
  }
  for (const [x, y] of [[lo(a), hi(b)], [hi(a), lo(b)]] as const) {
    if (literalValue(x) !== 0 && literalValue(y) !== 0) terms.push(`Math.imul(${x}, ${y})`);
  }
  const high = terms.length === 0 ? '0' : terms.length === 1 ? terms[0]! : `(${terms.map((x) => (x.includes('|') ? `(${x})` : x)).join(' + ')}) | 0`;
  e.stmt(`${t}$hi = ${high};`);
  return e.tempValue('i64', t);
}

/**
 * Ordered comparison: decided by the high halves, then (unsigned) by the low halves. Literal
 * halves fold where they decide a part: a low comparison such as `x < 0` or `x <= 0xffffffff`
 * (unsigned) leaves the high one alone, a high one that cannot hold (`x < 0` unsigned, `x <
 * -2^31` signed) leaves the equality and the low one, and equal literal high halves (zero-
 * extended operands) leave the low one alone. QuickJS's tag tests compare with constants whose
 * low half is 0 hundreds of times.
 */
function compare(op: '<' | '>' | '<=' | '>=', signed: boolean): I64Handler {
  return (e, args) => {
    const [a, b] = e.atoms(args);
    const strict = op === '<' || op === '>' ? op : (op[0] as '<' | '>');
    const H = (v: Value) => (signed ? hi(v) : u32(hi(v)));
    const [ha, hb] = [literalValue(hi(a)), literalValue(hi(b))];
    const lowCompare = `${u32(lo(a))} ${op} ${u32(lo(b))}`;
    if (ha !== undefined && ha === hb) return derived('i32', `(${lowCompare})`, [a, b], { bool: true });
    const low = decided(op, literalValue(lo(a)), literalValue(lo(b)), false);
    const high = decided(strict, ha, hb, signed);
    const code =
      high === false && low === undefined ? `(${hi(a)} === ${hi(b)} && ${lowCompare})`
      : high === false && low === true ? `(${hi(a)} === ${hi(b)})`
      : low === false ? `(${H(a)} ${strict} ${H(b)})`
      : low === true ? `(${H(a)} ${op} ${H(b)})`
      : `(${H(a)} ${strict} ${H(b)} || (${hi(a)} === ${hi(b)} && ${lowCompare}))`;
    return derived('i32', code, [a, b], { bool: true });
  };
}

/**
 * What the comparison `x op y` of two 32-bit halves (signed or unsigned) is whatever the other
 * half, where one literal, the least or the greatest value, decides it; otherwise undefined.
 */
function decided(op: '<' | '>' | '<=' | '>=', x: number | undefined, y: number | undefined, signed: boolean): boolean | undefined {
  const [min, max] = signed ? [-0x80000000, 0x7fffffff] : [0, 0xffffffff];
  const as = (v: number | undefined) => (v === undefined ? undefined : signed ? v | 0 : v >>> 0);
  const [vx, vy] = [as(x), as(y)];
  switch (op) {
    case '<': return vy === min || vx === max ? false : undefined;
    case '>': return vx === min || vy === max ? false : undefined;
    case '<=': return vx === min || vy === max ? true : undefined;
    case '>=': return vy === min || vx === max ? true : undefined;
    default: return assertNever(op);
  }
}

function extendLow(bits: 8 | 16 | 32): I64Handler {
  return (e, [a]) => {
    const low = bits === 32 ? num(a) : `((${lo(a)} << ${32 - bits}) >> ${32 - bits})`;
    const x = e.atom(derived('i32', low, [a]));
    return derived('i64', x.code, [x], { hi: `(${x.code} >> 31)` });
  };
}

function truncCall(name: LibcallName): I64Handler {
  return (e, [a]) => e.toTemp('i64', `${e.mod.libcall(name)}(${a.code})`, `${e.mod.runtime('I64_HI')}[0]`, LIBCALLS[name].traps.length > 0);
}

function convertCall(name: LibcallName, type: 'f32' | 'f64'): I64Handler {
  return (e, [a]) => derived(type, `${e.mod.libcall(name)}(${lo(a)}, ${hi(a)})`, [a]);
}

/** The i64 rows of the opcode-to-TS mapping. */
export const I64_RULES = {
  'i64.eqz': (_e, [a]) => derived('i32', `((${lo(a)} | ${hi(a)}) === 0)`, [a], { bool: true }),
  'i64.eq': (_e, [a, b]) => derived('i32', `(${lo(a)} === ${lo(b)} && ${hi(a)} === ${hi(b)})`, [a, b], { bool: true }),
  'i64.ne': (_e, [a, b]) => derived('i32', `(${lo(a)} !== ${lo(b)} || ${hi(a)} !== ${hi(b)})`, [a, b], { bool: true }),
  'i64.lt_s': compare('<', true),
  'i64.lt_u': compare('<', false),
  'i64.gt_s': compare('>', true),
  'i64.gt_u': compare('>', false),
  'i64.le_s': compare('<=', true),
  'i64.le_u': compare('<=', false),
  'i64.ge_s': compare('>=', true),
  'i64.ge_u': compare('>=', false),
  'i64.clz': countCall('i64_clz'),
  'i64.ctz': countCall('i64_ctz'),
  'i64.popcnt': countCall('i64_popcnt'),
  'i64.add': addSub(false),
  'i64.sub': addSub(true),
  'i64.mul': mul,
  'i64.div_s': pairCall('i64_sdiv'),
  'i64.div_u': pairCall('i64_udiv'),
  'i64.rem_s': pairCall('i64_srem'),
  'i64.rem_u': pairCall('i64_urem'),
  'i64.and': bitwise('&'),
  'i64.or': bitwise('|'),
  'i64.xor': bitwise('^'),
  'i64.shl': shl,
  'i64.shr_s': shr(true),
  'i64.shr_u': shr(false),
  'i64.rotl': rot(true),
  'i64.rotr': rot(false),
  'i32.wrap_i64': (_e, [a]) => derived('i32', lo(a), [a]),
  'i64.extend_i32_s': extendLow(32),
  'i64.extend_i32_u': (_e, [a]) => derived('i64', num(a), [a], { hi: '0' }),
  'i64.extend8_s': extendLow(8),
  'i64.extend16_s': extendLow(16),
  'i64.extend32_s': extendLow(32),
  'i64.trunc_f32_s': truncCall('i64_trunc_f32_s'),
  'i64.trunc_f32_u': truncCall('i64_trunc_f32_u'),
  'i64.trunc_f64_s': truncCall('i64_trunc_f64_s'),
  'i64.trunc_f64_u': truncCall('i64_trunc_f64_u'),
  'i64.trunc_sat_f32_s': truncCall('i64_trunc_sat_f32_s'),
  'i64.trunc_sat_f32_u': truncCall('i64_trunc_sat_f32_u'),
  'i64.trunc_sat_f64_s': truncCall('i64_trunc_sat_f64_s'),
  'i64.trunc_sat_f64_u': truncCall('i64_trunc_sat_f64_u'),
  'i64.reinterpret_f64': truncCall('i64_reinterpret_f64'),
  'f32.convert_i64_s': convertCall('f32_convert_i64_s', 'f32'),
  'f32.convert_i64_u': convertCall('f32_convert_i64_u', 'f32'),
  // hi * 2^32 is exact and the sum is rounded once: correctly rounded, no libcall needed.
  'f64.convert_i64_s': (_e, [a]) => derived('f64', `(${hi(a)} * 4294967296 + (${lo(a)} >>> 0))`, [a]),
  'f64.convert_i64_u': (_e, [a]) => derived('f64', `((${hi(a)} >>> 0) * 4294967296 + (${lo(a)} >>> 0))`, [a]),
  'f64.reinterpret_i64': convertCall('f64_reinterpret_i64', 'f64'),
} as const satisfies Partial<Record<Op, I64Handler>>;

export type I64Op = keyof typeof I64_RULES;

export function isI64Op(op: string): op is I64Op {
  return Object.prototype.hasOwnProperty.call(I64_RULES, op);
}

export { constant };
