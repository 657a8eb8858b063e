/**
 * A reference "compiler" for checking the spec runner itself: it turns the module into a JS
 * module that runs it on Node's native WebAssembly (text goes through binaryen's parser, as
 * wasm2ts does). `npm run spec -- --native` uses it instead of wasm2ts; the result shows
 * which failures come from the harness or the text parser rather than from wasm2ts.
 * Approximate by design: exported functions are wrapped (to translate V8's trap messages to
 * the spec's), so function identity across modules is not preserved.
 */
import { pathToFileURL } from 'node:url';

type NativeWasm = {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  RuntimeError: new (message?: string) => Error;
  LinkError: new (message?: string) => Error;
  CompileError: new (message?: string) => Error;
  Memory: new (descriptor: object) => object;
  Table: new (descriptor: object, value?: unknown) => object;
  Global: new (descriptor: object, value?: unknown) => { value: unknown };
};
const WA = (globalThis as unknown as { WebAssembly: NativeWasm }).WebAssembly;

export class CompileError extends Error {
  unsupported?: boolean;
  constructor(message: string) {
    super(message);
    this.name = 'CompileError';
  }
}

export class Trap extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}

export const LinkError = WA.LinkError;
export const Memory = WA.Memory;
export const Table = WA.Table;
export const Global = WA.Global;

/** V8 trap messages (Node 20) → the spec message(s) each can stand for. */
const V8_TRAPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^memory access out of bounds/, 'out of bounds memory access'],
  [/^(divide|remainder) by zero/, 'integer divide by zero'],
  [/^divide result unrepresentable/, 'integer overflow'],
  [/^float unrepresentable in integer range/, 'integer overflow / invalid conversion to integer'],
  [/^unreachable/, 'unreachable'],
  [/^table index is out of bounds/, 'undefined element / out of bounds table access'],
  [/^null function or function signature mismatch/, 'uninitialized element / indirect call type mismatch'],
  [/^(element|data) segment (has been dropped|out of bounds)/, 'out of bounds memory access / out of bounds table access'],
  [/^table (access|index) out of bounds/, 'out of bounds table access'],
  [/^dereferencing a null pointer/, 'null reference'],
];

function translate(e: unknown): unknown {
  if (e instanceof WA.RuntimeError) {
    for (const [re, msg] of V8_TRAPS) if (re.test(e.message)) return new Trap(msg);
    return new Trap(e.message);
  }
  if (e instanceof RangeError && /call stack/.test(e.message)) return new Trap('call stack exhausted');
  return e;
}

const wrappers = new WeakMap<object, unknown>();

function wrap(v: unknown): unknown {
  if (typeof v !== 'function') return v;
  let w = wrappers.get(v);
  if (!w) {
    const f = v as (...a: unknown[]) => unknown;
    w = (...args: unknown[]) => {
      try {
        return f(...args);
      } catch (e) {
        throw translate(e);
      }
    };
    wrappers.set(v, w);
  }
  return w;
}

/** What the generated reference module calls. */
export function instantiateNative(module: object, imports: object): { exports: Record<string, unknown> } {
  let inst;
  try {
    inst = new WA.Instance(module, imports);
  } catch (e) {
    throw translate(e);
  }
  const exports: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inst.exports)) exports[k] = wrap(v);
  return { exports };
}

export async function compile(input: Uint8Array | string): Promise<{ code: string }> {
  let bytes: Uint8Array;
  if (typeof input === 'string') {
    const binaryen = (await import('binaryen')).default;
    let m;
    try {
      m = binaryen.parseText(input);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? JSON.stringify(e));
      throw new CompileError(`text parse error: ${msg}`);
    }
    const F = binaryen.Features;
    // What Node 20's V8 runs by default (All would emit encodings V8 does not know, e.g. stringref).
    m.setFeatures(
      F.MutableGlobals | F.NontrappingFPToInt | F.SIMD128 | F.BulkMemory | F.SignExt | F.TailCall |
        F.ReferenceTypes | F.Multivalue | F.ExtendedConst | F.MultiMemory | F.Atomics,
    );
    bytes = m.emitBinary();
    m.dispose();
  } else {
    bytes = input;
  }
  try {
    new WA.Module(bytes);
  } catch (e) {
    throw new CompileError((e as Error).message);
  }
  const self = pathToFileURL(new URL(import.meta.url).pathname).href;
  const b64 = Buffer.from(bytes).toString('base64');
  const code = [
    `import { instantiateNative } from ${JSON.stringify(self)};`,
    `const module = new WebAssembly.Module(Buffer.from(${JSON.stringify(b64)}, 'base64'));`,
    'export function instantiate(imports) { return instantiateNative(module, imports); }',
    '',
  ].join('\n');
  return { code };
}
