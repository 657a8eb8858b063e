/**
 * Stage 5: the module writer. Lays out one generated TS module:
 *
 *   runtime imports · libcalls in use · signature and VMContext-layout constants ·
 *   `interface Imports` · `interface Exports` · `instantiate(imports)`, which links
 *   imports, declares the functions, creates memories/tables/globals, runs the
 *   element and data segments and the start function, and returns the exports.
 *
 * Function bodies come from the body emitter as text. ts-morph assembles the
 * module's declarations (imports, interfaces, the instantiate function); instantiate's
 * body is spliced into its output as text (spliceBody).
 */
import { Project, VariableDeclarationKind, type SourceFile } from 'ts-morph';
import type { FuncType, GlobalType, Import, MemoryType, TableType, ValType, WasmModule } from '../model/types.js';
import { computeVMOffsets, type VMOffsets } from '../../runtime-lib/vmcontext.js';
import { LIBCALLS, type LibcallName } from '../../runtime-lib/libcalls/table.js';
import { sigId } from '../../runtime-lib/values.js';
import { encodeBase64 } from '../../runtime-lib/base64.js';
import type { BinaryIdentity } from '../../runtime-lib/module-info.js';
import type { GlobalAccess, ModuleContext } from '../emit/context.js';
import { mayGrowMemory, type MayGrow } from '../emit/may-grow.js';
import { Namer, commentText, propertyKey, stringLiteral } from '../emit/names.js';
import { BodyEmitter, resultType } from '../emit/body-emitter.js';
import { inlineSelfCalls } from '../emit/inline-recursion.js';
import { f32FromBits, f64FromBits } from '../emit/constants.js';
import { assignConst, constExpr } from './constexpr.js';
import { globalImportType, jsFunctionType } from './boundary-types.js';
import { countEntities } from '../layout/counts.js';
import type { OutlineLimits } from '../emit/outline.js';
import { MAX_DISPATCHER_CASES, dispatcherText, entriesBySignature, sealedTables } from './sealed-tables.js';
import { abiTypes, tsType } from '../emit/value.js';
import { BODY_PLACEHOLDER, PLACEHOLDER_NAMES, functionPlaceholder, indentLines, spliceBody } from './splice.js';

/** A dispatcher as indirectDispatcher plans it: the table's entries of one signature, by function. */
interface PlannedDispatcher {
  readonly name: string;
  readonly table: number;
  readonly typeIndex: number;
  /** Function index -> the table indices that hold it, in index order. */
  readonly cases: ReadonlyMap<number, readonly number[]>;
}

export interface WriteOptions {
  /** Module specifier of the runtime library. */
  readonly runtimeImport: string;
  /** Shown in the header comment. */
  readonly sourceName?: string;
  /** The identity of the binary compiled (recorded in moduleInfo.binary, so the WebAssembly shim can match bytes). */
  readonly binary?: BinaryIdentity;
  /** Split function bodies too large for V8's optimizing compiler (../emit/outline.ts); undefined: never. */
  readonly outline?: OutlineLimits;
}

export interface WrittenModule {
  /** The module's code, without its data segments, with a placeholder for each function (./splice.ts). */
  readonly ts: string;
  /** The text of each function, in the order of their placeholders (spliceFunctions puts them in). */
  readonly functions: readonly string[];
  /** The data segments' constants, to append after `ts` (kept apart so formatting skips them). */
  readonly data: string;
  /** The declarations only: the body of a `.d.ts` for the JS output. */
  readonly dts: string;
}

/** Names the runtime exports that generated code may use; reserved so no wasm name can shadow them. */
const RUNTIME_NAMES = [
  'InstantiateOptions', 'ModuleInfo', 'FuncRef', 'Global', 'Memory', 'Table', 'Trap', 'VMContext', 'computeVMOffsets', 'libcalls', 'linkFunc',
  'linkMemory', 'linkTable', 'linkGlobal', 'makeExports', 'decodeBase64', 'I64_HI', 'i64ToBigInt',
  'bigintToI64', 'f32FromBits', 'f64FromBits', 'translateError', 'multiValue', 'frameStack',
] as const;
/** The module-scope FrameStack of split functions. */
const FRAME_STACK = 'FRAMES';
type RuntimeName = (typeof RUNTIME_NAMES)[number];

interface FuncInfo {
  readonly type: FuncType;
  readonly typeIndex: number;
  /** Identifier called in the internal ABI. */
  readonly callee: string;
  /** The FuncRef constant's identifier, when one is needed. */
  ref?: string;
  readonly baseName: string;
  readonly imported?: Import;
}

