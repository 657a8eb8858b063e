/**
 * Rewrites WebAssembly text, before binaryen parses it, around binaryen 132's text-format
 * bugs that would otherwise change a module silently or reject a valid one:
 * - f32/f64 literals are replaced by exactly rounded spellings (float-literal.ts), and a
 *   literal that overflows is reported as the spec's "constant out of range";
 * - a carriage return ends a line comment (binaryen reads on to the next line feed, so
 *   the code after the comment disappears);
 * - the abbreviated offset of a data or element segment, `(data (i32.add ...) ...)`, is
 *   written out as `(offset ...)`, which binaryen requires when the instruction has operands;
 * - a memory access `offset=` of 2^32 or more is rejected ("offset out of range"): binaryen
 *   would wrap it modulo 2^32 (memory64, where it is legal, is not supported anyway);
 * - non-ASCII characters in strings are written as \hh escapes of their UTF-8 bytes:
 *   binaryen refuses strings that contain U+FEFF (a byte order mark) as written.
 *
 * Only comments, strings and parentheses are understood; everything else is left to
 * binaryen. Positions in the rewritten text map back to the original for error messages.
 */
import { CompileError } from '../errors.js';
import { exactFloatText, parseFloatLiteral, type FloatType } from './float-literal.js';

interface Atom {
  readonly kind: 'atom';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

interface List {
  readonly kind: 'list';
  readonly items: Node[];
  readonly start: number;
  /** One past the closing parenthesis (or the end of the text if unclosed). */
  end: number;
}

type Node = Atom | List;

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface NormalizedText {
  readonly text: string;
  /** Maps a UTF-16 index in `text` back to one in the original. */
  readonly originalIndex: (index: number) => number;
}

export function normalizeForBinaryen(original: string): NormalizedText {
  const edits: Edit[] = [];
  const root = parseTree(original, edits);
  const byteOffset = (index: number) => Buffer.byteLength(original.slice(0, index), 'utf8');
  visit(root, { edits, byteOffset });
  return applyEdits(original, edits);
}

interface Rewrite {
  readonly edits: Edit[];
  /** UTF-8 byte offset of a UTF-16 index in the original text, for errors. */
  readonly byteOffset: (index: number) => number;
}

/** Tokens and lists; carriage returns that end line comments become edits on the way. */
function parseTree(text: string, edits: Edit[]): List {
  const root: List = { kind: 'list', items: [], start: 0, end: text.length };
  const open: List[] = [root];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ';' && text[i + 1] === ';') {
      while (i < text.length && text[i] !== '\n') {
        if (text[i] === '\r') {
          if (text[i + 1] !== '\n') edits.push({ start: i, end: i + 1, text: '\n' });
          break;
        }
        i++;
      }
    } else if (c === '(' && text[i + 1] === ';') {
      i = skipBlockComment(text, i);
    } else if (c === '(') {
      const list: List = { kind: 'list', items: [], start: i, end: text.length };
      open[open.length - 1].items.push(list);
      open.push(list);
      i++;
    } else if (c === ')') {
      if (open.length > 1) open.pop()!.end = i + 1;
      i++;
    } else if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      const literal = text.slice(start, i);
      if (i < text.length && !' \t\n\r();'.includes(text[i])) {
        throw new CompileError('unknown operator: a string must be followed by a space or a parenthesis', Buffer.byteLength(text.slice(0, i), 'utf8'));
      }
      open[open.length - 1].items.push({ kind: 'atom', text: literal, start, end: i });
      if (/[^\x00-\x7f]/.test(literal)) edits.push({ start, end: i, text: escapeNonAscii(literal) });
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else {
      const start = i;
      while (i < text.length && !' \t\n\r()";'.includes(text[i])) i++;
      if (i === start) i++; // a lone ';'
      // `$"..."` (and `@"..."`) are quoted identifiers, one token with the string.
      if (text[i] === '"' && !(i - start === 1 && (text[start] === '$' || text[start] === '@'))) {
        throw new CompileError('unknown operator: a string must be preceded by a space or a parenthesis', Buffer.byteLength(text.slice(0, i), 'utf8'));
      }
      open[open.length - 1].items.push({ kind: 'atom', text: text.slice(start, i), start, end: i });
    }
  }
  return root;
}

function escapeNonAscii(literal: string): string {
  let out = '';
  for (const char of literal) {
    if (char.charCodeAt(0) < 0x80) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += '\\' + byte.toString(16).padStart(2, '0');
  }
  return out;
}

function skipBlockComment(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    if (text[i] === '(' && text[i + 1] === ';') {
      depth++;
      i += 2;
    } else if (text[i] === ';' && text[i + 1] === ')') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return i;
}

