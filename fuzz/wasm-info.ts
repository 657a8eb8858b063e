/**
 * A minimal, independent reader of the parts of a Wasm binary the fuzz harness needs:
 * function signatures (so exports can be called with typed arguments), the export list,
 * and whether a memory exists. It also appends exports, so the harness can observe
 * memory and globals a generated module does not export.
 *
 * Deliberately separate from compiler/load: the harness must not share the loader under test.
 * It assumes a valid module (it is used only on modules V8 accepted).
 */

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref' | 'other';

export interface FuncSig {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface ExportEntry {
  readonly name: string;
  /** 0 func, 1 table, 2 memory, 3 global. */
  readonly kind: number;
  readonly index: number;
}

export type ImportEntry =
  | { readonly module: string; readonly name: string; readonly kind: 0; readonly typeIndex: number }
  | { readonly module: string; readonly name: string; readonly kind: 1; readonly element: ValType; readonly min: number; readonly max?: number }
  | { readonly module: string; readonly name: string; readonly kind: 2; readonly min: number; readonly max?: number; readonly shared: boolean }
  | { readonly module: string; readonly name: string; readonly kind: 3; readonly type: ValType; readonly mutable: boolean }
  | { readonly module: string; readonly name: string; readonly kind: 4 };

export interface WasmInfo {
  readonly imports: readonly ImportEntry[];
  readonly types: readonly FuncSig[];
  /** Type index of every function, imported ones first. */
  readonly funcTypes: readonly number[];
  readonly exports: readonly ExportEntry[];
  readonly memoryCount: number;
  /** Global value types and mutability, imported ones first. */
  readonly globals: readonly { readonly type: ValType; readonly mutable: boolean }[];
  readonly sections: readonly Section[];
}

export interface Section {
  readonly id: number;
  /** Offset of the section id byte. */
  readonly start: number;
  /** Offset of the content (after the size). */
  readonly contentStart: number;
  readonly end: number;
}

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new Error('unexpected end');
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error('bad LEB');
    }
  }
  /** Skips a signed LEB of any width. */
  skipLeb(): void {
    while (this.byte() & 0x80);
  }
  name(): string {
    const n = this.u32();
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
  valType(): ValType {
    const b = this.byte();
    switch (b) {
      case 0x7f:
        return 'i32';
      case 0x7e:
        return 'i64';
      case 0x7d:
        return 'f32';
      case 0x7c:
        return 'f64';
      case 0x7b:
        return 'v128';
      case 0x70:
        return 'funcref';
      case 0x6f:
        return 'externref';
      case 0x63:
      case 0x64:
        this.skipLeb(); // (ref null? ht)
        return 'other';
      default:
        return 'other';
    }
  }
  limits(): { min: number; max?: number; flags: number } {
    const flags = this.byte();
    const min = this.u32();
    if (flags & 1) return { min, max: this.u32(), flags };
    return { min, flags };
  }
  /** Skips a constant expression up to its `end`. Handles the opcodes constant expressions use. */
  constExpr(): void {
    for (;;) {
      const op = this.byte();
      switch (op) {
        case 0x0b:
          return;
        case 0x41:
        case 0x42:
          this.skipLeb();
          break;
        case 0x43:
          this.pos += 4;
          break;
        case 0x44:
          this.pos += 8;
          break;
        case 0x23:
        case 0xd2:
          this.u32();
          break;
        case 0xd0:
          this.valTypeOrHeap();
          break;
        case 0x6a:
        case 0x6b:
        case 0x6c:
        case 0x7c:
        case 0x7d:
        case 0x7e:
          break;
        case 0xfd:
          this.u32();
          this.pos += 16;
          break;
        default:
          throw new Error(`unexpected opcode 0x${op.toString(16)} in a constant expression`);
      }
    }
  }
  valTypeOrHeap(): void {
    const b = this.bytes[this.pos]!;
    if (b >= 0x40) this.pos++;
    else this.skipLeb();
  }
}

export function readSections(bytes: Uint8Array): Section[] {
  const r = new Reader(bytes, 8);
  const sections: Section[] = [];
  while (r.pos < bytes.length) {
    const start = r.pos;
    const id = r.byte();
    const size = r.u32();
    const contentStart = r.pos;
    r.pos += size;
    sections.push({ id, start, contentStart, end: r.pos });
  }
  return sections;
}

