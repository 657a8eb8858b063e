/**
 * Sealed tables: tables whose contents the compiler knows, so that `call_indirect` through
 * them can call its callee directly.
 *
 * A `call_indirect` normally goes through the `call_indirect` libcall, which checks the
 * index, the entry and its signature and returns the callee; the call of that callee is a
 * call of an unknown function, which TurboFan can neither inline nor predict per call site
 * (every such call in the process jumps through the same builtin). A C program that
 * dispatches on function pointers (the dispatch kernel: a bytecode VM's handlers) swung
 * between two speeds from one run to the next that way.
 *
 * A table is sealed when nothing but its own module's active element segments ever writes
 * it: it is defined (not imported) and not exported, so no host code reaches it; no
 * instruction writes it (`table.set`, `table.grow`, `table.fill`, `table.copy` into it,
 * `table.init` into it); every element segment aimed at it has an `i32.const` offset and
 * `ref.func`/`ref.null` items; and no active element segment of the module can trap (each
 * has an `i32.const` offset and fits its table's declared size). Its contents are then fixed
 * once instantiation has applied the segments (in order, later ones overwriting earlier
 * ones). The last condition matters because a failed instantiation keeps the writes of the
 * segments before the one that trapped: one of them may have put a function of this module
 * into an imported table, from which the host can call it with this table half-filled (the
 * spec's linking.wast). A call through a sealed table becomes a call of a dispatcher:
 *
 *     function table0_call(index: number, a: number): number {
 *       switch (index) {
 *         case 3: return f1(a);
 *         ...
 *         default: return call_indirect(table0, index, SIG_0)(a);
 *       }
 *     }
 *
 * with one case per entry of the call's signature. Every other index (out of bounds, a null
 * entry, another signature) falls to the libcall, which traps exactly as before. TurboFan
 * inlines the dispatcher and the small callees into the caller.
 */
import type { ConstExpr, WasmModule } from '../model/types.js';

/** The most entries a sealed table may have (the analysis keeps its contents). */
export const MAX_SEALED_TABLE_SIZE = 65536;

/**
 * The most entries of one signature a dispatcher takes: a larger switch is too big for
 * TurboFan to inline into the caller, and a dispatcher called is two calls where the libcall
 * makes one. Signatures with more entries keep the libcall.
 */
export const MAX_DISPATCHER_CASES = 64;

/**
 * The contents (a function index or null per entry) of each sealed table, by table index;
 * tables that are not sealed are absent.
 */
export function sealedTables(m: WasmModule): Map<number, (number | null)[]> {
  const tableTypes = [...m.imports.flatMap((i) => (i.desc.kind === 'table' ? [i.desc.type] : [])), ...m.tables];
  const importedTables = tableTypes.length - m.tables.length;
  const sealed = new Map<number, (number | null)[]>();
  for (const seg of m.elems) {
    if (seg.mode.kind !== 'active') continue;
    const start = constantOffset(seg.mode.offset);
    if (start === undefined || start + seg.items.length > tableTypes[seg.mode.table]!.limits.min) return sealed; // may trap: nothing is sealed
  }
  const written = new Set<number>();
  for (const e of m.exports) if (e.kind === 'table') written.add(e.index);
  for (const f of m.funcs) {
    for (const instr of f.body) {
      switch (instr.op) {
        case 'table.set':
        case 'table.grow':
        case 'table.fill':
        case 'table.copy': // index: the destination
          written.add(instr.index!);
          break;
        case 'table.init': // index2: the table
          written.add(instr.index2!);
          break;
        default:
          break;
      }
    }
  }
  m.tables.forEach((t, i) => {
    const index = importedTables + i;
    if (written.has(index) || t.element !== 'funcref' || t.limits.min > MAX_SEALED_TABLE_SIZE) return;
    sealed.set(index, new Array<number | null>(t.limits.min).fill(null));
  });
  for (const seg of m.elems) {
    if (seg.mode.kind !== 'active') continue;
    const contents = sealed.get(seg.mode.table);
    if (!contents) continue;
    const items = seg.items.map((item) => (item.length === 1 && item[0]!.op === 'ref.func' ? item[0]!.index! : item.length === 1 && item[0]!.op === 'ref.null' ? null : undefined));
    const start = constantOffset(seg.mode.offset)!; // checked above, as is the segment's fit
    if (items.includes(undefined)) {
      sealed.delete(seg.mode.table); // an item known only at run time
      continue;
    }
    items.forEach((f, k) => (contents[start + k] = f as number | null));
  }
  return sealed;
}

/**
 * The entries of a sealed table with these `contents`, by signature: for each signature, the
 * functions a call_indirect of it can call, each with the table indices that hold it, in
 * index order. Every other index traps. One pass over the table serves every signature.
 */
export function entriesBySignature(contents: readonly (number | null)[], sigOfFunc: (f: number) => string): Map<string, Map<number, number[]>> {
  const bySig = new Map<string, Map<number, number[]>>();
  contents.forEach((f, i) => {
    if (f === null) return;
    const sig = sigOfFunc(f);
    let entries = bySig.get(sig);
    if (!entries) bySig.set(sig, (entries = new Map()));
    const indices = entries.get(f);
    if (indices) indices.push(i);
    else entries.set(f, [i]);
  });
  return bySig;
}

/** What a dispatcher needs: its name, the table's object, the signature and the entries. */
export interface Dispatcher {
  readonly name: string;
  readonly table: string;
  /** The signature's constant (the libcall compares it with each entry's). */
  readonly sig: string;
  /**
   * The internal-ABI parameters (an i64 as two numbers), as name and TS type, and the index's
   * name: fresh module-wide, so that they shadow no callee (a function may be named `$i`).
   */
  readonly params: readonly { readonly name: string; readonly type: string }[];
  readonly index: string;
  readonly result: string;
  /** The callee of each function of this signature and the table indices that hold it, in index order. */
  readonly cases: readonly { readonly callee: string; readonly indices: readonly number[] }[];
  /** The libcall's name, for every other index. */
  readonly callIndirect: string;
}

/** The dispatcher function's text (see the module comment). */
export function dispatcherText(d: Dispatcher): string {
  const args = d.params.map((p) => p.name).join(', ');
  const lines = [
    `// call_indirect through ${d.table} with signature ${d.sig}: the table is sealed (compiler/write/sealed-tables.ts)`,
    `function ${d.name}(${[{ name: d.index, type: 'number' }, ...d.params].map((p) => `${p.name}: ${p.type}`).join(', ')}): ${d.result} {`,
    `  switch (${d.index}) {`,
  ];
  for (const c of d.cases) {
    for (const i of c.indices) lines.push(`    case ${i}:`);
    lines.push(`      return ${c.callee}(${args});`);
  }
  lines.push('    default:', `      return ${d.callIndirect}(${d.table}, ${d.index}, ${d.sig})(${args});`, '  }', '}');
  return lines.join('\n');
}

/** An `i32.const` offset's value (unsigned), or undefined for an offset known only at run time. */
function constantOffset(offset: ConstExpr): number | undefined {
  return offset.length === 1 && offset[0]!.op === 'i32.const' ? (offset[0]!.value as number) >>> 0 : undefined;
}
