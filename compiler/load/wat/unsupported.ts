/**
 * Keywords of WebAssembly proposals wasm2ts does not support. Text that uses them is
 * valid (or at least not known to be malformed), so it is reported as unsupported, not as
 * malformed; the feature names match the binary decoder's.
 *
 * SIMD and atomic instruction names follow regular shapes, matched as such rather than
 * listed one by one: `f32x4.add`, `i64.atomic.rmw8.add_u`. A name outside the shape, such
 * as the obsolete `f32x4.convert_s/i32x4`, is still an unknown operator.
 */

const SIMD_INSTRUCTION = /^(?:v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.[a-z0-9_]+$/;
const ATOMIC_INSTRUCTION = /^(?:i32|i64)\.atomic\.[a-z0-9_.]+$|^memory\.atomic\.(?:notify|wait32|wait64)$|^atomic\.fence$/;
const GC_INSTRUCTION = /^(?:struct|array)\.[a-z0-9_.]+$/;

const UNSUPPORTED_INSTRUCTIONS: ReadonlyMap<string, string> = new Map([
  ['return_call', 'tail calls (return_call)'],
  ['return_call_indirect', 'tail calls (return_call_indirect)'],
  ['return_call_ref', 'typed function references (return_call_ref)'],
  ['call_ref', 'typed function references (call_ref)'],
  ['ref.as_non_null', 'typed function references (ref.as_non_null)'],
  ['br_on_null', 'typed function references (br_on_null)'],
  ['br_on_non_null', 'typed function references (br_on_non_null)'],
  ['try', 'exception handling (try)'],
  ['catch', 'exception handling (catch)'],
  ['catch_all', 'exception handling (catch_all)'],
  ['delegate', 'exception handling (delegate)'],
  ['throw', 'exception handling (throw)'],
  ['rethrow', 'exception handling (rethrow)'],
  ['throw_ref', 'exception handling (throw_ref)'],
  ['try_table', 'exception handling (try_table)'],
  ['ref.eq', 'GC (ref.eq)'],
  ['ref.i31', 'GC (ref.i31)'],
  ['i31.get_s', 'GC (i31.get_s)'],
  ['i31.get_u', 'GC (i31.get_u)'],
  ['ref.test', 'GC (ref.test)'],
  ['ref.cast', 'GC (ref.cast)'],
  ['br_on_cast', 'GC (br_on_cast)'],
  ['br_on_cast_fail', 'GC (br_on_cast_fail)'],
  ['any.convert_extern', 'GC (any.convert_extern)'],
  ['extern.convert_any', 'GC (extern.convert_any)'],
  ['memory.discard', 'memory control (memory.discard)'],
  ['i64.add128', 'wide arithmetic (i64.add128)'],
  ['i64.sub128', 'wide arithmetic (i64.sub128)'],
  ['i64.mul_wide_s', 'wide arithmetic (i64.mul_wide_s)'],
  ['i64.mul_wide_u', 'wide arithmetic (i64.mul_wide_u)'],
  ['cont.new', 'stack switching'],
  ['cont.bind', 'stack switching'],
  ['suspend', 'stack switching'],
  ['resume', 'stack switching'],
  ['resume_throw', 'stack switching'],
  ['switch', 'stack switching'],
]);

/** The feature an instruction name belongs to, if it is one of an unsupported proposal. */
export function unsupportedInstruction(name: string): string | undefined {
  if (SIMD_INSTRUCTION.test(name)) return 'SIMD';
  if (ATOMIC_INSTRUCTION.test(name)) return 'threads (atomic instructions)';
  if (GC_INSTRUCTION.test(name)) return 'GC';
  return UNSUPPORTED_INSTRUCTIONS.get(name);
}

const UNSUPPORTED_VALUE_TYPES: ReadonlyMap<string, string> = new Map([
  ['anyref', 'GC (anyref)'],
  ['eqref', 'GC (eqref)'],
  ['i31ref', 'GC (i31ref)'],
  ['structref', 'GC (structref)'],
  ['arrayref', 'GC (arrayref)'],
  ['nullref', 'GC (nullref)'],
  ['nullfuncref', 'GC (nullfuncref)'],
  ['nullexternref', 'GC (nullexternref)'],
  ['exnref', 'exception handling (exnref)'],
  ['nullexnref', 'exception handling (nullexnref)'],
]);

/** The feature a value type keyword belongs to, if it is one of an unsupported proposal. */
export function unsupportedValueType(keyword: string): string | undefined {
  return UNSUPPORTED_VALUE_TYPES.get(keyword);
}

const UNSUPPORTED_HEAP_TYPES: ReadonlyMap<string, string> = new Map([
  ['any', 'GC (anyref)'],
  ['eq', 'GC (eqref)'],
  ['i31', 'GC (i31ref)'],
  ['struct', 'GC (structref)'],
  ['array', 'GC (arrayref)'],
  ['none', 'GC (nullref)'],
  ['nofunc', 'GC (nullfuncref)'],
  ['noextern', 'GC (nullexternref)'],
  ['exn', 'exception handling (exnref)'],
  ['noexn', 'exception handling (nullexnref)'],
]);

/** The feature an abstract heap type keyword belongs to, if it is one of an unsupported proposal. */
export function unsupportedHeapType(keyword: string): string | undefined {
  return UNSUPPORTED_HEAP_TYPES.get(keyword);
}

const UNSUPPORTED_FIELDS: ReadonlyMap<string, string> = new Map([
  ['tag', 'exception handling (tag section)'],
  ['rec', 'GC (struct, array, sub and rec types)'],
]);

/** The feature a module field keyword belongs to, if it is one of an unsupported proposal. */
export function unsupportedField(keyword: string): string | undefined {
  return UNSUPPORTED_FIELDS.get(keyword);
}
