/**
 * A growable byte buffer with the binary format's primitive encodings (LEB128 integers,
 * little-endian float bits, names). The text front end writes the module straight into
 * these, so a module is encoded in one linear pass.
 */

const textEncoder = new TextEncoder();

/** A mark for bytes that come from no one place in the text (section headers, the type section). */
export const UNMAPPED = -1;

export class ByteWriter {
  private buffer = new Uint8Array(64);
  /** Bytes written so far. */
  length = 0;
  /**
   * Source marks, as flat pairs (byte position here, text index): where the bytes written
   * from a position on came from in the text. They travel with the bytes when a writer is
   * appended to another, so the module's writer ends up mapping every instruction and
   * field of the binary back to the text, for errors found after parsing (validation).
   */
  private marks: number[] = [];

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  /** Records that the bytes written from here on come from the text at `sourceIndex` (a UTF-16 index). */
  mark(sourceIndex: number): this {
    const n = this.marks.length;
    // A later mark at the same position is the more specific one (an instruction within its field).
    if (n > 0 && this.marks[n - 2] === this.length) this.marks[n - 1] = sourceIndex;
    else this.marks.push(this.length, sourceIndex);
    return this;
  }

  /** The text index of the last mark at or before byte `position`, if any. */
  sourceIndexAt(position: number): number | undefined {
    const marks = this.marks;
    let low = 0;
    let high = marks.length / 2 - 1;
    let found: number | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (marks[2 * mid] <= position) {
        found = marks[2 * mid + 1];
        low = mid + 1;
      } else high = mid - 1;
    }
    return found === UNMAPPED ? undefined : found;
  }

  byte(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value;
    return this;
  }

  bytes(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  /** Unsigned LEB128 of a non-negative safe integer (u32, or a u64 below 2^53). */
  u32(value: number): this {
    this.reserve(10);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.length++] = rest;
    return this;
  }

  /** Unsigned LEB128 of any u64. */
  u64(value: bigint): this {
    this.reserve(10);
    let rest = value;
    while (rest >= 0x80n) {
      this.buffer[this.length++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buffer[this.length++] = Number(rest);
    return this;
  }

  /** Signed LEB128 of an int32 (or any safe integer, for s33 block type indices). */
  s32(value: number): this {
    this.reserve(10);
    let rest = value;
    for (;;) {
      const low = ((rest % 0x80) + 0x80) % 0x80;
      rest = Math.floor(rest / 0x80);
      const done = (rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0);
      this.buffer[this.length++] = done ? low : low | 0x80;
      if (done) return this;
    }
  }

  /** Signed LEB128 of an int64. */
  s64(value: bigint): this {
    this.reserve(10);
    let rest = value;
    for (;;) {
      const low = Number(rest & 0x7fn);
      rest >>= 7n; // arithmetic shift: stays negative for negative values
      const done = (rest === 0n && (low & 0x40) === 0) || (rest === -1n && (low & 0x40) !== 0);
      this.buffer[this.length++] = done ? low : low | 0x80;
      if (done) return this;
    }
  }

  /** The 4 bytes of f32 bits, little-endian. */
  f32Bits(bits: number): this {
    this.reserve(4);
    for (let i = 0; i < 4; i++) this.buffer[this.length++] = (bits >>> (8 * i)) & 0xff;
    return this;
  }

  /** The 8 bytes of f64 bits, little-endian. */
  f64Bits(bits: bigint): this {
    this.f32Bits(Number(bits & 0xffffffffn));
    return this.f32Bits(Number(bits >> 32n));
  }

  /** A name: its UTF-8 length, then its bytes. */
  name(text: string): this {
    return this.sized(textEncoder.encode(text));
  }

  /** A byte vector: its length, then the bytes. */
  sized(data: Uint8Array): this {
    return this.u32(data.length).bytes(data);
  }

  /** Appends another writer's bytes prefixed by their length (a section, a function body), with their marks. */
  sizedFrom(other: ByteWriter): this {
    return this.u32(other.length).append(other);
  }

  /** Appends another writer's bytes, with their marks. */
  append(other: ByteWriter): this {
    const start = this.length;
    for (let i = 0; i < other.marks.length; i += 2) {
      this.length = start + other.marks[i];
      this.mark(other.marks[i + 1]);
    }
    this.length = start;
    return this.bytes(other.view());
  }

  /** Forgets the bytes written and their marks, keeping the buffer (for scratch use). */
  reset(): void {
    this.length = 0;
    this.marks.length = 0;
  }

  /** The bytes written so far (a view, not a copy). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
