/**
 * A growable byte buffer with the binary format's primitive encodings (LEB128 integers,
 * little-endian float bits, names). The text front end writes the module straight into
 * these, so a module is encoded in one linear pass.
 */

const textEncoder = new TextEncoder();

export class ByteWriter {
  private buffer = new Uint8Array(64);
  /** Bytes written so far. */
  length = 0;

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
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

  /** Appends another writer's bytes prefixed by their length (a section, a function body). */
  sizedFrom(other: ByteWriter): this {
    return this.u32(other.length).bytes(other.view());
  }

  /** Forgets the bytes written, keeping the buffer (for scratch use). */
  reset(): void {
    this.length = 0;
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