class ModuleWriter implements ModuleContext {
  readonly offsets: VMOffsets;
  get outline(): OutlineLimits | undefined {
    return this.options.outline;
  }
  readonly namer = new Namer();
  /** The dispatchers' parameters: apart from the module's names, not from functions' locals. */
  private readonly dispatcherNamer = new Namer(this.namer);
  private readonly usedRuntime = new Set<string>();
  private readonly usedLibcalls = new Set<LibcallName>();
  private readonly sigs = new Map<string, string>(); // sig string -> const name
  /** Module-scope constants: NaNs with payloads, the FrameStack. */
  private readonly moduleConstants: string[] = [];
  private hasFrameStack = false;
  private readonly funcs: FuncInfo[] = [];
  private readonly globals: GlobalAccess[] = [];
  /** Per memory: the holder of its current DataView (Memory.liveView), and the expression reading the view. */
  private readonly memoryHolders: string[] = [];
  private readonly memoryViews: string[] = [];
  private readonly memoryObjects: string[] = [];
  private readonly tableObjects: string[] = [];
  private readonly exportedGlobals = new Set<number>();
  /** The entries of each table the compiler knows (./sealed-tables.ts), by signature; computed on first use. */
  private sealed?: Map<number, Map<string, Map<number, number[]>>>;
  /** The dispatchers that call_indirect through sealed tables uses, by table and signature (null: none, the libcall). */
  private readonly dispatchers = new Map<string, PlannedDispatcher | null>();

  constructor(readonly module: WasmModule, private readonly options: WriteOptions) {
    this.offsets = computeVMOffsets(countEntities(module));
    for (const n of RUNTIME_NAMES) this.namer.reserve(n);
    for (const n of Object.keys(LIBCALLS)) this.namer.reserve(n);
    // instantiate's parameters and the fixed names of the module and of instantiate's body.
    for (const n of ['vmctx', 'imports', 'options', 'instantiate', 'moduleInfo', 'Imports', 'Exports', 'Instance', 'OFFSETS', 'exports', FRAME_STACK, ...PLACEHOLDER_NAMES]) this.namer.reserve(n);
    this.nameEntities();
  }

  // ---------------------------------------------------------------- ModuleContext

