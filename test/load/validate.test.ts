import test, { type ExecutionContext } from 'ava';
import { CompileError } from '../../compiler/errors.js';
import { decodeModule } from '../../compiler/load/decode.js';
import { validateModule } from '../../compiler/load/validate.js';
import {
  codeSection,
  body,
  funcSection,
  funcType,
  i32c,
  i64c,
  OP,
  oneFunc,
  S,
  section,
  str,
  T,
  typeSection,
  u32,
  vec,
  wasm,
  type Bytes,
  type TypeName,
} from './builder.js';

const validate = (bytes: Uint8Array) => validateModule(decodeModule(bytes));

function valid(t: ExecutionContext, bytes: Uint8Array): void {
  t.notThrows(() => validate(bytes));
}

/** Expects a validation error whose message starts with `problem`, optionally at the offset of `needle` in the bytes. */
function invalid(t: ExecutionContext, bytes: Uint8Array, problem: string, needle?: Bytes | number): void {
  const module = decodeModule(bytes); // must decode: these are validation errors
  const e = t.throws(() => validateModule(module), { instanceOf: CompileError });
  t.true(e?.problem.startsWith(problem), `"${e?.problem}" should start with "${problem}"`);
  t.false(e?.unsupported);
  if (needle !== undefined) t.is(e?.offset, typeof needle === 'number' ? needle : lastIndexOf(bytes, needle));
}

function lastIndexOf(bytes: Uint8Array, pattern: Bytes): number {
  outer: for (let i = bytes.length - pattern.length; i >= 0; i--) {
    for (let k = 0; k < pattern.length; k++) if (bytes[i + k] !== pattern[k]) continue outer;
    return i;
  }
  throw new Error(`pattern ${pattern} not found`);
}

const fn = (results: readonly TypeName[], code: Bytes, params: readonly TypeName[] = []) => oneFunc(params, results, code);
const memory = section(S.memory, vec([[0, 1]]));

test('operand types, with the stack in the message and the instruction offset', (t) => {
  const bytes = fn(['i32'], [...i64c(1), ...i32c(2), OP.i32_add]);
  const e = t.throws(() => validate(bytes), { instanceOf: CompileError });
  t.is(e?.problem, 'type mismatch: instruction requires [i32 i32] but stack has [i64 i32]');
  t.is(e?.offset, lastIndexOf(bytes, [OP.i32_add]));
  invalid(t, fn([], [OP.i32_add]), 'type mismatch: instruction requires [i32 i32] but stack has []');
  invalid(t, fn(['i32'], []), 'type mismatch: function requires [i32] but stack has []', [OP.end]);
  invalid(t, fn([], i32c(1)), 'type mismatch: function requires [] but stack has [i32]');
  invalid(t, fn(['i64'], i32c(1)), 'type mismatch');
  invalid(t, fn([], [OP.drop]), 'type mismatch');
  valid(t, fn(['i32'], [OP.local_get, 0, ...i32c(1), OP.i32_add], ['i32']));
});

test('unreachable code: the polymorphic stack', (t) => {
  valid(t, fn(['i32'], [OP.unreachable, OP.i32_add]));
  valid(t, fn(['i32'], [OP.unreachable, OP.drop, OP.drop, OP.select]));
  valid(t, fn(['i64'], [OP.unreachable, OP.return]));
  invalid(t, fn(['i64'], [OP.return, OP.unreachable]), 'type mismatch');
  valid(t, fn(['i32'], [OP.block, T.i32, ...i32c(1), OP.br, 0, OP.i32_add, OP.end]));
  invalid(t, fn(['i32'], [OP.block, T.i32, OP.br, 0, OP.i32_add, OP.end]), 'type mismatch');
  valid(t, fn([], [OP.unreachable, OP.ref_is_null, OP.drop]));
  invalid(t, fn(['i32'], [OP.unreachable, ...i64c(0), OP.i32_add]), 'type mismatch');
  invalid(t, fn(['i32'], [OP.unreachable, ...i64c(0)]), 'type mismatch');
  // Unreachability ends with the block.
  invalid(t, fn([], [OP.block, 0x40, OP.unreachable, OP.end, OP.drop]), 'type mismatch');
});

