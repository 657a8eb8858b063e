/**
 * .wast script parser: turns the s-expressions of a script into typed commands.
 * Module bodies are not interpreted; text modules are reconstructed from their source span.
 */
import { ParseError, decodeUtf8, isValidUtf8, readSExprs, show, type SExpr, type SList } from './sexpr.js';
import { LiteralError, f32BitsFromLiteral, f64BitsFromLiteral, i32FromLiteral, i64FromLiteral } from './values.js';

/** A module as the script gives it. */
export type ModuleSource =
  | { type: 'text'; text: string }
  | { type: 'binary'; bytes: Uint8Array }
  | { type: 'quote'; text: string; validUtf8: boolean };

/** An argument value (a constant). */
export type Value =
  | { type: 'i32'; value: number }
  | { type: 'i64'; value: bigint }
  | { type: 'f32'; bits: number }
  | { type: 'f64'; bits: bigint }
  | { type: 'ref.null'; heap: string }
  | { type: 'ref.extern'; n: number }
  | { type: 'ref.host'; n: number }
  | { type: 'unsupported'; what: string; text: string };

/** An expected result. */
export type Expected =
  | Value
  | { type: 'f32' | 'f64'; nan: 'canonical' | 'arithmetic' }
  /** `(ref.extern)` with no number: any non-null externref. */
  | { type: 'ref.extern.any' }
  /** `(ref.func)` / `(ref.func $f)`: any non-null funcref. */
  | { type: 'ref.func' }
  /** `(ref.null)` without heap type: any null. */
  | { type: 'ref.null.any' }
  | { type: 'either'; options: Expected[] };

export type Action =
  | { type: 'invoke'; module?: string; name: string; args: Value[] }
  | { type: 'get'; module?: string; name: string };

export interface ModuleCommand {
  kind: 'module';
  line: number;
  name?: string;
  /** `(module definition ...)`: compiled, not instantiated. */
  definition: boolean;
  module: ModuleSource;
}

export type Command =
  | ModuleCommand
  | { kind: 'instance'; line: number; instance?: string; module?: string }
  | { kind: 'register'; line: number; as: string; name?: string }
  | { kind: 'action'; line: number; action: Action }
  | { kind: 'assert_return'; line: number; action: Action; expected: Expected[] }
  | { kind: 'assert_trap'; line: number; action?: Action; module?: ModuleCommand; message: string }
  | { kind: 'assert_exhaustion'; line: number; action: Action; message: string }
  | { kind: 'assert_exception'; line: number; action: Action }
  | {
      kind: 'assert_invalid' | 'assert_malformed' | 'assert_unlinkable' | 'assert_uninstantiable';
      line: number;
      module: ModuleCommand;
      message: string;
    }
  /** A command this runner does not run (threads, custom-section assertions, ...). */
  | { kind: 'unsupported'; line: number; head: string; reason: string };

export type CommandKind = Command['kind'];

export interface Script {
  commands: Command[];
}

const MODULE_FIELDS = new Set([
  'func', 'memory', 'table', 'global', 'type', 'import', 'export', 'elem', 'data', 'start', 'tag', 'rec',
]);

function fail(e: SExpr, msg: string): never {
  throw new ParseError(`${msg}: ${show(e, 120)}`, e.line, e.start);
}

function head(e: SExpr): string | undefined {
  if (e.kind !== 'list') return undefined;
  const h = e.items[0];
  return h?.kind === 'atom' ? h.text : undefined;
}

function asList(e: SExpr | undefined, parent: SExpr, what: string): SList {
  if (!e || e.kind !== 'list') fail(parent, `expected ${what}`);
  return e;
}

function asString(e: SExpr | undefined, parent: SExpr, what: string): string {
  if (!e || e.kind !== 'string') fail(parent, `expected ${what}`);
  return decodeUtf8(e.bytes);
}

