/**
 * Formatting of generated TypeScript with prettier, the field's standard formatter.
 *
 * A module is formatted in parts: first its text with a placeholder for each function (the
 * module writer's output, ./write/splice.ts), then its functions in chunks of about
 * FORMAT_CHUNK characters, each at the width left by its placeholder's indentation, then
 * the functions are spliced in. The result is the text prettier gives for the whole module
 * (prettier measures a line's width from its start, indentation included), but prettier
 * never holds more than one chunk: sql.js's 7 MB formatted in 1.6 GB whole, 0.4 GB this way.
 */
import { CompileError } from './errors.js';
import { functionPlaceholders, spliceFunctions } from './write/splice.js';

/** The width prettier fills lines to. */
const PRINT_WIDTH = 110;

/** About how many characters of functions go to prettier at once. */
const FORMAT_CHUNK = 200_000;

/** Separates the functions of a chunk: a line comment stays where it is, between two statements. */
const SEPARATOR = '// @@wasm2ts: next function@@';

/** The module formatted, its functions spliced in (see the module comment). `chunk`: for tests. */
export async function formatModule(ts: string, functions: readonly string[], chunk = FORMAT_CHUNK): Promise<string> {
  const skeleton = await formatTs(ts);
  const indentations = functionPlaceholders(skeleton);
  if (indentations.length !== functions.length) throw new CompileError(`internal: ${functions.length - indentations.length} function placeholders lost in formatting`);
  const formatted: string[] = [];
  for (let start = 0; start < functions.length; ) {
    // A chunk: consecutive functions at one indentation, up to FORMAT_CHUNK characters.
    let end = start + 1;
    let size = functions[start]!.length;
    while (end < functions.length && indentations[end] === indentations[start] && size + functions[end]!.length <= chunk) size += functions[end++]!.length;
    formatted.push(...(await formatChunk(functions.slice(start, end), PRINT_WIDTH - indentations[start]!.length)));
    start = end;
  }
  return spliceFunctions(skeleton, formatted);
}

/** Each of `functions` formatted at `printWidth`, without its final newline. */
async function formatChunk(functions: readonly string[], printWidth: number): Promise<string[]> {
  const pieces = (await formatTs(functions.join(`\n${SEPARATOR}\n`), printWidth)).replace(/\n$/, '').split(`\n${SEPARATOR}\n`);
  if (pieces.length === functions.length) return pieces;
  // Prettier moved a separator (not seen): format them one by one.
  const one: string[] = [];
  for (const f of functions) one.push((await formatTs(f, printWidth)).replace(/\n$/, ''));
  return one;
}

export async function formatTs(code: string, printWidth = PRINT_WIDTH): Promise<string> {
  const prettier = await import('prettier');
  // `filepath` matters: without it prettier's typescript parser is superlinear (DESIGN.md).
  try {
    return await prettier.format(code, { parser: 'typescript', filepath: 'module.ts', singleQuote: true, printWidth });
  } catch (e) {
    throw new CompileError(`internal: generated code did not parse for formatting: ${(e as Error).message.split('\n')[0]}`);
  }
}
