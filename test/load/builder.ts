/**
 * A tiny byte builder for hand-made module binaries in the load tests. Everything is a
 * plain number[] so pieces concatenate with spread; `wasm()` adds the header.
 */

export type Bytes = number[];

/** Unsigned LEB128 (minimal), for numbers up to 2^53. */
export function u32(n: number): Bytes {
  const out: Bytes = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** Signed LEB128 (minimal). */
export function sleb(value: number | bigint): Bytes {
  let n = BigInt(value);
  const out: Bytes = [];
  for (;;) {
    const byte = Number(n & 0x7fn);
    n >>= 7n;
    const done = (n === 0n && (byte & 0x40) === 0) || (n === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export function str(s: string): Bytes {
  const utf8 = [...Buffer.from(s, 'utf8')];
  return [...u32(utf8.length), ...utf8];
}

export function vec(items: readonly Bytes[]): Bytes {
  return [...u32(items.length), ...items.flat()];
}

export function section(id: number, content: Bytes): Bytes {
  return [id, ...u32(content.length), ...content];
}

export const HEADER: Bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export function wasm(...sections: Bytes[]): Uint8Array {
  return new Uint8Array([...HEADER, ...sections.flat()]);
}

export const T = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f } as const;
export type TypeName = keyof typeof T;

export const S = {
  custom: 0,
  type: 1,
  import: 2,
  func: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  elem: 9,
  code: 10,
  data: 11,
  dataCount: 12,
} as const;

export function funcType(params: readonly TypeName[], results: readonly TypeName[]): Bytes {
  return [0x60, ...vec(params.map((p) => [T[p]])), ...vec(results.map((r) => [T[r]]))];
}

export function typeSection(...types: Bytes[]): Bytes {
  return section(S.type, vec(types));
}

export function funcSection(...typeIndices: number[]): Bytes {
  return section(S.func, vec(typeIndices.map(u32)));
}

/** One function body: local runs, then code (the final `end` is added). */
export function body(code: Bytes, locals: readonly [count: number, type: TypeName][] = []): Bytes {
  const content = [...vec(locals.map(([count, type]) => [...u32(count), T[type]])), ...code, 0x0b];
  return [...u32(content.length), ...content];
}

export function codeSection(...bodies: Bytes[]): Bytes {
  return section(S.code, vec(bodies));
}

export interface OneFuncExtras {
  /** Sections between the function and code sections (table ... data count), in order. */
  readonly before?: Bytes[];
  /** Sections after the code section (data, custom). */
  readonly after?: Bytes[];
  readonly locals?: [number, TypeName][];
}

/** A module with one function (type 0) whose body is `code`. */
export function oneFunc(params: readonly TypeName[], results: readonly TypeName[], code: Bytes, extra: OneFuncExtras = {}): Uint8Array {
  return wasm(typeSection(funcType(params, results)), funcSection(0), ...(extra.before ?? []), codeSection(body(code, extra.locals)), ...(extra.after ?? []));
}

export const OP = {
  unreachable: 0x00,
  nop: 0x01,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  br_if: 0x0d,
  br_table: 0x0e,
  return: 0x0f,
  call: 0x10,
  call_indirect: 0x11,
  drop: 0x1a,
  select: 0x1b,
  select_t: 0x1c,
  local_get: 0x20,
  local_set: 0x21,
  local_tee: 0x22,
  global_get: 0x23,
  global_set: 0x24,
  table_get: 0x25,
  table_set: 0x26,
  i32_load: 0x28,
  i64_load: 0x29,
  i32_load8_u: 0x2d,
  i32_store: 0x36,
  memory_size: 0x3f,
  memory_grow: 0x40,
  i32_const: 0x41,
  i64_const: 0x42,
  f32_const: 0x43,
  f64_const: 0x44,
  i32_eqz: 0x45,
  i32_add: 0x6a,
  i32_sub: 0x6b,
  i32_mul: 0x6c,
  i32_div_s: 0x6d,
  i64_add: 0x7c,
  f32_add: 0x92,
  ref_null: 0xd0,
  ref_is_null: 0xd1,
  ref_func: 0xd2,
  prefix_fc: 0xfc,
} as const;

export const i32c = (n: number): Bytes => [OP.i32_const, ...sleb(n)];
export const i64c = (n: number | bigint): Bytes => [OP.i64_const, ...sleb(n)];
