/**
 * The opcode-to-TS mapping for i32, f32 and f64 operators: one row per opcode.
 *
 * `$0`, `$1` stand for the operands (as numbers). A row either gives a template
 * (`t`), or names the libcall it uses (`call`), whose trap list in the libcall
 * table decides whether the result is impure (may trap). i64 operators live in
 * ./i64.ts because the pair representation needs code, not templates.
 */
import type { LibcallName } from '../../runtime-lib/libcalls/table.js';

export interface NumericRule {
  /** Template with $0, $1 for the operands. */
  readonly t?: string;
  /** Or: a libcall taking the operands in order. */
  readonly call?: LibcallName;
  /** The result is a JS boolean (comparisons). */
  readonly bool?: boolean;
  /**
   * The op quiets a NaN operand anyway (Wasm wants an arithmetic NaN out of it, and a
   * quiet NaN's payload passes through unchanged) or ignores its payload (comparisons,
   * truncations), so its f32 operands may be read in their cheaper `quieted` spelling.
   */
  readonly quietsOperands?: boolean;
  /** The f32 result is never a signalling NaN: it went through `Math.fround` (see Value.quietNaN). */
  readonly quietResult?: boolean;
  /**
   * When the second operand is an integer literal k: a template for `$0` and k that replaces
   * the general form, or undefined to keep it. Pure (it cannot trap); `$0` may appear twice
   * (the emitter then makes the operand an atom).
   */
  readonly byConstant?: (k: number) => string | undefined;
  /**
   * When the one operand is a JS boolean (a comparison): a template for it as it is, rather
   * than as a number (`!(a < b)`, not `+(a < b) === 0`).
   */
  readonly ofBool?: string;
}

const cmp = (t: string): NumericRule => ({ t, bool: true });

/**
 * A rotate by a constant: `($0 << k) | ($0 >>> 32 - k)`, which V8 compiles to one rotate
 * instruction, instead of the libcall that TurboFan must inline (its budget stops doing so
 * in big functions such as sha256's compression loop).
 */
const rotateLeftBy = (k: number): string => (k & 31 ? `(($0 << ${k & 31}) | ($0 >>> ${32 - (k & 31)}))` : '$0');

/*
 * Division and remainder by a constant that cannot trap (not 0; for div_s, not -1, since
 * INT_MIN / -1 traps) are inline and pure: the libcall checks both at run time, and a value
 * that may trap must be kept in order with every other effect. Exact in doubles: for int32
 * (or uint32) x and a constant |k| >= 2, x / k is within |x / k| * 2^-53 < 2^-21 / |k| of the
 * true quotient, and a true quotient that is not an integer is at least 1 / |k| from one, so
 * truncating the rounded quotient gives the truncated true one (k = 1 is exact anyway).
 * `%` on integers is exact and takes the dividend's sign, as Wasm's rem_s does
 * (INT_MIN % -1 is 0 in both).
 */
const divSBy = (k: number) => (k === 0 || k === -1 ? undefined : `(($0 / ${k}) | 0)`);
const remSBy = (k: number) => (k === 0 ? undefined : `(($0 % ${k}) | 0)`);
const divUBy = (k: number) => (k === 0 ? undefined : `((($0 >>> 0) / ${k >>> 0}) | 0)`);
const remUBy = (k: number) => (k === 0 ? undefined : `((($0 >>> 0) % ${k >>> 0}) | 0)`);
const f32cmp = (t: string): NumericRule => ({ t, bool: true, quietsOperands: true });
const call = (name: LibcallName): NumericRule => ({ call: name });
/** f32 arithmetic: quiets NaN operands, rounds its result with fround. */
const f32arith = (rule: NumericRule): NumericRule => ({ ...rule, quietsOperands: true, quietResult: true });
/** Consumes an f32 without caring whether a NaN operand is signalling. */
const quietsF32 = (rule: NumericRule): NumericRule => ({ ...rule, quietsOperands: true });

