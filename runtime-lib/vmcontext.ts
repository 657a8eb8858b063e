/**
 * The VMContext: one instance's table of entities, in the order wasmtime uses.
 *
 * Its layout (which slot holds what) is a pure function of the module's entity
 * counts, computed once here and shared by the compiler (which writes slot numbers
 * with symbolic comments into generated code) and the runtime (whose libcalls find
 * memories, tables and segments by index through the same offsets).
 *
 * Regions, in order: imported functions, imported tables, imported memories,
 * imported globals, defined functions, defined tables, defined memories, defined
 * globals, passive data segments, element segments.
 */

export interface EntityCountsLike {
  readonly importedFuncs: number;
  readonly importedTables: number;
  readonly importedMemories: number;
  readonly importedGlobals: number;
  readonly definedFuncs: number;
  readonly definedTables: number;
  readonly definedMemories: number;
  readonly definedGlobals: number;
  readonly dataSegments: number;
  readonly elemSegments: number;
}

/** The regions, declared once in layout order. Each has one slot per entity. */
export const VMCONTEXT_REGIONS = [
  { region: 'importedFunctions', count: 'importedFuncs', describe: 'imported function' },
  { region: 'importedTables', count: 'importedTables', describe: 'imported table' },
  { region: 'importedMemories', count: 'importedMemories', describe: 'imported memory' },
  { region: 'importedGlobals', count: 'importedGlobals', describe: 'imported global' },
  { region: 'definedFunctions', count: 'definedFuncs', describe: 'defined function' },
  { region: 'definedTables', count: 'definedTables', describe: 'defined table' },
  { region: 'definedMemories', count: 'definedMemories', describe: 'defined memory' },
  { region: 'definedGlobals', count: 'definedGlobals', describe: 'defined global' },
  { region: 'dataSegments', count: 'dataSegments', describe: 'data segment' },
  { region: 'elemSegments', count: 'elemSegments', describe: 'element segment' },
] as const satisfies readonly { region: string; count: keyof EntityCountsLike; describe: string }[];

export type VMContextRegion = (typeof VMCONTEXT_REGIONS)[number]['region'];

export interface RegionSpan {
  readonly start: number;
  readonly count: number;
}

export type EntityKind = 'function' | 'table' | 'memory' | 'global';

interface EntitySpans {
  readonly importedStart: number;
  readonly imported: number;
  readonly definedStart: number;
  readonly defined: number;
}

export class VMOffsets {
  readonly regions: Readonly<Record<VMContextRegion, RegionSpan>>;
  readonly size: number;

  constructor(readonly counts: EntityCountsLike) {
    let next = 0;
    const regions = {} as Record<VMContextRegion, RegionSpan>;
    for (const { region, count } of VMCONTEXT_REGIONS) {
      const n = counts[count];
      regions[region] = { start: next, count: n };
      next += n;
    }
    this.regions = regions;
    this.size = next;
    const spans = (kind: EntityKind): EntitySpans => {
      const [imported, defined] = ENTITY_REGIONS[kind];
      return { importedStart: regions[imported].start, imported: regions[imported].count, definedStart: regions[defined].start, defined: regions[defined].count };
    };
    this.spans = { function: spans('function'), table: spans('table'), memory: spans('memory'), global: spans('global') };
  }

  /**
   * Each kind's two regions as plain numbers: libcalls find memories and tables by index at
   * every call (sql.js makes 1.6 million memory.copy calls per query), and a lookup through
   * the region names cost about as much as a short copy.
   */
  private readonly spans: Readonly<Record<EntityKind, EntitySpans>>;

  private slot(region: VMContextRegion, i: number): number {
    const span = this.regions[region];
    if (!(i >= 0 && i < span.count)) throw new RangeError(`internal: ${region} index ${i} out of range`);
    return span.start + i;
  }

  /** Slot of a function, table, memory or global by its index in the module's index space (imports first). */
  entity(kind: EntityKind, index: number): number {
    const s = this.spans[kind];
    if (index >= 0 && index < s.imported) return s.importedStart + index;
    const i = index - s.imported;
    if (!(i >= 0 && i < s.defined)) throw new RangeError(`internal: ${kind} index ${index} out of range`);
    return s.definedStart + i;
  }

  function(index: number): number { return this.entity('function', index); }
  table(index: number): number { return this.entity('table', index); }
  memory(index: number): number { return this.entity('memory', index); }
  global(index: number): number { return this.entity('global', index); }
  dataSegment(index: number): number { return this.slot('dataSegments', index); }
  elemSegment(index: number): number { return this.slot('elemSegments', index); }

  /** Whether an entity of that index is imported: wasmtime's `imported_*` libcall variants. */
  isImported(kind: EntityKind, index: number): boolean {
    return index < this.regions[ENTITY_REGIONS[kind][0]].count;
  }

  /** A short description of a slot, for the symbolic comments in generated code. */
  describe(slot: number): string {
    for (const { region, describe } of VMCONTEXT_REGIONS) {
      const span = this.regions[region];
      if (slot >= span.start && slot < span.start + span.count) return `${describe} ${slot - span.start}`;
    }
    return `slot ${slot}`;
  }

  /** Readable dump: one line per non-empty region. */
  dump(): string {
    const lines = [`VMContext: ${this.size} slots`];
    for (const { region } of VMCONTEXT_REGIONS) {
      const { start, count } = this.regions[region];
      if (count > 0) lines.push(`  [${start}..${start + count - 1}] ${region} (${count})`);
    }
    return lines.join('\n');
  }
}

const ENTITY_REGIONS: Record<EntityKind, readonly [VMContextRegion, VMContextRegion]> = {
  function: ['importedFunctions', 'definedFunctions'],
  table: ['importedTables', 'definedTables'],
  memory: ['importedMemories', 'definedMemories'],
  global: ['importedGlobals', 'definedGlobals'],
};

/** The one function that computes a module's VMContext layout from its counts. */
export function computeVMOffsets(counts: EntityCountsLike): VMOffsets {
  return new VMOffsets(counts);
}

/**
 * One instance's VMContext. `slots[i]` holds the entity the layout puts at slot i:
 * a function's internal-ABI callable, a Table, a Memory, a Global, a data segment's
 * bytes (or null once dropped), an element segment's items (or null once dropped).
 */
export class VMContext {
  readonly slots: unknown[];
  /** The embedder's store, when instantiated through the embedding API; null on the plain path. */
  readonly store: VMStore | null;
  constructor(readonly offsets: VMOffsets, options?: InstantiateOptions) {
    this.slots = new Array<unknown>(offsets.size).fill(null);
    this.store = options?.store ?? null;
    // The store traces the tables and globals of every instance it owns (its GC roots),
    // so it must learn of each VMContext; nothing else leads it from the store to here.
    this.store?.registerVMContext(this);
  }
}

/** What a VMContext needs from an embedder's store (wasmtime's `VMStore`). */
export interface VMStore {
  /** Roots an externref for the live Wasm activations: wasmtime's `activations_table_insert_with_gc`. */
  activationsTableInsertWithGc(ref: unknown): void;
  /** Releases one activation's hold on an externref: wasmtime's `drop_externref`. */
  dropExternRef(ref: unknown): void;
  /** Called once by every VMContext created with this store, as its first act. */
  registerVMContext(vmctx: VMContext): void;
}

/** The optional second argument of a generated module's `instantiate`. */
export interface InstantiateOptions {
  readonly store?: VMStore;
}
