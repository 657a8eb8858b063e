/**
 * The little of the binary format the shim reads itself: the section list (for
 * `Module.customSections`) and, for modules built at run time, the type, import and
 * export sections of a module that only re-exports imported functions (see
 * reexport-module.ts). Everything else about a module comes from its generated code.
 */
import type { ValType } from '../values.js';
import { CompileError } from './errors.js';

const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Section ids, as the binary format numbers them (only those the shim reads by id). */
export const SECTION = { custom: 0, type: 1, import: 2, function: 3, export: 7, code: 10 } as const;

export interface Section {
  readonly id: number;
  /** The section's payload (for a custom section, including its name). */
  readonly payload: Uint8Array;
}

export class Reader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  byte(): number {
    if (this.offset >= this.bytes.length) throw this.error('unexpected end');
    return this.bytes[this.offset++]!;
  }

  /** An unsigned LEB128 of at most 32 bits. */
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) throw this.error('integer too large');
        return result;
      }
    }
    throw this.error('integer representation too long');
  }

  take(length: number): Uint8Array {
    if (length > this.bytes.length - this.offset) throw this.error('unexpected end');
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  name(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.take(this.u32()));
  }

  error(message: string): CompileError {
    return new CompileError(`WebAssembly.Module(): ${message} at byte offset ${this.offset}`);
  }
}

/** The module's sections in order; a CompileError if the header or a section size is wrong. */
export function readSections(bytes: Uint8Array): Section[] {
  const r = new Reader(bytes);
  for (const expected of MAGIC_AND_VERSION) {
    if (r.done || r.byte() !== expected) throw new CompileError(`WebAssembly.Module(): not a WebAssembly module: bad magic number or version at byte offset ${r.offset - 1}`);
  }
  const sections: Section[] = [];
  while (!r.done) {
    const id = r.byte();
    const payload = r.take(r.u32());
    sections.push({ id, payload });
  }
  return sections;
}

/** The JS API's `Module.customSections(module, name)`: copies of the payloads of custom sections named `name`. */
export function customSections(sections: readonly Section[], name: string): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const s of sections) {
    if (s.id !== SECTION.custom) continue;
    const r = new Reader(s.payload);
    if (r.name() === name) out.push(s.payload.slice(r.offset).buffer);
  }
  return out;
}

const VALTYPES: ReadonlyMap<number, ValType> = new Map([
  [0x7f, 'i32'], [0x7e, 'i64'], [0x7d, 'f32'], [0x7c, 'f64'], [0x7b, 'v128'], [0x70, 'funcref'], [0x6f, 'externref'],
]);

export function valType(r: Reader): ValType {
  const code = r.byte();
  const type = VALTYPES.get(code);
  if (type === undefined) throw r.error(`unsupported: value type 0x${code.toString(16)}`);
  return type;
}