test('blocks, loops and ifs, with multi-value block types', (t) => {
  // Type 0 is the function's; 1: [i32] -> [i32 i32]; 2: [i32] -> [i32].
  const types = typeSection(funcType([], ['i32']), funcType(['i32'], ['i32', 'i32']), funcType(['i32'], ['i32']));
  const module = (code: Bytes) => wasm(types, funcSection(0), codeSection(body(code)));
  valid(t, module([...i32c(1), OP.block, 1, ...i32c(2), OP.end, OP.i32_add]));
  valid(t, module([...i32c(1), OP.loop, 1, ...i32c(2), OP.end, OP.drop]));
  invalid(t, module([...i32c(1), OP.block, 1, ...i32c(2), ...i32c(3), OP.end, OP.drop]), 'type mismatch: block requires [i32 i32] but stack has [i32 i32 i32]');
  invalid(t, module([OP.block, 1, ...i32c(2), OP.end, OP.drop]), 'type mismatch');
  valid(t, module([...i32c(1), OP.if, T.i32, ...i32c(2), OP.else, ...i32c(3), OP.end]));
  invalid(t, module([...i32c(1), OP.if, T.i32, ...i32c(2), OP.end]), 'type mismatch: if without else');
  // An if without else whose parameters are its results passes them through.
  valid(t, module([...i32c(5), ...i32c(1), OP.if, 2, OP.end]));
  invalid(t, module([...i64c(1), OP.if, T.i32, ...i32c(2), OP.else, ...i32c(3), OP.end]), 'type mismatch');
  invalid(t, module([...i32c(1), OP.if, T.i32, ...i32c(2), OP.else, ...i64c(3), OP.end]), 'type mismatch');
  invalid(t, module([OP.block, 7, OP.end, ...i32c(0)]), 'unknown type 7');
});

test('branches: labels, arities and br_table', (t) => {
  valid(t, fn(['i32'], [OP.block, T.i32, ...i32c(1), ...i32c(0), OP.br_if, 0, OP.end]));
  valid(t, fn([], [OP.loop, 0x40, ...i32c(0), OP.br_if, 0, OP.end]));
  valid(t, fn(['i32'], [...i32c(1), OP.br, 0]));
  invalid(t, fn([], [OP.br, 1]), 'unknown label 1', [OP.br, 1]);
  invalid(t, fn(['i32'], [OP.block, T.i32, ...i64c(1), OP.br, 0, OP.end]), 'type mismatch');
  invalid(t, fn([], [OP.block, T.i32, ...i32c(0), OP.br_if, 0, OP.end, OP.drop]), 'type mismatch');
  const table = (depths: number[], fallback: number) => [OP.br_table, ...vec(depths.map((d) => u32(d))), ...u32(fallback)];
  valid(t, fn(['i32'], [OP.block, T.i32, ...i32c(7), ...i32c(0), ...table([0, 1], 1), OP.end]));
  invalid(t, fn(['i32'], [OP.block, 0x40, ...i32c(7), ...i32c(0), ...table([0], 1), OP.end, ...i32c(0)]), 'type mismatch: br_table targets of different arity');
  invalid(t, fn([], [...i32c(0), ...table([], 3)]), 'unknown label 3');
  valid(t, fn([], [OP.unreachable, ...table([0], 0)]));
  // In unreachable code the targets must still agree on arity, not on types.
  valid(t, fn([], [OP.block, T.f32, OP.block, T.i64, OP.unreachable, ...table([0], 1), OP.end, OP.drop, OP.unreachable, OP.end, OP.drop]));
});

