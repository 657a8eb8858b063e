/**
 * `Linker<T>` (wasmtime's `Linker`): definitions by module and name, resolved against
 * a module's imports at `instantiate`. Host functions defined with `funcWrap` belong
 * to no store until an instantiation binds them to its store; `define` and
 * `instance` add items that already belong to one.
 */
import { LinkError } from '../errors.js';
import type { ImportInfo } from '../module-info.js';
import { sigId, type ValType } from '../values.js';
import type { Caller } from './caller.js';
import { StoreMismatchError } from './errors.js';
import { Func, type FuncType } from './func.js';
import { wrapHostFunc, type HostFunc } from './func-wrap.js';
import type { FromWasmList, ResultOf, ToWasmList } from './host-values.js';
import { Instance, type CompiledModule, type Extern } from './instance.js';
import type { AsContext, Store } from './store.js';
import { enterWasm } from './wasm-entry.js';

type Definition<T> =
  | { readonly kind: 'hostFunc'; readonly fn: HostFunc<T>; readonly type: FuncType | undefined }
  | { readonly kind: 'extern'; readonly store: Store<T>; readonly item: Extern };

export class Linker<T = unknown> {
  private readonly definitions = new Map<string, Definition<T>>();

  /**
   * Defines a host function. Its Wasm type is the importing module's declaration,
   * unless `type` is given: then a module that imports it with another type fails to
   * link, and TypeScript types `fn`'s arguments and result from `type`. Externref
   * arguments arrive as `Rooted` handles that live for the call.
   */
  funcWrap<const P extends readonly ValType[], const R extends readonly ValType[]>(
    module: string,
    name: string,
    fn: (caller: Caller<T>, ...args: FromWasmList<P>) => ResultOf<R, ToWasmList<R>>,
    type: FuncType<P, R>,
  ): this;
  funcWrap(module: string, name: string, fn: (caller: Caller<T>, ...args: any[]) => unknown): this;
  funcWrap(module: string, name: string, fn: HostFunc<T>, type?: FuncType): this {
    return this.add(module, name, { kind: 'hostFunc', fn, type });
  }

  /** Defines a function, memory, table or global of `store`. */
  define(context: AsContext<T>, module: string, name: string, item: Extern): this {
    if (item instanceof Func) item.checkStore(context.store);
    return this.add(module, name, { kind: 'extern', store: context.store, item });
  }

  /** Defines every export of `instance` under the module name `module`. */
  instance(context: AsContext<T>, module: string, instance: Instance): this {
    for (const { name } of instance.moduleInfo.exports) {
      const item = instance.getExport(context, name);
      if (item !== null) this.define(context, module, name, item);
    }
    return this;
  }

  /**
   * Instantiates `module` in the store: resolves each import to a definition (a
   * `LinkError` names the first one missing or mismatched), then runs the module's
   * `instantiate` as a host-to-Wasm entry, since its start function may run Wasm.
   */
  instantiate(context: AsContext<T>, module: CompiledModule): Instance {
    const store = context.store;
    const imports: Record<string, Record<string, unknown>> = Object.create(null);
    for (const declared of module.moduleInfo.imports) {
      imports[declared.module] ??= Object.create(null) as Record<string, unknown>;
      imports[declared.module]![declared.name] = this.resolve(store, declared);
    }
    const first = store.instances.length;
    const { exports } = enterWasm(store, () => module.instantiate(imports, { store }));
    // The generated `instantiate` creates its VMContext first, so the first one registered since is its own.
    return new Instance(store, store.instances[first]!, exports, module.moduleInfo);
  }

  private add(module: string, name: string, definition: Definition<T>): this {
    const key = definitionKey(module, name);
    if (this.definitions.has(key)) throw new LinkError(`import "${module}" "${name}" is already defined`);
    this.definitions.set(key, definition);
    return this;
  }

  /** The value the generated module's import linking receives for `declared`. */
  private resolve(store: Store<T>, declared: ImportInfo): unknown {
    const where = `import "${declared.module}" "${declared.name}"`;
    const definition = this.definitions.get(definitionKey(declared.module, declared.name));
    if (definition === undefined) throw new LinkError(`unknown ${where}: it has not been defined`);
    if (definition.kind === 'extern') {
      if (definition.store !== store) throw new StoreMismatchError(`the definition of ${where}`);
      // The generated linking code checks kinds and types; a wasm2ts function passes its FuncRef through.
      return definition.item instanceof Func ? definition.item.ref.toJS() : definition.item;
    }
    if (declared.kind !== 'func') throw new LinkError(`${where}: expected a ${declared.kind}, got a host function`);
    const type = { params: declared.params, results: declared.results };
    if (definition.type !== undefined) {
      const defined = sigId(definition.type.params, definition.type.results);
      const wanted = sigId(type.params, type.results);
      if (defined !== wanted) throw new LinkError(`${where}: incompatible import type: expected a function (${wanted}), got (${defined})`);
    }
    return wrapHostFunc(store, type, definition.fn, declared.name).toJS();
  }
}

function definitionKey(module: string, name: string): string {
  return JSON.stringify([module, name]);
}