  funcType(i: number): FuncType {
    return this.funcs[i].type;
  }
  funcCallee(i: number): string {
    return this.funcs[i].callee;
  }
  funcMayGrowMemory(i: number): boolean {
    return this.mayGrow().func(i);
  }
  indirectMayGrowMemory(table: number, typeIndex: number): boolean {
    return this.mayGrow().indirect(table, typeIndex);
  }
  private mayGrow(): MayGrow {
    return (this.mayGrowMemory ??= mayGrowMemory(this.module, (table, typeIndex) => this.sealedCallees(table, typeIndex)?.keys()));
  }
  private mayGrowMemory: MayGrow | undefined;
  funcRef(i: number): string {
    const f = this.funcs[i];
    return (f.ref ??= `${f.baseName}$ref`);
  }
  global(i: number): GlobalAccess {
    return this.globals[i];
  }
  indexArg(kind: 'table' | 'memory' | 'global' | 'data' | 'elem', index: number): string {
    const name = kind === 'table' ? this.tableObjects[index] : kind === 'memory' ? this.memoryObjects[index] : kind === 'global' ? this.globals[index].name : `segment ${index}`;
    return `${index} /* ${kind} ${name} */`;
  }
  tableObject(i: number): string {
    return this.tableObjects[i];
  }
  memoryView(i: number): string {
    return this.memoryViews[i];
  }
  indirectDispatcher(table: number, typeIndex: number): string | undefined {
    const key = `${table} ${this.sigOfType(typeIndex)}`; // one dispatcher per table and signature
    if (!this.dispatchers.has(key)) {
      // First met while planning, before any body names its locals (planDispatchers).
      const cases = this.sealedCallees(table, typeIndex) ?? NO_ENTRIES;
      let entries = 0;
      for (const indices of cases.values()) entries += indices.length;
      // None: every call traps, and the libcall says which way.
      const worth = entries > 0 && entries <= MAX_DISPATCHER_CASES;
      this.dispatchers.set(key, worth ? { name: this.namer.fresh(`${this.tableObjects[table]}$call`), table, typeIndex, cases } : null);
    }
    return this.dispatchers.get(key)?.name;
  }
  /**
   * The functions a call_indirect through `table` with type `typeIndex` can call, each with
   * the table indices that hold it; undefined when the table is not sealed.
   */
  private sealedCallees(table: number, typeIndex: number): ReadonlyMap<number, number[]> | undefined {
    this.sealed ??= new Map([...sealedTables(this.module)].map(([t, contents]) => [t, entriesBySignature(contents, (f) => this.sigOfFunc(f))]));
    const bySig = this.sealed.get(table);
    return bySig && (bySig.get(this.sigOfType(typeIndex)) ?? NO_ENTRIES);
  }
  sigOf(typeIndex: number): string {
    const t = this.module.types[typeIndex];
    return this.sigConst(t);
  }
  libcall(name: LibcallName): string {
    this.usedLibcalls.add(name);
    return name;
  }
  runtime(name: string): string {
    this.usedRuntime.add(name);
    return name;
  }
  frameStack(): string {
    if (!this.hasFrameStack) {
      this.hasFrameStack = true;
      this.moduleConstants.push(`const ${FRAME_STACK} = ${this.runtime('frameStack')}(); // locals of split functions (runtime-lib/frames.ts)`);
    }
    return FRAME_STACK;
  }
  freshName(base: string): string {
    return this.namer.fresh(base);
  }
  constantFloat(type: 'f32' | 'f64', bits: number | bigint): string {
    const name = `nan$${this.moduleConstants.length}`;
    const [hi, lo] = type === 'f32' ? [Number(bits) >>> 0, 0] : [Number(BigInt(bits) >> 32n), Number(BigInt(bits) & 0xffffffffn)];
    const call = type === 'f32' ? `${this.runtime('f32FromBits')}(0x${hi.toString(16)})` : `${this.runtime('f64FromBits')}(0x${hi.toString(16)}, 0x${lo.toString(16)})`;
    void f32FromBits;
    void f64FromBits;
    this.moduleConstants.push(`const ${name} = ${call}; // NaN with payload, bits kept exactly`);
    return name;
  }

  private sigConst(t: FuncType): string {
    const sig = signature(t);
    let name = this.sigs.get(sig);
    if (!name) {
      // fresh, not reserved: a function or a local may already be called SIG_<n>.
      name = this.namer.fresh(`SIG_${this.sigs.size}`);
      this.sigs.set(sig, name);
    }
    return name;
  }

  // ---------------------------------------------------------------- naming

  private nameEntities(): void {
    const m = this.module;
    const exportName = new Map<string, string>();
    for (const e of m.exports) if (!exportName.has(`${e.kind}:${e.index}`)) exportName.set(`${e.kind}:${e.index}`, e.name);
    for (const e of m.exports) if (e.kind === 'global') this.exportedGlobals.add(e.index);
    const label = (kind: string, i: number, fallback: string, names?: ReadonlyMap<number, string>) =>
      names?.get(i) ?? exportName.get(`${kind}:${i}`) ?? fallback;

    let fi = 0, gi = 0, mi = 0, ti = 0;
    for (const imp of m.imports) {
      switch (imp.desc.kind) {
        case 'func': {
          const type = m.types[imp.desc.typeIndex];
          const base = this.namer.fresh(label('func', fi, `${imp.module}_${imp.name}`, m.names.functions));
          this.funcs.push({ type, typeIndex: imp.desc.typeIndex, callee: base, baseName: base, imported: imp });
          fi++;
          break;
        }
        case 'global':
          this.globals.push({ kind: 'cell', name: this.namer.fresh(label('global', gi, `${imp.module}_${imp.name}`, m.names.globals)), type: imp.desc.type.type, mutable: imp.desc.type.mutable });
          gi++;
          break;
        case 'memory':
          this.nameMemory(label('memory', mi, `${imp.module}_${imp.name}`, m.names.memories));
          mi++;
          break;
        case 'table':
          this.tableObjects.push(this.namer.fresh(label('table', ti, `${imp.module}_${imp.name}`, m.names.tables)));
          ti++;
          break;
      }
    }
    m.funcs.forEach((f) => {
      const type = m.types[f.typeIndex];
      const base = this.namer.fresh(label('func', fi, `f${fi}`, m.names.functions));
      this.funcs.push({ type, typeIndex: f.typeIndex, callee: base, baseName: base });
      fi++;
    });
    m.memories.forEach(() => {
      this.nameMemory(label('memory', mi, `memory${mi}`, m.names.memories));
      mi++;
    });
    m.tables.forEach(() => {
      this.tableObjects.push(this.namer.fresh(label('table', ti, `table${ti}`, m.names.tables)));
      ti++;
    });
    m.globals.forEach((g) => {
      // Exported globals are shared cells; so are externref globals, which libcalls reach through the VMContext.
      const cell = this.exportedGlobals.has(gi) || g.type.type === 'externref';
      this.globals.push({ kind: cell ? 'cell' : 'variable', name: this.namer.fresh(label('global', gi, `g${gi}`, m.names.globals)), type: g.type.type, mutable: g.type.mutable });
      gi++;
    });
  }

