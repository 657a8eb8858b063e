/** The .wat modules the embedding tests instantiate. */

/** The seed example: `concat` joins two externref strings through a host import. */
export const HOST_STRING = `(module
  (import "host" "concat" (func $concat (param externref externref) (result externref)))
  (func (export "concat") (param $a externref) (param $b externref) (result externref)
    (call $concat (local.get $a) (local.get $b))))`;

/**
 * References held by a table, a global and Wasm locals while the host runs a GC.
 * `make(n)` returns a fresh externref; `collect` runs `store.gc()`.
 */
export const HOLDERS = `(module
  (import "host" "make" (func $make (param i32) (result externref)))
  (import "host" "collect" (func $collect))
  (table $slots (export "slots") 4 externref)
  (global $kept (mut externref) (ref.null extern))
  (func (export "identity") (param $x externref) (result externref) (local.get $x))
  (func (export "store_in_table") (param $i i32) (param $x externref) (table.set $slots (local.get $i) (local.get $x)))
  (func (export "load_from_table") (param $i i32) (result externref) (table.get $slots (local.get $i)))
  (func (export "store_in_global") (param $x externref) (global.set $kept (local.get $x)))
  (func (export "load_from_global") (result externref) (global.get $kept))
  ;; The only reference to make's result is a local while the GC runs.
  (func (export "survive_gc") (param $n i32) (result externref)
    (local $only externref)
    (local.set $only (call $make (local.get $n)))
    (call $collect)
    (local.get $only))
  ;; Reads a table slot, clears it, collects: only the frame holds the reference then.
  (func (export "take_from_table_and_collect") (param $i i32) (result externref)
    (local $x externref)
    (local.set $x (table.get $slots (local.get $i)))
    (table.set $slots (local.get $i) (ref.null extern))
    (call $collect)
    (local.get $x))
  ;; The same through the global.
  (func (export "take_from_global_and_collect") (result externref)
    (local $x externref)
    (local.set $x (global.get $kept))
    (global.set $kept (ref.null extern))
    (call $collect)
    (local.get $x))
  ;; An argument the host no longer roots by the time the GC runs.
  (func (export "collect_then_return") (param $x externref) (result externref)
    (call $collect)
    (local.get $x)))`;

/** Host-to-Wasm entries, nested through host imports, and a trap. */
export const ENTRIES = `(module
  (import "host" "observe" (func $observe))
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (func (export "observe") (param $x externref) (call $observe))
  (func (export "countdown") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $reenter (i32.sub (local.get $n) (i32.const 1)))))))
  ;; Holds an externref argument while the host re-enters Wasm.
  (func (export "hold_and_reenter") (param $x externref) (param $n i32) (result i32)
    (call $reenter (local.get $n)))
  (func (export "trap") (param $x externref) (unreachable)))`;

/** Every number type, several results, and funcrefs, through host imports and back. */
export const VALUES = `(module
  (import "host" "swap" (func $swap (param i64 f32 f64) (result f64 f32 i64)))
  (import "host" "pick" (func $pick (param funcref) (result funcref)))
  (type $to_i32 (func (result i32)))
  (table $callees 1 funcref)
  (func $seven (export "seven") (result i32) (i32.const 7))
  (elem declare func $seven)
  (func (export "swap") (param i64 f32 f64) (result f64 f32 i64)
    (call $swap (local.get 0) (local.get 1) (local.get 2)))
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "seven_ref") (result funcref) (ref.func $seven))
  (func (export "call_picked") (param $f funcref) (result i32)
    (table.set $callees (i32.const 0) (call $pick (local.get $f)))
    (call_indirect $callees (type $to_i32) (i32.const 0)))
  (func (export "f32_bits") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "f32_from_bits") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0))))`;
