/**
 * S-expression reader for .wast scripts. Works on the raw bytes of the file so that byte
 * offsets (spans) are exact and strings can hold arbitrary bytes (`\ff` escapes, raw UTF-8).
 *
 * Lexical rules follow the WebAssembly text format: `;;` line comments, nested `(; ;)` block
 * comments, strings with `\t \n \r \" \' \\ \hh \u{...}` escapes, `$"..."` quoted identifiers,
 * and annotations `(@id ...)` (read as ordinary lists whose head atom starts with `@`).
 */

export interface Span {
  /** Byte offset of the first byte. */
  start: number;
  /** Byte offset one past the last byte. */
  end: number;
  /** 1-based line of `start`. */
  line: number;
}

export interface SList extends Span {
  kind: 'list';
  items: SExpr[];
}

export interface SAtom extends Span {
  kind: 'atom';
  /** The token's source text (for `$"..."` identifiers: `$` + decoded string). */
  text: string;
}

export interface SString extends Span {
  kind: 'string';
  /** The decoded bytes. */
  bytes: Uint8Array;
}

export type SExpr = SList | SAtom | SString;

export class ParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly offset: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'ParseError';
  }
}

const LPAREN = 0x28;
const RPAREN = 0x29;
const SEMI = 0x3b;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NL = 0x0a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Characters that end an atom (besides whitespace). */
function isDelimiter(c: number): boolean {
  return c === LPAREN || c === RPAREN || c === QUOTE || c === SEMI || isSpace(c);
}

// ignoreBOM: a leading U+FEFF is content (names.wast exports "\u{feff}"), not a byte-order mark.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const latin1 = new TextDecoder('latin1');

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** True when the bytes are well-formed UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

class Reader {
  pos = 0;
  line = 1;
  constructor(readonly src: Uint8Array) {}

  error(msg: string): never {
    throw new ParseError(msg, this.line, this.pos);
  }

  /** Skips whitespace and comments. */
  skipTrivia(): void {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === NL) {
        this.line++;
        this.pos++;
      } else if (isSpace(c)) {
        this.pos++;
      } else if (c === SEMI && s[this.pos + 1] === SEMI) {
        while (this.pos < s.length && s[this.pos] !== NL) this.pos++;
      } else if (c === LPAREN && s[this.pos + 1] === SEMI) {
        this.skipBlockComment();
      } else {
        break;
      }
    }
  }

  private skipBlockComment(): void {
    const s = this.src;
    const startLine = this.line;
    let depth = 0;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === LPAREN && s[this.pos + 1] === SEMI) {
        depth++;
        this.pos += 2;
      } else if (c === SEMI && s[this.pos + 1] === RPAREN) {
        depth--;
        this.pos += 2;
        if (depth === 0) return;
      } else {
        if (c === NL) this.line++;
        this.pos++;
      }
    }
    throw new ParseError('unterminated block comment', startLine, this.pos);
  }

  /** Reads a string starting at the opening quote; returns decoded bytes. */
  readString(): Uint8Array {
    const s = this.src;
    const out: number[] = [];
    this.pos++; // opening quote
    for (;;) {
      if (this.pos >= s.length) this.error('unterminated string');
      const c = s[this.pos]!;
      if (c === QUOTE) {
        this.pos++;
        return Uint8Array.from(out);
      }
      if (c === NL) this.error('newline in string');
      if (c !== BACKSLASH) {
        out.push(c);
        this.pos++;
        continue;
      }
      const e = s[this.pos + 1];
      if (e === undefined) this.error('unterminated string');
      switch (e) {
        case 0x74: // t
          out.push(0x09);
          this.pos += 2;
          break;
        case 0x6e: // n
          out.push(0x0a);
          this.pos += 2;
          break;
        case 0x72: // r
          out.push(0x0d);
          this.pos += 2;
          break;
        case QUOTE:
        case 0x27: // '
        case BACKSLASH:
          out.push(e);
          this.pos += 2;
          break;
        case 0x75: {
          // u{hex}
          if (s[this.pos + 2] !== 0x7b) this.error('bad \\u escape');
          let p = this.pos + 3;
          let cp = 0;
          let digits = 0;
          while (p < s.length && s[p] !== 0x7d) {
            const v = hexVal(s[p]!);
            if (v < 0) {
              if (s[p] === 0x5f && digits > 0) {
                p++;
                continue;
              }
              this.error('bad \\u escape');
            }
            cp = cp * 16 + v;
            digits++;
            p++;
          }
          if (s[p] !== 0x7d || digits === 0) this.error('bad \\u escape');
          if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) this.error('bad \\u code point');
          pushUtf8(out, cp);
          this.pos = p + 1;
          break;
        }
        default: {
          const h = hexVal(e);
          const l = hexVal(s[this.pos + 2] ?? 0);
          if (h < 0 || l < 0) this.error(`bad escape \\${String.fromCharCode(e)}`);
          out.push(h * 16 + l);
          this.pos += 3;
        }
      }
    }
  }

  readAtom(): SAtom {
    const s = this.src;
    const start = this.pos;
    const line = this.line;
    // `$"..."`: quoted identifier.
    if (s[start] === 0x24 && s[start + 1] === QUOTE) {
      this.pos++;
      const bytes = this.readString();
      return { kind: 'atom', text: '$' + decodeUtf8(bytes), start, end: this.pos, line };
    }
    while (this.pos < s.length && !isDelimiter(s[this.pos]!)) this.pos++;
    if (this.pos === start) this.pos++; // a lone reserved character such as `;`
    return { kind: 'atom', text: latin1.decode(s.subarray(start, this.pos)), start, end: this.pos, line };
  }

  readExpr(): SExpr {
    const s = this.src;
    const c = s[this.pos]!;
    const start = this.pos;
    const line = this.line;
    if (c === LPAREN) {
      this.pos++;
      const items: SExpr[] = [];
      for (;;) {
        this.skipTrivia();
        if (this.pos >= s.length) throw new ParseError('unclosed parenthesis', line, start);
        if (s[this.pos] === RPAREN) {
          this.pos++;
          return { kind: 'list', items, start, end: this.pos, line };
        }
        items.push(this.readExpr());
      }
    }
    if (c === RPAREN) this.error('unexpected )');
    if (c === QUOTE) {
      const bytes = this.readString();
      return { kind: 'string', bytes, start, end: this.pos, line };
    }
    return this.readAtom();
  }
}

/** Reads all top-level s-expressions of a script. */
export function readSExprs(src: Uint8Array): SExpr[] {
  const r = new Reader(src);
  const out: SExpr[] = [];
  for (;;) {
    r.skipTrivia();
    if (r.pos >= src.length) return out;
    out.push(r.readExpr());
  }
}

/** Renders an s-expression back to text (for messages). Strings are shown with escapes. */
export function show(e: SExpr, max = 200): string {
  let s: string;
  if (e.kind === 'atom') s = e.text;
  else if (e.kind === 'string') s = JSON.stringify(latin1.decode(e.bytes));
  else s = '(' + e.items.map((x) => show(x, max)).join(' ') + ')';
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
}
