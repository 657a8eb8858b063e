/**
 * The text being parsed, and errors located in it. Positions inside the parser are UTF-16
 * indices into the JS string; a CompileError carries the UTF-8 byte offset, as for any
 * other input, so it is converted only when an error is thrown.
 */
import { CompileError, UnsupportedError } from '../../errors.js';

export class WatSource {
  constructor(readonly text: string) {}

  /** UTF-8 byte offset of a UTF-16 index. */
  byteOffset(index: number): number {
    const text = this.text;
    let bytes = 0;
    for (let i = 0; i < index && i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) bytes += 1;
      else if (code < 0x800) bytes += 2;
      else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next < 0xe000) {
          bytes += 4; // a surrogate pair: one 4-byte character
          i++;
        } else bytes += 3;
      } else bytes += 3;
    }
    return bytes;
  }

  /** A malformed text: throws a CompileError at the given UTF-16 index. */
  fail(message: string, index: number): never {
    throw new CompileError(message, this.byteOffset(index));
  }

  /** Valid syntax of a feature wasm2ts does not support: "unsupported: <feature>". */
  unsupported(feature: string, index: number): never {
    throw new UnsupportedError(feature, this.byteOffset(index));
  }
}
