/**
 * S-expressions: the token stream as a tree of atoms and parenthesised lists. Built with an
 * explicit stack, so any nesting depth is fine; everything after this walks the tree.
 */
import { assertNever } from '../../errors.js';
import { Lexer } from './lexer.js';
import type { WatSource } from './source.js';

export interface Atom {
  readonly kind: 'atom' | 'id' | 'string' | 'reserved';
  /** UTF-16 span in the text. */
  readonly start: number;
  readonly end: number;
  /** The source text; for ids the name without `$` (decoded, for `$"..."`). */
  readonly text: string;
  /** A string's bytes. */
  readonly bytes?: Uint8Array;
}

export interface List {
  readonly kind: 'list';
  readonly items: readonly Node[];
  /** Index of the `(`. */
  readonly start: number;
  /** Index after the `)`. */
  readonly end: number;
}

export type Node = Atom | List;

interface OpenList {
  items: Node[];
  start: number;
}

/** Reads the whole text as a sequence of top-level nodes. */
export function readTree(source: WatSource): Node[] {
  const lexer = new Lexer(source);
  const top: Node[] = [];
  const open: OpenList[] = [];
  let items = top;
  for (;;) {
    const kind = lexer.next();
    switch (kind) {
      case 'eof':
        if (open.length > 0) source.fail('unexpected end: unclosed parenthesis', open[open.length - 1].start);
        return top;
      case 'lparen': {
        const list: OpenList = { items: [], start: lexer.start };
        open.push(list);
        items = list.items;
        break;
      }
      case 'rparen': {
        const closed = open.pop();
        if (closed === undefined) source.fail('unexpected token: unbalanced )', lexer.start);
        items = open.length > 0 ? open[open.length - 1].items : top;
        items.push({ kind: 'list', items: closed.items, start: closed.start, end: lexer.end });
        break;
      }
      case 'atom':
      case 'id':
      case 'reserved':
        items.push({ kind, start: lexer.start, end: lexer.end, text: lexer.text });
        break;
      case 'string':
        items.push({ kind, start: lexer.start, end: lexer.end, text: lexer.text, bytes: lexer.bytes });
        break;
      default:
        assertNever(kind, 'token kind');
    }
  }
}

/** The keyword a list starts with, if its first item is an atom. */
export function headOf(node: Node | undefined): string | undefined {
  if (node?.kind !== 'list') return undefined;
  const first = node.items[0];
  return first?.kind === 'atom' ? first.text : undefined;
}
