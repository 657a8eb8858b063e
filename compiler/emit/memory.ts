/**
 * Loads and stores. Memory is read through a DataView of the current buffer:
 * DataView handles unaligned access and little-endian order, and throws a
 * RangeError out of bounds, which the runtime turns into the "out of bounds
 * memory access" trap (DESIGN.md: 9.8 ms against 18 ms for a typed array with
 * an explicit check). DataView's float32 conversion quiets signalling NaNs, so f32
 * goes through the f32_load/f32_store libcalls, which keep a NaN's bits exactly,
 * except where that cannot matter: a load feeding arithmetic (which quiets the NaN
 * anyway) reads with getFloat32, and a value that is never a signalling NaN (an
 * fround result, a literal) is stored with setFloat32. That halves blur's time.
 * The effective address is `(addr >>> 0) + offset`, a
 * non-negative integer below 2^33, so no access can wrap around.
 */
import type { Instr } from '../model/types.js';
import { opInfo } from '../model/opcodes.js';
import { derived, literalValue, num, type Value } from './value.js';
import type { BodyEmitter } from './body-emitter.js';

/** DataView accessor and whether it takes the little-endian flag, per load/store op. */
const ACCESS = {
  'i32.load': ['getInt32', true],
  'i64.load': ['getInt32', true],
  'f32.load': ['getFloat32', true],
  'f64.load': ['getFloat64', true],
  'i32.load8_s': ['getInt8', false],
  'i32.load8_u': ['getUint8', false],
  'i32.load16_s': ['getInt16', true],
  'i32.load16_u': ['getUint16', true],
  'i64.load8_s': ['getInt8', false],
  'i64.load8_u': ['getUint8', false],
  'i64.load16_s': ['getInt16', true],
  'i64.load16_u': ['getUint16', true],
  'i64.load32_s': ['getInt32', true],
  'i64.load32_u': ['getInt32', true],
  'i32.store': ['setInt32', true],
  'i64.store': ['setInt32', true],
  'f32.store': ['setFloat32', true],
  'f64.store': ['setFloat64', true],
  'i32.store8': ['setInt8', false],
  'i32.store16': ['setInt16', true],
  'i64.store8': ['setInt8', false],
  'i64.store16': ['setInt16', true],
  'i64.store32': ['setInt32', true],
} as const;

export type LoadOp = Extract<keyof typeof ACCESS, `${string}.load${string}`>;
export type StoreOp = Extract<keyof typeof ACCESS, `${string}.store${string}`>;

export function isLoadOp(op: string): op is LoadOp {
  return op in ACCESS && op.includes('.load');
}
export function isStoreOp(op: string): op is StoreOp {
  return op in ACCESS && op.includes('.store');
}

/** The effective-address expression. Constant addresses are folded. */
function address(addr: Value, offset: number, extra = 0): string {
  const c = addr.stable ? literalValue(addr.code) : undefined;
  if (c !== undefined) return String((c >>> 0) + offset + extra);
  const off = offset + extra;
  return off === 0 ? `(${num(addr)} >>> 0)` : `(${num(addr)} >>> 0) + ${off}`;
}

function access(op: keyof typeof ACCESS, view: string, addr: string, value?: string): string {
  const [method, littleEndian] = ACCESS[op];
  const args = [addr, ...(value === undefined ? [] : [value]), ...(littleEndian ? ['true'] : [])];
  return `${view}.${method}(${args.join(', ')})`;
}

export function emitLoad(e: BodyEmitter, instr: Instr & { op: LoadOp }, addr: Value): Value {
  const memarg = instr.memarg!;
  const view = e.memoryView(memarg.memory);
  const type = opInfo(instr.op).sig!.results[0];
  if (instr.op === 'f32.load') {
    // Exact: the libcall keeps a signalling NaN signalling. Arithmetic consumers take the
    // plain read, which may quiet it, as they would themselves (see Value.quieted).
    const at = address(addr, memarg.offset);
    return derived(type, `${e.tentativeLibcall('f32_load')}(${view}, ${at})`, [addr], { impure: true, quieted: access('f32.load', view, at) });
  }
  if (type !== 'i64') return derived(type, access(instr.op, view, address(addr, memarg.offset)), [addr], { impure: true });

  const a = e.atom(addr);
  if (instr.op === 'i64.load') {
    const t = e.newTemp('i64');
    e.flushImpure();
    // Read the high word first: if the access is out of bounds it traps before anything is assigned.
    e.stmt(`${t}$hi = ${access('i32.load', view, address(a, memarg.offset, 4))};`);
    e.stmt(`${t} = ${access('i32.load', view, address(a, memarg.offset))};`);
    return e.tempValue('i64', t);
  }
  const low = e.toTemp('i32', access(instr.op, view, address(a, memarg.offset)), undefined, true);
  const signed = instr.op.endsWith('_s');
  return derived('i64', low.code, [low], { hi: signed ? `(${low.code} >> 31)` : '0' });
}

export function emitStore(e: BodyEmitter, instr: Instr & { op: StoreOp }, addr: Value, value: Value): void {
  const memarg = instr.memarg!;
  const view = e.memoryView(memarg.memory);
  e.flushImpure();
  if (instr.op === 'i64.store') {
    const [a, v] = e.atoms([addr, value]);
    // High word first: it is the one that goes out of bounds first, so a trapping store writes nothing.
    e.stmt(`${access('i32.store', view, address(a, memarg.offset, 4), v.hi)};`);
    e.stmt(`${access('i32.store', view, address(a, memarg.offset), v.code)};`);
    return;
  }
  if (instr.op === 'f32.store' && !value.quietNaN) {
    // The value may be a signalling NaN, which setFloat32 would quiet: the libcall writes its bits.
    e.stmt(`${e.mod.libcall('f32_store')}(${view}, ${address(addr, memarg.offset)}, ${value.code});`);
    return;
  }
  e.stmt(`${access(instr.op, view, address(addr, memarg.offset), num(value))};`);
}
