/**
 * Module validation, per the spec (WebAssembly 2.0 plus multi-memory and extended-const):
 * index spaces, limits, constant expressions, segments, start function, exports, and
 * every function body (validate-func.ts). Errors carry the spec's message texts and the
 * byte offset of the offending entry or instruction.
 */
import { assertNever, CompileError } from '../errors.js';
import type {
  ConstExpr,
  FuncType,
  GlobalType,
  Limits,
  MemoryType,
  RefType,
  TableType,
  ValType,
  WasmModule,
} from '../model/types.js';
import { formatTypes, validateFunction, type ModuleContext } from './validate-func.js';

/** 64 KiB pages in 4 GiB: the most a 32-bit memory can have. */
const MAX_MEMORY_PAGES = 65536;
/** Table limits are u32 (a table64 would allow more). */
const MAX_TABLE_SIZE = 2 ** 32 - 1;

export function validateModule(m: WasmModule): void {
  const offsets = m.offsets;
  const fail = (message: string, offset: number | undefined): never => {
    throw new CompileError(message, offset);
  };

  // Index spaces: imports first, then definitions.
  const funcTypes: FuncType[] = [];
  const tables: TableType[] = [];
  const memories: MemoryType[] = [];
  const globals: GlobalType[] = [];
  m.imports.forEach((imp, i) => {
    const offset = offsets?.imports[i];
    const desc = imp.desc;
    switch (desc.kind) {
      case 'func':
        if (desc.typeIndex >= m.types.length) fail(`unknown type ${desc.typeIndex}`, offset);
        funcTypes.push(m.types[desc.typeIndex]);
        break;
      case 'table':
        checkTableType(desc.type, offset);
        tables.push(desc.type);
        break;
      case 'memory':
        checkMemoryType(desc.type, offset);
        memories.push(desc.type);
        break;
      case 'global':
        globals.push(desc.type);
        break;
      default:
        assertNever(desc, 'import kind');
    }
  });
  const importedGlobals = globals.length;
  for (const func of m.funcs) {
    if (func.typeIndex >= m.types.length) fail(`unknown type ${func.typeIndex}`, func.offset);
    funcTypes.push(m.types[func.typeIndex]);
  }
  m.tables.forEach((table, i) => {
    checkTableType(table, offsets?.tables[i]);
    tables.push(table);
  });
  m.memories.forEach((memory, i) => {
    checkMemoryType(memory, offsets?.memories[i]);
    memories.push(memory);
  });

  // C.refs: functions named outside function bodies may be referenced by ref.func inside them.
  const declaredFuncRefs = new Set<number>();
  const collectRefs = (expr: ConstExpr) => {
    for (const instr of expr) if (instr.op === 'ref.func') declaredFuncRefs.add(instr.index!);
  };
  for (const global of m.globals) collectRefs(global.init);
  for (const elem of m.elems) {
    for (const item of elem.items) collectRefs(item);
    if (elem.mode.kind === 'active') collectRefs(elem.mode.offset);
  }
  for (const data of m.datas) if (data.mode.kind === 'active') collectRefs(data.mode.offset);
  for (const exp of m.exports) if (exp.kind === 'func') declaredFuncRefs.add(exp.index);

  // Each global's initialiser sees the imported globals and the globals defined before it.
  m.globals.forEach((global, i) => {
    const offset = offsets?.globals[i];
    checkConstExpr(global.init, global.type.type, importedGlobals + i, offset);
    globals.push(global.type);
  });

  const elemTypes: RefType[] = [];
  m.elems.forEach((elem, i) => {
    const offset = offsets?.elems[i];
    if (elem.mode.kind === 'active') {
      const table = elem.mode.table;
      if (table >= tables.length) fail(`unknown table ${table}`, offset);
      if (tables[table].element !== elem.type) {
        fail(`type mismatch: ${elem.type} elements for a ${tables[table].element} table`, offset);
      }
      checkConstExpr(elem.mode.offset, 'i32', globals.length, offset);
    }
    for (const item of elem.items) checkConstExpr(item, elem.type, globals.length, offset);
    elemTypes.push(elem.type);
  });

  m.datas.forEach((data, i) => {
    const offset = offsets?.datas[i];
    if (data.mode.kind === 'active') {
      if (data.mode.memory >= memories.length) fail(`unknown memory ${data.mode.memory}`, offset);
      checkConstExpr(data.mode.offset, 'i32', globals.length, offset);
    }
  });

  if (m.start !== undefined) {
    const offset = offsets?.start;
    if (m.start >= funcTypes.length) fail(`unknown function ${m.start}`, offset);
    const type = funcTypes[m.start];
    if (type.params.length !== 0 || type.results.length !== 0) {
      fail(`start function must have type [] -> [], not ${formatTypes(type.params)} -> ${formatTypes(type.results)}`, offset);
    }
  }

  const exportNames = new Set<string>();
  m.exports.forEach((exp, i) => {
    const offset = offsets?.exports[i];
    const count = { func: funcTypes.length, table: tables.length, memory: memories.length, global: globals.length }[exp.kind];
    const what = exp.kind === 'func' ? 'function' : exp.kind;
    if (exp.index >= count) fail(`unknown ${what} ${exp.index}`, offset);
    if (exportNames.has(exp.name)) fail(`duplicate export name ${JSON.stringify(exp.name)}`, offset);
    exportNames.add(exp.name);
  });

  const ctx: ModuleContext = {
    types: m.types,
    funcTypes,
    tables,
    memories,
    globals,
    elemTypes,
    dataCount: m.datas.length,
    declaredFuncRefs,
  };
  const importedFuncs = funcTypes.length - m.funcs.length;
  m.funcs.forEach((func, i) => validateFunction(ctx, func, importedFuncs + i));

  function checkLimits(limits: Limits, offset: number | undefined): void {
    if (limits.max !== undefined && limits.min > limits.max) {
      fail('size minimum must not be greater than maximum', offset);
    }
  }

  function checkTableType(table: TableType, offset: number | undefined): void {
    const { min, max } = table.limits;
    if (min > MAX_TABLE_SIZE || (max !== undefined && max > MAX_TABLE_SIZE)) {
      fail('table size must be at most 2^32-1', offset);
    }
    checkLimits(table.limits, offset);
  }

  function checkMemoryType(memory: MemoryType, offset: number | undefined): void {
    const { min, max } = memory.limits;
    if (min > MAX_MEMORY_PAGES || (max !== undefined && max > MAX_MEMORY_PAGES)) {
      fail('memory size must be at most 65536 pages (4GiB)', offset);
    }
    checkLimits(memory.limits, offset);
    if (memory.shared && max === undefined) fail('shared memory must have maximum', offset);
  }

  /**
   * A constant expression: constants, ref.null, ref.func, global.get of an immutable global
   * among the first `visibleGlobals`, and (extended-const) i32/i64 add, sub and mul.
   */
  function checkConstExpr(expr: ConstExpr, expected: ValType, visibleGlobals: number, entryOffset: number | undefined): void {
    const stack: ValType[] = [];
    let offset = entryOffset;
    const pop = (t: ValType) => {
      const actual = stack.pop();
      if (actual !== t) fail(`type mismatch: instruction requires [${t}] but stack has [${actual ?? ''}]`, offset);
    };
    for (const instr of expr) {
      offset = instr.offset;
      switch (instr.op) {
        case 'i32.const':
          stack.push('i32');
          break;
        case 'i64.const':
          stack.push('i64');
          break;
        case 'f32.const':
          stack.push('f32');
          break;
        case 'f64.const':
          stack.push('f64');
          break;
        case 'ref.null':
          stack.push(instr.types![0]);
          break;
        case 'ref.func':
          if (instr.index! >= funcTypes.length) fail(`unknown function ${instr.index}`, offset);
          stack.push('funcref');
          break;
        case 'global.get': {
          const index = instr.index!;
          if (index >= visibleGlobals) fail(`unknown global ${index}`, offset);
          if (globals[index].mutable) fail(`constant expression required: global ${index} is mutable`, offset);
          stack.push(globals[index].type);
          break;
        }
        case 'i32.add':
        case 'i32.sub':
        case 'i32.mul':
          pop('i32');
          pop('i32');
          stack.push('i32');
          break;
        case 'i64.add':
        case 'i64.sub':
        case 'i64.mul':
          pop('i64');
          pop('i64');
          stack.push('i64');
          break;
        default:
          fail(`constant expression required: ${instr.op} is not a constant instruction`, offset);
      }
    }
    if (stack.length !== 1 || stack[0] !== expected) {
      fail(`type mismatch: constant expression requires [${expected}] but has ${formatTypes(stack)}`, offset);
    }
  }
}
