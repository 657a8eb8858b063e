/** The text format's lexical layer: tokens, strings, comments, annotations (compiler/load/wat/lexer.ts, sexpr.ts). */
import test from 'ava';
import { CompileError } from '../../compiler/errors.js';
import { readTree, type Node } from '../../compiler/load/wat/sexpr.js';
import { WatSource } from '../../compiler/load/wat/source.js';

/** The tree as a compact string: lists in parentheses, atoms as kind:text. */
function show(text: string): string {
  const render = (node: Node): string => {
    if (node.kind === 'list') return `(${node.items.map(render).join(' ')})`;
    if (node.kind === 'string') return `string:${[...node.bytes!].join(',')}`;
    return `${node.kind}:${node.text}`;
  };
  return readTree(new WatSource(text)).map(render).join(' ');
}

function problem(text: string): string | undefined {
  try {
    readTree(new WatSource(text));
    return undefined;
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return e.problem;
  }
}

test('atoms, identifiers and lists', (t) => {
  t.is(show('(module $m (func $f (i32.const -0x1_0)))'), '(atom:module id:m (atom:func id:f (atom:i32.const atom:-0x1_0)))');
  t.is(show('(func(nop)nop)'), '(atom:func (atom:nop) atom:nop)');
  t.is(show('$!?@#a$%^&*b-+_.:9\'`|/\\<=>~'), "id:!?@#a$%^&*b-+_.:9'`|/\\<=>~");
});

test('identifiers written as strings', (t) => {
  t.is(show('$"a b"'), 'id:a b');
  t.is(show('$"\\41B"'), 'id:AB');
  t.is(problem('$""'), 'empty identifier');
  t.is(problem('$"\\ef"'), 'malformed UTF-8 encoding');
});

test('longest match: tokens not separated by space or parentheses are one token', (t) => {
  // Identifier characters only: an atom, which the parser rejects as neither keyword nor number.
  t.is(show('0$x'), 'atom:0$x');
  // With strings or punctuation: reserved, malformed wherever it appears.
  t.is(show('"a""b"'), 'reserved:"a""b"');
  t.is(show('$x"a"'), 'reserved:$x"a"');
  t.is(show('$"l"0'), 'reserved:$"l"0');
  t.is(show('a,b'), 'reserved:a,b');
  t.is(show('$'), 'reserved:$');
});

test('string escapes and raw characters become bytes', (t) => {
  t.is(show('"\\t\\n\\r\\"\\\'\\\\"'), 'string:9,10,13,34,39,92');
  t.is(show('"\\00\\ff\\Ab"'), 'string:0,255,171');
  t.is(show('"\\u{41}\\u{1_F600}"'), 'string:65,240,159,152,128');
  t.is(show('"é😀"'), 'string:195,169,240,159,152,128');
  t.is(problem('"a\nb"'), 'illegal control character in string');
  t.is(problem('"\\q"'), 'illegal escape');
  t.is(problem('"\\u{d800}"'), 'illegal escape: not a Unicode scalar value');
  t.is(problem('"abc'), 'unclosed string');
});

test('comments: line comments end at a line feed or carriage return, block comments nest', (t) => {
  t.is(show('a ;; b\nc ;; d\re'), 'atom:a atom:c atom:e');
  t.is(show('nop;;x\nnop'), 'atom:nop atom:nop');
  t.is(show('a (; b (; c ;) d ;) e'), 'atom:a atom:e');
  t.is(show('(;comment";)(;;;)x'), 'atom:x');
  t.is(problem('(; (; ;)'), 'unclosed comment');
});

test('annotations are white space, their strings and comments lexed', (t) => {
  t.is(show('(func (@name "f") (@a (b "c)") (; ) ;) (@d)) nop)'), '(atom:func atom:nop)');
  t.is(show('(@a , ; ] [ }} }x{ ({) ,{{};}] ;)x'), 'atom:x');
  t.is(problem('(@a "'), 'unclosed string');
  t.is(problem('(@a (b)'), 'unclosed annotation');
  t.is(problem('(@ a)'), 'empty annotation id');
  t.is(problem('(@"" a)'), 'empty annotation id');
});

test('characters outside the language', (t) => {
  t.is(problem('(func ü)'), 'illegal character');
  t.is(problem('(func \u0001)'), 'illegal character');
});

test('parentheses must balance', (t) => {
  t.is(problem('(a (b)'), 'unexpected end: unclosed parenthesis');
  t.is(problem('(a))'), 'unexpected token: unbalanced )');
});

test('positions convert to UTF-8 byte offsets', (t) => {
  const text = '"ü" (; ü ;) 0$x';
  const index = text.indexOf('0$x');
  t.is(new WatSource(text).byteOffset(index), Buffer.byteLength(text.slice(0, index)));
  t.is(new WatSource('😀x').byteOffset(2), 4);
});
