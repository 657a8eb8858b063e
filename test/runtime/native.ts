/**
 * Test-only: tiny hand-assembled Wasm modules run on Node's native WebAssembly, the
 * reference our libcalls are cross-checked against. (The runtime itself never touches
 * `WebAssembly`; tests may.)
 */

interface NativeWasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, any> };
  Memory: new (d: object) => { buffer: ArrayBuffer; grow(n: number): number };
  Table: new (d: object, v?: unknown) => { length: number; get(i: number): unknown; set(i: number, v?: unknown): void; grow(n: number, v?: unknown): number };
  Global: new (d: object, v?: unknown) => { value: unknown };
}

export const NativeWebAssembly = (globalThis as unknown as { WebAssembly: NativeWasm }).WebAssembly;

export type WasmType = 'i32' | 'i64' | 'f32' | 'f64' | 'funcref' | 'externref';

const TYPE_CODE: Record<WasmType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, funcref: 0x70, externref: 0x6f };

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/**
 * A module exporting one function "f" of the given signature whose body is `code`
 * (without the final `end`).
 */
export function nativeFunction(params: readonly WasmType[], results: readonly WasmType[], code: readonly number[]): (...args: any[]) => any {
  const type = [0x60, ...uleb(params.length), ...params.map((t) => TYPE_CODE[t]), ...uleb(results.length), ...results.map((t) => TYPE_CODE[t])];
  const body = [0x00 /* no locals */, ...code, 0x0b];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, ...type]),
    ...section(3, [1, 0]),
    ...section(7, [1, 1, 0x66 /* "f" */, 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ];
  const instance = new NativeWebAssembly.Instance(new NativeWebAssembly.Module(new Uint8Array(bytes)));
  return instance.exports['f'];
}

/** `local.get 0 .. local.get n-1; <opcode bytes>`: the native version of one numeric instruction. */
export function nativeOp(opcode: readonly number[], params: readonly WasmType[], result: WasmType): (...args: any[]) => any {
  const code: number[] = [];
  params.forEach((_, i) => code.push(0x20, i));
  return nativeFunction(params, [result], [...code, ...opcode]);
}

/** Runs `f`; returns its value, or the string 'trap' if it threw a native RuntimeError. */
export function nativeOutcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && e.name === 'RuntimeError') return 'trap';
    throw e;
  }
}

/** A deterministic PRNG (xorshift32), so failures reproduce. */
export function prng(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s | 0;
  };
}
