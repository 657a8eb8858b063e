/**
 * Decoding the type grammar of the binary format: value, reference, block, table, memory
 * and global types, and limits. Encodings of proposals we do not support yet are
 * recognised and rejected as "unsupported", so they are not reported as malformed.
 */
import { UnsupportedError } from '../errors.js';
import type { BlockType, GlobalType, Limits, MemoryType, RefType, TableType, ValType } from '../model/types.js';
import type { ByteReader } from './reader.js';

const VALUE_TYPES: ReadonlyMap<number, ValType> = new Map<number, ValType>([
  [0x7f, 'i32'],
  [0x7e, 'i64'],
  [0x7d, 'f32'],
  [0x7c, 'f64'],
  [0x7b, 'v128'],
  [0x70, 'funcref'],
  [0x6f, 'externref'],
]);

/** Reference type codes of later proposals, with the feature to name when we meet one. */
const UNSUPPORTED_REF_TYPES: ReadonlyMap<number, string> = new Map([
  [0x64, 'typed function references ((ref $t))'],
  [0x63, 'typed function references ((ref null $t))'],
  [0x6e, 'GC (anyref)'],
  [0x6d, 'GC (eqref)'],
  [0x6c, 'GC (i31ref)'],
  [0x6b, 'GC (structref)'],
  [0x6a, 'GC (arrayref)'],
  [0x71, 'GC (nullref)'],
  [0x72, 'GC (nullexternref)'],
  [0x73, 'GC (nullfuncref)'],
  [0x69, 'exception handling (exnref)'],
  [0x74, 'exception handling (nullexnref)'],
]);

export function readValType(r: ByteReader): ValType {
  const offset = r.pos;
  const byte = r.u8();
  const type = VALUE_TYPES.get(byte);
  if (type !== undefined) return type;
  const feature = UNSUPPORTED_REF_TYPES.get(byte);
  if (feature !== undefined) throw new UnsupportedError(feature, offset);
  return r.error('malformed value type', offset);
}

export function readRefType(r: ByteReader): RefType {
  const offset = r.pos;
  const byte = r.u8();
  if (byte === 0x70) return 'funcref';
  if (byte === 0x6f) return 'externref';
  const feature = UNSUPPORTED_REF_TYPES.get(byte);
  if (feature !== undefined) throw new UnsupportedError(feature, offset);
  return r.error('malformed reference type', offset);
}

/**
 * The heap type of `ref.null`. Besides func and extern we accept their bottom types
 * nofunc and noextern, which binaryen writes for `ref.null func/extern` when GC is
 * enabled: typing those nulls as funcref/externref (their supertypes) accepts no
 * program that the exact typing would reject in any context this compiler supports.
 */
export function readNullHeapType(r: ByteReader): RefType {
  const offset = r.pos;
  // Heap types are s33: abstract ones are negative (one byte 0x40..0x7f), type indices are not.
  const code = r.s33();
  if (code >= 0) throw new UnsupportedError('typed function references (ref.null $t)', offset);
  const byte = code + 0x80;
  switch (byte) {
    case 0x70:
    case 0x73:
      return 'funcref';
    case 0x6f:
    case 0x72:
      return 'externref';
  }
  const feature = UNSUPPORTED_REF_TYPES.get(byte);
  if (feature !== undefined) throw new UnsupportedError(feature, offset);
  return r.error('malformed heap type', offset);
}

const EMPTY_BLOCK: BlockType = { kind: 'empty' };
const VALUE_BLOCKS = new Map<ValType, BlockType>();

export function readBlockType(r: ByteReader): BlockType {
  const byte = r.peek();
  if (byte === 0x40) {
    r.pos++;
    return EMPTY_BLOCK;
  }
  // A single byte 0x40..0x7f is a (negative) value type code; anything else is an s33 type index.
  if (byte !== undefined && (byte & 0xc0) === 0x40) {
    const type = readValType(r);
    let block = VALUE_BLOCKS.get(type);
    if (block === undefined) VALUE_BLOCKS.set(type, (block = { kind: 'value', type }));
    return block;
  }
  const offset = r.pos;
  const typeIndex = r.s33();
  if (typeIndex < 0) r.error('malformed block type', offset);
  return { kind: 'func', typeIndex };
}

/** The limits flags byte: bit 0 = has maximum; bit 1 = shared; bit 2 = 64-bit index. */
const HAS_MAX = 0x01;
const SHARED = 0x02;
const INDEX64 = 0x04;

/**
 * Limits are read as u64, as the binary format now encodes them (for memory64); the
 * validator rejects values a 32-bit table or memory cannot have.
 */
function readLimitsAfterFlags(r: ByteReader, flags: number): Limits {
  const min = r.u64AsNumber();
  if ((flags & HAS_MAX) === 0) return { min };
  const max = r.u64AsNumber();
  return { min, max };
}

export function readTableType(r: ByteReader): TableType {
  const element = readRefType(r);
  const offset = r.pos;
  const flags = r.u8();
  if (flags === 0x04 || flags === 0x05) throw new UnsupportedError('table64 (memory64 proposal)', offset);
  if (flags > HAS_MAX) r.error('malformed limits flags', offset);
  return { element, limits: readLimitsAfterFlags(r, flags) };
}

export function readMemoryType(r: ByteReader): MemoryType {
  const offset = r.pos;
  const flags = r.u8();
  if (flags > (HAS_MAX | SHARED | INDEX64)) r.error('malformed limits flags', offset);
  if ((flags & INDEX64) !== 0) throw new UnsupportedError('memory64', offset);
  return { limits: readLimitsAfterFlags(r, flags), shared: (flags & SHARED) !== 0 };
}

export function readGlobalType(r: ByteReader): GlobalType {
  const type = readValType(r);
  const offset = r.pos;
  const mutability = r.u8();
  if (mutability > 1) r.error('malformed mutability', offset);
  return { type, mutable: mutability === 1 };
}

/** Reads a vector: a u32 count, then that many items. The count is checked against the input size first. */
export function readVec<T>(r: ByteReader, readItem: (index: number) => T): T[] {
  const count = r.len32();
  const items: T[] = [];
  for (let i = 0; i < count; i++) items.push(readItem(i));
  return items;
}

/** Section ids of the binary format, declared once for the decoder and the text parser's encoder. */
export const SectionId = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  tag: 13,
} as const;
