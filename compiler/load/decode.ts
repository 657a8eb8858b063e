/**
 * The binary decoder: module bytes to the module model. It follows the binary format of
 * WebAssembly 2.0 plus multi-memory and extended-const exactly, with the reference
 * decoder's error texts. Decoding checks the grammar only (sizes, counts, encodings,
 * section order, block structure); typing and index ranges are the validator's job.
 *
 * Hostile input: every loop consumes at least one byte per iteration and every length is
 * checked against the input before use, so decoding is linear in the input and never
 * allocates more than a small multiple of it.
 */
import { UnsupportedError } from '../errors.js';
import type {
  ConstExpr,
  CustomSection,
  DataSegment,
  ElemMode,
  ElemSegment,
  Export,
  ExternKind,
  Func,
  FuncType,
  Global,
  Import,
  ImportDesc,
  Instr,
  MemoryType,
  Names,
  RefType,
  TableType,
  ValType,
  WasmModule,
} from '../model/types.js';
import { SectionId, readGlobalType, readMemoryType, readRefType, readTableType, readValType, readVec } from './binary-types.js';
import { decodeInstrSequence } from './decode-instr.js';
import { emptyNames, parseNameSection } from './names.js';
import { ByteReader } from './reader.js';

const MAGIC = 0x6d736100; // "\0asm" read little-endian
const VERSION = 1;


/** Where each non-custom section must come: the data count section sits between element and code. */
const SECTION_RANK: Readonly<Record<number, number>> = {
  [SectionId.type]: 1,
  [SectionId.import]: 2,
  [SectionId.function]: 3,
  [SectionId.table]: 4,
  [SectionId.memory]: 5,
  [SectionId.global]: 6,
  [SectionId.export]: 7,
  [SectionId.start]: 8,
  [SectionId.element]: 9,
  [SectionId.dataCount]: 10,
  [SectionId.code]: 11,
  [SectionId.data]: 12,
};

/**
 * Locals per function, and in the whole module, beyond which we refuse the module. The
 * spec allows up to 2^32 - 1 per function; engines stop far lower (V8 at 50,000 per
 * function). The model lists locals one by one, so without these limits a few bytes of
 * run-length encoded declarations could demand gigabytes.
 */
export const MAX_LOCALS_PER_FUNCTION = 1_000_000;
export const MAX_LOCALS_PER_MODULE = 1 << 24;

/** Everything read so far; the sections fill it in order. */
interface ModuleParts {
  types: FuncType[];
  imports: Import[];
  funcTypeIndices: number[];
  funcs: Func[];
  tables: TableType[];
  memories: MemoryType[];
  globals: Global[];
  exports: Export[];
  start?: number;
  elems: ElemSegment[];
  dataCount?: number;
  datas: DataSegment[];
  customs: CustomSection[];
  names?: Names;
  offsets: {
    types: number[];
    imports: number[];
    tables: number[];
    memories: number[];
    globals: number[];
    exports: number[];
    elems: number[];
    datas: number[];
    start?: number;
  };
}

export function decodeModule(bytes: Uint8Array): WasmModule {
  const r = new ByteReader(bytes);
  if (bytes.length < 4) r.unexpectedEnd();
  if (r.u32Fixed() !== MAGIC) r.error('magic header not detected', 0);
  if (bytes.length < 8) r.unexpectedEnd();
  if (r.u32Fixed() !== VERSION) r.error('unknown binary version', 4);

  const parts: ModuleParts = {
    types: [],
    imports: [],
    funcTypeIndices: [],
    funcs: [],
    tables: [],
    memories: [],
    globals: [],
    exports: [],
    elems: [],
    datas: [],
    customs: [],
    offsets: { types: [], imports: [], tables: [], memories: [], globals: [], exports: [], elems: [], datas: [] },
  };

  let lastRank = 0;
  while (!r.atEnd()) {
    const sectionOffset = r.pos;
    const id = r.u8();
    if (id === SectionId.tag) throw new UnsupportedError('exception handling (tag section)', sectionOffset);
    if (id !== SectionId.custom && SECTION_RANK[id] === undefined) r.error('malformed section id', sectionOffset);
    const size = r.len32();
    if (id !== SectionId.custom) {
      const rank = SECTION_RANK[id];
      if (rank <= lastRank) r.error('unexpected content after last section', sectionOffset);
      lastRank = rank;
    }
    r.sized(size, () => readSection(r, id, size, parts));
  }

  if (parts.funcTypeIndices.length !== parts.funcs.length) {
    r.error('function and code section have inconsistent lengths', bytes.length);
  }
  if (parts.dataCount !== undefined && parts.dataCount !== parts.datas.length) {
    r.error('data count and data section have inconsistent lengths', bytes.length);
  }

  return {
    types: parts.types,
    imports: parts.imports,
    funcs: parts.funcs,
    tables: parts.tables,
    memories: parts.memories,
    globals: parts.globals,
    exports: parts.exports,
    ...(parts.start === undefined ? {} : { start: parts.start }),
    elems: parts.elems,
    datas: parts.datas,
    names: parts.names ?? emptyNames(),
    customs: parts.customs,
    offsets: parts.offsets,
  };
}