test('locals, globals and their index spaces', (t) => {
  invalid(t, fn([], [OP.local_get, 1, OP.drop], ['i32']), 'unknown local 1', [OP.local_get, 1]);
  invalid(t, fn([], [OP.global_get, 0, OP.drop]), 'unknown global 0');
  const globals = section(S.global, vec([[T.i32, 0, ...i32c(1), OP.end], [T.i64, 1, ...i64c(1), OP.end]]));
  const withGlobals = (code: Bytes) => oneFunc([], [], code, { before: [globals] });
  valid(t, withGlobals([...i64c(2), OP.global_set, 1]));
  invalid(t, withGlobals([...i32c(2), OP.global_set, 0]), 'immutable global');
  invalid(t, withGlobals([...i32c(2), OP.global_set, 1]), 'type mismatch');
  invalid(t, fn([], [...i32c(1), OP.local_set, 0], ['i64']), 'type mismatch');
});

test('memories: indices, alignment and offsets', (t) => {
  const withMemories = (code: Bytes, count = 1) => oneFunc([], [], code, { before: [section(S.memory, vec(Array.from({ length: count }, () => [0, 1])))] });
  invalid(t, fn([], [...i32c(0), OP.i32_load, 2, 0, OP.drop]), 'unknown memory 0');
  valid(t, withMemories([...i32c(0), OP.i32_load, 2, 0, OP.drop]));
  invalid(t, withMemories([...i32c(0), OP.i32_load, 3, 0, OP.drop]), 'alignment must not be larger than natural');
  invalid(t, withMemories([...i32c(0), OP.i32_load8_u, 1, 0, OP.drop]), 'alignment must not be larger than natural');
  invalid(t, withMemories([...i32c(0), OP.i32_load, 2, 0x80, 0x80, 0x80, 0x80, 0x10, OP.drop]), 'offset out of range');
  // Multi-memory: memory index 1 in the memarg.
  valid(t, withMemories([...i32c(0), OP.i32_load, 0x42, 1, 0, OP.drop], 2));
  invalid(t, withMemories([...i32c(0), OP.i32_load, 0x42, 1, 0, OP.drop], 1), 'unknown memory 1');
  valid(t, withMemories([OP.memory_size, 1, OP.drop, ...i32c(1), OP.memory_grow, 0, OP.drop], 2));
  invalid(t, withMemories([OP.memory_size, 1, OP.drop]), 'unknown memory 1');
  const copy = (dst: number, src: number) => [...i32c(0), ...i32c(0), ...i32c(0), OP.prefix_fc, 10, dst, src];
  valid(t, withMemories(copy(1, 0), 2));
  invalid(t, withMemories(copy(0, 1), 1), 'unknown memory 1');
});

test('segments used by instructions', (t) => {
  const passiveData = section(S.data, vec([[0x01, 0]]));
  const dataCount = section(S.dataCount, u32(1));
  const init = (data: number) => [...i32c(0), ...i32c(0), ...i32c(0), OP.prefix_fc, 8, data, 0];
  valid(t, oneFunc([], [], init(0), { before: [memory, dataCount], after: [passiveData] }));
  invalid(t, oneFunc([], [], init(1), { before: [memory, dataCount], after: [passiveData] }), 'unknown data segment 1');
  invalid(t, oneFunc([], [], [OP.prefix_fc, 9, 2], { before: [dataCount], after: [passiveData] }), 'unknown data segment 2');
  invalid(t, fn([], [OP.prefix_fc, 13, 0]), 'unknown elem segment 0');
  const tables = section(S.table, vec([[T.funcref, 0, 1], [T.externref, 0, 1]]));
  const elems = section(S.elem, vec([[0x05, T.externref, ...vec([[OP.ref_null, T.externref, OP.end]])]]));
  const tableInit = (table: number) => [...i32c(0), ...i32c(0), ...i32c(0), OP.prefix_fc, 12, 0, table];
  valid(t, oneFunc([], [], tableInit(1), { before: [tables, elems] }));
  invalid(t, oneFunc([], [], tableInit(0), { before: [tables, elems] }), 'type mismatch');
  const tableCopy = (dst: number, src: number) => [...i32c(0), ...i32c(0), ...i32c(0), OP.prefix_fc, 14, dst, src];
  valid(t, oneFunc([], [], tableCopy(1, 1), { before: [tables] }));
  invalid(t, oneFunc([], [], tableCopy(0, 1), { before: [tables] }), 'type mismatch');
  invalid(t, oneFunc([], [], tableCopy(0, 2), { before: [tables] }), 'unknown table 2');
});