  private nameMemory(base: string): void {
    const obj = this.namer.fresh(base);
    this.memoryObjects.push(obj);
    const holder = this.namer.fresh(`${obj}Live`);
    this.memoryHolders.push(holder);
    this.memoryViews.push(`${holder}.view`);
  }

  // ---------------------------------------------------------------- instantiate()

  private slot(kind: 'function' | 'table' | 'memory' | 'global', index: number): string {
    const s = this.offsets.entity(kind, index);
    return `vmctx.slots[${s} /* ${this.offsets.describe(s)} */]`;
  }

  /** instantiate's body, with a placeholder for each function, and the functions' texts. */
  private instantiateBody(): { lines: string[]; functions: string[] } {
    const m = this.module;
    const out: string[] = [];
    const section = (title: string) => out.push('', `// ---- ${title}`);
    out.push(`const vmctx = new ${this.runtime('VMContext')}(OFFSETS, options);`);

    // 1. Imports, linked and type-checked in order.
    if (m.imports.length) section('imports (linked with type checks)');
    let fi = 0, gi = 0, mi = 0, ti = 0;
    for (const imp of m.imports) {
      const where = `imports, ${stringLiteral(imp.module)}, ${stringLiteral(imp.name)}`;
      switch (imp.desc.kind) {
        case 'func': {
          const f = this.funcs[fi];
          const ref = this.funcRef(fi);
          out.push(`const ${ref} = ${this.runtime('linkFunc')}(${where}, ${this.typeParams(f.type)});`);
          out.push(`const ${f.callee} = ${ref}.fn;`);
          out.push(`${this.slot('function', fi)} = ${ref};`);
          fi++;
          break;
        }
        case 'global': {
          const g = this.globals[gi];
          out.push(`const ${g.name} = ${this.runtime('linkGlobal')}(${where}, ${stringLiteral(g.type)}, ${g.mutable});`);
          out.push(`${this.slot('global', gi)} = ${g.name};`);
          gi++;
          break;
        }
        case 'memory': {
          const { limits, shared } = imp.desc.type;
          const sharedArg = shared ? ', true' : ''; // only shared imports say so: the usual call stays short
          out.push(`const ${this.memoryObjects[mi]} = ${this.runtime('linkMemory')}(${where}, ${limits.min}, ${limits.max ?? 'undefined'}${sharedArg});`);
          this.memorySetup(out, mi);
          mi++;
          break;
        }
        case 'table': {
          const { limits, element } = imp.desc.type;
          out.push(`const ${this.tableObjects[ti]} = ${this.runtime('linkTable')}(${where}, ${stringLiteral(element)}, ${limits.min}, ${limits.max ?? 'undefined'});`);
          out.push(`${this.slot('table', ti)} = ${this.tableObjects[ti]};`);
          ti++;
          break;
        }
      }
    }

    // 2. Memories and tables.
    if (m.memories.length) section('memories');
    m.memories.forEach((mem: MemoryType, i) => {
      const idx = mi + i;
      const { min, max } = mem.limits;
      out.push(`const ${this.memoryObjects[idx]} = new ${this.runtime('Memory')}({ initial: ${min}${max === undefined ? '' : `, maximum: ${max}`} });`);
      this.memorySetup(out, idx);
    });
    const tableCount = ti;
    if (m.tables.length) section('tables');
    m.tables.forEach((t: TableType, i) => {
      const idx = tableCount + i;
      const { min, max } = t.limits;
      // Wasm tables start out as ref.null (the JS API's default for externref would be undefined).
      out.push(`const ${this.tableObjects[idx]} = new ${this.runtime('Table')}({ element: ${stringLiteral(t.element === 'funcref' ? 'anyfunc' : 'externref')}, initial: ${min}${max === undefined ? '' : `, maximum: ${max}`} }, null);`);
      out.push(`${this.slot('table', idx)} = ${this.tableObjects[idx]};`);
    });

    // 3. Functions (declarations are hoisted; they run only after everything below is set up).
    this.planDispatchers();
    const bodies: string[] = [];
    m.funcs.forEach((f, i) => {
      const index = fi + i;
      const type = this.funcs[index].type;
      const { func, copied } = inlineSelfCalls(f, index, type);
      bodies.push(new BodyEmitter(this, index, func, type, copied).emit());
    });
    for (const d of this.dispatchers.values()) if (d) bodies.push(this.dispatcher(d));

    // 4. Globals, in order (an initialiser may read an earlier global).
    const globalLines: string[] = [];
    m.globals.forEach((g, i) => {
      const idx = gi + i;
      const access = this.globals[idx];
      const value = constExpr(this, g.init);
      if (access.kind === 'variable') {
        if (access.type === 'funcref') this.runtime('FuncRef');
        if (access.type !== 'i64') {
          globalLines.push(`let ${access.name}: ${tsType(access.type)} = ${value.code};`);
        } else {
          globalLines.push(`let ${access.name} = 0, ${access.name}$hi = 0;`);
          globalLines.push(...assignConst(this, { lo: access.name, hi: `${access.name}$hi` }, value));
        }
      } else {
        globalLines.push(`const ${access.name} = new ${this.runtime('Global')}({ value: ${stringLiteral(globalDescType(g.type))}, mutable: ${g.type.mutable} });`);
        globalLines.push(...assignConst(this, { lo: `${access.name}.v`, hi: `${access.name}.h` }, value));
        globalLines.push(`${this.slot('global', idx)} = ${access.name};`);
      }
    });

    // 5. Segments: element segments, then data segments, each as table.init/memory.init + drop.
    const segmentLines: string[] = [];
    m.elems.forEach((seg, i) => {
      const slot = this.offsets.elemSegment(i);
      const items = seg.items.map((item) => constExpr(this, item).code);
      segmentLines.push(`vmctx.slots[${slot} /* ${this.offsets.describe(slot)} */] = [${items.join(', ')}];`);
      if (seg.mode.kind === 'active') {
        const offset = constExpr(this, seg.mode.offset).code;
        segmentLines.push(`${this.libcall('table_init')}(vmctx, ${this.indexArg('table', seg.mode.table)}, ${this.indexArg('elem', i)}, ${offset}, 0, ${items.length});`);
      }
      if (seg.mode.kind !== 'passive') segmentLines.push(`${this.libcall('elem_drop')}(vmctx, ${this.indexArg('elem', i)});`);
    });
    const dataConsts: string[] = [];
    m.datas.forEach((seg, i) => {
      const slot = this.offsets.dataSegment(i);
      // fresh, not fixed: a function or global may be called DATA_<i> (it would shadow the constant).
      const name = this.namer.fresh(`DATA_${i}`);
      dataConsts.push(`const ${name} = ${this.runtime('decodeBase64')}('${encodeBase64(seg.bytes)}'); // ${seg.bytes.length} bytes`);
      segmentLines.push(`vmctx.slots[${slot} /* ${this.offsets.describe(slot)} */] = ${name};`);
      if (seg.mode.kind === 'active') {
        const offset = constExpr(this, seg.mode.offset).code;
        segmentLines.push(`${this.libcall('memory_init')}(vmctx, ${this.indexArg('memory', seg.mode.memory)}, ${this.indexArg('data', i)}, ${offset}, 0, ${seg.bytes.length});`);
        segmentLines.push(`${this.libcall('data_drop')}(vmctx, ${this.indexArg('data', i)});`);
      }
    });
    this.dataConsts = dataConsts;

    // Function references: after the bodies, since bodies and initialisers decide which are needed.
    const refLines: string[] = [];
    this.funcs.forEach((f, i) => {
      if (f.imported || !f.ref) return;
      refLines.push(`const ${f.ref} = new ${this.runtime('FuncRef')}(${this.sigConst(f.type)}, ${this.typeParams(f.type)}, ${f.callee}, ${stringLiteral(String(i))});`);
      refLines.push(`${this.slot('function', i)} = ${f.ref};`);
    });

    // Exports (computed before emitting so every exported function has its FuncRef).
    const exportEntries = m.exports.map((e) => `[${stringLiteral(e.name)}, ${this.exportValue(e.kind, e.index)}]`);
    // Function refs for exports may have been created just now.
    this.funcs.forEach((f, i) => {
      if (f.imported || !f.ref || refLines.some((l) => l.startsWith(`const ${f.ref} `))) return;
      refLines.push(`const ${f.ref} = new ${this.runtime('FuncRef')}(${this.sigConst(f.type)}, ${this.typeParams(f.type)}, ${f.callee}, ${stringLiteral(String(i))});`);
      refLines.push(`${this.slot('function', i)} = ${f.ref};`);
    });

    // Each function is a placeholder here, its text apart (./splice.ts): the formatter takes
    // the functions a chunk at a time.
    if (bodies.length) section('functions');
    for (let k = 0; k < bodies.length; k++) out.push('', functionPlaceholder(k)); // a loop, not push(...xs): a module may have 100,000 functions
    if (refLines.length) section('function references');
    for (const line of refLines) out.push(line);
    if (globalLines.length) section('globals');
    for (const line of globalLines) out.push(line);
    const exportsName = 'exports';
    section('exports');
    out.push(`const ${exportsName}: Exports = ${this.runtime('makeExports')}([${exportEntries.join(', ')}]);`);
    if (segmentLines.length) section('element and data segments (traps here abort instantiation)');
    for (const line of segmentLines) out.push(line);
    if (m.start !== undefined) {
      section('start function');
      // Like every entry from the host, errors become traps (a DataView RangeError is an out-of-bounds access).
      out.push(`try {`, `  ${this.funcs[m.start].callee}();`, `} catch (e) {`, `  throw ${this.runtime('translateError')}(e);`, `}`);
    }
    out.push('', `return { exports: ${exportsName} };`);
    return { lines: out, functions: bodies };
  }

