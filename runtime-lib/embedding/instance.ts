/**
 * `Instance` (wasmtime's `Instance`): an instance created by `Linker.instantiate`,
 * owned by one store. Its exports are reached through the store-aware getters;
 * functions come back as `Func` or, type-checked, as `TypedFunc`.
 */
import { funcRefOf } from '../funcref.js';
import { Global } from '../global.js';
import { Memory } from '../memory.js';
import type { ModuleInfo } from '../module-info.js';
import { Table } from '../table.js';
import type { ValType } from '../values.js';
import type { InstantiateOptions, VMContext } from '../vmcontext.js';
import { StoreMismatchError } from './errors.js';
import { Func } from './func.js';
import type { AsContext, Store } from './store.js';
import { TypedFunc } from './typed-func.js';

/** What a generated module (`import * as m from './m.js'`) offers the Linker. */
export interface CompiledModule {
  instantiate(imports: any, options?: InstantiateOptions): { readonly exports: object };
  readonly moduleInfo: ModuleInfo;
}

/** An export as the embedding API hands it out. */
export type Extern = Func | Memory | Table | Global;

export class Instance {
  /** Internal: made by `Linker.instantiate`. */
  constructor(
    /** Internal: the owning store. */
    readonly store: Store<any>,
    /** Internal: the instance's VMContext (for the GC, tests and debugging). */
    readonly vmctx: VMContext,
    private readonly exportsObject: object,
    /** The module's imports and exports with their types. */
    readonly moduleInfo: ModuleInfo,
  ) {}

  /** The export called `name`, or null if there is none. */
  getExport(context: AsContext, name: string): Extern | null {
    this.checkStore(context.store);
    if (!Object.hasOwn(this.exportsObject, name)) return null;
    const value = (this.exportsObject as Record<string, unknown>)[name];
    const ref = funcRefOf(value);
    if (ref !== undefined) return new Func(this.store, ref);
    if (value instanceof Memory || value instanceof Table || value instanceof Global) return value;
    return null;
  }

  /** The exported function called `name`, or null. */
  getFunc(context: AsContext, name: string): Func | null {
    const item = this.getExport(context, name);
    return item instanceof Func ? item : null;
  }

  /** The exported memory called `name`, or null. */
  getMemory(context: AsContext, name: string): Memory | null {
    const item = this.getExport(context, name);
    return item instanceof Memory ? item : null;
  }

  /**
   * The exported function called `name`, checked to have type (params) -> (results),
   * which also fixes the TypeScript types of `call`. Throws if there is no such
   * function or its type differs.
   */
  getTypedFunc<const P extends readonly ValType[], const R extends readonly ValType[]>(context: AsContext, name: string, params: P, results: R): TypedFunc<P, R> {
    const func = this.getFunc(context, name);
    if (func === null) throw new TypeError(`failed to find function export "${name}"`);
    return new TypedFunc(func, params, results);
  }

  private checkStore(store: Store<any>): void {
    if (store !== this.store) throw new StoreMismatchError('this Instance');
  }
}
