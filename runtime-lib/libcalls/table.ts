/**
 * The libcall table: every runtime function that generated code calls for an
 * operation it does not inline, declared once.
 *
 * - The compiler's call sites come from this table (`compiler/emit/libcall.ts`
 *   checks the name and arity against it).
 * - The runtime implements it under a mapped type (`impl.ts`), so a missing or
 *   mistyped implementation is a type error.
 *
 * Names follow wasmtime's libcalls where wasmtime has one (`wasmtime` below names
 * it); the others exist because of our value representation: i64 travels as two
 * int32 halves (lo, hi) inside generated code, and an i64 result is returned as
 * its low half with the high half left in `I64_HI[0]` (see ../values.ts).
 *
 * Param kinds: `vmctx` is the instance's VMContext; `i32` an int32 number; `u32`
 * an index or length read as unsigned; `f32`/`f64` numbers; `ref` a reference value;
 * `view` a memory's current DataView; `table` a Table object; `sig` a canonical signature string (see ../funcref.ts, `sigId`).
 * Result `i64` means "lo returned, hi in I64_HI[0]".
 */
import type { TrapCode } from '../trap.js';

export type LibcallParam = 'vmctx' | 'view' | 'table' | 'i32' | 'f32' | 'f64' | 'ref' | 'sig';
export type LibcallResult = 'void' | 'i32' | 'i64' | 'f32' | 'f64' | 'ref';

export interface LibcallSpec {
  readonly params: readonly LibcallParam[];
  readonly result: LibcallResult;
  /** Traps it may raise. */
  readonly traps: readonly TrapCode[];
  /** wasmtime's libcall of the same job, if any. */
  readonly wasmtime?: string;
  readonly doc: string;
  /** Why this is a call rather than inline code. */
  readonly why: string;
}

const I64_PAIR_ARGS = ['i32', 'i32', 'i32', 'i32'] as const;
const TOO_BIG = 'several branches on the pair representation; too big to inline at every use';
const EXACT_FLOAT = 'exact IEEE semantics need a few branches; V8 inlines small functions anyway';

