/**
 * A cursor over a module binary: LEB128 integers, raw float bits, lengths and names,
 * with the exact error texts of the spec's reference decoder.
 *
 * Positions are absolute byte offsets into the whole module, so every error points at
 * the byte that is wrong. Reading never goes past `end` (the end of the input, or of a
 * custom section's payload); running out is "unexpected end ...".
 */
import { CompileError } from '../errors.js';

const UNEXPECTED_END_IN_SECTION = 'unexpected end of section or function';

export class ByteReader {
  /** Next byte to read (absolute offset). */
  pos: number;
  /** One past the last byte this reader may read. */
  end: number;
  /** The message for running out of bytes: "unexpected end" at module level, more specific inside a section. */
  endMessage = 'unexpected end';

  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    end = bytes.length,
  ) {
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  error(message: string, offset = this.pos): never {
    throw new CompileError(message, offset);
  }

  /**
   * Reads a sized region (a section, a function body): runs `read`, then requires it to
   * have consumed exactly `size` bytes ("section size mismatch"). Like the reference
   * decoder, reading is not cut off at the declared size, only checked against it, so a
   * wrong size is reported as the error its bytes actually cause.
   */
  sized<T>(size: number, read: () => T): T {
    const start = this.pos;
    const savedMessage = this.endMessage;
    this.endMessage = UNEXPECTED_END_IN_SECTION;
    try {
      const result = read();
      if (this.pos !== start + size) this.error('section size mismatch', start);
      return result;
    } finally {
      this.endMessage = savedMessage;
    }
  }

  /** Runs `read` with reading limited to the next `size` bytes (for parsing inside a custom section). */
  bounded<T>(size: number, read: () => T): T {
    const savedEnd = this.end;
    const end = this.pos + size;
    if (end > savedEnd) this.unexpectedEnd();
    this.end = end;
    try {
      return read();
    } finally {
      this.end = savedEnd;
    }
  }

  unexpectedEnd(): never {
    throw new CompileError(this.endMessage, this.end);
  }

  u8(): number {
    if (this.pos >= this.end) this.unexpectedEnd();
    return this.bytes[this.pos++];
  }

  /** The next byte without consuming it, or undefined at the end. */
  peek(): number | undefined {
    return this.pos < this.end ? this.bytes[this.pos] : undefined;
  }

  /** Little-endian fixed-width u32 (the magic and version words, f32 bits). */
  u32Fixed(): number {
    if (this.end - this.pos < 4) {
      this.pos = this.end;
      this.unexpectedEnd();
    }
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  /** f32 as its raw u32 bit pattern, so NaN payloads survive. */
  f32Bits(): number {
    return this.u32Fixed();
  }

  /** f64 as its raw u64 bit pattern, so NaN payloads survive. */
  f64Bits(): bigint {
    const lo = this.u32Fixed();
    const hi = this.u32Fixed();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** Unsigned LEB128 of at most 32 bits: at most 5 bytes, and the 5th byte may only use its low 4 bits. */
  u32(): number {
    const first = this.u8();
    if (first < 0x80) return first;
    let result = first & 0x7f;
    let shift = 7;
    for (;;) {
      const bitsLeft = 32 - shift;
      if (bitsLeft <= 0) this.error('integer representation too long');
      const byte = this.u8();
      if (bitsLeft < 7 && (byte & 0x7f) >= 1 << bitsLeft) this.error('integer too large', this.pos - 1);
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
    }
  }

  /**
   * Unsigned LEB128 of at most 64 bits, as a number: exact up to 2^53, rounded beyond.
   * For limits and memarg offsets, which the current binary format encodes as u64 for the
   * sake of memory64; for 32-bit memories and tables any value of 2^32 or more is invalid,
   * so the rounding is never seen by a module that validates.
   */
  u64AsNumber(): number {
    let result = 0;
    let scale = 1;
    for (let bitsLeft = 64; ; bitsLeft -= 7) {
      if (bitsLeft <= 0) this.error('integer representation too long');
      const byte = this.u8();
      if (bitsLeft < 7 && (byte & 0x7f) >= 1 << bitsLeft) this.error('integer too large', this.pos - 1);
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
  }

  /** Signed LEB128 of at most 32 bits, as an int32 number. */
  s32(): number {
    return this.signedSmall(32);
  }

  /** Signed LEB128 of at most 33 bits (block types: a negative value type code or a type index). */
  s33(): number {
    return this.signedSmall(33);
  }

  /** Signed LEB128 of at most 64 bits, as a signed bigint. */
  s64(): bigint {
    // Most constants are short: decode those with numbers, then convert once.
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 7 && this.pos < this.end; i++) {
      const byte = this.bytes[this.pos++];
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return BigInt((byte & 0x40) !== 0 ? result - scale : result);
    }
    this.pos = start;
    return this.signedBig(64);
  }

  /**
   * Signed LEB128 of at most `bits` (<= 33) bits, exact in a double. In the last permitted
   * byte the bits above the value's width must all equal its sign bit ("integer too large"),
   * and no byte may follow it ("integer representation too long").
   */
  private signedSmall(bits: number): number {
    let result = 0;
    let scale = 1;
    for (let bitsLeft = bits; ; bitsLeft -= 7) {
      if (bitsLeft <= 0) this.error('integer representation too long');
      const byte = this.u8();
      if (bitsLeft < 7) checkSignBits(this, byte, bitsLeft);
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return (byte & 0x40) !== 0 ? result - scale : result;
    }
  }

  private signedBig(bits: number): bigint {
    let result = 0n;
    let shift = 0n;
    for (let bitsLeft = bits; ; bitsLeft -= 7) {
      if (bitsLeft <= 0) this.error('integer representation too long');
      const byte = this.u8();
      if (bitsLeft < 7) checkSignBits(this, byte, bitsLeft);
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if (byte < 0x80) return (byte & 0x40) !== 0 ? result - (1n << shift) : result;
    }
  }

  /**
   * A length prefix (vector count or byte length). Like the reference decoder, a length that
   * could not fit in the rest of the input is "length out of bounds"; one that fits the
   * input but not the current section runs into "unexpected end ..." when read.
   */
  len32(): number {
    const start = this.pos;
    const n = this.u32();
    if (n > this.bytes.length - start) this.error('length out of bounds', start);
    return n;
  }

  /** `n` raw bytes, copied (so the model does not keep the whole input alive). */
  bytesCopy(n: number): Uint8Array {
    if (n > this.end - this.pos) {
      this.pos = this.end;
      this.unexpectedEnd();
    }
    // A plain Uint8Array copy: a Node Buffer's slice would return a view (and a Buffer).
    const out = new Uint8Array(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  /** Skips `n` bytes. */
  skip(n: number): void {
    if (n > this.end - this.pos) {
      this.pos = this.end;
      this.unexpectedEnd();
    }
    this.pos += n;
  }

  /** A length-prefixed UTF-8 name. */
  name(): string {
    const start = this.pos;
    const n = this.len32();
    if (n > this.end - this.pos) {
      this.pos = this.end;
      this.unexpectedEnd();
    }
    const from = this.pos;
    this.pos += n;
    return decodeUtf8(this.bytes, from, from + n, start);
  }
}

/** In the last byte of a signed LEB128 with `bitsLeft` value bits, the payload bits from the sign bit up must agree. */
function checkSignBits(r: ByteReader, byte: number, bitsLeft: number): void {
  const mask = (-1 << (bitsLeft - 1)) & 0x7f;
  const high = byte & mask;
  if (high !== 0 && high !== mask) r.error('integer too large', r.pos - 1);
}

const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Strict UTF-8 (the spec's and WHATWG's): no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequences. Checked by hand so the rule does not depend on ICU.
 */
export function decodeUtf8(bytes: Uint8Array, from: number, to: number, errorOffset: number): string {
  let ascii = true;
  for (let i = from; i < to; ) {
    const b0 = bytes[i];
    if (b0 < 0x80) {
      i++;
      continue;
    }
    ascii = false;
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) need = 1;
    else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      if (b0 === 0xe0) lower = 0xa0; // overlong
      if (b0 === 0xed) upper = 0x9f; // surrogates
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      if (b0 === 0xf0) lower = 0x90; // overlong
      if (b0 === 0xf4) upper = 0x8f; // above U+10FFFF
    } else throw new CompileError('malformed UTF-8 encoding', errorOffset);
    if (i + need >= to) throw new CompileError('malformed UTF-8 encoding', errorOffset);
    const b1 = bytes[i + 1];
    if (b1 < lower || b1 > upper) throw new CompileError('malformed UTF-8 encoding', errorOffset);
    for (let k = 2; k <= need; k++) {
      const b = bytes[i + k];
      if (b < 0x80 || b > 0xbf) throw new CompileError('malformed UTF-8 encoding', errorOffset);
    }
    i += need + 1;
  }
  if (ascii && to - from <= 64) {
    let s = '';
    for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }
  return utf8Decoder.decode(bytes.subarray(from, to));
}