export function readWasmInfo(bytes: Uint8Array): WasmInfo {
  const sections = readSections(bytes);
  const types: FuncSig[] = [];
  const funcTypes: number[] = [];
  const exports: ExportEntry[] = [];
  const globals: { type: ValType; mutable: boolean }[] = [];
  const imports: ImportEntry[] = [];
  let memoryCount = 0;
  for (const s of sections) {
    const r = new Reader(bytes, s.contentStart);
    switch (s.id) {
      case 1: {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const form = r.byte();
          if (form === 0x4e) throw new Error('rec groups are not supported by the fuzz harness');
          const np = r.u32();
          const params: ValType[] = [];
          for (let j = 0; j < np; j++) params.push(r.valType());
          const nr = r.u32();
          const results: ValType[] = [];
          for (let j = 0; j < nr; j++) results.push(r.valType());
          types.push({ params, results });
        }
        break;
      }
      case 2: {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const module = r.name();
          const name = r.name();
          const kind = r.byte();
          if (kind === 0) {
            const typeIndex = r.u32();
            funcTypes.push(typeIndex);
            imports.push({ module, name, kind, typeIndex });
          } else if (kind === 1) {
            const element = r.valType();
            const { min, max } = r.limits();
            imports.push({ module, name, kind, element, min, max });
          } else if (kind === 2) {
            const { min, max, flags } = r.limits();
            memoryCount++;
            imports.push({ module, name, kind, min, max, shared: (flags & 2) !== 0 });
          } else if (kind === 3) {
            const type = r.valType();
            const mutable = r.byte() === 1;
            globals.push({ type, mutable });
            imports.push({ module, name, kind, type, mutable });
          } else if (kind === 4) {
            r.byte();
            r.u32();
            imports.push({ module, name, kind });
          } else throw new Error(`unknown import kind ${kind}`);
        }
        break;
      }
      case 3: {
        const n = r.u32();
        for (let i = 0; i < n; i++) funcTypes.push(r.u32());
        break;
      }
      case 5:
        memoryCount += r.u32();
        break;
      case 6: {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const type = r.valType();
          const mutable = r.byte() === 1;
          r.constExpr();
          globals.push({ type, mutable });
        }
        break;
      }
      case 7: {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const name = r.name();
          const kind = r.byte();
          const index = r.u32();
          exports.push({ name, kind, index });
        }
        break;
      }
    }
  }
  return { imports, types, funcTypes, exports, memoryCount, globals, sections };
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function nameBytes(s: string): number[] {
  const b = new TextEncoder().encode(s);
  return [...leb(b.length), ...b];
}

/** Canonical order of the known sections (data count 12 sits between import-ish and code). */
const SECTION_ORDER: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13 };

/**
 * Appends exports (after the existing ones, so export indices the module itself uses, e.g.
 * through `call-export`, stay the same). Returns a new binary.
 */
export function appendExports(bytes: Uint8Array, extra: readonly ExportEntry[]): Uint8Array {
  if (extra.length === 0) return bytes;
  const info = readWasmInfo(bytes);
  const existing = info.sections.find((s) => s.id === 7);
  const entries: number[] = [];
  for (const e of extra) entries.push(...nameBytes(e.name), e.kind, ...leb(e.index));
  let content: number[];
  if (existing) {
    const r = new Reader(bytes, existing.contentStart);
    const n = r.u32();
    content = [...leb(n + extra.length), ...bytes.subarray(r.pos, existing.end), ...entries];
  } else {
    content = [...leb(extra.length), ...entries];
  }
  const section = Uint8Array.from([7, ...leb(content.length), ...content]);
  let insertAt: number;
  let removeEnd: number;
  if (existing) {
    insertAt = existing.start;
    removeEnd = existing.end;
  } else {
    // Before the first known section that comes after exports in the canonical order.
    const after = info.sections.find((s) => s.id !== 0 && (SECTION_ORDER[s.id] ?? 0) > SECTION_ORDER[7]!);
    insertAt = after ? after.start : bytes.length;
    removeEnd = insertAt;
  }
  const out = new Uint8Array(insertAt + section.length + (bytes.length - removeEnd));
  out.set(bytes.subarray(0, insertAt), 0);
  out.set(section, insertAt);
  out.set(bytes.subarray(removeEnd), insertAt + section.length);
  return out;
}