  private dataConsts: string[] = [];

  /** The signature string of function `f` (what FuncRef.sig holds, before it becomes a constant). */
  private sigOfFunc(f: number): string {
    return signature(this.funcs[f].type);
  }

  /** The signature string of type `typeIndex`. */
  private sigOfType(typeIndex: number): string {
    return signature(this.module.types[typeIndex]);
  }

  /**
   * Names the dispatchers of every call_indirect through a sealed table before any function
   * body is emitted: a body names its locals first, and a local must not shadow a dispatcher.
   */
  private planDispatchers(): void {
    for (const f of this.module.funcs) {
      for (const instr of f.body) if (instr.op === 'call_indirect') this.indirectDispatcher(instr.index2 ?? 0, instr.index!);
    }
  }

  /** The text of a dispatcher that indirectDispatcher planned. */
  private dispatcher({ name, table, typeIndex, cases }: PlannedDispatcher): string {
    const type = this.module.types[typeIndex];
    return dispatcherText({
      name,
      table: this.tableObjects[table],
      sig: this.sigOf(typeIndex),
      index: this.dispatcherNamer.fresh('index'),
      params: abiTypes(type.params).map((t) => ({ name: this.dispatcherNamer.fresh('a'), type: t })),
      result: resultType(type.results),
      cases: [...cases].map(([f, indices]) => ({ callee: this.funcs[f].callee, indices })),
      callIndirect: this.libcall('call_indirect'),
    });
  }

