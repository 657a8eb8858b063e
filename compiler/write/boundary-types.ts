/** TS types of the module's JS boundary: what hosts pass in (`Imports`) and get back (`Exports`). */
import type { FuncType, GlobalType, ValType } from '../model/types.js';

/** A value's type as the JS API shows it: i64 is bigint, funcref an exported function. */
export function jsValueType(t: ValType): string {
  switch (t) {
    case 'i32':
    case 'f32':
    case 'f64':
      return 'number';
    case 'i64':
      return 'bigint';
    case 'funcref':
      return '((...args: any[]) => any) | null';
    case 'externref':
      return 'unknown';
    case 'v128':
      return 'never';
  }
}

/** The function type as the host sees it, with parameter names where the name section has them. */
export function jsFunctionType(type: FuncType, paramNames: readonly string[], forImport: boolean): string {
  const params = type.params.map((t, i) => `${paramNames[i] ?? `p${i}`}: ${jsValueType(t)}`).join(', ');
  let result: string;
  if (type.results.length === 0) result = forImport ? 'unknown' : 'void';
  else if (type.results.length === 1) result = jsValueType(type.results[0]);
  else result = `[${type.results.map(jsValueType).join(', ')}]`;
  // An import's multi-value result may be any iterable, as in the JS API.
  if (forImport && type.results.length > 1) result = `Iterable<unknown> | ${result}`;
  return `(${params}) => ${result}`;
}

/** What a host may pass for a global import: a Global, or a plain value for an immutable one. */
export function globalImportType(type: GlobalType): string {
  return type.mutable || type.type === 'v128' ? 'Global' : `Global | ${jsValueType(type.type)}`;
}
