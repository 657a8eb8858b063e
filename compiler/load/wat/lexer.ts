/**
 * The lexical format of WebAssembly text: tokens, white space, comments and annotations.
 *
 * Tokens follow the spec's longest-match rule: a run of identifier characters and strings
 * with nothing between them is one token, so `0$x` or `"a""b"` is a single *reserved*
 * token (malformed wherever it appears), not two. Per the latest spec, `,` `;` `[` `]` `{`
 * `}` also join such runs (annotations may contain them), except that `;;` always starts
 * a line comment.
 *
 * Annotations `(@id ...)` are white space: their contents are lexed (so strings and
 * comments in them must be well formed) and dropped.
 */
import type { WatSource } from './source.js';

export type TokenKind =
  /** `(` */
  | 'lparen'
  /** `)` */
  | 'rparen'
  /** Identifier characters not starting with `$`: keywords and numbers (the parser tells which). */
  | 'atom'
  /** `$name` or `$"name"`; the token's text is the name, without the `$`. */
  | 'id'
  /** A string literal; the token's bytes are its value. */
  | 'string'
  /** Anything else the longest-match rule forms: malformed wherever it appears. */
  | 'reserved'
  | 'eof';

/** Identifier characters (printable ASCII except space, `"`, `,`, `;`, `(`, `)`, `[`, `]`, `{`, `}`). */
const ID_CHAR = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) ID_CHAR[c] = 1;
for (const c of '",;()[]{}') ID_CHAR[c.charCodeAt(0)] = 0;

/** Characters that extend a reserved token without being identifier characters. */
const RESERVED_EXTRA = new Uint8Array(128);
for (const c of ',;[]{}') RESERVED_EXTRA[c.charCodeAt(0)] = 1;

const QUOTE = 0x22;
const DOLLAR = 0x24;
const LPAREN = 0x28;
const RPAREN = 0x29;
const SEMICOLON = 0x3b;
const AT = 0x40;
const BACKSLASH = 0x5c;

const isIdChar = (c: number) => c < 0x80 && ID_CHAR[c] === 1;
const isHexDigit = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const hexValue = (c: number) => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10);

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A string's bytes as text, or undefined when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

export class Lexer {
  private pos = 0;
  /** Nesting depth inside an annotation being skipped (0 outside annotations). */
  private annotationDepth = 0;
  private annotationStart = 0;
  /** Scratch buffer for string bytes. */
  private scratch = new Uint8Array(256);
  private scratchLength = 0;

  /** The last token: its kind, UTF-16 span, text (the name, for ids) and bytes (strings). */
  kind: TokenKind = 'eof';
  start = 0;
  end = 0;
  text = '';
  bytes: Uint8Array | undefined;

  constructor(private readonly source: WatSource) {}

  /** Advances to the next token (annotations skipped) and returns its kind. */
  next(): TokenKind {
    for (;;) {
      const kind = this.scan();
      if (this.annotationDepth === 0) {
        if (kind === 'lparen' && this.startsAnnotation()) continue;
        return kind;
      }
      // Inside an annotation: keep only the nesting.
      if (kind === 'lparen') this.annotationDepth++;
      else if (kind === 'rparen') this.annotationDepth--;
      else if (kind === 'eof') this.source.fail('unclosed annotation', this.annotationStart);
    }
  }

  /** After a `(`: if `@` follows, enters the annotation (its id read) and returns true. */
  private startsAnnotation(): boolean {
    const text = this.source.text;
    if (text.charCodeAt(this.pos) !== AT) return false;
    this.annotationStart = this.start;
    const idStart = ++this.pos;
    const c = text.charCodeAt(idStart);
    if (c === QUOTE) {
      const bytes = this.scanString();
      if (bytes.length === 0) this.source.fail('empty annotation id', idStart);
      if (decodeUtf8(bytes) === undefined) this.source.fail('malformed UTF-8 encoding', idStart);
    } else {
      while (isIdChar(text.charCodeAt(this.pos))) this.pos++;
      if (this.pos === idStart) this.source.fail('empty annotation id', idStart);
    }
    this.annotationDepth = 1;
    return true;
  }

