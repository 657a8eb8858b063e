/**
 * The `name` custom section: debug names for the module, functions, locals, tables,
 * memories and globals. The spec makes this section advisory, so a malformed one must
 * not reject the module: we keep the subsections that decoded completely and drop the rest.
 */
import { CompileError } from '../errors.js';
import type { Names } from '../model/types.js';
import { ByteReader } from './reader.js';

const MODULE_NAME = 0;
const FUNCTION_NAMES = 1;
const LOCAL_NAMES = 2;
const TABLE_NAMES = 5;
const MEMORY_NAMES = 6;
const GLOBAL_NAMES = 7;

export function emptyNames(): Names {
  return { functions: new Map(), locals: new Map(), globals: new Map(), tables: new Map(), memories: new Map() };
}

/** Parses the payload of a `name` section, bytes[start, end) of the module. Never throws for bad input. */
export function parseNameSection(bytes: Uint8Array, start: number, end: number): Names {
  let module: string | undefined;
  const functions = new Map<number, string>();
  const locals = new Map<number, Map<number, string>>();
  const tables = new Map<number, string>();
  const memories = new Map<number, string>();
  const globals = new Map<number, string>();
  const r = new ByteReader(bytes, start, end);
  try {
    while (!r.atEnd()) {
      const id = r.u8();
      const size = r.len32();
      r.bounded(size, () => {
        switch (id) {
          case MODULE_NAME:
            module = r.name();
            break;
          case FUNCTION_NAMES:
            mergeInto(functions, readNameMap(r));
            break;
          case LOCAL_NAMES:
            for (const [func, names] of readIndirectNameMap(r)) locals.set(func, names);
            break;
          case TABLE_NAMES:
            mergeInto(tables, readNameMap(r));
            break;
          case MEMORY_NAMES:
            mergeInto(memories, readNameMap(r));
            break;
          case GLOBAL_NAMES:
            mergeInto(globals, readNameMap(r));
            break;
          default:
            // Labels, types, elem/data segments, fields, tags: not used by later stages.
            r.skip(size);
        }
        if (!r.atEnd()) r.error('name subsection size mismatch');
      });
    }
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    // Advisory section: keep what decoded completely.
  }
  return { ...(module === undefined ? {} : { module }), functions, locals, tables, memories, globals };
}

/** Each subsection is read whole before it is merged, so a bad one leaves no partial entries behind. */
function readNameMap(r: ByteReader): Map<number, string> {
  const map = new Map<number, string>();
  const count = r.len32();
  for (let i = 0; i < count; i++) {
    const index = r.u32();
    map.set(index, r.name());
  }
  return map;
}

function readIndirectNameMap(r: ByteReader): Map<number, Map<number, string>> {
  const map = new Map<number, Map<number, string>>();
  const count = r.len32();
  for (let i = 0; i < count; i++) {
    const index = r.u32();
    map.set(index, readNameMap(r));
  }
  return map;
}

function mergeInto<K, V>(target: Map<K, V>, source: ReadonlyMap<K, V>): void {
  for (const [k, v] of source) target.set(k, v);
}