export const NUMERIC_RULES = {
  'i32.eqz': { ...cmp('($0 === 0)'), ofBool: '(!$0)' },
  'i32.eq': cmp('($0 === $1)'),
  'i32.ne': cmp('($0 !== $1)'),
  'i32.lt_s': cmp('($0 < $1)'),
  'i32.lt_u': cmp('(($0 >>> 0) < ($1 >>> 0))'),
  'i32.gt_s': cmp('($0 > $1)'),
  'i32.gt_u': cmp('(($0 >>> 0) > ($1 >>> 0))'),
  'i32.le_s': cmp('($0 <= $1)'),
  'i32.le_u': cmp('(($0 >>> 0) <= ($1 >>> 0))'),
  'i32.ge_s': cmp('($0 >= $1)'),
  'i32.ge_u': cmp('(($0 >>> 0) >= ($1 >>> 0))'),
  'f32.eq': f32cmp('($0 === $1)'),
  'f32.ne': f32cmp('($0 !== $1)'),
  'f32.lt': f32cmp('($0 < $1)'),
  'f32.gt': f32cmp('($0 > $1)'),
  'f32.le': f32cmp('($0 <= $1)'),
  'f32.ge': f32cmp('($0 >= $1)'),
  'f64.eq': cmp('($0 === $1)'),
  'f64.ne': cmp('($0 !== $1)'),
  'f64.lt': cmp('($0 < $1)'),
  'f64.gt': cmp('($0 > $1)'),
  'f64.le': cmp('($0 <= $1)'),
  'f64.ge': cmp('($0 >= $1)'),

  'i32.clz': { t: 'Math.clz32($0)' },
  'i32.ctz': call('i32_ctz'),
  'i32.popcnt': call('i32_popcnt'),
  'i32.add': { t: '(($0 + $1) | 0)' },
  'i32.sub': { t: '(($0 - $1) | 0)' },
  'i32.mul': { t: 'Math.imul($0, $1)' },
  'i32.div_s': { ...call('i32_div_s'), byConstant: divSBy },
  'i32.div_u': { ...call('i32_div_u'), byConstant: divUBy },
  'i32.rem_s': { ...call('i32_rem_s'), byConstant: remSBy },
  'i32.rem_u': { ...call('i32_rem_u'), byConstant: remUBy },
  'i32.and': { t: '($0 & $1)' },
  'i32.or': { t: '($0 | $1)' },
  'i32.xor': { t: '($0 ^ $1)' },
  // JS masks shift counts to 5 bits, exactly as Wasm does for i32.
  'i32.shl': { t: '($0 << $1)' },
  'i32.shr_s': { t: '($0 >> $1)' },
  'i32.shr_u': { t: '(($0 >>> $1) | 0)' },
  'i32.rotl': { ...call('i32_rotl'), byConstant: rotateLeftBy },
  'i32.rotr': { ...call('i32_rotr'), byConstant: (k) => rotateLeftBy(32 - (k & 31)) },

  // f32 arithmetic in f64 then rounded once is exact for + - * / sqrt (53 >= 2*24 + 2).
  'f32.abs': { t: 'Math.abs($0)' },
  'f32.neg': { t: '(-$0)' },
  // Libcalls, not bare Math.ceil/floor/trunc: V8's unoptimised Math.ceil returns a
  // signalling NaN unchanged, and Wasm requires an arithmetic (quiet) NaN. They are tiny
  // and V8 inlines them.
  'f32.ceil': f32arith(call('f32_ceil')),
  'f32.floor': f32arith(call('f32_floor')),
  'f32.trunc': f32arith(call('f32_trunc')),
  'f32.nearest': f32arith(call('f32_nearest')),
  'f32.sqrt': f32arith({ t: 'Math.fround(Math.sqrt($0))' }),
  'f32.add': f32arith({ t: 'Math.fround($0 + $1)' }),
  'f32.sub': f32arith({ t: 'Math.fround($0 - $1)' }),
  'f32.mul': f32arith({ t: 'Math.fround($0 * $1)' }),
  'f32.div': f32arith({ t: 'Math.fround($0 / $1)' }),
  // Math.min/max propagate NaN and order -0 below +0, as Wasm requires.
  'f32.min': quietsF32({ t: 'Math.min($0, $1)' }),
  'f32.max': quietsF32({ t: 'Math.max($0, $1)' }),
  'f32.copysign': call('f32_copysign'),
  'f64.abs': { t: 'Math.abs($0)' },
  'f64.neg': { t: '(-$0)' },
  'f64.ceil': call('f64_ceil'),
  'f64.floor': call('f64_floor'),
  'f64.trunc': call('f64_trunc'),
  'f64.nearest': call('f64_nearest'),
  'f64.sqrt': { t: 'Math.sqrt($0)' },
  'f64.add': { t: '($0 + $1)' },
  'f64.sub': { t: '($0 - $1)' },
  'f64.mul': { t: '($0 * $1)' },
  'f64.div': { t: '($0 / $1)' },
  'f64.min': { t: 'Math.min($0, $1)' },
  'f64.max': { t: 'Math.max($0, $1)' },
  'f64.copysign': call('f64_copysign'),

  'i32.trunc_f32_s': quietsF32(call('i32_trunc_f32_s')),
  'i32.trunc_f32_u': quietsF32(call('i32_trunc_f32_u')),
  'i32.trunc_f64_s': call('i32_trunc_f64_s'),
  'i32.trunc_f64_u': call('i32_trunc_f64_u'),
  'i32.trunc_sat_f32_s': quietsF32(call('i32_trunc_sat_f32_s')),
  'i32.trunc_sat_f32_u': quietsF32(call('i32_trunc_sat_f32_u')),
  'i32.trunc_sat_f64_s': call('i32_trunc_sat_f64_s'),
  'i32.trunc_sat_f64_u': call('i32_trunc_sat_f64_u'),
  'f32.convert_i32_s': { t: 'Math.fround($0)', quietResult: true },
  'f32.convert_i32_u': { t: 'Math.fround($0 >>> 0)', quietResult: true },
  'f32.demote_f64': { t: 'Math.fround($0)', quietResult: true },
  'f64.convert_i32_s': { t: '$0' },
  'f64.convert_i32_u': { t: '($0 >>> 0)' },
  // fround is the identity on f32 values but quiets a signalling NaN, as promotion must.
  'f64.promote_f32': quietsF32({ t: 'Math.fround($0)' }),
  'i32.reinterpret_f32': call('i32_reinterpret_f32'),
  'f32.reinterpret_i32': call('f32_reinterpret_i32'),
  'i32.extend8_s': { t: '(($0 << 24) >> 24)' },
  'i32.extend16_s': { t: '(($0 << 16) >> 16)' },
} as const satisfies Record<string, NumericRule>;

export type NumericOp = keyof typeof NUMERIC_RULES;

export function isNumericOp(op: string): op is NumericOp {
  return Object.prototype.hasOwnProperty.call(NUMERIC_RULES, op);
}

/** Fills a template with operand expressions. */
export function fillTemplate(template: string, operands: readonly string[]): string {
  return template.replace(/\$(\d)/g, (_, i: string) => operands[Number(i)]);
}
