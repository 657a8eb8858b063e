/**
 * Import linking: reads each import from the imports object and checks it against
 * the module's declaration, as `WebAssembly.Instance` does. A wrong kind or type is
 * a `LinkError` naming the module and field; a missing or non-object module is a
 * TypeError (the JS API's choice).
 */
import { LinkError } from './errors.js';
import { hostFuncRef, type FuncRef } from './funcref.js';
import { Global } from './global.js';
import { Memory } from './memory.js';
import { Table, type TableElementType } from './table.js';
import { sigId, type ValType } from './values.js';

/** The object `imports[module]`; a TypeError if either is not an object. */
export function importModuleObject(imports: unknown, module: string): object {
  if (!isObject(imports)) throw new TypeError(`imports must be an object, got ${describe(imports)}`);
  const moduleObject = (imports as Record<string, unknown>)[module];
  if (!isObject(moduleObject)) throw new TypeError(`import module "${module}" must be an object, got ${describe(moduleObject)}`);
  return moduleObject;
}

/** A function import in the internal ABI. A wasm2ts exported function must have exactly the declared signature. */
export function linkFunc(imports: unknown, module: string, name: string, params: readonly ValType[], results: readonly ValType[]): FuncRef {
  const value = importValue(imports, module, name);
  if (typeof value !== 'function') throw linkError(module, name, `expected a function, got ${describe(value)}`);
  const ref = hostFuncRef(value, params, results);
  const expected = sigId(params, results);
  if (ref.sig !== expected) throw linkError(module, name, `incompatible import type: expected a function (${expected}), got (${ref.sig})`);
  return ref;
}

/**
 * A memory import: a runtime Memory with at least `min` pages and, if `max` is declared, a
 * maximum within it, shared exactly when the import is (the JS API's link rule).
 */
export function linkMemory(imports: unknown, module: string, name: string, min: number, max: number | undefined, shared = false): Memory {
  const value = importValue(imports, module, name);
  if (!(value instanceof Memory)) throw linkError(module, name, `expected a Memory, got ${describe(value)}`);
  if (value.shared !== shared) throw linkError(module, name, `incompatible import type: the module needs a ${shared ? 'shared' : 'non-shared'} memory, got a ${value.shared ? 'shared' : 'non-shared'} one`);
  checkLimits(module, name, 'memory', 'pages', value.pages, value.maximum, min, max);
  return value;
}

/** A table import: a runtime Table of the same element type, with limits as for memories. */
export function linkTable(imports: unknown, module: string, name: string, element: TableElementType, min: number, max: number | undefined): Table {
  const value = importValue(imports, module, name);
  if (!(value instanceof Table)) throw linkError(module, name, `expected a Table, got ${describe(value)}`);
  if (value.elementType !== element) throw linkError(module, name, `incompatible import type: expected a table of ${element}, got a table of ${value.elementType}`);
  checkLimits(module, name, 'table', 'elements', value.length, value.maximum, min, max);
  return value;
}

/**
 * A global import. A Global must match type and mutability exactly. A plain value
 * (a number, a bigint for i64, any value for reference types) is accepted only for
 * an immutable global, and wrapped in a new Global.
 */
export function linkGlobal(imports: unknown, module: string, name: string, type: ValType, mutable: boolean): Global {
  const value = importValue(imports, module, name);
  const expected = `${mutable ? 'a mutable' : 'an immutable'} global of ${type}`;
  if (value instanceof Global) {
    if (value.type !== type || value.mutable !== mutable) {
      throw linkError(module, name, `incompatible import type: expected ${expected}, got ${value.mutable ? 'a mutable' : 'an immutable'} global of ${value.type}`);
    }
    return value;
  }
  if (type === 'v128') throw linkError(module, name, `expected a Global of v128, got ${describe(value)}`);
  if (type === 'i64' ? typeof value !== 'bigint' : (type === 'i32' || type === 'f32' || type === 'f64') && typeof value !== 'number') {
    throw linkError(module, name, `expected ${type === 'i64' ? 'a bigint' : 'a number'} or a Global, got ${describe(value)}`);
  }
  // The JS API converts before it checks mutability (so a bad funcref is a TypeError first).
  const global = new Global({ value: type, mutable: false }, value);
  if (mutable) throw linkError(module, name, `incompatible import type: expected ${expected}, which must be a Global, got ${describe(value)}`);
  return global;
}

function importValue(imports: unknown, module: string, name: string): unknown {
  return (importModuleObject(imports, module) as Record<string, unknown>)[name];
}

/** Import subtyping on limits: the actual size covers `min`; a declared `max` needs an actual maximum within it. */
function checkLimits(module: string, name: string, kind: string, unit: string, size: number, maximum: number | undefined, min: number, max: number | undefined): void {
  if (size < min) throw linkError(module, name, `incompatible import type: ${kind} has ${size} ${unit}, the module needs at least ${min}`);
  if (max === undefined) return;
  if (maximum === undefined) throw linkError(module, name, `incompatible import type: ${kind} has no maximum, the module needs a maximum of at most ${max}`);
  if (maximum > max) throw linkError(module, name, `incompatible import type: ${kind} has maximum ${maximum}, the module needs at most ${max}`);
}

function linkError(module: string, name: string, message: string): LinkError {
  return new LinkError(`import "${module}" "${name}": ${message}`);
}

function isObject(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

/** A short description of a value's kind for messages: "number", "null", "Table", "object". */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name || 'object';
  return typeof v;
}