function isId(e: SExpr | undefined): e is SExpr & { kind: 'atom' } {
  return e?.kind === 'atom' && e.text.startsWith('$');
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Quoted module text is either a whole `(module ...)` or just its fields (as the reference
 * interpreter's parser accepts both); fields are wrapped in `(module ...)`.
 */
function quotedModuleText(text: string): string {
  return /^(?:\s|;;[^\n]*(?:\n|$)|\(;[\s\S]*?;\))*\(module(?=[\s()]|$)/.test(text) ? text : '(module ' + text + ')';
}

class ScriptParser {
  constructor(readonly src: Uint8Array) {}

  /** Text of the fields of a module list, from item `from` to the closing paren. */
  private fieldsText(list: SList, from: number): string {
    const first = list.items[from];
    if (!first) return '(module)';
    return '(module ' + decodeUtf8(this.src.subarray(first.start, list.end));
  }

  module(e: SExpr): ModuleCommand {
    const list = asList(e, e, 'module');
    if (head(list) !== 'module') fail(e, 'expected (module ...)');
    let i = 1;
    let definition = false;
    let name: string | undefined;
    if (list.items[i]?.kind === 'atom' && (list.items[i] as { text: string }).text === 'definition') {
      definition = true;
      i++;
    }
    const idItem = list.items[i];
    if (isId(idItem)) {
      name = idItem.text;
      i++;
    }
    const mode = list.items[i];
    if (mode?.kind === 'atom' && (mode.text === 'binary' || mode.text === 'quote')) {
      const parts: Uint8Array[] = [];
      for (const s of list.items.slice(i + 1)) {
        if (s.kind !== 'string') fail(s, `expected string in module ${mode.text}`);
        parts.push(s.bytes);
      }
      const bytes = concatBytes(parts);
      const module: ModuleSource =
        mode.text === 'binary'
          ? { type: 'binary', bytes }
          : { type: 'quote', text: quotedModuleText(decodeUtf8(bytes)), validUtf8: isValidUtf8(bytes) };
      return { kind: 'module', line: e.line, name, definition, module };
    }
    return { kind: 'module', line: e.line, name, definition, module: { type: 'text', text: this.fieldsText(list, i) } };
  }

  value(e: SExpr): Value {
    const list = asList(e, e, 'constant');
    const h = head(list) ?? '';
    const arg = list.items[1];
    const argText = arg?.kind === 'atom' ? arg.text : undefined;
    try {
      switch (h) {
        case 'i32.const':
          if (argText === undefined) break;
          return { type: 'i32', value: i32FromLiteral(argText) };
        case 'i64.const':
          if (argText === undefined) break;
          return { type: 'i64', value: i64FromLiteral(argText) };
        case 'f32.const':
          if (argText === undefined) break;
          return { type: 'f32', bits: f32BitsFromLiteral(argText) };
        case 'f64.const':
          if (argText === undefined) break;
          return { type: 'f64', bits: f64BitsFromLiteral(argText) };
        case 'ref.null':
          if (argText === undefined) break;
          return { type: 'ref.null', heap: argText };
        case 'ref.extern':
          if (argText === undefined) break;
          return { type: 'ref.extern', n: Number(argText) };
        case 'ref.host':
          if (argText === undefined) break;
          return { type: 'ref.host', n: Number(argText) };
        case 'v128.const':
          return { type: 'unsupported', what: 'v128', text: show(e) };
        default:
          return { type: 'unsupported', what: h, text: show(e) };
      }
    } catch (err) {
      if (err instanceof LiteralError) fail(e, err.message);
      throw err;
    }
    fail(e, 'bad constant');
  }

  expected(e: SExpr): Expected {
    const list = asList(e, e, 'result');
    const h = head(list) ?? '';
    const arg = list.items[1];
    const argText = arg?.kind === 'atom' ? arg.text : undefined;
    if ((h === 'f32.const' || h === 'f64.const') && (argText === 'nan:canonical' || argText === 'nan:arithmetic')) {
      return { type: h === 'f32.const' ? 'f32' : 'f64', nan: argText === 'nan:canonical' ? 'canonical' : 'arithmetic' };
    }
    if (h === 'either') return { type: 'either', options: list.items.slice(1).map((x) => this.expected(x)) };
    if (h === 'ref.extern' && arg === undefined) return { type: 'ref.extern.any' };
    if (h === 'ref.func') return { type: 'ref.func' };
    if (h === 'ref.null' && arg === undefined) return { type: 'ref.null.any' };
    return this.value(e);
  }

  action(e: SExpr): Action {
    const list = asList(e, e, 'action');
    const h = head(list);
    let i = 1;
    let module: string | undefined;
    const idItem = list.items[i];
    if (isId(idItem)) {
      module = idItem.text;
      i++;
    }
    const name = asString(list.items[i], e, 'export name');
    i++;
    if (h === 'invoke') return { type: 'invoke', module, name, args: list.items.slice(i).map((x) => this.value(x)) };
    if (h === 'get') return { type: 'get', module, name };
    fail(e, 'expected (invoke ...) or (get ...)');
  }

  command(e: SExpr): Command | undefined {
    const h = head(e);
    if (h === undefined) fail(e, 'expected a command');
    const list = e as SList;
    const line = e.line;
    const items = list.items;
    const message = (i: number) => asString(items[i], e, 'message');
    switch (h) {
      case 'module': {
        if (items[1]?.kind === 'atom' && items[1].text === 'instance') {
          const ids = items.slice(2).filter(isId).map((x) => x.text);
          return ids.length >= 2
            ? { kind: 'instance', line, instance: ids[0], module: ids[1] }
            : { kind: 'instance', line, module: ids[0] };
        }
        return this.module(e);
      }
      case 'register': {
        const as = asString(items[1], e, 'registration name');
        const id = items[2];
        return { kind: 'register', line, as, name: isId(id) ? id.text : undefined };
      }
      case 'invoke':
      case 'get':
        return { kind: 'action', line, action: this.action(e) };
      case 'assert_return':
        return {
          kind: 'assert_return',
          line,
          action: this.action(items[1] ?? e),
          expected: items.slice(2).map((x) => this.expected(x)),
        };
      case 'assert_trap': {
        const target = items[1] ?? fail(e, 'expected action or module');
        if (head(target) === 'module') return { kind: 'assert_trap', line, module: this.module(target), message: message(2) };
        return { kind: 'assert_trap', line, action: this.action(target), message: message(2) };
      }
      case 'assert_exhaustion':
        return { kind: 'assert_exhaustion', line, action: this.action(items[1] ?? e), message: message(2) };
      case 'assert_exception':
        return { kind: 'assert_exception', line, action: this.action(items[1] ?? e) };
      case 'assert_invalid':
      case 'assert_malformed':
      case 'assert_unlinkable':
      case 'assert_uninstantiable':
        return { kind: h, line, module: this.module(items[1] ?? e), message: message(2) };
      case 'assert_invalid_custom':
      case 'assert_malformed_custom':
        return { kind: 'unsupported', line, head: h, reason: 'custom-section assertions are not run' };
      case 'thread':
      case 'wait':
      case 'either':
      case 'script':
      case 'input':
      case 'output':
      case 'assert_suspension':
        return { kind: 'unsupported', line, head: h, reason: `(${h}) is not supported by this runner` };
      default:
        fail(e, `unknown command ${h}`);
    }
  }
}

function isAnnotation(e: SExpr): boolean {
  return e.kind === 'list' && e.items[0]?.kind === 'atom' && e.items[0].text.startsWith('@');
}

/** Drops annotations `(@id ...)` everywhere in the tree (module text is sliced from the source, so keeps them). */
function stripAnnotations(e: SExpr): SExpr {
  if (e.kind !== 'list') return e;
  return { ...e, items: e.items.filter((x) => !isAnnotation(x)).map(stripAnnotations) };
}

/** Parses a .wast script. Throws ParseError on malformed scripts. */
export function parseWast(src: Uint8Array): Script {
  const exprs = readSExprs(src)
    .filter((x) => !isAnnotation(x))
    .map(stripAnnotations);
  const p = new ScriptParser(src);
  // A script that is just module fields is one inline module.
  const first = exprs[0];
  if (first && MODULE_FIELDS.has(head(first) ?? '')) {
    const last = exprs[exprs.length - 1]!;
    const text = '(module ' + decodeUtf8(src.subarray(first.start, last.end)) + ')';
    return { commands: [{ kind: 'module', line: first.line, definition: false, module: { type: 'text', text } }] };
  }
  const commands: Command[] = [];
  for (const e of exprs) {
    const c = p.command(e);
    if (c) commands.push(c);
  }
  return { commands };
}
