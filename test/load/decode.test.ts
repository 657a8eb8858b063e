import test, { type ExecutionContext } from 'ava';
import { CompileError } from '../../compiler/errors.js';
import { decodeModule } from '../../compiler/load/decode.js';
import { validateModule } from '../../compiler/load/validate.js';
import type { Instr } from '../../compiler/model/types.js';
import {
  body,
  codeSection,
  funcSection,
  funcType,
  HEADER,
  i32c,
  OP,
  oneFunc,
  S,
  section,
  sleb,
  str,
  T,
  typeSection,
  u32,
  vec,
  wasm,
  type Bytes,
} from './builder.js';

function decodeError(t: ExecutionContext, bytes: Uint8Array, problem: string, offset?: number): CompileError | undefined {
  const e = t.throws(() => decodeModule(bytes), { instanceOf: CompileError });
  t.is(e?.problem, problem);
  if (offset !== undefined) t.is(e?.offset, offset);
  return e;
}

/** Byte offset of the first occurrence of `pattern` in `bytes` at or after `from`. */
function find(bytes: Uint8Array, pattern: Bytes, from = 0): number {
  outer: for (let i = from; i + pattern.length <= bytes.length; i++) {
    for (let k = 0; k < pattern.length; k++) if (bytes[i + k] !== pattern[k]) continue outer;
    return i;
  }
  throw new Error(`pattern ${pattern} not found`);
}

/** Decodes a one-function module and returns its body without the final end. */
function bodyOf(code: Bytes, extra: Parameters<typeof oneFunc>[3] = {}): Instr[] {
  const m = decodeModule(oneFunc([], [], code, extra));
  return m.funcs[0].body.slice(0, -1);
}

/** The instruction with its offset dropped, for comparing shapes. */
function shape(instr: Instr): Omit<Instr, 'offset'> {
  const { offset: _offset, ...rest } = instr;
  return rest;
}

test('the empty module', (t) => {
  const m = decodeModule(wasm());
  t.deepEqual(m.types, []);
  t.deepEqual(m.funcs, []);
  t.is(m.start, undefined);
  t.is(m.names.module, undefined);
  t.is(m.names.functions.size, 0);
  t.deepEqual(m.customs, []);
});

test('header: magic and version', (t) => {
  decodeError(t, new Uint8Array([]), 'unexpected end', 0);
  decodeError(t, new Uint8Array([0x00, 0x61, 0x73]), 'unexpected end');
  decodeError(t, new Uint8Array([0x00, 0x41, 0x53, 0x4d, 1, 0, 0, 0]), 'magic header not detected', 0);
  decodeError(t, new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0]), 'unexpected end');
  decodeError(t, new Uint8Array([0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), 'unknown binary version', 4);
});

test('type section: multi-value function types', (t) => {
  const m = decodeModule(wasm(typeSection(funcType(['i32', 'i64'], ['f32', 'f64', 'funcref']), funcType([], ['externref', 'v128']))));
  t.deepEqual(m.types, [
    { params: ['i32', 'i64'], results: ['f32', 'f64', 'funcref'] },
    { params: [], results: ['externref', 'v128'] },
  ]);
  t.deepEqual(m.offsets?.types, [HEADER.length + 3, HEADER.length + 3 + 8]);
  decodeError(t, wasm(section(S.type, vec([[0x61, 0, 0]]))), 'malformed function type', 11);
  decodeError(t, wasm(section(S.type, vec([[0x60, 1, 0x40, 0]]))), 'malformed value type', 13);
});