function readSection(r: ByteReader, id: number, size: number, parts: ModuleParts): void {
  switch (id) {
    case SectionId.custom:
      return readCustomSection(r, size, parts);
    case SectionId.type:
      return readEntries(r, parts.types, parts.offsets.types, readFuncType);
    case SectionId.import:
      return readEntries(r, parts.imports, parts.offsets.imports, readImport);
    case SectionId.function:
      parts.funcTypeIndices = readVec(r, () => r.u32());
      return;
    case SectionId.table:
      return readEntries(r, parts.tables, parts.offsets.tables, readTable);
    case SectionId.memory:
      return readEntries(r, parts.memories, parts.offsets.memories, readMemoryType);
    case SectionId.global:
      return readEntries(r, parts.globals, parts.offsets.globals, readGlobal);
    case SectionId.export:
      return readEntries(r, parts.exports, parts.offsets.exports, readExport);
    case SectionId.start:
      parts.offsets.start = r.pos;
      parts.start = r.u32();
      return;
    case SectionId.element:
      return readEntries(r, parts.elems, parts.offsets.elems, readElemSegment);
    case SectionId.dataCount:
      parts.dataCount = r.u32();
      return;
    case SectionId.code:
      return readCodeSection(r, parts);
    case SectionId.data:
      return readEntries(r, parts.datas, parts.offsets.datas, readDataSegment);
  }
  throw new Error(`internal: section id ${id} was not screened`);
}

/** A vector of section entries, recording where each one starts. */
function readEntries<T>(r: ByteReader, into: T[], offsets: number[], readEntry: (r: ByteReader) => T): void {
  const count = r.len32();
  for (let i = 0; i < count; i++) {
    offsets.push(r.pos);
    into.push(readEntry(r));
  }
}

function readCustomSection(r: ByteReader, size: number, parts: ModuleParts): void {
  const sectionStart = r.pos;
  const name = r.name();
  const payloadStart = r.pos;
  const payloadSize = size - (payloadStart - sectionStart);
  if (payloadSize < 0) r.unexpectedEnd(); // the name overruns the section
  const bytes = r.bytesCopy(payloadSize);
  parts.customs.push({ name, bytes });
  if (name === 'name' && parts.names === undefined) parts.names = parseNameSection(r.bytes, payloadStart, r.pos);
}

function readFuncType(r: ByteReader): FuncType {
  const offset = r.pos;
  const form = r.u8();
  // The form is a one-byte s7; a continuation bit makes it over-long.
  if (form >= 0x80) r.error('integer representation too long', offset + 1);
  if (form !== 0x60) {
    if (form === 0x5e || form === 0x5f || form === 0x50 || form === 0x4f || form === 0x4e) {
      throw new UnsupportedError('GC (struct, array, sub and rec types)', offset);
    }
    r.error('malformed function type', offset);
  }
  const params = readVec(r, () => readValType(r));
  const results = readVec(r, () => readValType(r));
  return { params, results };
}

function readImport(r: ByteReader): Import {
  const module = r.name();
  const name = r.name();
  return { module, name, desc: readImportDesc(r) };
}

function readImportDesc(r: ByteReader): ImportDesc {
  const offset = r.pos;
  const kind = r.u8();
  switch (kind) {
    case 0x00:
      return { kind: 'func', typeIndex: r.u32() };
    case 0x01:
      return { kind: 'table', type: readTableType(r) };
    case 0x02:
      return { kind: 'memory', type: readMemoryType(r) };
    case 0x03:
      return { kind: 'global', type: readGlobalType(r) };
    case 0x04:
      throw new UnsupportedError('exception handling (tag import)', offset);
  }
  return r.error('malformed import kind', offset);
}

function readTable(r: ByteReader): TableType {
  if (r.peek() === 0x40) throw new UnsupportedError('typed function references (table with initializer)', r.pos);
  return readTableType(r);
}

function readConstExpr(r: ByteReader): ConstExpr {
  return decodeInstrSequence(r, { kind: 'const' });
}

function readGlobal(r: ByteReader): Global {
  const type = readGlobalType(r);
  return { type, init: readConstExpr(r) };
}

