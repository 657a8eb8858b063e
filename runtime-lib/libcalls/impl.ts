/**
 * The libcall implementations, one per row of `LIBCALLS` (./table.ts). Typed by the
 * mapped `LibcallImpls`, so a missing or mistyped implementation is a compile error.
 * The implementations live in modules by subject; this file only assembles them.
 */
import type { LibcallImpls } from './table.js';
import * as convert from './convert.js';
import * as float from './float.js';
import * as integer from './integer.js';
import * as memory from './memory-ops.js';
import * as table from './table-ops.js';
import * as externref from './externref-ops.js';

export const libcalls: LibcallImpls = {
  // memories (the slot lookup covers imported and defined memories alike)
  memory32_grow: memory.memory32_grow,
  imported_memory32_grow: memory.memory32_grow,
  memory32_size: memory.memory32_size,
  imported_memory32_size: memory.memory32_size,
  memory_copy: memory.memory_copy,
  memory_fill: memory.memory_fill,
  imported_memory_fill: memory.memory_fill,
  memory_init: memory.memory_init,
  data_drop: memory.data_drop,
  // tables
  table_grow: table.table_grow,
  table_fill: table.table_fill,
  table_copy: table.table_copy,
  table_init: table.table_init,
  elem_drop: table.elem_drop,
  table_get: table.table_get,
  table_set: table.table_set,
  table_size: table.table_size,
  // externref
  externref_global_get: externref.externref_global_get,
  externref_global_set: externref.externref_global_set,
  activations_table_insert_with_gc: externref.activations_table_insert_with_gc,
  drop_externref: externref.drop_externref,
  // floats
  f32_ceil: float.f32_ceil,
  f32_floor: float.f32_floor,
  f32_trunc: float.f32_trunc,
  f32_nearest: float.f32_nearest,
  f64_ceil: float.f64_ceil,
  f64_floor: float.f64_floor,
  f64_trunc: float.f64_trunc,
  f64_nearest: float.f64_nearest,
  f32_copysign: float.f32_copysign,
  f64_copysign: float.f64_copysign,
  f32_min: float.f32_min,
  f32_max: float.f32_max,
  f64_min: float.f64_min,
  f64_max: float.f64_max,
  // i32
  i32_div_s: integer.i32_div_s,
  i32_div_u: integer.i32_div_u,
  i32_rem_s: integer.i32_rem_s,
  i32_rem_u: integer.i32_rem_u,
  i32_ctz: integer.i32_ctz,
  i32_popcnt: integer.i32_popcnt,
  i32_rotl: integer.i32_rotl,
  i32_rotr: integer.i32_rotr,
  // i64 on (lo, hi) pairs
  i64_mul: integer.i64_mul,
  i64_sdiv: integer.i64_sdiv,
  i64_udiv: integer.i64_udiv,
  i64_srem: integer.i64_srem,
  i64_urem: integer.i64_urem,
  i64_ishl: integer.i64_ishl,
  i64_ushr: integer.i64_ushr,
  i64_sshr: integer.i64_sshr,
  i64_rotl: integer.i64_rotl,
  i64_rotr: integer.i64_rotr,
  i64_clz: integer.i64_clz,
  i64_ctz: integer.i64_ctz,
  i64_popcnt: integer.i64_popcnt,
  // conversions
  i32_trunc_f32_s: convert.i32_trunc_f32_s,
  i32_trunc_f32_u: convert.i32_trunc_f32_u,
  i32_trunc_f64_s: convert.i32_trunc_f64_s,
  i32_trunc_f64_u: convert.i32_trunc_f64_u,
  i64_trunc_f32_s: convert.i64_trunc_f32_s,
  i64_trunc_f32_u: convert.i64_trunc_f32_u,
  i64_trunc_f64_s: convert.i64_trunc_f64_s,
  i64_trunc_f64_u: convert.i64_trunc_f64_u,
  i32_trunc_sat_f32_s: convert.i32_trunc_sat_f32_s,
  i32_trunc_sat_f32_u: convert.i32_trunc_sat_f32_u,
  i32_trunc_sat_f64_s: convert.i32_trunc_sat_f64_s,
  i32_trunc_sat_f64_u: convert.i32_trunc_sat_f64_u,
  i64_trunc_sat_f32_s: convert.i64_trunc_sat_f32_s,
  i64_trunc_sat_f32_u: convert.i64_trunc_sat_f32_u,
  i64_trunc_sat_f64_s: convert.i64_trunc_sat_f64_s,
  i64_trunc_sat_f64_u: convert.i64_trunc_sat_f64_u,
  f32_convert_i64_s: convert.f32_convert_i64_s,
  f32_convert_i64_u: convert.f32_convert_i64_u,
  f64_convert_i64_s: convert.f64_convert_i64_s,
  f64_convert_i64_u: convert.f64_convert_i64_u,
  i32_reinterpret_f32: float.i32_reinterpret_f32,
  f32_reinterpret_i32: float.f32_reinterpret_i32,
  i64_reinterpret_f64: float.i64_reinterpret_f64,
  f64_reinterpret_i64: float.f64_reinterpret_i64,
  f32_load: float.f32_load,
  f32_store: float.f32_store,
  // calls
  call_indirect: table.call_indirect,
};
