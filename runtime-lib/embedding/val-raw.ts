/**
 * `ValRaw` (wasmtime's `ValRaw`): one Wasm value as 64 untyped bits, for the unchecked
 * function API (`Func.newUnchecked`, `Func.callUnchecked`). The reader must know the
 * type. Floats travel as their bits (so NaN payloads survive); an externref as its
 * raw u32 (`ExternRef.toRaw` / `fromRaw`), a funcref as its raw u32 (`Func.toRaw` /
 * `fromRaw`); 0 is null for both.
 */
import { f32_reinterpret_i32, f64_reinterpret_i64, i32_reinterpret_f32, i64_reinterpret_f64 } from '../libcalls/float.js';
import type { FuncRef } from '../funcref.js';
import { I64_HI, bigintToI64, i64ToBigInt, type ValType } from '../values.js';
import type { VMExternRef } from './extern-heap.js';
import type { Store } from './store.js';

export class ValRaw {
  private constructor(
    /** The low 32 bits, as an int32. */
    readonly lo: number,
    /** The high 32 bits, as an int32 (0 for 32-bit values and references). */
    readonly hi: number,
  ) {}

  /** From the two 32-bit halves (each read as an int32). */
  static fromHalves(lo: number, hi: number): ValRaw {
    return new ValRaw(lo | 0, hi | 0);
  }

  static i32(value: number): ValRaw {
    return new ValRaw(value | 0, 0);
  }

  static i64(value: bigint): ValRaw {
    const lo = bigintToI64(value);
    return new ValRaw(lo, I64_HI[0]!);
  }

  /** An f32 from its 32 bits. */
  static f32(bits: number): ValRaw {
    return new ValRaw(bits | 0, 0);
  }

  /** An f64 from its 64 bits. */
  static f64(bits: bigint): ValRaw {
    return ValRaw.i64(bits);
  }

  /** An externref from its raw value (`ExternRef.toRaw`, 0 for null). */
  static externref(raw: number): ValRaw {
    return new ValRaw(raw | 0, 0);
  }

  /** A funcref from its raw value (`Func.toRaw`, 0 for null). */
  static funcref(raw: number): ValRaw {
    return new ValRaw(raw | 0, 0);
  }

  getI32(): number {
    return this.lo;
  }

  getU32(): number {
    return this.lo >>> 0;
  }

  getI64(): bigint {
    return i64ToBigInt(this.lo, this.hi);
  }

  getU64(): bigint {
    return BigInt.asUintN(64, this.getI64());
  }

  /** The f32's bits, as a u32. */
  getF32(): number {
    return this.lo >>> 0;
  }

  /** The f64's bits, as a u64. */
  getF64(): bigint {
    return this.getU64();
  }

  getExternref(): number {
    return this.lo >>> 0;
  }

  getFuncref(): number {
    return this.lo >>> 0;
  }
}

/** Internal: a value of `type` in the internal ABI (an i64 as lo, hi) as a `ValRaw`. */
export function rawFromInternal(store: Store<any>, type: ValType, value: unknown, hi: number): ValRaw {
  switch (type) {
    case 'i32': return ValRaw.fromHalves(value as number, 0);
    case 'i64': return ValRaw.fromHalves(value as number, hi);
    case 'f32': return ValRaw.fromHalves(i32_reinterpret_f32(value as number), 0);
    case 'f64': {
      const lo = i64_reinterpret_f64(value as number);
      return ValRaw.fromHalves(lo, I64_HI[0]!);
    }
    case 'externref': return ValRaw.fromHalves(value === null ? 0 : store.entryFromWasm(value).id, 0);
    case 'funcref': return ValRaw.fromHalves(store.funcRefs.toRaw(value as FuncRef | null), 0);
    case 'v128': throw v128Error();
  }
}

/**
 * Internal: appends `raw`, read as `type`, to `out` in the internal ABI. A non-null
 * externref is looked up on the heap and recorded in the activations table, since
 * it is about to enter a Wasm frame.
 */
export function pushInternal(store: Store<any>, type: ValType, raw: ValRaw, out: unknown[]): void {
  switch (type) {
    case 'i32': out.push(raw.lo); break;
    case 'i64': out.push(raw.lo, raw.hi); break;
    case 'f32': out.push(f32_reinterpret_i32(raw.lo)); break;
    case 'f64': out.push(f64_reinterpret_i64(raw.lo, raw.hi)); break;
    case 'externref': out.push(externRefForWasm(store, raw.getExternref())); break;
    case 'funcref': out.push(store.funcRefs.fromRaw(raw.getFuncref())); break;
    case 'v128': throw v128Error();
  }
}

function externRefForWasm(store: Store<any>, raw: number): VMExternRef | null {
  if (raw === 0) return null;
  const entry = store.heap.get(raw);
  if (entry === undefined) throw new RangeError(`${raw} is not the raw value of a live externref in this store (raw values are valid until the next GC)`);
  store.rootForWasm(entry);
  return entry;
}

export function v128Error(): TypeError {
  return new TypeError('v128 values are not supported by the embedding API');
}
