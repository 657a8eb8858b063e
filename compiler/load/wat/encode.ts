/**
 * The module binary: header, sections in the binary format's order, and a `name` custom
 * section with the text's identifiers (module, functions, locals, tables, memories,
 * globals), so generated code keeps the names the author wrote.
 */
import type { IndexSpace, ModuleContext } from './context.js';
import type { ModuleSections, Section } from './fields.js';
import { ByteWriter, UNMAPPED } from './writer.js';
import { SectionId } from '../binary-types.js';

const SECTION = SectionId;

const NAME_SUBSECTION = { module: 0, functions: 1, locals: 2, tables: 5, memories: 6, globals: 7 } as const;

const FUNC_TYPE = 0x60;

/** The module's bytes, with marks mapping its instructions and section entries back to the text. */
export function encodeModule(ctx: ModuleContext, sections: ModuleSections, moduleName: string | undefined): ByteWriter {
  const out = new ByteWriter();
  out.bytes(Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00));

  if (ctx.types.length > 0) {
    out.mark(UNMAPPED); // types are deduplicated across the text: no one place
    const types = new ByteWriter().u32(ctx.types.length);
    for (const sig of ctx.types) {
      types.byte(FUNC_TYPE).u32(sig.params.length);
      for (const code of sig.params) types.byte(code);
      types.u32(sig.results.length);
      for (const code of sig.results) types.byte(code);
    }
    out.byte(SECTION.type).sizedFrom(types);
  }
  writeSection(out, SECTION.import, sections.imports);
  writeSection(out, SECTION.function, sections.functions);
  writeSection(out, SECTION.table, sections.tables);
  writeSection(out, SECTION.memory, sections.memories);
  writeSection(out, SECTION.global, sections.globals);
  writeSection(out, SECTION.export, sections.exports);
  if (sections.start !== undefined) out.mark(sections.startSource).byte(SECTION.start).sizedFrom(new ByteWriter().u32(sections.start));
  writeSection(out, SECTION.element, sections.elems);
  // memory.init and data.drop need the data count section; it is harmless otherwise.
  if (sections.datas.count > 0 || ctx.usesDataIndex) {
    out.mark(UNMAPPED).byte(SECTION.dataCount).sizedFrom(new ByteWriter().u32(sections.datas.count));
  }
  writeSection(out, SECTION.code, sections.code);
  writeSection(out, SECTION.data, sections.datas);

  const names = nameSection(ctx, sections, moduleName);
  if (names !== undefined) out.mark(UNMAPPED).byte(SECTION.custom).sizedFrom(names);
  return out;
}

function writeSection(out: ByteWriter, id: number, section: Section): void {
  if (section.count === 0) return;
  const contents = new ByteWriter().u32(section.count).append(section.bytes);
  out.mark(UNMAPPED).byte(id).sizedFrom(contents);
}

/** The `name` section's payload (its name included), or undefined when nothing has a name. */
function nameSection(ctx: ModuleContext, sections: ModuleSections, moduleName: string | undefined): ByteWriter | undefined {
  const payload = new ByteWriter().name('name');
  const start = payload.length;
  if (moduleName !== undefined) payload.byte(NAME_SUBSECTION.module).sizedFrom(new ByteWriter().name(moduleName));
  writeNameMap(payload, NAME_SUBSECTION.functions, ctx.funcs);
  if (sections.localNames.size > 0) {
    const locals = new ByteWriter().u32(sections.localNames.size);
    for (const [func, names] of [...sections.localNames].sort((a, b) => a[0] - b[0])) {
      locals.u32(func);
      writeNames(locals, names);
    }
    payload.byte(NAME_SUBSECTION.locals).sizedFrom(locals);
  }
  writeNameMap(payload, NAME_SUBSECTION.tables, ctx.tables);
  writeNameMap(payload, NAME_SUBSECTION.memories, ctx.memories);
  writeNameMap(payload, NAME_SUBSECTION.globals, ctx.globals);
  return payload.length > start ? payload : undefined;
}

function writeNameMap(payload: ByteWriter, id: number, space: IndexSpace): void {
  if (space.names.size === 0) return;
  const map = new ByteWriter();
  writeNames(map, space.names);
  payload.byte(id).sizedFrom(map);
}

/** A name map: (index, name) pairs in increasing index order (identifiers are bound in index order). */
function writeNames(out: ByteWriter, names: ReadonlyMap<number, string>): void {
  out.u32(names.size);
  for (const [index, name] of names) out.u32(index).name(name);
}