/** Walks the tree; an explicit stack, so deeply nested text cannot overflow the JS stack. */
function visit(root: List, rewrite: Rewrite): void {
  const pending: { list: List; isModule: boolean }[] = [{ list: root, isModule: true }];
  while (pending.length > 0) {
    const { list, isModule } = pending.pop()!;
    const items = list.items;
    for (let k = 0; k < items.length; k++) {
      const item = items[k];
      if (item.kind === 'list') {
        const head = item.items[0];
        const headText = head?.kind === 'atom' ? head.text : '';
        // Segment fields of the module; not the inline (elem ...) and (data ...) of tables and memories.
        if (isModule && (headText === 'data' || headText === 'elem')) wrapAbbreviatedOffset(item.items, headText, rewrite.edits);
        if (headText === 'func') checkLocalNames(item, rewrite);
        pending.push({ list: item, isModule: headText === 'module' });
      } else if (item.text === 'f32.const' || item.text === 'f64.const') {
        const literal = items[k + 1];
        if (literal?.kind === 'atom') rewriteFloat(literal, item.text === 'f32.const' ? 'f32' : 'f64', rewrite);
      } else if (item.text.startsWith('offset=')) {
        checkMemoryOffset(item, rewrite);
      }
    }
  }
}

function rewriteFloat(literal: Atom, type: FloatType, rewrite: Rewrite): void {
  const parsed = parseFloatLiteral(literal.text, type);
  switch (parsed.kind) {
    case 'number':
      rewrite.edits.push({ start: literal.start, end: literal.end, text: exactFloatText(parsed.value) });
      return;
    case 'out of range':
      throw new CompileError(`constant out of range: ${literal.text} is not a finite ${type}`, rewrite.byteOffset(literal.start));
    case 'nan':
    case 'not a literal':
      return;
  }
}

function checkLocalNames(func: List, rewrite: Rewrite): void {
  const seen = new Set<string>();
  for (const declaration of func.items) {
    if (declaration.kind !== 'list') continue;
    const [keyword, name] = declaration.items;
    if (keyword?.kind !== 'atom' || (keyword.text !== 'param' && keyword.text !== 'local')) continue;
    if (name?.kind !== 'atom' || !name.text.startsWith('$')) continue;
    if (seen.has(name.text)) throw new CompileError(`duplicate local: ${name.text}`, rewrite.byteOffset(name.start));
    seen.add(name.text);
  }
}

function checkMemoryOffset(atom: Atom, rewrite: Rewrite): void {
  const digits = atom.text.slice('offset='.length).replaceAll('_', '');
  if (!/^(?:[0-9]+|0x[0-9a-fA-F]+)$/.test(digits)) return; // malformed: binaryen reports it
  if (BigInt(digits) > 0xffffffffn) {
    throw new CompileError(`offset out of range: ${atom.text} does not fit in 32 bits (memory64 is not supported)`, rewrite.byteOffset(atom.start));
  }
}

/** `(data $id? (memory x)? (instr ...) ...)` and `(elem $id? (table x)? (instr ...) ...)`: wrap the instruction. */
function wrapAbbreviatedOffset(items: Node[], field: 'data' | 'elem', edits: Edit[]): void {
  let k = 1;
  if (items[k]?.kind === 'atom' && (items[k] as Atom).text.startsWith('$')) k++;
  const use = items[k];
  const useKeyword = field === 'data' ? 'memory' : 'table';
  if (use?.kind === 'list' && use.items[0]?.kind === 'atom' && use.items[0].text === useKeyword) k++;
  const offset = items[k];
  if (offset?.kind !== 'list') return;
  const keyword = offset.items[0];
  // Instructions are the keywords with a dot (i32.const, global.get, i32.add, ...).
  if (keyword?.kind === 'atom' && keyword.text.includes('.')) {
    edits.push({ start: offset.start, end: offset.start, text: '(offset ' });
    edits.push({ start: offset.end, end: offset.end, text: ')' });
  }
}

function applyEdits(original: string, edits: Edit[]): NormalizedText {
  if (edits.length === 0) return { text: original, originalIndex: (index) => index };
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  // Anchors: where each edit's replacement starts in the new text, and in the original.
  const anchors: { readonly newStart: number; readonly newEnd: number; readonly start: number; readonly end: number }[] = [];
  let cursor = 0;
  let length = 0;
  for (const edit of edits) {
    parts.push(original.slice(cursor, edit.start));
    length += edit.start - cursor;
    anchors.push({ newStart: length, newEnd: length + edit.text.length, start: edit.start, end: edit.end });
    parts.push(edit.text);
    length += edit.text.length;
    cursor = edit.end;
  }
  parts.push(original.slice(cursor));
  const originalIndex = (index: number): number => {
    let shift = 0;
    for (const anchor of anchors) {
      if (index < anchor.newStart) break;
      if (index < anchor.newEnd) return anchor.start; // inside a replacement: its original start
      shift = anchor.end - anchor.newEnd;
    }
    return index + shift;
  };
  return { text: parts.join(''), originalIndex };
}