test('tables and references', (t) => {
  const tables = section(S.table, vec([[T.funcref, 0, 1], [T.externref, 0, 1]]));
  const withTables = (code: Bytes, results: TypeName[] = []) => oneFunc([], results, code, { before: [tables] });
  valid(t, withTables([...i32c(0), OP.table_get, 1], ['externref']));
  invalid(t, withTables([...i32c(0), OP.table_get, 1], ['funcref']), 'type mismatch');
  valid(t, withTables([...i32c(0), OP.ref_null, T.funcref, OP.table_set, 0]));
  valid(t, withTables([OP.ref_null, T.externref, ...i32c(1), OP.prefix_fc, 15, 1], ['i32']));
  valid(t, withTables([...i32c(0), OP.ref_null, T.externref, ...i32c(1), OP.prefix_fc, 17, 1]));
  invalid(t, withTables([...i32c(0), OP.ref_null, T.funcref, ...i32c(1), OP.prefix_fc, 17, 1]), 'type mismatch');
  invalid(t, withTables([OP.prefix_fc, 16, 2, OP.drop]), 'unknown table 2');
  valid(t, fn(['i32'], [OP.ref_null, T.funcref, OP.ref_is_null]));
  invalid(t, fn(['i32'], [...i32c(0), OP.ref_is_null]), 'type mismatch');
  // call_indirect needs a funcref table.
  valid(t, withTables([...i32c(0), OP.call_indirect, 0, 0]));
  invalid(t, withTables([...i32c(0), OP.call_indirect, 0, 1]), 'type mismatch');
  invalid(t, withTables([...i32c(0), OP.call_indirect, 0, 2]), 'unknown table 2');
  invalid(t, withTables([...i32c(0), OP.call_indirect, 5, 0]), 'unknown type 5');
});

test('ref.func needs a declared function', (t) => {
  const refFunc = [OP.ref_func, 0, OP.drop];
  invalid(t, fn([], refFunc), 'undeclared function reference', [OP.ref_func, 0]);
  valid(t, oneFunc([], [], refFunc, { before: [section(S.export, vec([[...str('f'), 0, 0]]))] }));
  valid(t, oneFunc([], [], refFunc, { before: [section(S.elem, vec([[0x03, 0x00, ...vec([[0]])]]))] }));
  valid(t, oneFunc([], [], refFunc, { before: [section(S.global, vec([[T.funcref, 0, OP.ref_func, 0, OP.end]]))] }));
  invalid(t, fn([], [OP.ref_func, 3, OP.drop]), 'unknown function 3');
});

test('calls', (t) => {
  const types = typeSection(funcType(['i32', 'i64'], ['f32']), funcType([], []));
  const module = (code: Bytes) => wasm(types, funcSection(0, 1), codeSection(body([OP.f32_const, 0, 0, 0, 0]), body(code)));
  valid(t, module([...i32c(1), ...i64c(2), OP.call, 0, OP.drop]));
  invalid(t, module([...i64c(2), ...i32c(1), OP.call, 0, OP.drop]), 'type mismatch: instruction requires [i32 i64] but stack has [i64 i32]');
  invalid(t, module([OP.call, 2]), 'unknown function 2');
  invalid(t, wasm(typeSection(), funcSection(0), codeSection(body([]))), 'unknown type 0');
});

