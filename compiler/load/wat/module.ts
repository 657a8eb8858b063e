/**
 * A module in text: `(module $id? field*)`, or just the fields. The first pass binds every
 * identifier and reads the explicit type definitions (definitions scope over the whole
 * module); the second (fields.ts) parses and encodes each field in order.
 */
import { ModuleContext, type FuncSig } from './context.js';
import { Cursor, failUnexpected } from './cursor.js';
import { FieldEncoder, ModuleSections, type FieldPlan } from './fields.js';
import { headOf, readTree, type Atom, type List, type Node } from './sexpr.js';
import { WatSource } from './source.js';
import { parseParams, parseResults, startsInlineElements } from './types.js';
import { unsupportedField } from './unsupported.js';
import { encodeModule } from './encode.js';

/** A module's binary made from text, and where each of its bytes came from. */
export interface MappedBinary {
  readonly bytes: Uint8Array;
  /**
   * The UTF-8 byte offset in the text of the instruction or module field that a byte of the
   * binary was encoded from, or undefined for bytes of no one place (section headers, types).
   */
  textOffsetOf(binaryOffset: number): number | undefined;
}

/** WebAssembly text (one module) to its binary encoding, with a name section for its identifiers. */
export function watToBinary(text: string): Uint8Array {
  return watToMappedBinary(text).bytes;
}

/** Like watToBinary, keeping the map from the binary back to the text. */
export function watToMappedBinary(text: string): MappedBinary {
  const source = new WatSource(text);
  const { id, fields } = moduleFields(source, readTree(source));
  const ctx = new ModuleContext(source);
  const plans = declareFields(ctx, fields);
  const sections = new ModuleSections();
  const encoder = new FieldEncoder(ctx, sections);
  for (const plan of plans) encoder.field(plan);
  const out = encodeModule(ctx, sections, id?.text);
  return {
    bytes: out.toBytes(),
    textOffsetOf: (binaryOffset) => {
      const index = out.sourceIndexAt(binaryOffset);
      return index === undefined ? undefined : source.byteOffset(index);
    },
  };
}

/** The module's identifier and fields; the `(module ...)` around them may be left out. */
function moduleFields(source: WatSource, top: readonly Node[]): { id: Atom | undefined; fields: readonly Node[] } {
  if (top.length === 1 && headOf(top[0]) === 'module') {
    const c = Cursor.inside(source, top[0] as List);
    const id = c.takeId();
    return { id, fields: c.items.slice(c.pos) };
  }
  return { id: undefined, fields: top };
}

const DEFINITION_NAMES = { func: 'function', table: 'table', memory: 'memory', global: 'global' } as const;

/** First pass: identifiers bound in every index space, type definitions read, imports checked to come first. */
function declareFields(ctx: ModuleContext, fields: readonly Node[]): FieldPlan[] {
  const source = ctx.source;
  const plans: FieldPlan[] = [];
  /** The kind of the first definition (not import) of a function, table, memory or global. */
  let firstDefinition: string | undefined;
  const importHere = (at: Node) => {
    if (firstDefinition !== undefined) source.fail(`import after ${firstDefinition}`, at.start);
  };

  for (const field of fields) {
    const kind = headOf(field);
    if (kind === undefined) failUnexpected(source, field.kind === 'list' ? (field.items[0] ?? field) : field, ': expected a module field');
    const list = field as List;
    const c = Cursor.inside(source, list);
    switch (kind) {
      case 'type':
        declareType(ctx, c);
        plans.push({ list, kind, index: 0 });
        break;
      case 'import': {
        const desc = list.items[3];
        const descKind = headOf(desc);
        if (descKind === 'tag') source.unsupported('exception handling (tag import)', desc!.start);
        if (desc === undefined) source.fail('unexpected token: expected an import description', list.end - 1);
        if (descKind !== 'func' && descKind !== 'table' && descKind !== 'memory' && descKind !== 'global') {
          failUnexpected(source, desc, ': expected an import description');
        }
        importHere(list);
        const id = Cursor.inside(source, desc as List).takeId();
        plans.push({ list, kind, index: ctx.spaceOf(descKind).define(id) });
        break;
      }
      case 'func':
      case 'table':
      case 'memory':
      case 'global': {
        const id = c.takeId();
        while (c.takeList('export') !== undefined);
        if (c.peekHead() === 'import') importHere(list);
        else firstDefinition ??= DEFINITION_NAMES[kind];
        const index = ctx.spaceOf(kind).define(id);
        // Inline segments take the next segment index, in text order.
        if (kind === 'table' && startsInlineElements(c)) ctx.elems.define(undefined);
        if (kind === 'memory' && c.peekHead() === 'data') ctx.datas.define(undefined);
        plans.push({ list, kind, index });
        break;
      }
      case 'elem':
        plans.push({ list, kind, index: ctx.elems.define(c.takeId()) });
        break;
      case 'data':
        plans.push({ list, kind, index: ctx.datas.define(c.takeId()) });
        break;
      case 'export':
      case 'start':
        plans.push({ list, kind, index: 0 });
        break;
      default: {
        const feature = unsupportedField(kind);
        if (feature !== undefined) source.unsupported(feature, list.start);
        failUnexpected(source, list.items[0], ': expected a module field');
      }
    }
  }
  return plans;
}

/** `(type $id? (func (param ...)* (result ...)*))` */
function declareType(ctx: ModuleContext, c: Cursor): void {
  const source = ctx.source;
  const id = c.takeId();
  const definition = c.expect('a type definition');
  const kind = headOf(definition);
  if (kind === 'struct' || kind === 'array' || kind === 'sub') source.unsupported('GC (struct, array, sub and rec types)', definition.start);
  if (kind !== 'func') failUnexpected(source, definition, ': expected (func ...)');
  c.expectEnd();
  const inner = Cursor.inside(source, definition as List);
  const params = parseParams(source, inner, true).types;
  const results = parseResults(source, inner);
  inner.expectEnd();
  const sig: FuncSig = { params, results };
  ctx.defineType(id, sig);
}