  private memorySetup(out: string[], i: number): void {
    const obj = this.memoryObjects[i];
    const view = this.memoryViews[i];
    out.push(`${this.slot('memory', i)} = ${obj};`);
    out.push(`// ${view} is the current buffer's DataView: growth replaces it (see Memory.liveView).`);
    out.push(`const ${this.memoryHolders[i]} = ${obj}.liveView();`);
  }

  private exportValue(kind: Import['desc']['kind'], index: number): string {
    switch (kind) {
      case 'func':
        return `${this.funcRef(index)}.toJS()`;
      case 'memory':
        return this.memoryObjects[index];
      case 'table':
        return this.tableObjects[index];
      case 'global':
        return this.globals[index].name;
    }
  }

  private typeParams(t: FuncType): string {
    const list = (ts: readonly ValType[]) => `[${ts.map((x) => stringLiteral(x)).join(', ')}]`;
    return `${list(t.params)}, ${list(t.results)}`;
  }

  // ---------------------------------------------------------------- interfaces

  private externTypeText(kind: Import['desc']['kind'], index: number): string {
    const m = this.module;
    const limits = (l: { min: number; max?: number }) => `min: ${l.min}${l.max === undefined ? '' : `, max: ${l.max}`}`;
    switch (kind) {
      case 'func': {
        const t = this.funcs[index].type;
        return `kind: 'func', params: [${t.params.map((p) => stringLiteral(p)).join(', ')}], results: [${t.results.map((r) => stringLiteral(r)).join(', ')}]`;
      }
      case 'memory':
        return `kind: 'memory', ${limits(this.entityType('memory', index) as MemoryType['limits'])}`;
      case 'table': {
        const t = this.entityType('table', index) as TableType;
        return `kind: 'table', element: ${stringLiteral(t.element)}, ${limits(t.limits)}`;
      }
      case 'global': {
        const g = this.globals[index];
        void m;
        return `kind: 'global', type: ${stringLiteral(g.type)}, mutable: ${g.mutable}`;
      }
    }
  }