test('select: untyped needs numbers, typed needs exactly one type', (t) => {
  valid(t, fn(['i64'], [...i64c(1), ...i64c(2), ...i32c(0), OP.select]));
  invalid(t, fn(['i64'], [...i64c(1), ...i32c(2), ...i32c(0), OP.select]), 'type mismatch');
  invalid(t, fn([], [OP.ref_null, T.funcref, OP.ref_null, T.funcref, ...i32c(0), OP.select, OP.drop]), 'type mismatch');
  valid(t, fn(['funcref'], [OP.ref_null, T.funcref, OP.ref_null, T.funcref, ...i32c(0), OP.select_t, 1, T.funcref]));
  invalid(t, fn([], [...i32c(1), ...i32c(1), ...i32c(0), OP.select_t, 0]), 'invalid result arity');
  invalid(t, fn([], [...i32c(1), ...i32c(1), ...i32c(0), OP.select_t, 2, T.i32, T.i32]), 'invalid result arity');
});

test('constant expressions: globals, extended-const and what is not constant', (t) => {
  const imports = section(S.import, vec([[...str('m'), ...str('c'), 3, T.i32, 0], [...str('m'), ...str('v'), 3, T.i32, 1]]));
  const globals = (...entries: Bytes[]) => wasm(imports, section(S.global, vec(entries)));
  valid(t, globals([T.i32, 0, OP.global_get, 0, OP.end]));
  valid(t, globals([T.i32, 0, ...i32c(1), OP.end], [T.i32, 0, OP.global_get, 2, ...i32c(3), OP.i32_mul, OP.global_get, 0, OP.i32_sub, OP.end]));
  valid(t, globals([T.i64, 0, ...i64c(1), ...i64c(2), OP.i64_add, OP.end]));
  invalid(t, globals([T.i32, 0, OP.global_get, 1, OP.end]), 'constant expression required');
  invalid(t, globals([T.i32, 0, OP.global_get, 2, OP.end]), 'unknown global 2');
  invalid(t, globals([T.i32, 0, OP.global_get, 3, OP.end], [T.i32, 0, ...i32c(0), OP.end]), 'unknown global 3');
  invalid(t, globals([T.i32, 0, ...i32c(1), OP.i32_eqz, OP.end]), 'constant expression required');
  invalid(t, globals([T.i32, 0, ...i32c(1), OP.nop, OP.end]), 'constant expression required');
  invalid(t, globals([T.i32, 0, ...i64c(1), OP.end]), 'type mismatch');
  invalid(t, globals([T.i32, 0, OP.end]), 'type mismatch');
  invalid(t, globals([T.i32, 0, ...i32c(1), ...i32c(1), OP.end]), 'type mismatch');
  invalid(t, globals([T.i32, 0, ...i32c(1), ...i64c(1), OP.i32_add, OP.end]), 'type mismatch');
  invalid(t, globals([T.funcref, 0, OP.ref_null, T.externref, OP.end]), 'type mismatch');
});

test('element and data segments', (t) => {
  const table = section(S.table, vec([[T.funcref, 0, 1]]));
  const module = (segment: Bytes, extra: Bytes[] = [table]) => wasm(typeSection(funcType([], [])), funcSection(0), ...extra, section(S.elem, vec([segment])), codeSection(body([])));
  valid(t, module([0x00, ...i32c(0), OP.end, ...vec([[0]])]));
  invalid(t, module([0x00, ...i64c(0), OP.end, ...vec([[0]])]), 'type mismatch');
  invalid(t, module([0x02, 1, ...i32c(0), OP.end, 0x00, ...vec([[0]])]), 'unknown table 1');
  invalid(t, module([0x00, ...i32c(0), OP.end, ...vec([[0]])], []), 'unknown table 0');
  invalid(t, module([0x00, ...i32c(0), OP.end, ...vec([[4]])]), 'unknown function 4');
  invalid(t, module([0x06, 0, ...i32c(0), OP.end, T.externref, ...vec([[OP.ref_null, T.externref, OP.end]])]), 'type mismatch');
  invalid(t, module([0x05, T.externref, ...vec([[OP.ref_func, 0, OP.end]])]), 'type mismatch');
  const data = (segment: Bytes, extra: Bytes[] = [memory]) => wasm(...extra, section(S.data, vec([segment])));
  valid(t, data([0x00, ...i32c(0), OP.end, 0]));
  invalid(t, data([0x02, 1, ...i32c(0), OP.end, 0]), 'unknown memory 1');
  invalid(t, data([0x00, ...i32c(0), OP.end, 0], []), 'unknown memory 0');
  invalid(t, data([0x00, ...i64c(0), OP.end, 0]), 'type mismatch');
});

