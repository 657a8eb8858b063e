/**
 * A cursor over the items of one list, with the small parsing steps every construct uses:
 * optional identifiers, keywords, strings, names and unsigned literals, and the errors
 * for whatever does not fit.
 */
import { isKnownKeyword } from './keywords.js';
import { decodeUtf8 } from './lexer.js';
import { parseFloatLiteral } from './float-literal.js';
import { parseIntegerLiteral, unsignedValue } from './numbers.js';
import type { Atom, List, Node } from './sexpr.js';
import type { WatSource } from './source.js';

export class Cursor {
  constructor(
    readonly source: WatSource,
    readonly items: readonly Node[],
    /** Index of the next item. */
    public pos: number,
    /** Where an error about a missing item points: the list's closing parenthesis. */
    readonly endIndex: number,
  ) {}

  /** A cursor over a list's items after its head keyword. */
  static inside(source: WatSource, list: List, from = 1): Cursor {
    return new Cursor(source, list.items, from, list.end - 1);
  }

  atEnd(): boolean {
    return this.pos >= this.items.length;
  }

  peek(): Node | undefined {
    return this.items[this.pos];
  }

  next(): Node | undefined {
    return this.items[this.pos++];
  }

  /** The head keyword of the next item, if it is a list that starts with one. */
  peekHead(): string | undefined {
    const node = this.items[this.pos];
    if (node?.kind !== 'list') return undefined;
    const first = node.items[0];
    return first?.kind === 'atom' ? first.text : undefined;
  }

  /** The next item if it is a list headed by `keyword`. */
  takeList(keyword: string): List | undefined {
    if (this.peekHead() !== keyword) return undefined;
    return this.next() as List;
  }

  /** Whether the next item is the atom `keyword`; consumes it if so. */
  takeKeyword(keyword: string): boolean {
    const node = this.items[this.pos];
    if (node?.kind === 'atom' && node.text === keyword) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** The next item, if it is an identifier. */
  takeId(): Atom | undefined {
    const node = this.items[this.pos];
    if (node?.kind !== 'id') return undefined;
    this.pos++;
    return node;
  }

  /** Whether the next item can be an index: an identifier or an unsigned-looking number. */
  peekIsIndex(): boolean {
    return isIndex(this.items[this.pos]);
  }

  /** The next item, which must exist. */
  expect(what: string): Node {
    const node = this.items[this.pos];
    if (node === undefined) this.source.fail(`unexpected token: expected ${what}`, this.endIndex);
    this.pos++;
    return node;
  }

  /** A string's bytes. */
  expectString(what = 'a string'): Uint8Array {
    const node = this.expect(what);
    if (node.kind !== 'string') this.unexpected(node, what);
    return node.bytes!;
  }

  /** A string that must be valid UTF-8: a name. */
  expectName(): string {
    const node = this.expect('a name');
    if (node.kind !== 'string') this.unexpected(node, 'a name');
    const name = decodeUtf8(node.bytes!);
    if (name === undefined) this.source.fail('malformed UTF-8 encoding', node.start);
    return name;
  }

  /** An unsigned literal of up to 64 bits (limits and memory offsets are u64 in the text format). */
  expectUnsigned(what: string, bits: 32 | 64): bigint {
    const node = this.expect(what);
    return unsignedLiteral(this.source, node, what, bits);
  }

  /** Requires the list to be finished. */
  expectEnd(): void {
    const node = this.items[this.pos];
    if (node !== undefined) this.unexpected(node);
  }

  /** An item that does not belong where it is. Reserved tokens are "unknown operator", as the spec's tests expect. */
  unexpected(node: Node | undefined, expected?: string): never {
    const suffix = expected === undefined ? '' : `: expected ${expected}`;
    if (node === undefined) return this.source.fail(`unexpected token${suffix}`, this.endIndex);
    return failUnexpected(this.source, node, suffix);
  }
}

/**
 * An item that does not belong where it is: "unexpected token", except for tokens that are
 * not tokens of the language at all (reserved ones, and words that are no keyword), which
 * the spec's tests call "unknown operator".
 */
export function failUnexpected(source: WatSource, node: Node, suffix = ''): never {
  if (node.kind === 'reserved') {
    if (node.text === '$') source.fail('empty identifier', node.start);
    source.fail(`unknown operator ${node.text}`, node.start);
  }
  if (node.kind === 'atom' && (isLowercaseLetter(node.text.charCodeAt(0)) ? !isKnownKeyword(node.text) : !isNumericToken(node.text))) {
    source.fail(`unknown operator ${node.text}`, node.start);
  }
  const shown = node.kind === 'list' ? '(' : node.kind === 'id' ? '$' + node.text : node.text;
  return source.fail(`unexpected token ${shown}${suffix}`, node.start);
}

function isLowercaseLetter(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

/** Whether a node can be an index: an identifier or a number. */
export function isIndex(node: Node | undefined): boolean {
  if (node === undefined) return false;
  if (node.kind === 'id') return true;
  if (node.kind !== 'atom') return false;
  const c = node.text.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}

/** An unsigned literal below 2^bits; a malformed number is an "unknown operator", like the reference lexer says. */
export function unsignedLiteral(source: WatSource, node: Node, what: string, bits: 32 | 64): bigint {
  if (node.kind !== 'atom') failUnexpected(source, node, `: expected ${what}`);
  const literal = parseIntegerLiteral(node.text);
  if (literal === undefined) failNotLiteral(source, node, what);
  const value = unsignedValue(literal, bits);
  if (value === undefined) failUnexpected(source, node, `: expected ${what} (unsigned)`);
  if (value === 'out of range') source.fail(`i${bits} constant out of range: ${node.text}`, node.start);
  return value;
}

/**
 * A token where a number literal of some kind was expected: a token of another kind (a
 * keyword, a float where an integer should be) is unexpected; text that is no token at all
 * (`1__0`, `0x`) is an unknown operator.
 */
export function failNotLiteral(source: WatSource, node: Atom, what: string): never {
  if (isNumericToken(node.text)) failUnexpected(source, node, `: expected ${what}`);
  const c = node.text.charCodeAt(0);
  if (!isLowercaseLetter(c)) source.fail(`unknown operator ${node.text}: not ${what}`, node.start);
  return failUnexpected(source, node, `: expected ${what}`);
}

/** Whether the text is some number token: an integer, a float, or a NaN pattern of the script format. */
function isNumericToken(text: string): boolean {
  return parseIntegerLiteral(text) !== undefined || parseFloatLiteral(text, 'f64').kind !== 'not a literal' || /^[+-]?nan:(?:canonical|arithmetic)$/.test(text);
}
