/**
 * The keywords of the text format (`select_t` is a binary-only name: in text it is
 * `select (result t)`). A token that looks like a keyword (it starts with a
 * lowercase letter) but is none of them is an "unknown operator", as the spec's tests
 * expect, rather than merely unexpected where it stands.
 */
import { OPCODES } from '../../model/opcodes.js';
import { unsupportedHeapType, unsupportedInstruction, unsupportedValueType } from './unsupported.js';

const STRUCTURE = [
  'module', 'type', 'func', 'param', 'result', 'local', 'import', 'export', 'table', 'memory', 'global',
  'elem', 'data', 'start', 'offset', 'item', 'declare', 'mut', 'ref', 'null', 'extern', 'then', 'else',
  'end', 'shared', 'pagesize', 'tag', 'rec', 'sub', 'final', 'struct', 'array', 'field', 'exact',
];
const VALUES = ['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref', 'inf', 'nan'];

const KNOWN: ReadonlySet<string> = new Set([...STRUCTURE, ...VALUES, ...OPCODES.filter((op) => op.name !== 'select_t').map((op) => op.name)]);

export function isKnownKeyword(text: string): boolean {
  return (
    KNOWN.has(text) ||
    text.startsWith('offset=') ||
    text.startsWith('align=') ||
    /^nan:(?:0x|canonical$|arithmetic$)/.test(text) ||
    unsupportedInstruction(text) !== undefined ||
    unsupportedValueType(text) !== undefined ||
    unsupportedHeapType(text) !== undefined
  );
}