test('limits', (t) => {
  valid(t, wasm(section(S.memory, vec([[0x01, 0, 0x80, 0x80, 0x04]]))));
  invalid(t, wasm(section(S.memory, vec([[0x00, 0x81, 0x80, 0x04]]))), 'memory size must be at most 65536 pages (4GiB)');
  invalid(t, wasm(section(S.memory, vec([[0x01, 0, 0x81, 0x80, 0x04]]))), 'memory size');
  invalid(t, wasm(section(S.memory, vec([[0x01, 2, 1]]))), 'size minimum must not be greater than maximum');
  invalid(t, wasm(section(S.memory, vec([[0x02, 1]]))), 'shared memory must have maximum');
  valid(t, wasm(section(S.memory, vec([[0x03, 1, 2]]))));
  valid(t, wasm(section(S.table, vec([[T.funcref, 0x01, 0, 0xff, 0xff, 0xff, 0xff, 0x0f]]))));
  invalid(t, wasm(section(S.table, vec([[T.funcref, 0x01, 3, 2]]))), 'size minimum must not be greater than maximum');
  invalid(t, wasm(section(S.table, vec([[T.funcref, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10]]))), 'table size');
  const imported = wasm(section(S.import, vec([[...str('m'), ...str('t'), 0x01, T.funcref, 0x01, 5, 4]])));
  invalid(t, imported, 'size minimum must not be greater than maximum', 11); // the import entry
});

test('start function, exports and imports', (t) => {
  const types = typeSection(funcType([], []), funcType(['i32'], []));
  const startModule = (typeIndex: number, start: number) => wasm(types, funcSection(typeIndex), section(S.start, u32(start)), codeSection(body([])));
  valid(t, startModule(0, 0));
  invalid(t, startModule(1, 0), 'start function must have type [] -> []');
  invalid(t, startModule(0, 1), 'unknown function 1');
  const exportsModule = (...entries: Bytes[]) => wasm(types, funcSection(0), memory, section(S.export, vec(entries)), codeSection(body([])));
  valid(t, exportsModule([...str('a'), 0, 0], [...str('b'), 0, 0], [...str('m'), 2, 0]));
  invalid(t, exportsModule([...str('a'), 0, 0], [...str('a'), 2, 0]), 'duplicate export name');
  invalid(t, exportsModule([...str('a'), 0, 1]), 'unknown function 1');
  invalid(t, exportsModule([...str('a'), 1, 0]), 'unknown table 0');
  invalid(t, exportsModule([...str('a'), 3, 0]), 'unknown global 0');
  invalid(t, exportsModule([...str('a'), 2, 1]), 'unknown memory 1');
  invalid(t, wasm(types, section(S.import, vec([[...str('m'), ...str('f'), 0x00, 2]]))), 'unknown type 2');
  // Imported functions come first in the function index space.
  const withImport = wasm(types, section(S.import, vec([[...str('m'), ...str('f'), 0x00, 1]])), funcSection(0), codeSection(body([...i32c(1), OP.call, 0, OP.call, 1])));
  valid(t, withImport);
});

test('a module built by hand without offsets still validates, errors without an offset', (t) => {
  const m = decodeModule(wasm(section(S.memory, vec([[0x01, 2, 1]]))));
  const { offsets: _offsets, ...bare } = m;
  const e = t.throws(() => validateModule(bare), { instanceOf: CompileError });
  t.is(e?.offset, undefined);
  t.is(e?.problem, 'size minimum must not be greater than maximum');
});