  /** Reads one token, white space and comments skipped. */
  private scan(): TokenKind {
    const text = this.source.text;
    const length = text.length;
    this.bytes = undefined;
    for (;;) {
      if (this.pos >= length) return this.token('eof', this.pos, this.pos);
      const c = text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        this.pos++;
      } else if (c === SEMICOLON && text.charCodeAt(this.pos + 1) === SEMICOLON) {
        // A line comment ends at a line feed or a carriage return.
        this.pos += 2;
        while (this.pos < length) {
          const d = text.charCodeAt(this.pos);
          if (d === 0x0a || d === 0x0d) break;
          this.pos++;
        }
      } else if (c === LPAREN && text.charCodeAt(this.pos + 1) === SEMICOLON) {
        this.skipBlockComment();
      } else if (c === LPAREN) {
        this.pos++;
        return this.token('lparen', this.pos - 1, this.pos);
      } else if (c === RPAREN) {
        this.pos++;
        return this.token('rparen', this.pos - 1, this.pos);
      } else if (isIdChar(c) || c === QUOTE || (c < 0x80 && RESERVED_EXTRA[c] === 1)) {
        return this.scanRun();
      } else {
        return this.source.fail('illegal character', this.pos);
      }
    }
  }

  private token(kind: TokenKind, start: number, end: number): TokenKind {
    this.kind = kind;
    this.start = start;
    this.end = end;
    return kind;
  }

  private skipBlockComment(): void {
    const text = this.source.text;
    const start = this.pos;
    let depth = 0;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === LPAREN && text.charCodeAt(this.pos + 1) === SEMICOLON) {
        depth++;
        this.pos += 2;
      } else if (c === SEMICOLON && text.charCodeAt(this.pos + 1) === RPAREN) {
        depth--;
        this.pos += 2;
        if (depth === 0) return;
      } else {
        this.pos++;
      }
    }
    this.source.fail('unclosed comment', start);
  }

  /** A maximal run of identifier characters, strings and reserved punctuation: one token. */
  private scanRun(): TokenKind {
    const text = this.source.text;
    const start = this.pos;
    let strings = 0;
    let stringStart = -1;
    let stringEnd = -1;
    let punctuation = false;
    let bytes: Uint8Array | undefined;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (isIdChar(c)) {
        this.pos++;
      } else if (c === QUOTE) {
        strings++;
        stringStart = this.pos;
        bytes = this.scanString();
        stringEnd = this.pos;
      } else if (c === SEMICOLON ? text.charCodeAt(this.pos + 1) !== SEMICOLON : c < 0x80 && RESERVED_EXTRA[c] === 1) {
        punctuation = true;
        this.pos++;
      } else {
        break;
      }
    }
    const end = this.pos;
    this.token('reserved', start, end);
    this.text = text.slice(start, end);
    if (punctuation || strings > 1) return 'reserved';
    if (strings === 1) {
      if (stringStart === start && stringEnd === end) {
        this.bytes = bytes;
        return (this.kind = 'string');
      }
      // `$"..."`: an identifier written as a string; it must be a non-empty valid UTF-8 name.
      if (stringStart === start + 1 && stringEnd === end && text.charCodeAt(start) === DOLLAR) {
        const name = decodeUtf8(bytes!);
        if (name === undefined) this.source.fail('malformed UTF-8 encoding', start);
        if (name.length === 0) this.source.fail('empty identifier', start);
        this.text = name;
        return (this.kind = 'id');
      }
      return 'reserved';
    }
    if (text.charCodeAt(start) === DOLLAR) {
      if (end - start === 1) return 'reserved'; // a lone `$`
      this.text = text.slice(start + 1, end);
      return (this.kind = 'id');
    }
    return (this.kind = 'atom');
  }

  /** Reads a string literal at `pos` (a `"`), returning its bytes. */
  private scanString(): Uint8Array {
    const text = this.source.text;
    const start = this.pos;
    this.scratchLength = 0;
    let i = start + 1;
    for (;;) {
      if (i >= text.length) this.source.fail('unclosed string', start);
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        i = this.scanEscape(i);
      } else if (c < 0x20 || c === 0x7f) {
        this.source.fail('illegal control character in string', i);
      } else if (c < 0x80) {
        this.push(c);
        i++;
      } else {
        const point = text.codePointAt(i)!;
        if (point >= 0xd800 && point < 0xe000) this.source.fail('malformed UTF-8 encoding', i); // a lone surrogate
        this.pushCodePoint(point);
        i += point > 0xffff ? 2 : 1;
      }
    }
    this.pos = i + 1;
    return this.scratch.slice(0, this.scratchLength);
  }

  /** An escape sequence at `i` (a backslash); returns the index after it. */
  private scanEscape(i: number): number {
    const text = this.source.text;
    const c = text.charCodeAt(i + 1);
    switch (c) {
      case 0x74: // t
        this.push(0x09);
        return i + 2;
      case 0x6e: // n
        this.push(0x0a);
        return i + 2;
      case 0x72: // r
        this.push(0x0d);
        return i + 2;
      case QUOTE:
      case 0x27: // '
      case BACKSLASH:
        this.push(c);
        return i + 2;
      case 0x75: {
        // u{hexnum}: a Unicode scalar value, written as its UTF-8 bytes
        if (text.charCodeAt(i + 2) !== 0x7b) this.source.fail('illegal escape', i);
        let j = i + 3;
        let value = 0;
        let digits = 0;
        for (;;) {
          const d = text.charCodeAt(j);
          if (isHexDigit(d)) {
            value = value * 16 + hexValue(d);
            digits++;
            j++;
          } else if (d === 0x5f && digits > 0 && isHexDigit(text.charCodeAt(j + 1))) {
            j++;
          } else {
            break;
          }
        }
        if (digits === 0 || text.charCodeAt(j) !== 0x7d) this.source.fail('illegal escape', i);
        if (value >= 0x110000 || (value >= 0xd800 && value < 0xe000)) this.source.fail('illegal escape: not a Unicode scalar value', i);
        this.pushCodePoint(value);
        return j + 1;
      }
      default:
        if (isHexDigit(c) && isHexDigit(text.charCodeAt(i + 2))) {
          this.push(hexValue(c) * 16 + hexValue(text.charCodeAt(i + 2)));
          return i + 3;
        }
        return this.source.fail('illegal escape', i);
    }
  }

  private push(byte: number): void {
    if (this.scratchLength === this.scratch.length) {
      const grown = new Uint8Array(this.scratch.length * 2);
      grown.set(this.scratch);
      this.scratch = grown;
    }
    this.scratch[this.scratchLength++] = byte;
  }

  private pushCodePoint(point: number): void {
    if (point < 0x80) {
      this.push(point);
    } else if (point < 0x800) {
      this.push(0xc0 | (point >> 6));
      this.push(0x80 | (point & 0x3f));
    } else if (point < 0x10000) {
      this.push(0xe0 | (point >> 12));
      this.push(0x80 | ((point >> 6) & 0x3f));
      this.push(0x80 | (point & 0x3f));
    } else {
      this.push(0xf0 | (point >> 18));
      this.push(0x80 | ((point >> 12) & 0x3f));
      this.push(0x80 | ((point >> 6) & 0x3f));
      this.push(0x80 | (point & 0x3f));
    }
  }
}