test('imports of every kind', (t) => {
  const m = decodeModule(
    wasm(
      typeSection(funcType(['i32'], [])),
      section(
        S.import,
        vec([
          [...str('env'), ...str('f'), 0x00, 0x00],
          [...str('env'), ...str('t'), 0x01, T.funcref, 0x01, 1, 10],
          [...str('env'), ...str('m'), 0x02, 0x03, 1, 2],
          [...str('env'), ...str('g'), 0x03, T.i64, 0x01],
          [...str('ünï'), ...str(''), 0x01, T.externref, 0x00, 0],
        ]),
      ),
    ),
  );
  t.deepEqual(m.imports, [
    { module: 'env', name: 'f', desc: { kind: 'func', typeIndex: 0 } },
    { module: 'env', name: 't', desc: { kind: 'table', type: { element: 'funcref', limits: { min: 1, max: 10 } } } },
    { module: 'env', name: 'm', desc: { kind: 'memory', type: { limits: { min: 1, max: 2 }, shared: true } } },
    { module: 'env', name: 'g', desc: { kind: 'global', type: { type: 'i64', mutable: true } } },
    { module: 'ünï', name: '', desc: { kind: 'table', type: { element: 'externref', limits: { min: 0 } } } },
  ]);
});

test('import and export errors', (t) => {
  decodeError(t, wasm(section(S.import, vec([[...str('a'), ...str('b'), 0x05]]))), 'malformed import kind', 15);
  decodeError(t, wasm(section(S.import, vec([[...str('a'), ...str('b'), 0x03, T.i32, 0x02]]))), 'malformed mutability', 17);
  const tag = t.throws(() => decodeModule(wasm(section(S.import, vec([[...str('a'), ...str('b'), 0x04, 0x00, 0x00]])))), { instanceOf: CompileError });
  t.true(tag?.unsupported);
  decodeError(t, wasm(section(S.export, vec([[...str('x'), 0x07, 0x00]]))), 'malformed export kind', 13);
});

test('tables and memories: limits, flags and unsupported proposals', (t) => {
  const m = decodeModule(wasm(section(S.table, vec([[T.funcref, 0x00, 3], [T.externref, 0x01, 0, 0x80, 0x01]])), section(S.memory, vec([[0x00, 1], [0x01, 0, 0x80, 0x80, 0x04]]))));
  t.deepEqual(m.tables, [
    { element: 'funcref', limits: { min: 3 } },
    { element: 'externref', limits: { min: 0, max: 128 } },
  ]);
  t.deepEqual(m.memories, [
    { limits: { min: 1 }, shared: false },
    { limits: { min: 0, max: 65536 }, shared: false },
  ]);
  decodeError(t, wasm(section(S.table, vec([[T.funcref, 0x08, 0]]))), 'malformed limits flags', 12);
  decodeError(t, wasm(section(S.table, vec([[T.funcref, 0x81, 0x00, 0]]))), 'malformed limits flags', 12);
  decodeError(t, wasm(section(S.memory, vec([[0x08, 0]]))), 'malformed limits flags', 11);
  decodeError(t, wasm(section(S.table, vec([[T.i32, 0x00, 0]]))), 'malformed reference type', 11);
  for (const bytes of [
    wasm(section(S.memory, vec([[0x04, 0]]))), // memory64
    wasm(section(S.table, vec([[T.funcref, 0x04, 0]]))), // table64
    wasm(section(S.table, vec([[0x40, 0x00, T.funcref, 0x00, 0, 0xd2, 0, 0x0b]]))), // table with initialiser
    wasm(section(S.type, vec([[0x5f, 0]]))), // GC struct type
    wasm(section(13, [0])), // tag section
  ]) {
    const e = t.throws(() => decodeModule(bytes), { instanceOf: CompileError });
    t.true(e?.unsupported, e?.message);
    t.regex(e?.problem ?? '', /^unsupported: /);
  }
});