export const LIBCALLS = {
  // ---- memories ----
  memory32_grow: { params: ['vmctx', 'i32', 'i32'], result: 'i32', traps: [], wasmtime: 'memory32_grow', doc: '(memoryIndex, deltaPages) -> old size in pages, or -1 when it cannot grow', why: 'allocates and copies the buffer, refreshes views' },
  imported_memory32_grow: { params: ['vmctx', 'i32', 'i32'], result: 'i32', traps: [], wasmtime: 'imported_memory32_grow', doc: 'memory32_grow for an imported memory', why: 'as memory32_grow' },
  memory32_size: { params: ['vmctx', 'i32'], result: 'i32', traps: [], wasmtime: 'memory32_size', doc: '(memoryIndex) -> size in pages', why: 'cold; kept out of line so memory.size never needs the Memory object in scope' },
  imported_memory32_size: { params: ['vmctx', 'i32'], result: 'i32', traps: [], wasmtime: 'imported_memory32_size', doc: 'memory32_size for an imported memory', why: 'as memory32_size' },
  memory_copy: { params: ['vmctx', 'i32', 'i32', 'i32', 'i32', 'i32'], result: 'void', traps: ['OutOfBoundsMemory'], wasmtime: 'memory_copy', doc: '(dstMemory, dst, srcMemory, src, len): bounds-checked before any byte moves', why: 'a loop with overlap handling' },
  memory_fill: { params: ['vmctx', 'i32', 'i32', 'i32', 'i32'], result: 'void', traps: ['OutOfBoundsMemory'], wasmtime: 'memory_fill', doc: '(memoryIndex, dst, byteValue, len)', why: 'a loop' },
  imported_memory_fill: { params: ['vmctx', 'i32', 'i32', 'i32', 'i32'], result: 'void', traps: ['OutOfBoundsMemory'], wasmtime: 'imported_memory_fill', doc: 'memory_fill for an imported memory', why: 'a loop' },
  memory_init: { params: ['vmctx', 'i32', 'i32', 'i32', 'i32', 'i32'], result: 'void', traps: ['OutOfBoundsMemory'], wasmtime: 'memory_init', doc: '(memoryIndex, dataIndex, dst, src, len) from a passive (or dropped, length 0) data segment', why: 'a copy loop' },
  data_drop: { params: ['vmctx', 'i32'], result: 'void', traps: [], wasmtime: 'data_drop', doc: '(dataIndex): the segment becomes empty', why: 'touches the VMContext segment slots' },
  // ---- tables ----
  table_grow: { params: ['vmctx', 'i32', 'ref', 'i32'], result: 'i32', traps: [], wasmtime: 'table_grow_func_ref', doc: '(tableIndex, initValue, delta) -> old length, or -1', why: 'allocates' },
  table_fill: { params: ['vmctx', 'i32', 'i32', 'ref', 'i32'], result: 'void', traps: ['OutOfBoundsTable'], wasmtime: 'table_fill_func_ref', doc: '(tableIndex, dst, value, len)', why: 'a loop' },
  table_copy: { params: ['vmctx', 'i32', 'i32', 'i32', 'i32', 'i32'], result: 'void', traps: ['OutOfBoundsTable'], wasmtime: 'table_copy', doc: '(dstTable, srcTable, dst, src, len)', why: 'a loop with overlap handling' },
  table_init: { params: ['vmctx', 'i32', 'i32', 'i32', 'i32', 'i32'], result: 'void', traps: ['OutOfBoundsTable'], wasmtime: 'table_init', doc: '(tableIndex, elemIndex, dst, src, len)', why: 'a loop' },
  elem_drop: { params: ['vmctx', 'i32'], result: 'void', traps: [], wasmtime: 'elem_drop', doc: '(elemIndex): the segment becomes empty', why: 'touches the VMContext segment slots' },
  table_get: { params: ['vmctx', 'i32', 'i32'], result: 'ref', traps: ['OutOfBoundsTable'], doc: '(tableIndex, index) -> element; a non-null externref is rooted in the store\'s activations table when there is a store', why: 'bounds check; keeps Table internals out of generated code' },
  table_set: { params: ['vmctx', 'i32', 'i32', 'ref'], result: 'void', traps: ['OutOfBoundsTable'], doc: '(tableIndex, index, value)', why: 'bounds check' },
  table_size: { params: ['vmctx', 'i32'], result: 'i32', traps: [], doc: '(tableIndex) -> length', why: 'cold' },
  // ---- externref ----
  externref_global_get: { params: ['vmctx', 'i32'], result: 'ref', traps: [], wasmtime: 'externref_global_get', doc: '(globalIndex) -> value, rooted in the store\'s activations table when there is a store', why: 'the store must see every reference a Wasm frame may hold' },
  externref_global_set: { params: ['vmctx', 'i32', 'ref'], result: 'void', traps: [], wasmtime: 'externref_global_set', doc: '(globalIndex, value)', why: 'kept with its getter; globals of externref type are cells reached through the VMContext' },
  activations_table_insert_with_gc: { params: ['vmctx', 'ref'], result: 'void', traps: [], wasmtime: 'activations_table_insert_with_gc', doc: '(ref): roots a reference for the live activations; collects first when the table is full', why: 'the slow path allocates and may run a GC' },
  drop_externref: { params: ['vmctx', 'ref'], result: 'void', traps: [], wasmtime: 'drop_externref', doc: '(ref): the activation is done with a reference: one activations-table occurrence of it is removed, so a later GC may free it if nothing else holds it; a no-op without a store, for null, or for a ref the table does not hold', why: 'touches the store\'s activations table' },
  // ---- floats (wasmtime: ceil/floor/trunc/nearest) ----
  f32_ceil: { params: ['f32'], result: 'f32', traps: [], wasmtime: 'ceil_f32', doc: 'IEEE ceil', why: EXACT_FLOAT },
  f32_floor: { params: ['f32'], result: 'f32', traps: [], wasmtime: 'floor_f32', doc: 'IEEE floor', why: EXACT_FLOAT },
  f32_trunc: { params: ['f32'], result: 'f32', traps: [], wasmtime: 'trunc_f32', doc: 'IEEE trunc', why: EXACT_FLOAT },
  f32_nearest: { params: ['f32'], result: 'f32', traps: [], wasmtime: 'nearest_f32', doc: 'round half to even', why: EXACT_FLOAT },
  f64_ceil: { params: ['f64'], result: 'f64', traps: [], wasmtime: 'ceil_f64', doc: 'IEEE ceil', why: EXACT_FLOAT },
  f64_floor: { params: ['f64'], result: 'f64', traps: [], wasmtime: 'floor_f64', doc: 'IEEE floor', why: EXACT_FLOAT },
  f64_trunc: { params: ['f64'], result: 'f64', traps: [], wasmtime: 'trunc_f64', doc: 'IEEE trunc', why: EXACT_FLOAT },
  f64_nearest: { params: ['f64'], result: 'f64', traps: [], wasmtime: 'nearest_f64', doc: 'round half to even', why: EXACT_FLOAT },
  f32_copysign: { params: ['f32', 'f32'], result: 'f32', traps: [], doc: 'copysign on the bits (NaN signs too)', why: 'bit manipulation through a scratch buffer' },
  f64_copysign: { params: ['f64', 'f64'], result: 'f64', traps: [], doc: 'copysign on the bits (NaN signs too)', why: 'bit manipulation through a scratch buffer' },
  f32_min: { params: ['f32', 'f32'], result: 'f32', traps: [], doc: 'IEEE minimum: NaN if either is NaN, -0 < +0', why: EXACT_FLOAT },
  f32_max: { params: ['f32', 'f32'], result: 'f32', traps: [], doc: 'IEEE maximum', why: EXACT_FLOAT },
  f64_min: { params: ['f64', 'f64'], result: 'f64', traps: [], doc: 'IEEE minimum', why: EXACT_FLOAT },
  f64_max: { params: ['f64', 'f64'], result: 'f64', traps: [], doc: 'IEEE maximum', why: EXACT_FLOAT },
  // ---- i32 ----
  i32_div_s: { params: ['i32', 'i32'], result: 'i32', traps: ['IntegerDivideByZero', 'IntegerOverflow'], doc: 'signed division', why: 'two trap checks; V8 inlines it' },
  i32_div_u: { params: ['i32', 'i32'], result: 'i32', traps: ['IntegerDivideByZero'], doc: 'unsigned division', why: 'trap check; V8 inlines it' },
  i32_rem_s: { params: ['i32', 'i32'], result: 'i32', traps: ['IntegerDivideByZero'], doc: 'signed remainder', why: 'trap check; V8 inlines it' },
  i32_rem_u: { params: ['i32', 'i32'], result: 'i32', traps: ['IntegerDivideByZero'], doc: 'unsigned remainder', why: 'trap check; V8 inlines it' },
  i32_ctz: { params: ['i32'], result: 'i32', traps: [], doc: 'count trailing zeros', why: 'no JS primitive' },
  i32_popcnt: { params: ['i32'], result: 'i32', traps: [], doc: 'population count', why: 'no JS primitive' },
  i32_rotl: { params: ['i32', 'i32'], result: 'i32', traps: [], doc: 'rotate left', why: 'uses each operand twice' },
  i32_rotr: { params: ['i32', 'i32'], result: 'i32', traps: [], doc: 'rotate right', why: 'uses each operand twice' },
  // ---- i64 on (lo, hi) pairs ----
  i64_mul: { params: I64_PAIR_ARGS, result: 'i64', traps: [], doc: '64-bit multiply (low 64 bits). The compiler inlines the same algorithm (compiler/emit/i64.ts: faster than returning through I64_HI); this is the reference implementation and the fallback for other users', why: TOO_BIG },
  i64_sdiv: { params: I64_PAIR_ARGS, result: 'i64', traps: ['IntegerDivideByZero', 'IntegerOverflow'], wasmtime: 'i64_sdiv', doc: 'signed division', why: TOO_BIG },
  i64_udiv: { params: I64_PAIR_ARGS, result: 'i64', traps: ['IntegerDivideByZero'], wasmtime: 'i64_udiv', doc: 'unsigned division', why: TOO_BIG },
  i64_srem: { params: I64_PAIR_ARGS, result: 'i64', traps: ['IntegerDivideByZero'], wasmtime: 'i64_srem', doc: 'signed remainder', why: TOO_BIG },
  i64_urem: { params: I64_PAIR_ARGS, result: 'i64', traps: ['IntegerDivideByZero'], wasmtime: 'i64_urem', doc: 'unsigned remainder', why: TOO_BIG },
  i64_ishl: { params: I64_PAIR_ARGS, result: 'i64', traps: [], wasmtime: 'i64_ishl', doc: 'shift left by a variable count (constant counts are inlined)', why: TOO_BIG },
  i64_ushr: { params: I64_PAIR_ARGS, result: 'i64', traps: [], wasmtime: 'i64_ushr', doc: 'logical shift right by a variable count', why: TOO_BIG },
  i64_sshr: { params: I64_PAIR_ARGS, result: 'i64', traps: [], wasmtime: 'i64_sshr', doc: 'arithmetic shift right by a variable count', why: TOO_BIG },
  i64_rotl: { params: I64_PAIR_ARGS, result: 'i64', traps: [], doc: 'rotate left', why: TOO_BIG },
  i64_rotr: { params: I64_PAIR_ARGS, result: 'i64', traps: [], doc: 'rotate right', why: TOO_BIG },
  i64_clz: { params: ['i32', 'i32'], result: 'i32', traps: [], doc: 'count leading zeros (result fits in the low half)', why: 'branches on the halves' },
  i64_ctz: { params: ['i32', 'i32'], result: 'i32', traps: [], doc: 'count trailing zeros', why: 'branches on the halves' },
  i64_popcnt: { params: ['i32', 'i32'], result: 'i32', traps: [], doc: 'population count', why: 'no JS primitive' },
  // ---- conversions ----
  i32_trunc_f32_s: { params: ['f32'], result: 'i32', traps: ['IntegerOverflow', 'InvalidConversionToInteger'], doc: 'trapping truncation', why: 'range and NaN checks' },
  i32_trunc_f32_u: { params: ['f32'], result: 'i32', traps: ['IntegerOverflow', 'InvalidConversionToInteger'], doc: 'trapping truncation', why: 'range and NaN checks' },
  i32_trunc_f64_s: { params: ['f64'], result: 'i32', traps: ['IntegerOverflow', 'InvalidConversionToInteger'], doc: 'trapping truncation', why: 'range and NaN checks' },
  i32_trunc_f64_u: { params: ['f64'], result: 'i32', traps: ['IntegerOverflow', 'InvalidConversionToInteger'], doc: 'trapping truncation', why: 'range and NaN checks' },
  i64_trunc_f32_s: { params: ['f32'], result: 'i64', traps: ['IntegerOverflow', 'InvalidConversionToInteger'], doc: 'trapping truncation', why: 'range and NaN checks, pair result' },
  i64_trunc_f32_u: { params: ['f32'], result: 'i64', traps: ['IntegerOverflow', 'InvalidConversionToInteger'], doc: 'trapping truncation', why: 'range and NaN checks, pair result' },
  i64_trunc_f64_s: { params: ['f64'], result: 'i64', traps: ['IntegerOverflow', 'InvalidConversionToInteger'], doc: 'trapping truncation', why: 'range and NaN checks, pair result' },
  i64_trunc_f64_u: { params: ['f64'], result: 'i64', traps: ['IntegerOverflow', 'InvalidConversionToInteger'], doc: 'trapping truncation', why: 'range and NaN checks, pair result' },
  i32_trunc_sat_f32_s: { params: ['f32'], result: 'i32', traps: [], doc: 'saturating truncation', why: 'range checks' },
  i32_trunc_sat_f32_u: { params: ['f32'], result: 'i32', traps: [], doc: 'saturating truncation', why: 'range checks' },
  i32_trunc_sat_f64_s: { params: ['f64'], result: 'i32', traps: [], doc: 'saturating truncation', why: 'range checks' },
  i32_trunc_sat_f64_u: { params: ['f64'], result: 'i32', traps: [], doc: 'saturating truncation', why: 'range checks' },
  i64_trunc_sat_f32_s: { params: ['f32'], result: 'i64', traps: [], doc: 'saturating truncation', why: 'range checks, pair result' },
  i64_trunc_sat_f32_u: { params: ['f32'], result: 'i64', traps: [], doc: 'saturating truncation', why: 'range checks, pair result' },
  i64_trunc_sat_f64_s: { params: ['f64'], result: 'i64', traps: [], doc: 'saturating truncation', why: 'range checks, pair result' },
  i64_trunc_sat_f64_u: { params: ['f64'], result: 'i64', traps: [], doc: 'saturating truncation', why: 'range checks, pair result' },
  f32_convert_i64_s: { params: ['i32', 'i32'], result: 'f32', traps: [], doc: 'correctly rounded (no double rounding through f64)', why: 'rounding needs care' },
  f32_convert_i64_u: { params: ['i32', 'i32'], result: 'f32', traps: [], doc: 'correctly rounded', why: 'rounding needs care' },
  f64_convert_i64_s: { params: ['i32', 'i32'], result: 'f64', traps: [], doc: 'correctly rounded', why: 'one rounding of hi*2^32+lo' },
  f64_convert_i64_u: { params: ['i32', 'i32'], result: 'f64', traps: [], doc: 'correctly rounded', why: 'one rounding' },
  i32_reinterpret_f32: { params: ['f32'], result: 'i32', traps: [], doc: 'float bits', why: 'scratch buffer' },
  f32_reinterpret_i32: { params: ['i32'], result: 'f32', traps: [], doc: 'float from bits', why: 'scratch buffer' },
  i64_reinterpret_f64: { params: ['f64'], result: 'i64', traps: [], doc: 'double bits', why: 'scratch buffer' },
  f64_reinterpret_i64: { params: ['i32', 'i32'], result: 'f64', traps: [], doc: 'double from bits', why: 'scratch buffer' },
  f32_load: { params: ['view', 'i32'], result: 'f32', traps: ['OutOfBoundsMemory'], doc: '(view, effectiveAddress): f32.load keeping a NaN\'s bits (a signalling NaN stays signalling)', why: 'DataView.getFloat32 quiets signalling NaNs; the NaN path re-reads the bits. Small: V8 inlines it' },
  f32_store: { params: ['view', 'i32', 'f32'], result: 'void', traps: ['OutOfBoundsMemory'], doc: '(view, effectiveAddress, value): f32.store keeping a NaN\'s bits', why: 'DataView.setFloat32 quiets signalling NaNs; the NaN path writes the bits' },
  // ---- calls ----
  call_indirect: { params: ['table', 'i32', 'sig'], result: 'ref', traps: ['UndefinedElement', 'UninitializedElement', 'IndirectCallTypeMismatch'], doc: '(table, elementIndex, expectedSignature) -> the callee in the internal ABI. Takes the Table itself, not (vmctx, tableIndex): the compiler knows the table, and the slot lookup cost dispatch.wasm 30-40% of its time', why: 'three checks; V8 inlines it' },
} as const satisfies Record<string, LibcallSpec>;

export type LibcallName = keyof typeof LIBCALLS;

type ParamTs<P extends LibcallParam> = P extends 'vmctx' ? import('../vmcontext.js').VMContext : P extends 'view' ? DataView : P extends 'table' ? import('../table.js').Table : P extends 'ref' ? unknown : P extends 'sig' ? string : number;
type ResultTs<R extends LibcallResult> = R extends 'void' ? void : R extends 'ref' ? any : number;
// `-readonly`: the table's rows are readonly tuples, but a rest parameter needs a mutable one.
type ParamsTs<Ps extends readonly LibcallParam[]> = { -readonly [K in keyof Ps]: Ps[K] extends LibcallParam ? ParamTs<Ps[K]> : never };

/** The implementation type: one function per table row, with the row's signature. */
export type LibcallImpls = {
  [N in LibcallName]: (...args: ParamsTs<(typeof LIBCALLS)[N]['params']>) => ResultTs<(typeof LIBCALLS)[N]['result']>;
};