  private entityType(kind: 'memory' | 'table', index: number): MemoryType['limits'] | TableType {
    const imported = this.module.imports.filter((i) => i.desc.kind === kind);
    if (index < imported.length) {
      const d = imported[index].desc;
      return d.kind === 'memory' ? d.type.limits : (d as { type: TableType }).type;
    }
    return kind === 'memory' ? this.module.memories[index - imported.length].limits : this.module.tables[index - imported.length];
  }

  private moduleInfoText(): string {
    const counters = { func: 0, memory: 0, table: 0, global: 0 };
    const imports = this.module.imports.map((imp) => `{ module: ${stringLiteral(imp.module)}, name: ${stringLiteral(imp.name)}, ${this.externTypeText(imp.desc.kind, counters[imp.desc.kind]++)} }`);
    const exports = this.module.exports.map((e) => `{ name: ${stringLiteral(e.name)}, ${this.externTypeText(e.kind, e.index)} }`);
    const binary = this.options.binary ? `\n  binary: { sha256: ${stringLiteral(this.options.binary.sha256)}, byteLength: ${this.options.binary.byteLength} },` : '';
    return `{\n  imports: [${imports.join(', ')}],\n  exports: [${exports.join(', ')}],${binary}\n}`;
  }

  private importsInterface(): string {
    const byModule = new Map<string, string[]>();
    let fi = 0;
    for (const imp of this.module.imports) {
      let type: string;
      switch (imp.desc.kind) {
        case 'func':
          type = jsFunctionType(this.funcs[fi++].type, [], true);
          break;
        case 'memory':
          type = 'Memory';
          this.runtime('Memory');
          break;
        case 'table':
          type = 'Table';
          this.runtime('Table');
          break;
        case 'global':
          type = globalImportType(imp.desc.type);
          this.runtime('Global');
          break;
      }
      const fields = byModule.get(imp.module) ?? [];
      fields.push(`readonly ${propertyKey(imp.name)}: ${type};`);
      byModule.set(imp.module, fields);
    }
    const members = [...byModule].map(([mod, fields]) => `readonly ${propertyKey(mod)}: {\n${fields.map((f) => '  ' + f).join('\n')}\n};`);
    return members.join('\n');
  }

  private exportsInterface(): string {
    return this.module.exports
      .map((e) => {
        let type: string;
        switch (e.kind) {
          case 'func': {
            const names = this.module.names.locals.get(e.index);
            const f = this.funcs[e.index];
            const scope = new Namer();
            const paramNames = f.type.params.map((_, i) => scope.fresh(names?.get(i) ?? `p${i}`));
            type = jsFunctionType(f.type, paramNames, false);
            break;
          }
          case 'memory':
            type = this.runtime('Memory');
            break;
          case 'table':
            type = this.runtime('Table');
            break;
          case 'global':
            type = this.runtime('Global');
            break;
        }
        return `readonly ${propertyKey(e.name)}: ${type};`;
      })
      .join('\n');
  }

  // ---------------------------------------------------------------- the file

