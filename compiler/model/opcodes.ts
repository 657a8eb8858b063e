/**
 * The opcode table: every instruction wasm2ts knows, declared once.
 *
 * The decoder reads opcodes and immediates from it, the validator takes the
 * operand signature of every "plain" instruction from it, and the emitter's
 * per-family tables are keyed by these names (so a missing translation is a
 * type error there). Instructions whose typing depends on context
 * (control, locals, calls, select, ...) have `sig: null` and are handled by
 * name in the validator and emitter.
 */
import type { ValType } from './types.js';

/** Which immediates follow the opcode in the binary. */
export type ImmKind =
  | 'none'
  | 'blocktype'
  | 'label'
  | 'br_table'
  | 'func'
  | 'call_indirect' // type index, table index
  | 'local'
  | 'global'
  | 'table'
  | 'memarg'
  | 'memory'
  | 'i32'
  | 'i64'
  | 'f32'
  | 'f64'
  | 'select_t'
  | 'reftype'
  | 'data'
  | 'elem'
  | 'memory.init' // data index, memory index
  | 'memory.copy' // dst memory, src memory
  | 'table.init' // elem index, table index
  | 'table.copy'; // dst table, src table

export interface OpSig {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface OpInfo {
  readonly name: string;
  /** 0xFC for the "misc" prefix, undefined for single-byte opcodes. */
  readonly prefix?: number;
  readonly code: number;
  readonly imm: ImmKind;
  /** Fixed operand signature, or null where typing depends on context. */
  readonly sig: OpSig | null;
  /** For loads and stores: access width in bytes (natural alignment is log2 of it). */
  readonly bytes?: number;
}

function sig(text: string): OpSig {
  const [p, r] = text.split('->');
  const list = (s: string) => s.trim().split(/\s+/).filter(Boolean) as ValType[];
  return { params: list(p), results: list(r) };
}

// name, code, immediate kind, signature ("a b -> c"), or null for context-typed.
type Row = readonly [string, number, ImmKind, string | null, number?];

const SINGLE_BYTE: readonly Row[] = [
  ['unreachable', 0x00, 'none', null],
  ['nop', 0x01, 'none', ' -> '],
  ['block', 0x02, 'blocktype', null],
  ['loop', 0x03, 'blocktype', null],
  ['if', 0x04, 'blocktype', null],
  ['else', 0x05, 'none', null],
  ['end', 0x0b, 'none', null],
  ['br', 0x0c, 'label', null],
  ['br_if', 0x0d, 'label', null],
  ['br_table', 0x0e, 'br_table', null],
  ['return', 0x0f, 'none', null],
  ['call', 0x10, 'func', null],
  ['call_indirect', 0x11, 'call_indirect', null],
  ['drop', 0x1a, 'none', null],
  ['select', 0x1b, 'none', null],
  ['select_t', 0x1c, 'select_t', null],
  ['local.get', 0x20, 'local', null],
  ['local.set', 0x21, 'local', null],
  ['local.tee', 0x22, 'local', null],
  ['global.get', 0x23, 'global', null],
  ['global.set', 0x24, 'global', null],
  ['table.get', 0x25, 'table', null],
  ['table.set', 0x26, 'table', null],
  ['i32.load', 0x28, 'memarg', 'i32 -> i32', 4],
  ['i64.load', 0x29, 'memarg', 'i32 -> i64', 8],
  ['f32.load', 0x2a, 'memarg', 'i32 -> f32', 4],
  ['f64.load', 0x2b, 'memarg', 'i32 -> f64', 8],
  ['i32.load8_s', 0x2c, 'memarg', 'i32 -> i32', 1],
  ['i32.load8_u', 0x2d, 'memarg', 'i32 -> i32', 1],
  ['i32.load16_s', 0x2e, 'memarg', 'i32 -> i32', 2],
  ['i32.load16_u', 0x2f, 'memarg', 'i32 -> i32', 2],
  ['i64.load8_s', 0x30, 'memarg', 'i32 -> i64', 1],
  ['i64.load8_u', 0x31, 'memarg', 'i32 -> i64', 1],
  ['i64.load16_s', 0x32, 'memarg', 'i32 -> i64', 2],
  ['i64.load16_u', 0x33, 'memarg', 'i32 -> i64', 2],
  ['i64.load32_s', 0x34, 'memarg', 'i32 -> i64', 4],
  ['i64.load32_u', 0x35, 'memarg', 'i32 -> i64', 4],
  ['i32.store', 0x36, 'memarg', 'i32 i32 -> ', 4],
  ['i64.store', 0x37, 'memarg', 'i32 i64 -> ', 8],
  ['f32.store', 0x38, 'memarg', 'i32 f32 -> ', 4],
  ['f64.store', 0x39, 'memarg', 'i32 f64 -> ', 8],
  ['i32.store8', 0x3a, 'memarg', 'i32 i32 -> ', 1],
  ['i32.store16', 0x3b, 'memarg', 'i32 i32 -> ', 2],
  ['i64.store8', 0x3c, 'memarg', 'i32 i64 -> ', 1],
  ['i64.store16', 0x3d, 'memarg', 'i32 i64 -> ', 2],
  ['i64.store32', 0x3e, 'memarg', 'i32 i64 -> ', 4],
  ['memory.size', 0x3f, 'memory', ' -> i32'],
  ['memory.grow', 0x40, 'memory', 'i32 -> i32'],
  ['i32.const', 0x41, 'i32', ' -> i32'],
  ['i64.const', 0x42, 'i64', ' -> i64'],
  ['f32.const', 0x43, 'f32', ' -> f32'],
  ['f64.const', 0x44, 'f64', ' -> f64'],

  ['i32.eqz', 0x45, 'none', 'i32 -> i32'],
  ['i32.eq', 0x46, 'none', 'i32 i32 -> i32'],
  ['i32.ne', 0x47, 'none', 'i32 i32 -> i32'],
  ['i32.lt_s', 0x48, 'none', 'i32 i32 -> i32'],
  ['i32.lt_u', 0x49, 'none', 'i32 i32 -> i32'],
  ['i32.gt_s', 0x4a, 'none', 'i32 i32 -> i32'],
  ['i32.gt_u', 0x4b, 'none', 'i32 i32 -> i32'],
  ['i32.le_s', 0x4c, 'none', 'i32 i32 -> i32'],
  ['i32.le_u', 0x4d, 'none', 'i32 i32 -> i32'],
  ['i32.ge_s', 0x4e, 'none', 'i32 i32 -> i32'],
  ['i32.ge_u', 0x4f, 'none', 'i32 i32 -> i32'],
  ['i64.eqz', 0x50, 'none', 'i64 -> i32'],
  ['i64.eq', 0x51, 'none', 'i64 i64 -> i32'],
  ['i64.ne', 0x52, 'none', 'i64 i64 -> i32'],
  ['i64.lt_s', 0x53, 'none', 'i64 i64 -> i32'],
  ['i64.lt_u', 0x54, 'none', 'i64 i64 -> i32'],
  ['i64.gt_s', 0x55, 'none', 'i64 i64 -> i32'],
  ['i64.gt_u', 0x56, 'none', 'i64 i64 -> i32'],
  ['i64.le_s', 0x57, 'none', 'i64 i64 -> i32'],
  ['i64.le_u', 0x58, 'none', 'i64 i64 -> i32'],
  ['i64.ge_s', 0x59, 'none', 'i64 i64 -> i32'],
  ['i64.ge_u', 0x5a, 'none', 'i64 i64 -> i32'],
  ['f32.eq', 0x5b, 'none', 'f32 f32 -> i32'],
  ['f32.ne', 0x5c, 'none', 'f32 f32 -> i32'],
  ['f32.lt', 0x5d, 'none', 'f32 f32 -> i32'],
  ['f32.gt', 0x5e, 'none', 'f32 f32 -> i32'],
  ['f32.le', 0x5f, 'none', 'f32 f32 -> i32'],
  ['f32.ge', 0x60, 'none', 'f32 f32 -> i32'],
  ['f64.eq', 0x61, 'none', 'f64 f64 -> i32'],
  ['f64.ne', 0x62, 'none', 'f64 f64 -> i32'],
  ['f64.lt', 0x63, 'none', 'f64 f64 -> i32'],
  ['f64.gt', 0x64, 'none', 'f64 f64 -> i32'],
  ['f64.le', 0x65, 'none', 'f64 f64 -> i32'],
  ['f64.ge', 0x66, 'none', 'f64 f64 -> i32'],

  ['i32.clz', 0x67, 'none', 'i32 -> i32'],
  ['i32.ctz', 0x68, 'none', 'i32 -> i32'],
  ['i32.popcnt', 0x69, 'none', 'i32 -> i32'],
  ['i32.add', 0x6a, 'none', 'i32 i32 -> i32'],
  ['i32.sub', 0x6b, 'none', 'i32 i32 -> i32'],
  ['i32.mul', 0x6c, 'none', 'i32 i32 -> i32'],
  ['i32.div_s', 0x6d, 'none', 'i32 i32 -> i32'],
  ['i32.div_u', 0x6e, 'none', 'i32 i32 -> i32'],
  ['i32.rem_s', 0x6f, 'none', 'i32 i32 -> i32'],
  ['i32.rem_u', 0x70, 'none', 'i32 i32 -> i32'],
  ['i32.and', 0x71, 'none', 'i32 i32 -> i32'],
  ['i32.or', 0x72, 'none', 'i32 i32 -> i32'],
  ['i32.xor', 0x73, 'none', 'i32 i32 -> i32'],
  ['i32.shl', 0x74, 'none', 'i32 i32 -> i32'],
  ['i32.shr_s', 0x75, 'none', 'i32 i32 -> i32'],
  ['i32.shr_u', 0x76, 'none', 'i32 i32 -> i32'],
  ['i32.rotl', 0x77, 'none', 'i32 i32 -> i32'],
  ['i32.rotr', 0x78, 'none', 'i32 i32 -> i32'],
  ['i64.clz', 0x79, 'none', 'i64 -> i64'],
  ['i64.ctz', 0x7a, 'none', 'i64 -> i64'],
  ['i64.popcnt', 0x7b, 'none', 'i64 -> i64'],
  ['i64.add', 0x7c, 'none', 'i64 i64 -> i64'],
  ['i64.sub', 0x7d, 'none', 'i64 i64 -> i64'],
  ['i64.mul', 0x7e, 'none', 'i64 i64 -> i64'],
  ['i64.div_s', 0x7f, 'none', 'i64 i64 -> i64'],
  ['i64.div_u', 0x80, 'none', 'i64 i64 -> i64'],
  ['i64.rem_s', 0x81, 'none', 'i64 i64 -> i64'],
  ['i64.rem_u', 0x82, 'none', 'i64 i64 -> i64'],
  ['i64.and', 0x83, 'none', 'i64 i64 -> i64'],
  ['i64.or', 0x84, 'none', 'i64 i64 -> i64'],
  ['i64.xor', 0x85, 'none', 'i64 i64 -> i64'],
  ['i64.shl', 0x86, 'none', 'i64 i64 -> i64'],
  ['i64.shr_s', 0x87, 'none', 'i64 i64 -> i64'],
  ['i64.shr_u', 0x88, 'none', 'i64 i64 -> i64'],
  ['i64.rotl', 0x89, 'none', 'i64 i64 -> i64'],
  ['i64.rotr', 0x8a, 'none', 'i64 i64 -> i64'],
  ['f32.abs', 0x8b, 'none', 'f32 -> f32'],
  ['f32.neg', 0x8c, 'none', 'f32 -> f32'],
  ['f32.ceil', 0x8d, 'none', 'f32 -> f32'],
  ['f32.floor', 0x8e, 'none', 'f32 -> f32'],
  ['f32.trunc', 0x8f, 'none', 'f32 -> f32'],
  ['f32.nearest', 0x90, 'none', 'f32 -> f32'],
  ['f32.sqrt', 0x91, 'none', 'f32 -> f32'],
  ['f32.add', 0x92, 'none', 'f32 f32 -> f32'],
  ['f32.sub', 0x93, 'none', 'f32 f32 -> f32'],
  ['f32.mul', 0x94, 'none', 'f32 f32 -> f32'],
  ['f32.div', 0x95, 'none', 'f32 f32 -> f32'],
  ['f32.min', 0x96, 'none', 'f32 f32 -> f32'],
  ['f32.max', 0x97, 'none', 'f32 f32 -> f32'],
  ['f32.copysign', 0x98, 'none', 'f32 f32 -> f32'],
  ['f64.abs', 0x99, 'none', 'f64 -> f64'],
  ['f64.neg', 0x9a, 'none', 'f64 -> f64'],
  ['f64.ceil', 0x9b, 'none', 'f64 -> f64'],
  ['f64.floor', 0x9c, 'none', 'f64 -> f64'],
  ['f64.trunc', 0x9d, 'none', 'f64 -> f64'],
  ['f64.nearest', 0x9e, 'none', 'f64 -> f64'],
  ['f64.sqrt', 0x9f, 'none', 'f64 -> f64'],
  ['f64.add', 0xa0, 'none', 'f64 f64 -> f64'],
  ['f64.sub', 0xa1, 'none', 'f64 f64 -> f64'],
  ['f64.mul', 0xa2, 'none', 'f64 f64 -> f64'],
  ['f64.div', 0xa3, 'none', 'f64 f64 -> f64'],
  ['f64.min', 0xa4, 'none', 'f64 f64 -> f64'],
  ['f64.max', 0xa5, 'none', 'f64 f64 -> f64'],
  ['f64.copysign', 0xa6, 'none', 'f64 f64 -> f64'],

  ['i32.wrap_i64', 0xa7, 'none', 'i64 -> i32'],
  ['i32.trunc_f32_s', 0xa8, 'none', 'f32 -> i32'],
  ['i32.trunc_f32_u', 0xa9, 'none', 'f32 -> i32'],
  ['i32.trunc_f64_s', 0xaa, 'none', 'f64 -> i32'],
  ['i32.trunc_f64_u', 0xab, 'none', 'f64 -> i32'],
  ['i64.extend_i32_s', 0xac, 'none', 'i32 -> i64'],
  ['i64.extend_i32_u', 0xad, 'none', 'i32 -> i64'],
  ['i64.trunc_f32_s', 0xae, 'none', 'f32 -> i64'],
  ['i64.trunc_f32_u', 0xaf, 'none', 'f32 -> i64'],
  ['i64.trunc_f64_s', 0xb0, 'none', 'f64 -> i64'],
  ['i64.trunc_f64_u', 0xb1, 'none', 'f64 -> i64'],
  ['f32.convert_i32_s', 0xb2, 'none', 'i32 -> f32'],
  ['f32.convert_i32_u', 0xb3, 'none', 'i32 -> f32'],
  ['f32.convert_i64_s', 0xb4, 'none', 'i64 -> f32'],
  ['f32.convert_i64_u', 0xb5, 'none', 'i64 -> f32'],
  ['f32.demote_f64', 0xb6, 'none', 'f64 -> f32'],
  ['f64.convert_i32_s', 0xb7, 'none', 'i32 -> f64'],
  ['f64.convert_i32_u', 0xb8, 'none', 'i32 -> f64'],
  ['f64.convert_i64_s', 0xb9, 'none', 'i64 -> f64'],
  ['f64.convert_i64_u', 0xba, 'none', 'i64 -> f64'],
  ['f64.promote_f32', 0xbb, 'none', 'f32 -> f64'],
  ['i32.reinterpret_f32', 0xbc, 'none', 'f32 -> i32'],
  ['i64.reinterpret_f64', 0xbd, 'none', 'f64 -> i64'],
  ['f32.reinterpret_i32', 0xbe, 'none', 'i32 -> f32'],
  ['f64.reinterpret_i64', 0xbf, 'none', 'i64 -> f64'],

  // sign-extension operators (Wasm 2.0)
  ['i32.extend8_s', 0xc0, 'none', 'i32 -> i32'],
  ['i32.extend16_s', 0xc1, 'none', 'i32 -> i32'],
  ['i64.extend8_s', 0xc2, 'none', 'i64 -> i64'],
  ['i64.extend16_s', 0xc3, 'none', 'i64 -> i64'],
  ['i64.extend32_s', 0xc4, 'none', 'i64 -> i64'],

  // reference types (Wasm 2.0)
  ['ref.null', 0xd0, 'reftype', null],
  ['ref.is_null', 0xd1, 'none', null],
  ['ref.func', 0xd2, 'func', null],
];

/** The 0xFC prefix: saturating truncation, bulk memory and table instructions. */
const PREFIX_FC: readonly Row[] = [
  ['i32.trunc_sat_f32_s', 0, 'none', 'f32 -> i32'],
  ['i32.trunc_sat_f32_u', 1, 'none', 'f32 -> i32'],
  ['i32.trunc_sat_f64_s', 2, 'none', 'f64 -> i32'],
  ['i32.trunc_sat_f64_u', 3, 'none', 'f64 -> i32'],
  ['i64.trunc_sat_f32_s', 4, 'none', 'f32 -> i64'],
  ['i64.trunc_sat_f32_u', 5, 'none', 'f32 -> i64'],
  ['i64.trunc_sat_f64_s', 6, 'none', 'f64 -> i64'],
  ['i64.trunc_sat_f64_u', 7, 'none', 'f64 -> i64'],
  ['memory.init', 8, 'memory.init', 'i32 i32 i32 -> '],
  ['data.drop', 9, 'data', ' -> '],
  ['memory.copy', 10, 'memory.copy', 'i32 i32 i32 -> '],
  ['memory.fill', 11, 'memory', 'i32 i32 i32 -> '],
  ['table.init', 12, 'table.init', 'i32 i32 i32 -> '],
  ['elem.drop', 13, 'elem', ' -> '],
  ['table.copy', 14, 'table.copy', 'i32 i32 i32 -> '],
  ['table.grow', 15, 'table', null],
  ['table.size', 16, 'table', ' -> i32'],
  ['table.fill', 17, 'table', null],
];

function build(rows: readonly Row[], prefix?: number): OpInfo[] {
  return rows.map(([name, code, imm, s, bytes]) => ({
    name,
    prefix,
    code,
    imm,
    sig: s === null ? null : sig(s),
    ...(bytes === undefined ? {} : { bytes }),
  }));
}

export const OPCODES: readonly OpInfo[] = [...build(SINGLE_BYTE), ...build(PREFIX_FC, 0xfc)];

/** Every instruction name. Kept as a string-literal union by listing it; `opcodes.test.ts` checks it matches OPCODES. */
export type Op = (typeof OP_NAMES)[number];

export const OP_NAMES = [
  'unreachable', 'nop', 'block', 'loop', 'if', 'else', 'end', 'br', 'br_if', 'br_table', 'return',
  'call', 'call_indirect', 'drop', 'select', 'select_t', 'local.get', 'local.set', 'local.tee',
  'global.get', 'global.set', 'table.get', 'table.set',
  'i32.load', 'i64.load', 'f32.load', 'f64.load', 'i32.load8_s', 'i32.load8_u', 'i32.load16_s', 'i32.load16_u',
  'i64.load8_s', 'i64.load8_u', 'i64.load16_s', 'i64.load16_u', 'i64.load32_s', 'i64.load32_u',
  'i32.store', 'i64.store', 'f32.store', 'f64.store', 'i32.store8', 'i32.store16', 'i64.store8', 'i64.store16', 'i64.store32',
  'memory.size', 'memory.grow', 'i32.const', 'i64.const', 'f32.const', 'f64.const',
  'i32.eqz', 'i32.eq', 'i32.ne', 'i32.lt_s', 'i32.lt_u', 'i32.gt_s', 'i32.gt_u', 'i32.le_s', 'i32.le_u', 'i32.ge_s', 'i32.ge_u',
  'i64.eqz', 'i64.eq', 'i64.ne', 'i64.lt_s', 'i64.lt_u', 'i64.gt_s', 'i64.gt_u', 'i64.le_s', 'i64.le_u', 'i64.ge_s', 'i64.ge_u',
  'f32.eq', 'f32.ne', 'f32.lt', 'f32.gt', 'f32.le', 'f32.ge', 'f64.eq', 'f64.ne', 'f64.lt', 'f64.gt', 'f64.le', 'f64.ge',
  'i32.clz', 'i32.ctz', 'i32.popcnt', 'i32.add', 'i32.sub', 'i32.mul', 'i32.div_s', 'i32.div_u', 'i32.rem_s', 'i32.rem_u',
  'i32.and', 'i32.or', 'i32.xor', 'i32.shl', 'i32.shr_s', 'i32.shr_u', 'i32.rotl', 'i32.rotr',
  'i64.clz', 'i64.ctz', 'i64.popcnt', 'i64.add', 'i64.sub', 'i64.mul', 'i64.div_s', 'i64.div_u', 'i64.rem_s', 'i64.rem_u',
  'i64.and', 'i64.or', 'i64.xor', 'i64.shl', 'i64.shr_s', 'i64.shr_u', 'i64.rotl', 'i64.rotr',
  'f32.abs', 'f32.neg', 'f32.ceil', 'f32.floor', 'f32.trunc', 'f32.nearest', 'f32.sqrt',
  'f32.add', 'f32.sub', 'f32.mul', 'f32.div', 'f32.min', 'f32.max', 'f32.copysign',
  'f64.abs', 'f64.neg', 'f64.ceil', 'f64.floor', 'f64.trunc', 'f64.nearest', 'f64.sqrt',
  'f64.add', 'f64.sub', 'f64.mul', 'f64.div', 'f64.min', 'f64.max', 'f64.copysign',
  'i32.wrap_i64', 'i32.trunc_f32_s', 'i32.trunc_f32_u', 'i32.trunc_f64_s', 'i32.trunc_f64_u',
  'i64.extend_i32_s', 'i64.extend_i32_u', 'i64.trunc_f32_s', 'i64.trunc_f32_u', 'i64.trunc_f64_s', 'i64.trunc_f64_u',
  'f32.convert_i32_s', 'f32.convert_i32_u', 'f32.convert_i64_s', 'f32.convert_i64_u', 'f32.demote_f64',
  'f64.convert_i32_s', 'f64.convert_i32_u', 'f64.convert_i64_s', 'f64.convert_i64_u', 'f64.promote_f32',
  'i32.reinterpret_f32', 'i64.reinterpret_f64', 'f32.reinterpret_i32', 'f64.reinterpret_i64',
  'i32.extend8_s', 'i32.extend16_s', 'i64.extend8_s', 'i64.extend16_s', 'i64.extend32_s',
  'ref.null', 'ref.is_null', 'ref.func',
  'i32.trunc_sat_f32_s', 'i32.trunc_sat_f32_u', 'i32.trunc_sat_f64_s', 'i32.trunc_sat_f64_u',
  'i64.trunc_sat_f32_s', 'i64.trunc_sat_f32_u', 'i64.trunc_sat_f64_s', 'i64.trunc_sat_f64_u',
  'memory.init', 'data.drop', 'memory.copy', 'memory.fill', 'table.init', 'elem.drop', 'table.copy',
  'table.grow', 'table.size', 'table.fill',
] as const;

const BY_NAME = new Map(OPCODES.map((o) => [o.name, o]));

export function opInfo(op: Op): OpInfo {
  const info = BY_NAME.get(op);
  if (!info) throw new Error(`internal: no opcode row for ${op}`);
  return info;
}

/** Lookup tables for the decoder: single-byte opcodes by byte, 0xFC opcodes by sub-opcode. */
export const SINGLE_BYTE_OPS: ReadonlyMap<number, OpInfo> = new Map(OPCODES.filter((o) => o.prefix === undefined).map((o) => [o.code, o]));
export const PREFIX_FC_OPS: ReadonlyMap<number, OpInfo> = new Map(OPCODES.filter((o) => o.prefix === 0xfc).map((o) => [o.code, o]));

/** The ops whose typing is fully given by their signature row. */
export type PlainOp = Op;