test('globals and constant expressions, with exact values', (t) => {
  const m = decodeModule(
    wasm(
      section(
        S.global,
        vec([
          [T.i32, 0, ...i32c(-2147483648), OP.end],
          [T.i64, 1, OP.i64_const, ...sleb(-(2n ** 63n)), OP.end],
          [T.f32, 0, OP.f32_const, 0x01, 0x00, 0xa0, 0x7f, OP.end],
          [T.f64, 0, OP.f64_const, 0x01, 0, 0, 0, 0, 0, 0xf4, 0xff, OP.end],
          [T.funcref, 0, OP.ref_null, T.funcref, OP.end],
          [T.i32, 0, OP.global_get, 0, ...i32c(3), OP.i32_add, OP.end],
        ]),
      ),
    ),
  );
  const values = m.globals.map((g) => g.init[0].value);
  t.deepEqual(values, [-2147483648, -(2n ** 63n), 0x7fa00001, 0xfff4000000000001n, undefined, undefined]);
  t.deepEqual(m.globals[1].type, { type: 'i64', mutable: true });
  t.deepEqual(m.globals[4].init.map(shape), [{ op: 'ref.null', types: ['funcref'] }]);
  t.deepEqual(m.globals[5].init.map((i) => i.op), ['global.get', 'i32.const', 'i32.add']);
  // The constant expression ends at its `end`, which is not part of the list.
  t.is(m.globals[0].init.length, 1);
  decodeError(t, wasm(section(S.global, vec([[T.i32, 0, ...i32c(0)]]))), 'unexpected end of section or function');
});

test('exports and start', (t) => {
  const bytes = wasm(
    typeSection(funcType([], [])),
    funcSection(0),
    section(S.export, vec([[...str('f'), 0, 0], [...str('t'), 1, 0], [...str('m'), 2, 1], [...str('g'), 3, 2]])),
    section(S.start, u32(0)),
    codeSection(body([])),
  );
  const m = decodeModule(bytes);
  t.deepEqual(m.exports, [
    { name: 'f', kind: 'func', index: 0 },
    { name: 't', kind: 'table', index: 0 },
    { name: 'm', kind: 'memory', index: 1 },
    { name: 'g', kind: 'global', index: 2 },
  ]);
  t.is(m.start, 0);
  t.is(m.offsets?.start, find(bytes, [S.start, 1, 0]) + 2);
});

test('element segments: all eight encodings', (t) => {
  const refFunc = (i: number) => [OP.ref_func, ...u32(i), OP.end];
  const offsetExpr = [...i32c(5), OP.end];
  const m = decodeModule(
    wasm(
      section(
        S.elem,
        vec([
          [0x00, ...offsetExpr, ...vec([[0], [1]])],
          [0x01, 0x00, ...vec([[2]])],
          [0x02, 1, ...offsetExpr, 0x00, ...vec([[3]])],
          [0x03, 0x00, ...vec([[4]])],
          [0x04, ...offsetExpr, ...vec([refFunc(5), [OP.ref_null, T.funcref, OP.end]])],
          [0x05, T.externref, ...vec([[OP.ref_null, T.externref, OP.end]])],
          [0x06, 2, ...offsetExpr, T.funcref, ...vec([refFunc(6)])],
          [0x07, T.funcref, ...vec([refFunc(7), [OP.global_get, 0, OP.end]])],
        ]),
      ),
    ),
  );
  const summary = m.elems.map((e) => ({
    type: e.type,
    mode: e.mode.kind === 'active' ? `active table ${e.mode.table} at ${e.mode.offset[0].value}` : e.mode.kind,
    items: e.items.map((item) => item.map((i) => (i.op === 'ref.null' ? `ref.null ${i.types![0]}` : `${i.op} ${i.index}`)).join(' ')),
  }));
  t.deepEqual(summary, [
    { type: 'funcref', mode: 'active table 0 at 5', items: ['ref.func 0', 'ref.func 1'] },
    { type: 'funcref', mode: 'passive', items: ['ref.func 2'] },
    { type: 'funcref', mode: 'active table 1 at 5', items: ['ref.func 3'] },
    { type: 'funcref', mode: 'declarative', items: ['ref.func 4'] },
    { type: 'funcref', mode: 'active table 0 at 5', items: ['ref.func 5', 'ref.null funcref'] },
    { type: 'externref', mode: 'passive', items: ['ref.null externref'] },
    { type: 'funcref', mode: 'active table 2 at 5', items: ['ref.func 6'] },
    { type: 'funcref', mode: 'declarative', items: ['ref.func 7', 'global.get 0'] },
  ]);
  decodeError(t, wasm(section(S.elem, vec([[0x08]]))), 'malformed elements segment kind', 11);
  decodeError(t, wasm(section(S.elem, vec([[0x01, 0x01, 0]]))), 'malformed element kind', 12);
  decodeError(t, wasm(section(S.elem, vec([[0x05, T.i32, 0]]))), 'malformed reference type', 12);
});