  write(): WrittenModule {
    const { lines: body, functions } = this.instantiateBody();
    const importsIface = this.importsInterface();
    const exportsIface = this.exportsInterface();
    const interfaces = interfaceText(importsIface, exportsIface);
    this.runtime('computeVMOffsets');
    this.runtime('InstantiateOptions');
    this.runtime('ModuleInfo');

    const project = new Project({ useInMemoryFileSystem: true });
    const file: SourceFile = project.createSourceFile('module.ts', '');
    const source = this.options.sourceName ? ` from ${commentText(this.options.sourceName)}` : '';
    const runtimeNames = [...this.usedRuntime].sort();
    const typeOnly = new Set(['InstantiateOptions', 'ModuleInfo']);
    file.addImportDeclaration({ moduleSpecifier: this.options.runtimeImport, namedImports: [...runtimeNames.filter((n) => n !== 'libcalls' && !typeOnly.has(n)), ...(this.usedLibcalls.size ? ['libcalls'] : [])].sort() });
    file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: this.options.runtimeImport, namedImports: runtimeNames.filter((n) => typeOnly.has(n)) });
    if (this.usedLibcalls.size) {
      file.addStatements(`// Runtime functions for operations not inlined (see runtime-lib/libcalls/table.ts).`);
      file.addVariableStatement({ declarationKind: VariableDeclarationKind.Const, declarations: [{ name: `{ ${[...this.usedLibcalls].sort().join(', ')} }`, initializer: 'libcalls' }] });
    }
    const counts = this.offsets.counts;
    file.addStatements([
      `/**\n * VMContext layout (slot numbers used below):\n${this.offsets.dump().split('\n').map((l) => ` *   ${l}`).join('\n')}\n */`,
      `const OFFSETS = computeVMOffsets(${JSON.stringify(counts).replace(/"(\w+)":/g, '$1: ')});`,
    ]);
    if (this.sigs.size) file.addStatements([...this.sigs].map(([sig, name]) => `const ${name} = ${stringLiteral(sig)};`));
    if (this.moduleConstants.length) file.addStatements(this.moduleConstants);
    file.addStatements(interfaces);
    file.addStatements([`/** The module's imports and exports with their types, for embedders that link at run time. */`, `export const moduleInfo: ModuleInfo = ${this.moduleInfoText()};`]);
    file.addFunction({
      name: 'instantiate',
      isExported: true,
      docs: ['Creates a fresh, independent instance. Synchronous; runs the start function.'],
      parameters: [
        { name: 'imports', type: 'Imports' },
        { name: 'options', type: 'InstantiateOptions', hasQuestionToken: true },
      ],
      returnType: 'Instance',
      // The body (every function of the module) is spliced in as text after ts-morph prints
      // the file: ts-morph would otherwise parse it, which was a quarter of a large compile.
      statements: BODY_PLACEHOLDER,
    });
    // ts-morph always puts imports first, so the header comment is prepended as text.
    // Data segments go last, as text: a 64 MB segment is an 89 MB string literal, which
    // ts-morph would parse for nothing (instantiate only runs after the module is loaded).
    const data = this.dataConsts.length ? `\n// ---- data segment contents (base64)\n${this.dataConsts.join('\n')}\n` : '';
    const ts = `// Generated by wasm2ts${source}. Do not edit.\n` + spliceBody(file.getFullText(), body);

    const dts = [
      `// Generated by wasm2ts${source}. Do not edit.`,
      `import type { Global, InstantiateOptions, Memory, ModuleInfo, Table } from ${stringLiteral(this.options.runtimeImport)};`,
      interfaces,
      `/** Creates a fresh, independent instance. Synchronous; runs the start function. */`,
      `export declare function instantiate(imports: Imports, options?: InstantiateOptions): Instance;`,
      `/** The module's imports and exports with their types, for embedders that link at run time. */`,
      `export declare const moduleInfo: ModuleInfo;`,
      '',
    ].join('\n');
    return { ts, functions, data, dts };
  }
}

/** A sealed table's entries of a signature it has none of: every call traps. */
const NO_ENTRIES: ReadonlyMap<number, number[]> = new Map();

/** A function type's signature string (sigId: what the runtime compares in call_indirect). */
function signature(t: FuncType): string {
  return sigId(t.params, t.results);
}

function interfaceText(importsIface: string, exportsIface: string): string {
  return [
      `/** What the module imports, by module and field name. */`,
      `export interface Imports {\n${indentLines(importsIface, '  ')}\n}`,
      `/** What an instance exports: the same shapes as the WebAssembly JS API. */`,
      `export interface Exports {\n${indentLines(exportsIface, '  ')}\n}`,
      `export interface Instance {\n  readonly exports: Exports;\n}`,
  ].join('\n');
}

function globalDescType(t: GlobalType): string {
  return t.type === 'funcref' ? 'anyfunc' : t.type;
}

export function writeModule(module: WasmModule, options: WriteOptions): WrittenModule {
  return new ModuleWriter(module, options).write();
}

export type { RuntimeName };