const EXPORT_KINDS: readonly ExternKind[] = ['func', 'table', 'memory', 'global'];

function readExport(r: ByteReader): Export {
  const name = r.name();
  const offset = r.pos;
  const kindByte = r.u8();
  if (kindByte === 0x04) throw new UnsupportedError('exception handling (tag export)', offset);
  const kind = EXPORT_KINDS[kindByte];
  if (kind === undefined) r.error('malformed export kind', offset);
  return { name, kind, index: r.u32() };
}

/**
 * Element segments: the flags word's bit 0 says passive/declarative (vs active), bit 1
 * an explicit table index (active) or declarative (otherwise), bit 2 expressions rather
 * than function indices; flags 0 and 4 are the MVP forms with implicit table 0 and funcref.
 */
function readElemSegment(r: ByteReader): ElemSegment {
  const flagsOffset = r.pos;
  const flags = r.u32();
  if (flags > 7) r.error('malformed elements segment kind', flagsOffset);
  const isActive = (flags & 1) === 0;
  const hasTableIndex = (flags & 2) !== 0;
  const usesExpressions = (flags & 4) !== 0;

  let mode: ElemMode;
  if (isActive) {
    const table = hasTableIndex ? r.u32() : 0;
    mode = { kind: 'active', table, offset: readConstExpr(r) };
  } else {
    mode = hasTableIndex ? { kind: 'declarative' } : { kind: 'passive' };
  }

  // The MVP forms (0 and 4) imply funcref; the others state an element kind or a reference type.
  const implicitType = flags === 0 || flags === 4;
  let type: RefType = 'funcref';
  if (usesExpressions) {
    if (!implicitType) type = readRefType(r);
    const items = readVec(r, () => readConstExpr(r));
    return { type, mode, items };
  }
  if (!implicitType) {
    const kindOffset = r.pos;
    if (r.u8() !== 0x00) r.error('malformed element kind', kindOffset);
  }
  const items = readVec(r, (): ConstExpr => {
    const offset = r.pos;
    const refFunc: Instr = { op: 'ref.func', offset, index: r.u32() };
    return [refFunc];
  });
  return { type, mode, items };
}

function readDataSegment(r: ByteReader): DataSegment {
  const flagsOffset = r.pos;
  const flags = r.u32();
  switch (flags) {
    case 0:
      return { mode: { kind: 'active', memory: 0, offset: readConstExpr(r) }, bytes: readDataBytes(r) };
    case 1:
      return { mode: { kind: 'passive' }, bytes: readDataBytes(r) };
    case 2: {
      const memory = r.u32();
      return { mode: { kind: 'active', memory, offset: readConstExpr(r) }, bytes: readDataBytes(r) };
    }
  }
  return r.error('malformed data segment kind', flagsOffset);
}

function readDataBytes(r: ByteReader): Uint8Array {
  return r.bytesCopy(r.len32());
}

function readCodeSection(r: ByteReader, parts: ModuleParts): void {
  // A count that disagrees with the function section is reported after all sections are
  // read, as the reference decoder does (a later section-order error takes precedence).
  const count = r.len32();
  const localsBudget = { left: MAX_LOCALS_PER_MODULE };
  const hasDataCount = parts.dataCount !== undefined;
  const onDataIndexUse = (offset: number) => {
    if (!hasDataCount) r.error('data count section required', offset);
  };
  for (let i = 0; i < count; i++) {
    const size = r.len32();
    const offset = r.pos;
    r.sized(size, () => {
      const locals = readLocals(r, localsBudget);
      const body = decodeInstrSequence(r, { kind: 'body', onDataIndexUse });
      parts.funcs.push({ typeIndex: parts.funcTypeIndices[i] ?? 0, locals, body, offset });
    });
  }
}

/** Local declarations: runs of (count, type), whose total is checked before any is expanded. */
function readLocals(r: ByteReader, budget: { left: number }): ValType[] {
  const offset = r.pos;
  const runs = readVec(r, () => {
    const count = r.u32();
    return { count, type: readValType(r) };
  });
  let total = 0;
  for (const run of runs) total += run.count;
  if (total >= 2 ** 32) r.error('too many locals', offset);
  if (total > MAX_LOCALS_PER_FUNCTION) {
    r.error(`too many locals: ${total} exceeds the implementation limit of ${MAX_LOCALS_PER_FUNCTION}`, offset);
  }
  if (total > budget.left) {
    r.error(`too many locals: the module declares more than the implementation limit of ${MAX_LOCALS_PER_MODULE} in total`, offset);
  }
  budget.left -= total;
  const locals: ValType[] = [];
  for (const run of runs) for (let i = 0; i < run.count; i++) locals.push(run.type);
  return locals;
}