test('data segments: all three encodings, and the data count', (t) => {
  const bytes = wasm(
    section(S.memory, vec([[0, 1], [0, 1]])),
    section(S.dataCount, u32(3)),
    section(S.data, vec([[0x00, ...i32c(16), OP.end, ...str('ab')], [0x01, ...str('c')], [0x02, 1, ...i32c(0), OP.end, ...vec([])]])),
  );
  const m = decodeModule(bytes);
  t.deepEqual(
    m.datas.map((d) => ({ mode: d.mode.kind === 'active' ? `active ${d.mode.memory} at ${d.mode.offset[0].value}` : d.mode.kind, bytes: [...d.bytes] })),
    [
      { mode: 'active 0 at 16', bytes: [0x61, 0x62] },
      { mode: 'passive', bytes: [0x63] },
      { mode: 'active 1 at 0', bytes: [] },
    ],
  );
  decodeError(t, wasm(section(S.data, vec([[0x03]]))), 'malformed data segment kind', 11);
  decodeError(t, wasm(section(S.dataCount, u32(2)), section(S.data, vec([[0x01, 0]]))), 'data count and data section have inconsistent lengths');
  decodeError(t, wasm(section(S.dataCount, u32(1))), 'data count and data section have inconsistent lengths');
  t.notThrows(() => decodeModule(wasm(section(S.dataCount, u32(0)))));
});

test('data.drop and memory.init need a data count section', (t) => {
  const dataDrop = [OP.prefix_fc, 9, 0];
  const bytes = oneFunc([], [], dataDrop, { after: [section(S.data, vec([[0x01, 0]]))] });
  decodeError(t, bytes, 'data count section required', find(bytes, dataDrop));
  const withCount = oneFunc([], [], dataDrop, { before: [section(S.dataCount, u32(1))], after: [section(S.data, vec([[0x01, 0]]))] });
  t.notThrows(() => validateModule(decodeModule(withCount)));
});

test('code: locals expand, bodies keep their end, instructions know their offsets', (t) => {
  const bytes = oneFunc(['i32'], ['i32'], [OP.local_get, 0, OP.local_get, 2, OP.i32_add], { locals: [[2, 'i64'], [1, 'i32'], [0, 'f32']] });
  const m = decodeModule(bytes);
  const func = m.funcs[0];
  t.deepEqual(func.locals, ['i64', 'i64', 'i32']);
  t.deepEqual(
    func.body.map((i) => i.op),
    ['local.get', 'local.get', 'i32.add', 'end'],
  );
  const start = find(bytes, [OP.local_get, 0, OP.local_get, 2]);
  t.deepEqual(
    func.body.map((i) => i.offset),
    [start, start + 2, start + 4, start + 5],
  );
  t.is(func.offset, start - 7); // after the body size: the local runs
});

test('code: too many locals, and count mismatches with the function section', (t) => {
  const manyLocals = (runs: Bytes) => wasm(typeSection(funcType([], [])), funcSection(0), codeSection([...u32(runs.length + 1), ...runs, OP.end]));
  decodeError(t, manyLocals([2, ...u32(0xffffffff), T.i32, 2, T.i64]), 'too many locals', 22);
  decodeError(t, manyLocals([1, 0x80, 0x80, 0x80, 0x80, 0x10, T.i32]), 'integer too large');
  const e = decodeError(t, manyLocals([1, ...u32(5_000_000), T.i32]), 'too many locals: 5000000 exceeds the implementation limit of 1000000');
  t.false(e?.unsupported);
  // 20 functions of 1,000,000 locals each: fine one by one, too many together.
  const heavy = body([], [[1_000_000, 'i32']]);
  decodeError(t, wasm(typeSection(funcType([], [])), funcSection(...Array<number>(20).fill(0)), codeSection(...Array<Bytes>(20).fill(heavy))), 'too many locals: the module declares more than the implementation limit of 16777216 in total');
  decodeError(t, wasm(typeSection(funcType([], [])), funcSection(0, 0)), 'function and code section have inconsistent lengths');
  decodeError(t, wasm(codeSection(body([]))), 'function and code section have inconsistent lengths');
  t.notThrows(() => decodeModule(wasm(funcSection(), codeSection())));
});

