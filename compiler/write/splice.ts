/**
 * Placeholders in the module writer's text, and the splicing that replaces them. Large text
 * is kept out of the tools that would have to read all of it:
 * - instantiate's body is one placeholder when ts-morph builds the file (ts-morph parses
 *   what it is given: a quarter of sql.js's compile time and 180 MiB of its peak memory);
 * - each function of that body is a placeholder of its own in the module's text, so the
 *   formatter can format the rest and then the functions a chunk at a time (prettier on the
 *   whole of sql.js's 7 MB needed 1.6 GB).
 * Each placeholder is a statement on a line of its own: the body's is a line comment, each
 * function's a call of a name nothing else has (prettier took 1.6 s over 2,069 comments in
 * sql.js's text, 0.3 s without them). What replaces a placeholder is indented as it is, every
 * line of it, except that empty lines stay empty: the emitted code has no template literals,
 * so indenting a line cannot change a string's contents.
 */

/** The statement that stands for instantiate's body until spliceBody replaces it. */
export const BODY_PLACEHOLDER = '// @@wasm2ts: instantiate body@@';

/*
 * What the formatter relies on (../format.ts formats functions apart from the rest, in
 * chunks): each function text is one or more whole top-level declarations, optionally after
 * line comments, with no blank line or whitespace before or after it (checked there), no
 * block comment over several lines (prettier keeps those as written, so their indentation
 * would differ), and no statement that starts with `(`, `[` or a string (which would join with
 * the statement before it, or become a directive at the start of a chunk).
 */

const FUNCTION_NAME = 'wasm2ts$function';
const SEPARATOR_NAME = 'wasm2ts$next';

/** The names the placeholders and the separator call: the writer gives no identifier these names. */
export const PLACEHOLDER_NAMES = [FUNCTION_NAME, SEPARATOR_NAME] as const;

/** The statement between two functions of a chunk that ../format.ts formats. */
export const CHUNK_SEPARATOR = `${SEPARATOR_NAME}();`;

/** The statement that stands for function `k` (in the writer's order) until spliceFunctions replaces it. */
export function functionPlaceholder(k: number): string {
  return `${FUNCTION_NAME}(${k});`;
}

const FUNCTION_PLACEHOLDER_LINE = new RegExp(String.raw`^([ \t]*)${FUNCTION_NAME.replace('$', '\\$')}\((\d+)\);$`);

/** `text` with the body placeholder's line replaced by the lines of `body`. */
export function spliceBody(text: string, body: readonly string[]): string {
  // The last occurrence: instantiate is the file's last declaration, and an import or export
  // name quoted in the interfaces above it may hold any text, this placeholder's too.
  const at = text.lastIndexOf(BODY_PLACEHOLDER);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  return text.slice(0, lineStart) + indentLines(body.join('\n'), text.slice(lineStart, at)) + text.slice(at + BODY_PLACEHOLDER.length);
}

/**
 * The function placeholders of `text`, in order, with the indentation of each. Only the
 * writer's own count: the k-th placeholder line must name function k, and a line that does
 * not continue that count is not a placeholder.
 */
export function functionPlaceholders(text: string): string[] {
  const indentations: string[] = [];
  for (const line of text.split('\n')) {
    const m = FUNCTION_PLACEHOLDER_LINE.exec(line);
    if (m && Number(m[2]) === indentations.length) indentations.push(m[1]!);
  }
  return indentations;
}

/** `text` with the line of each function placeholder `k` replaced by `functions[k]`. */
export function spliceFunctions(text: string, functions: readonly string[]): string {
  const out: string[] = [];
  let next = 0;
  for (const line of text.split('\n')) {
    const m = next < functions.length ? FUNCTION_PLACEHOLDER_LINE.exec(line) : null;
    if (m && Number(m[2]) === next) out.push(indentLines(functions[next++]!, m[1]!));
    else out.push(line);
  }
  if (next !== functions.length) throw new Error(`internal: ${functions.length - next} of ${functions.length} function placeholders not found`);
  return out.join('\n');
}

/** Every non-empty line of `text` prefixed with `indentation`. */
export function indentLines(text: string, indentation: string): string {
  return indentation ? text.split('\n').map((line) => (line ? indentation + line : line)).join('\n') : text;
}
