/**
 * Raw handles for function references. wasmtime's raw funcref is a pointer to a
 * `VMFuncRef`; ours is a u32 index into this per-store list (0 is null), so a
 * funcref can travel in a `ValRaw` like an externref does. Functions are never
 * freed, so a handle stays valid for the store's lifetime.
 */
import type { FuncRef } from '../funcref.js';

export class FuncRefRegistry {
  private readonly byId: FuncRef[] = [];
  private readonly ids = new Map<FuncRef, number>();

  /** The handle of `ref` (registering it on first use); 0 for null. */
  toRaw(ref: FuncRef | null): number {
    if (ref === null) return 0;
    let id = this.ids.get(ref);
    if (id === undefined) {
      id = this.byId.push(ref);
      this.ids.set(ref, id);
    }
    return id;
  }

  /** The function reference with this handle; null for 0. Throws for a handle it never gave out. */
  fromRaw(raw: number): FuncRef | null {
    if (raw === 0) return null;
    const ref = Number.isInteger(raw) && raw > 0 ? this.byId[raw - 1] : undefined;
    if (ref === undefined) throw new RangeError(`${raw} is not a raw funcref of this store`);
    return ref;
  }
}