test('sections: order, duplicates, ids and sizes', (t) => {
  decodeError(t, wasm(section(S.import, vec([])), section(S.type, vec([]))), 'unexpected content after last section', 11);
  decodeError(t, wasm(section(S.type, vec([])), section(S.type, vec([]))), 'unexpected content after last section', 11);
  decodeError(t, wasm(section(S.code, vec([])), section(S.dataCount, u32(0))), 'unexpected content after last section', 11);
  decodeError(t, wasm([14, 1, 0]), 'malformed section id', 8);
  decodeError(t, wasm([0x7f, 1, 0]), 'malformed section id', 8);
  // One type declared, two given: the section is longer than its entries.
  decodeError(t, wasm([S.type, 7, 1, 0x60, 0, 0, 0x60, 0, 0]), 'section size mismatch', 10);
  // A size beyond the end of the input.
  decodeError(t, wasm([S.type, 9, 1, 0x60, 0, 0]), 'length out of bounds', 9);
  // Declared size too small: the extra entry is read, then the size does not match.
  decodeError(t, wasm([S.type, 4, 2, 0x60, 0, 0, 0x60, 0, 0]), 'section size mismatch', 10);
  decodeError(t, wasm([S.type, 4, 2, 0x60, 0, 0]), 'unexpected end of section or function', 14);
});

test('custom sections anywhere are kept in order', (t) => {
  const custom = (name: string, payload: number[]) => section(S.custom, [...str(name), ...payload]);
  const m = decodeModule(wasm(custom('first', [1, 2]), typeSection(), custom('', []), section(S.data, vec([])), custom('last', [3])));
  t.deepEqual(
    m.customs.map((c) => [c.name, [...c.bytes]]),
    [
      ['first', [1, 2]],
      ['', []],
      ['last', [3]],
    ],
  );
  decodeError(t, wasm([S.custom, 2, 3, 0x61]), 'length out of bounds');
  decodeError(t, wasm([S.custom, 2, 5, 0x61, 0x62, 0x63, 0x64, 0x65]), 'unexpected end of section or function');
  decodeError(t, wasm(section(S.custom, [2, 0xc0, 0x80])), 'malformed UTF-8 encoding', 10);
});

function nameMap(entries: [number, string][]): Bytes {
  return vec(entries.map(([i, s]) => [...u32(i), ...str(s)]));
}

function nameSection(...subsections: [id: number, content: Bytes][]): Bytes {
  return section(S.custom, [...str('name'), ...subsections.flatMap(([id, content]) => [id, ...u32(content.length), ...content])]);
}

test('the name section: module, function, local, table, memory and global names', (t) => {
  const m = decodeModule(
    wasm(
      nameSection(
        [0, str('mod')],
        [1, nameMap([[0, 'main'], [2, 'helper']])],
        [2, vec([[...u32(0), ...nameMap([[0, 'x'], [1, 'y']])]])],
        [3, vec([])], // labels: skipped
        [5, nameMap([[0, 'tbl']])],
        [6, nameMap([[0, 'mem']])],
        [7, nameMap([[1, 'counter']])],
      ),
    ),
  );
  t.is(m.names.module, 'mod');
  t.deepEqual([...m.names.functions], [
    [0, 'main'],
    [2, 'helper'],
  ]);
  t.deepEqual([...(m.names.locals.get(0) ?? [])], [
    [0, 'x'],
    [1, 'y'],
  ]);
  t.deepEqual([...m.names.tables], [[0, 'tbl']]);
  t.deepEqual([...m.names.memories], [[0, 'mem']]);
  t.deepEqual([...m.names.globals], [[1, 'counter']]);
  t.is(m.customs[0].name, 'name');
});

