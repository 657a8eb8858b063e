/**
 * Decoding instruction sequences (function bodies and constant expressions) into the flat
 * `Instr` lists of the model. Opcodes and their immediates come from the opcode table.
 *
 * The decoder is a loop with an explicit stack of open blocks, never recursion, so
 * arbitrarily deep nesting cannot overflow the JS stack. It checks only the block
 * structure the grammar fixes (else inside if, one end per block); typing is the
 * validator's job.
 */
import { assertNever, UnsupportedError } from '../errors.js';
import { PREFIX_FC_OPS, SINGLE_BYTE_OPS, type OpInfo, type Op } from '../model/opcodes.js';
import type { Instr, MemArg } from '../model/types.js';
import { readBlockType, readNullHeapType, readValType, readVec } from './binary-types.js';
import type { ByteReader } from './reader.js';

/** Single-byte opcodes of proposals we do not support, named so the error says which feature. */
const UNSUPPORTED_OPCODES: ReadonlyMap<number, string> = new Map([
  [0x06, 'exception handling (try)'],
  [0x07, 'exception handling (catch)'],
  [0x08, 'exception handling (throw)'],
  [0x09, 'exception handling (rethrow)'],
  [0x0a, 'exception handling (throw_ref)'],
  [0x18, 'exception handling (delegate)'],
  [0x19, 'exception handling (catch_all)'],
  [0x1f, 'exception handling (try_table)'],
  [0x12, 'tail calls (return_call)'],
  [0x13, 'tail calls (return_call_indirect)'],
  [0x14, 'typed function references (call_ref)'],
  [0x15, 'typed function references (return_call_ref)'],
  [0xd3, 'typed function references (ref.as_non_null)'],
  [0xd4, 'typed function references (br_on_null)'],
  [0xd6, 'typed function references (br_on_non_null)'],
  [0xd5, 'GC (ref.eq)'],
  [0xfb, 'GC'],
  [0xfd, 'SIMD'],
  [0xfe, 'threads (atomic instructions)'],
  [0xe0, 'stack switching'],
  [0xe1, 'stack switching'],
  [0xe2, 'stack switching'],
  [0xe3, 'stack switching'],
  [0xe4, 'stack switching'],
  [0xe5, 'stack switching'],
  [0xe6, 'stack switching'],
]);

/** 0xFC sub-opcodes of proposals we do not support. */
const UNSUPPORTED_FC_OPCODES: ReadonlyMap<number, string> = new Map([
  [0x12, 'memory control (memory.discard)'],
  [0x13, 'wide arithmetic (i64.add128)'],
  [0x14, 'wide arithmetic (i64.sub128)'],
  [0x15, 'wide arithmetic (i64.mul_wide_s)'],
  [0x16, 'wide arithmetic (i64.mul_wide_u)'],
]);

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** Kinds of open blocks, to check that `else` only closes the then-arm of an `if`. */
const BLOCK = 0;
const IF_THEN = 1;
const IF_ELSE = 2;

export interface InstrSequenceOptions {
  /**
   * A function body keeps its final `end` (the model's bodies include it); a constant
   * expression drops it.
   */
  readonly kind: 'body' | 'const';
  /** Called for memory.init and data.drop, which need a data count section. */
  readonly onDataIndexUse?: (offset: number) => void;
}

/** Decodes instructions up to and including the `end` that closes the sequence. */
export function decodeInstrSequence(r: ByteReader, options: InstrSequenceOptions): Instr[] {
  const instrs: Instr[] = [];
  const open: number[] = [];
  for (;;) {
    const offset = r.pos;
    const info = readOpcode(r, offset);
    const instr = readImmediates(r, info, offset);
    switch (info.name) {
      case 'block':
      case 'loop':
        open.push(BLOCK);
        break;
      case 'if':
        open.push(IF_THEN);
        break;
      case 'else':
        // An else that does not close the then-arm of an if is where the block's end should be.
        if (open.length === 0 || open[open.length - 1] !== IF_THEN) r.error('END opcode expected', offset);
        open[open.length - 1] = IF_ELSE;
        break;
      case 'end':
        if (open.length === 0) {
          if (options.kind === 'body') instrs.push(instr);
          return instrs;
        }
        open.pop();
        break;
      case 'memory.init':
      case 'data.drop':
        options.onDataIndexUse?.(offset);
        break;
    }
    instrs.push(instr);
  }
}

function readOpcode(r: ByteReader, offset: number): OpInfo {
  const byte = r.u8();
  if (byte === 0xfc) {
    const sub = r.u32();
    const info = PREFIX_FC_OPS.get(sub);
    if (info !== undefined) return info;
    const feature = UNSUPPORTED_FC_OPCODES.get(sub);
    if (feature !== undefined) throw new UnsupportedError(feature, offset);
    return r.error(`illegal opcode fc ${hex2(sub)}`, offset);
  }
  const info = SINGLE_BYTE_OPS.get(byte);
  if (info !== undefined) return info;
  const feature = UNSUPPORTED_OPCODES.get(byte);
  if (feature !== undefined) throw new UnsupportedError(feature, offset);
  return r.error(`illegal opcode ${hex2(byte)}`, offset);
}

function readImmediates(r: ByteReader, info: OpInfo, offset: number): Instr {
  // The table's names are the Op union (opcodes.test.ts checks that they agree).
  const op = info.name as Op;
  const imm = info.imm;
  switch (imm) {
    case 'none':
      return { op, offset };
    case 'blocktype':
      return { op, offset, blockType: readBlockType(r) };
    case 'label':
    case 'func':
    case 'local':
    case 'global':
    case 'table':
    case 'memory':
    case 'data':
    case 'elem':
      return { op, offset, index: r.u32() };
    case 'br_table': {
      const depths = readVec(r, () => r.u32());
      return { op, offset, depths, index: r.u32() };
    }
    case 'call_indirect': {
      const typeIndex = r.u32();
      return { op, offset, index: typeIndex, index2: r.u32() };
    }
    case 'memarg':
      return { op, offset, memarg: readMemArg(r) };
    case 'i32':
      return { op, offset, value: r.s32() };
    case 'i64':
      return { op, offset, value: r.s64() };
    case 'f32':
      return { op, offset, value: r.f32Bits() };
    case 'f64':
      return { op, offset, value: r.f64Bits() };
    case 'select_t':
      return { op, offset, types: readVec(r, () => readValType(r)) };
    case 'reftype':
      return { op, offset, types: [readNullHeapType(r)] };
    case 'memory.init': {
      const data = r.u32();
      return { op, offset, index: data, index2: r.u32() };
    }
    case 'table.init': {
      const elem = r.u32();
      return { op, offset, index: elem, index2: r.u32() };
    }
    case 'memory.copy':
    case 'table.copy': {
      const destination = r.u32();
      return { op, offset, index: destination, index2: r.u32() };
    }
    default:
      return assertNever(imm, 'immediate kind');
  }
}

/**
 * memarg: a flags word (log2 alignment in bits 0-5; bit 6 says a memory index follows,
 * for multi-memory), then the offset. Flags of 0x80 or more are malformed; an alignment
 * above the natural one, and an offset of 2^32 or more (the offset is encoded as u64, for
 * memory64), are left to the validator.
 */
function readMemArg(r: ByteReader): MemArg {
  const flagsOffset = r.pos;
  const flags = r.u32();
  if (flags >= 0x80) r.error('malformed memop flags', flagsOffset);
  const memory = (flags & 0x40) !== 0 ? r.u32() : 0;
  const offset = r.u64AsNumber();
  return { align: flags & 0x3f, offset, memory };
}
