/**
 * Just enough of the .wast script format to pull out the binary modules
 * (`(module binary "..." ...)`) and what the script expects of each: a plain module
 * must load, `assert_malformed` must fail to decode, `assert_invalid` must fail to
 * validate, with the given message.
 */

export type Expectation = 'valid' | 'malformed' | 'invalid';

export interface BinaryCase {
  readonly expect: Expectation;
  /** The expected error text (for malformed and invalid). */
  readonly message?: string;
  readonly bytes: Uint8Array;
  /** 1-based line of the form in the .wast file. */
  readonly line: number;
}

interface Token {
  readonly kind: '(' | ')' | 'atom' | 'string';
  readonly text: string;
  readonly line: number;
}

/** Tokens of a .wast file; comments dropped, strings kept raw (without their quotes). */
function* tokens(source: string): Generator<Token> {
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (source.startsWith(';;', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (source.startsWith('(;', i)) {
      let depth = 1;
      i += 2;
      while (i < source.length && depth > 0) {
        if (source.startsWith('(;', i)) {
          depth++;
          i += 2;
        } else if (source.startsWith(';)', i)) {
          depth--;
          i += 2;
        } else {
          if (source[i] === '\n') line++;
          i++;
        }
      }
    } else if (c === '(' || c === ')') {
      yield { kind: c, text: c, line };
      i++;
    } else if (c === '"') {
      const start = ++i;
      while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
      const text = source.slice(start, i);
      yield { kind: 'string', text, line };
      line += text.split('\n').length - 1;
      i++;
    } else {
      const start = i;
      while (i < source.length && !' \t\r\n()";'.includes(source[i])) i++;
      if (i === start) i++; // a lone ';'
      yield { kind: 'atom', text: source.slice(start, i), line };
    }
  }
}

type Sexp = { readonly list: Sexp[]; readonly line: number } | Token;

function parse(source: string): Sexp[] {
  const stack: { list: Sexp[]; line: number }[] = [{ list: [], line: 0 }];
  for (const token of tokens(source)) {
    if (token.kind === '(') {
      stack.push({ list: [], line: token.line });
    } else if (token.kind === ')') {
      const done = stack.pop()!;
      stack[stack.length - 1].list.push(done);
    } else {
      stack[stack.length - 1].list.push(token);
    }
  }
  return stack[0].list;
}

const isToken = (s: Sexp | undefined): s is Token => s !== undefined && 'kind' in s;

/** The bytes a wast string literal denotes: \hh, \n, \t, \r, \", \', \\, \u{...}, and UTF-8 for everything else. */
export function decodeWastString(raw: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < raw.length; ) {
    const c = raw[i];
    if (c !== '\\') {
      const cp = raw.codePointAt(i)!;
      out.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const next = raw[i + 1];
    const simple: Record<string, number> = { n: 0x0a, t: 0x09, r: 0x0d, '"': 0x22, "'": 0x27, '\\': 0x5c };
    if (next in simple) {
      out.push(simple[next]);
      i += 2;
    } else if (next === 'u') {
      const close = raw.indexOf('}', i);
      const cp = parseInt(raw.slice(i + 3, close).replaceAll('_', ''), 16);
      out.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      i = close + 1;
    } else {
      out.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 3;
    }
  }
  return out;
}

/** `(module $name? binary "..."*)` → its bytes, or undefined for other module forms. */
function binaryModule(form: Sexp | undefined): Uint8Array | undefined {
  if (form === undefined || isToken(form)) return undefined;
  const [head, ...rest] = form.list;
  if (!isToken(head) || head.text !== 'module') return undefined;
  let k = 0;
  if (isToken(rest[k]) && (rest[k] as Token).text.startsWith('$')) k++;
  if (!isToken(rest[k]) || (rest[k] as Token).text !== 'binary') return undefined;
  const bytes: number[] = [];
  for (const part of rest.slice(k + 1)) if (isToken(part) && part.kind === 'string') bytes.push(...decodeWastString(part.text));
  return new Uint8Array(bytes);
}

/** Every binary module of a .wast file, with what the script expects of it. */
export function binaryCases(source: string): BinaryCase[] {
  const cases: BinaryCase[] = [];
  for (const form of parse(source)) {
    if (isToken(form)) continue;
    const direct = binaryModule(form);
    if (direct) {
      cases.push({ expect: 'valid', bytes: direct, line: form.line });
      continue;
    }
    const head = form.list[0];
    if (!isToken(head)) continue;
    const expect: Expectation | undefined = head.text === 'assert_malformed' ? 'malformed' : head.text === 'assert_invalid' ? 'invalid' : undefined;
    if (!expect) continue;
    const bytes = binaryModule(form.list[1]);
    const message = form.list[2];
    if (bytes && isToken(message)) cases.push({ expect, message: message.text, bytes, line: form.line });
  }
  return cases;
}