test('a malformed name section does not fail the module', (t) => {
  const m = decodeModule(
    wasm(
      nameSection(
        [1, nameMap([[0, 'ok']])],
        [7, [...u32(2), 0, 1, 0x61, 1, 2, 0xff, 0xff]], // bad UTF-8 in the second entry
        [0, str('never read')],
      ),
    ),
  );
  t.deepEqual([...m.names.functions], [[0, 'ok']]);
  t.is(m.names.globals.size, 0); // the bad subsection is dropped whole
  t.is(m.names.module, undefined);
  // Truncated subsection size.
  t.notThrows(() => decodeModule(wasm(section(S.custom, [...str('name'), 1, 0x80]))));
});

test('instructions: every immediate kind', (t) => {
  const fc = (sub: number, ...rest: number[]) => [OP.prefix_fc, ...u32(sub), ...rest];
  const code: Bytes = [
    OP.block, 0x40, OP.loop, T.i32, OP.block, 0x05, OP.end, OP.end, OP.end,
    OP.br_table, ...vec([[0], [1]]), 2,
    OP.call_indirect, 3, 1,
    OP.i32_load, 0x42, 1, 0x10, // align 2, memory 1, offset 16
    OP.i64_load, 0x03, 0x80, 0x01, // align 3, memory 0, offset 128
    OP.memory_size, 1,
    OP.memory_grow, 0,
    OP.select_t, ...vec([[T.externref]]),
    OP.ref_null, 0x6f,
    OP.ref_null, 0x73, // nofunc, as binaryen writes it
    OP.ref_func, 4,
    ...fc(8, 2, 1), // memory.init data 2 memory 1
    ...fc(10, 1, 0), // memory.copy 1 <- 0
    ...fc(11, 1), // memory.fill 1
    ...fc(12, 3, 2), // table.init elem 3 table 2
    ...fc(13, 3), // elem.drop
    ...fc(14, 0, 2), // table.copy 0 <- 2
    ...fc(15, 1), ...fc(16, 1), ...fc(17, 1), // table.grow/size/fill 1
    ...fc(7), // i64.trunc_sat_f64_u
    OP.f32_const, 0x00, 0x00, 0xc0, 0x7f,
    OP.i64_const, ...sleb(2n ** 63n - 1n),
  ];
  const instrs = bodyOf(code, { before: [section(S.dataCount, u32(0))] });
  t.deepEqual(instrs.map(shape), [
    { op: 'block', blockType: { kind: 'empty' } },
    { op: 'loop', blockType: { kind: 'value', type: 'i32' } },
    { op: 'block', blockType: { kind: 'func', typeIndex: 5 } },
    { op: 'end' },
    { op: 'end' },
    { op: 'end' },
    { op: 'br_table', depths: [0, 1], index: 2 },
    { op: 'call_indirect', index: 3, index2: 1 },
    { op: 'i32.load', memarg: { align: 2, memory: 1, offset: 16 } },
    { op: 'i64.load', memarg: { align: 3, memory: 0, offset: 128 } },
    { op: 'memory.size', index: 1 },
    { op: 'memory.grow', index: 0 },
    { op: 'select_t', types: ['externref'] },
    { op: 'ref.null', types: ['externref'] },
    { op: 'ref.null', types: ['funcref'] },
    { op: 'ref.func', index: 4 },
    { op: 'memory.init', index: 2, index2: 1 },
    { op: 'memory.copy', index: 1, index2: 0 },
    { op: 'memory.fill', index: 1 },
    { op: 'table.init', index: 3, index2: 2 },
    { op: 'elem.drop', index: 3 },
    { op: 'table.copy', index: 0, index2: 2 },
    { op: 'table.grow', index: 1 },
    { op: 'table.size', index: 1 },
    { op: 'table.fill', index: 1 },
    { op: 'i64.trunc_sat_f64_u' },
    { op: 'f32.const', value: 0x7fc00000 },
    { op: 'i64.const', value: 2n ** 63n - 1n },
  ]);
});

