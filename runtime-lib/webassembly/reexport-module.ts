/**
 * Modules built at run time, handled by pattern: a module whose only content is
 * function imports re-exported unchanged. This is how toolchain glue turns a JS
 * function into a typed Wasm function without `WebAssembly.Function` — Emscripten's
 * `convertJsFunctionToWasm` (behind `addFunction`) builds exactly
 * `(type (func ...)) (import "e" "f" (func (type 0))) (export "f" (func 0))`.
 *
 * Instantiating it needs no compiled code: each import is linked as any function import
 * is (`linkFunc`: a host function is wrapped in the internal ABI with the declared
 * signature), and the export is that FuncRef's exported function. Put into a table, it
 * passes `call_indirect`'s signature check for the declared type, and fails it for any
 * other, as a native wrapper would.
 */
import type { ValType } from '../values.js';
import type { ExportInfo, ImportInfo, ModuleInfo } from '../module-info.js';
import { linkFunc } from '../link.js';
import { makeExports } from '../exports.js';
import { Reader, SECTION, valType, type Section } from './binary.js';
import type { GeneratedModule } from './generated.js';

interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/**
 * The module as a GeneratedModule if it matches the pattern (custom, type, import and
 * export sections only; every import a function; every export one of those imports),
 * else undefined. Malformed sections are a CompileError.
 */
export function reexportModule(sections: readonly Section[]): GeneratedModule | undefined {
  let types: FuncType[] = [];
  let imports: (ImportInfo & FuncType)[] = [];
  let exports: { name: string; func: number }[] = [];
  for (const { id, payload } of sections) {
    const r = new Reader(payload);
    switch (id) {
      case SECTION.custom:
        continue;
      case SECTION.type:
        types = vector(r, () => funcType(r));
        break;
      case SECTION.import: {
        const list = vector(r, () => {
          const module = r.name();
          const name = r.name();
          const kind = r.byte();
          return { module, name, kind, type: kind === 0 ? r.u32() : -1 };
        });
        if (list.some((i) => i.kind !== 0)) return undefined; // a table, memory or global import: not the pattern
        imports = list.map(({ module, name, type }) => {
          const t = types[type];
          if (t === undefined) throw r.error(`import "${module}" "${name}": unknown type ${type}`);
          return { module, name, kind: 'func', params: t.params, results: t.results };
        });
        break;
      }
      case SECTION.function:
      case SECTION.code:
        if (r.u32() !== 0) return undefined; // defines functions: needs a compiler
        break;
      case SECTION.export: {
        const list = vector(r, () => ({ name: r.name(), kind: r.byte(), func: r.u32() }));
        if (list.some((e) => e.kind !== 0 || e.func >= imports.length)) return undefined;
        exports = list;
        break;
      }
      default:
        return undefined;
    }
    if (!r.done) throw r.error(`section ${id} is longer than its contents`);
  }
  const exportInfos: ExportInfo[] = exports.map(({ name, func }) => ({ name, kind: 'func', params: imports[func]!.params, results: imports[func]!.results }));
  const moduleInfo: ModuleInfo = { imports, exports: exportInfos };
  return {
    moduleInfo,
    instantiate(importObject: unknown) {
      const refs = imports.map((i) => linkFunc(importObject, i.module, i.name, i.params, i.results));
      return { exports: makeExports(exports.map(({ name, func }) => [name, refs[func]!.toJS()] as const)) };
    },
  };
}

function vector<T>(r: Reader, item: () => T): T[] {
  const n = r.u32();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(item());
  return out;
}

function funcType(r: Reader): FuncType {
  const form = r.byte();
  if (form !== 0x60) throw r.error(`unsupported: type form 0x${form.toString(16)}`);
  const params = vector(r, () => valType(r));
  const results = vector(r, () => valType(r));
  return { params, results };
}
