/**
 * The identifier context of a module: its index spaces with the `$names` bound in them,
 * and its function types, explicit and implicit.
 *
 * All definitions scope over the whole module, text before them included, so every name is
 * bound in a first pass over the fields before anything that uses names is parsed.
 */
import { assertNever } from '../../errors.js';
import { failUnexpected, unsignedLiteral } from './cursor.js';
import type { Atom, Node } from './sexpr.js';
import type { WatSource } from './source.js';

/** A value type as its binary encoding (0x7f for i32, 0x70 for funcref, ...). */
export type ValTypeCode = number;

export interface FuncSig {
  readonly params: readonly ValTypeCode[];
  readonly results: readonly ValTypeCode[];
}

export function sameSig(a: FuncSig, b: FuncSig): boolean {
  return sameCodes(a.params, b.params) && sameCodes(a.results, b.results);
}

function sameCodes(a: readonly ValTypeCode[], b: readonly ValTypeCode[]): boolean {
  return a.length === b.length && a.every((code, i) => code === b[i]);
}

function sigKey(sig: FuncSig): string {
  return sig.params.join(',') + '>' + sig.results.join(',');
}

/** One index space: the count of entries so far and the identifiers bound to them. */
export class IndexSpace {
  private readonly ids = new Map<string, number>();
  /** Identifier of each index that has one: the name section's names. */
  readonly names = new Map<number, string>();
  count = 0;

  constructor(
    private readonly source: WatSource,
    /** What the space holds, for messages: "func", "table", ... */
    readonly what: string,
  ) {}

  /** Adds an entry, binding its identifier if it has one. */
  define(id: Atom | undefined): number {
    const index = this.count++;
    if (id !== undefined) this.bind(id, index);
    return index;
  }

  bind(id: Atom, index: number): void {
    if (this.ids.has(id.text)) this.source.fail(`duplicate ${this.what} $${id.text}`, id.start);
    this.ids.set(id.text, index);
    this.names.set(index, id.text);
  }

  /** An index written as an identifier bound in this space or as a u32. */
  resolve(node: Node | undefined, endIndex: number): number {
    if (node === undefined) this.source.fail(`unexpected token: expected a ${this.what} index`, endIndex);
    if (node.kind === 'id') {
      const index = this.ids.get(node.text);
      if (index === undefined) this.source.fail(`unknown ${this.what} $${node.text}`, node.start);
      return index;
    }
    if (node.kind !== 'atom') failUnexpected(this.source, node, `: expected a ${this.what} index`);
    return Number(unsignedLiteral(this.source, node, `a ${this.what} index`, 32));
  }
}

export class ModuleContext {
  readonly types: FuncSig[] = [];
  /** The first type index of each signature, for type uses written inline. */
  private readonly typeBySig = new Map<string, number>();

  readonly typeSpace: IndexSpace;
  readonly funcs: IndexSpace;
  readonly tables: IndexSpace;
  readonly memories: IndexSpace;
  readonly globals: IndexSpace;
  readonly elems: IndexSpace;
  readonly datas: IndexSpace;
  /** Set when a body uses a data index (memory.init, data.drop): the binary then needs a data count section. */
  usesDataIndex = false;

  constructor(readonly source: WatSource) {
    this.typeSpace = new IndexSpace(source, 'type');
    this.funcs = new IndexSpace(source, 'func');
    this.tables = new IndexSpace(source, 'table');
    this.memories = new IndexSpace(source, 'memory');
    this.globals = new IndexSpace(source, 'global');
    this.elems = new IndexSpace(source, 'elem');
    this.datas = new IndexSpace(source, 'data');
  }

  /** The index space of imports and exports of a kind. */
  spaceOf(kind: 'func' | 'table' | 'memory' | 'global'): IndexSpace {
    switch (kind) {
      case 'func':
        return this.funcs;
      case 'table':
        return this.tables;
      case 'memory':
        return this.memories;
      case 'global':
        return this.globals;
      default:
        return assertNever(kind, 'extern kind');
    }
  }

  /** A `(type ...)` definition. */
  defineType(id: Atom | undefined, sig: FuncSig): void {
    const index = this.typeSpace.define(id);
    this.types.push(sig);
    const key = sigKey(sig);
    if (!this.typeBySig.has(key)) this.typeBySig.set(key, index);
  }

  /**
   * The type index of a type use written only as params and results: the smallest index
   * of that signature, or a new type appended after all others (the spec's abbreviation,
   * expanded in order of appearance, so later uses reuse it).
   */
  implicitType(sig: FuncSig): number {
    const key = sigKey(sig);
    const existing = this.typeBySig.get(key);
    if (existing !== undefined) return existing;
    const index = this.typeSpace.count++;
    this.types.push(sig);
    this.typeBySig.set(key, index);
    return index;
  }
}