test('instructions: malformed and unsupported opcodes, with offsets', (t) => {
  const at = (code: Bytes, problem: string, needle: Bytes, unsupported = false) => {
    const bytes = oneFunc([], [], code);
    const e = decodeError(t, bytes, problem, find(bytes, needle, 20));
    t.is(e?.unsupported, unsupported);
  };
  at([OP.unreachable, 0xff, 0x00], 'illegal opcode ff', [0xff]);
  at([OP.unreachable, 0x27], 'illegal opcode 27', [0x27]);
  at([OP.prefix_fc, 0x1e], 'illegal opcode fc 1e', [OP.prefix_fc]);
  at([OP.unreachable, 0xfd, 0x0c], 'unsupported: SIMD', [0xfd], true);
  at([OP.unreachable, 0x12, 0x00], 'unsupported: tail calls (return_call)', [0x12], true);
  at([OP.unreachable, 0x06, 0x40], 'unsupported: exception handling (try)', [0x06], true);
  at([OP.unreachable, 0xfb, 0x00], 'unsupported: GC', [0xfb], true);
  at([OP.unreachable, 0xfe, 0x00], 'unsupported: threads (atomic instructions)', [0xfe], true);
  // Type errors point at the type, not the opcode.
  at([OP.unreachable, OP.ref_null, 0x6e], 'unsupported: GC (anyref)', [0x6e], true);
  at([OP.unreachable, OP.ref_null, 0x00], 'unsupported: typed function references (ref.null $t)', [0x00, OP.end], true);
  at([OP.unreachable, OP.i32_load, 0x80, 0x01, 0x00], 'malformed memop flags', [0x80, 0x01]);
  at([OP.unreachable, OP.else], 'END opcode expected', [OP.else]);
  at([OP.block, 0x40, OP.else, OP.end], 'END opcode expected', [OP.else]);
  at([OP.if, 0x40, OP.else, OP.else, OP.end], 'END opcode expected', [OP.else, OP.end]);
  // A body whose size leaves out its end reads on (here into the data section, whose id
  // is the end opcode), and then its size does not match.
  const bytes = wasm(typeSection(funcType([], [])), funcSection(0), codeSection([2, 0, OP.nop]), section(S.data, vec([])));
  decodeError(t, bytes, 'section size mismatch', find(bytes, [2, 0, OP.nop]) + 1);
  decodeError(t, oneFunc([], [], [OP.block, 0x40]), 'unexpected end of section or function');
});

test('deep nesting: 100,000 blocks decode and validate without recursion', (t) => {
  const depth = 100_000;
  const code: Bytes = [];
  for (let i = 0; i < depth; i++) code.push(OP.block, 0x40);
  for (let i = 0; i < depth; i++) code.push(OP.end);
  const m = decodeModule(oneFunc([], [], code));
  t.is(m.funcs[0].body.length, 2 * depth + 1);
  t.notThrows(() => validateModule(m));
});

test('hostile counts fail fast instead of allocating', (t) => {
  // 2^32 - 1 types declared in a tiny section.
  decodeError(t, wasm([S.type, 6, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x60]), 'length out of bounds', 10);
  // A br_table with a huge target count.
  const bytes = oneFunc([], [], [OP.unreachable, OP.br_table, 0xff, 0xff, 0xff, 0xff, 0x0f]);
  decodeError(t, bytes, 'length out of bounds');
  // A data segment claiming 4 GiB.
  decodeError(t, wasm(section(S.data, vec([[0x01, 0xff, 0xff, 0xff, 0xff, 0x0f]]))), 'length out of bounds');
});

test('segment and custom bytes are copies, even from a Node Buffer', (t) => {
  const input = Buffer.from(wasm(section(S.custom, [...str('c'), 7]), section(S.data, vec([[0x01, ...str('x')]]))));
  const m = decodeModule(input);
  input.fill(0);
  t.deepEqual([...m.customs[0].bytes], [7]);
  t.deepEqual([...m.datas[0].bytes], [0x78]);
  t.false(Buffer.isBuffer(m.datas[0].bytes));
});
