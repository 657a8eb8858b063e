import test from 'ava';
import { FuncRef } from '../../runtime-lib/funcref.js';
import { libcalls } from '../../runtime-lib/libcalls/impl.js';
import { MAX_TABLE_LENGTH, Table } from '../../runtime-lib/table.js';
import { Trap } from '../../runtime-lib/trap.js';
import { sigId } from '../../runtime-lib/values.js';
import { VMContext, computeVMOffsets } from '../../runtime-lib/vmcontext.js';
import { NativeWebAssembly } from './native.js';

function errorKind(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as Error).constructor.name;
  }
}

function trapCode(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof Trap) return e.code;
    throw e;
  }
}

const I32_TO_I32 = sigId(['i32'], ['i32']);
const inc = new FuncRef(I32_TO_I32, ['i32'], ['i32'], (x: number) => (x + 1) | 0);
const dbl = new FuncRef(I32_TO_I32, ['i32'], ['i32'], (x: number) => (x * 2) | 0);
const nullary = new FuncRef(sigId([], []), [], [], () => undefined);

test('Table descriptors are validated like WebAssembly.Table', (t) => {
  const descriptors: unknown[] = [
    undefined, null, 1, {}, { element: 'anyfunc' }, { element: 'anyfunc', initial: 1 }, { element: 'externref', initial: 0 },
    { element: 'i32', initial: 1 }, { element: 'anyfunc', initial: -1 }, { element: 'anyfunc', initial: 2, maximum: 1 },
    { element: 'anyfunc', initial: MAX_TABLE_LENGTH + 1 }, { element: 'anyfunc', initial: 1, maximum: 2 ** 32 - 1 },
    { element: 'anyfunc', initial: 1, maximum: 2 ** 32 }, { element: 'anyfunc', initial: NaN }, { initial: 1 },
    { element: { toString: () => 'externref' }, initial: 1 },
  ];
  for (const d of descriptors) {
    t.is(errorKind(() => new Table(d as never)), errorKind(() => new NativeWebAssembly.Table(d as object)), JSON.stringify(d));
  }
  t.is(new Table({ element: 'funcref', initial: 1 }).elementType, 'funcref');
  t.is(new Table({ element: 'anyfunc', initial: 1 }).elementType, 'funcref');
});

test('funcref tables: default null, get returns the exported function, set checks the value', (t) => {
  const table = new Table({ element: 'anyfunc', initial: 2, maximum: 4 });
  t.is(table.length, 2);
  t.deepEqual(table.elements, [null, null]);
  t.is(table.get(0), null);
  table.set(0, inc.toJS());
  t.is(table.elements[0], inc);
  t.is(table.get(0), inc.toJS());
  t.is((table.get(0) as (x: number) => number)(41), 42);
  table.set(0);
  t.is(table.elements[0], null);
  table.set(1, null);
  t.throws(() => table.set(0, () => 1), { instanceOf: TypeError });
  t.throws(() => table.set(0, 'f'), { instanceOf: TypeError });
  t.throws(() => table.get(2), { instanceOf: RangeError });
  t.throws(() => table.set(2, null), { instanceOf: RangeError });
  t.throws(() => table.get(-1), { instanceOf: TypeError });
  t.throws(() => new Table({ element: 'anyfunc', initial: 1 }, () => 1), { instanceOf: TypeError });
  t.deepEqual(new Table({ element: 'anyfunc', initial: 2 }, dbl.toJS()).elements, [dbl, dbl]);
});

test('externref tables: default undefined, any value, null is ref.null', (t) => {
  const native = new NativeWebAssembly.Table({ element: 'externref', initial: 1 });
  const table = new Table({ element: 'externref', initial: 1 });
  t.is(table.get(0), native.get(0));
  t.is(table.get(0), undefined);
  const o = {};
  table.set(0, o);
  t.is(table.get(0), o);
  table.set(0, null);
  t.is(table.get(0), null);
  table.set(0);
  t.is(table.get(0), undefined);
  t.deepEqual(new Table({ element: 'externref', initial: 2 }, 'x').elements, ['x', 'x']);
});

test('grow: returns the old length, fills with the init value, RangeError past the maximum', (t) => {
  const table = new Table({ element: 'anyfunc', initial: 1, maximum: 3 });
  t.is(table.grow(1, inc.toJS()), 1);
  t.deepEqual(table.elements, [null, inc]);
  t.is(table.grow(0), 2);
  t.throws(() => table.grow(2), { instanceOf: RangeError });
  t.is(table.growInternal(2, null), -1);
  t.is(table.growInternal(1, null), 2);
  t.is(table.length, 3);
  t.throws(() => table.grow(0, 5), { instanceOf: TypeError });
  const unbounded = new Table({ element: 'externref', initial: 0 });
  t.is(unbounded.growInternal(MAX_TABLE_LENGTH + 1, null), -1);
  t.is(unbounded.growInternal(0xffffffff, null), -1);
  t.is(unbounded.grow(2, 'v'), 0);
  t.deepEqual(unbounded.elements, ['v', 'v']);
  t.is(unbounded.grow(1), 2);
  t.is(unbounded.elements[2], undefined);
});

// ---------------------------------------------------------------- table libcalls

function instance(tables: Table[], elems: (unknown[] | null)[] = []) {
  const offsets = computeVMOffsets({
    importedFuncs: 0, importedTables: 1, importedMemories: 0, importedGlobals: 0,
    definedFuncs: 0, definedTables: tables.length - 1, definedMemories: 0, definedGlobals: 0,
    dataSegments: 0, elemSegments: elems.length,
  });
  const vmctx = new VMContext(offsets);
  tables.forEach((table, i) => { vmctx.slots[offsets.table(i)] = table; });
  elems.forEach((e, i) => { vmctx.slots[offsets.elemSegment(i)] = e; });
  return vmctx;
}

test('table_get/table_set/table_size: unsigned indices, OutOfBoundsTable', (t) => {
  const table = new Table({ element: 'anyfunc', initial: 2 });
  const vmctx = instance([table]);
  t.is(libcalls.table_size(vmctx, 0), 2);
  libcalls.table_set(vmctx, 0, 1, inc);
  t.is(libcalls.table_get(vmctx, 0, 1), inc);
  t.is(libcalls.table_get(vmctx, 0, 0), null);
  t.is(trapCode(() => libcalls.table_get(vmctx, 0, 2)), 'OutOfBoundsTable');
  t.is(trapCode(() => libcalls.table_get(vmctx, 0, -1)), 'OutOfBoundsTable');
  t.is(trapCode(() => libcalls.table_set(vmctx, 0, 2, null)), 'OutOfBoundsTable');
});

test('table_grow returns the old length or -1', (t) => {
  const table = new Table({ element: 'externref', initial: 1, maximum: 2 });
  const vmctx = instance([table]);
  t.is(libcalls.table_grow(vmctx, 0, 'x', 1), 1);
  t.deepEqual(table.elements, [undefined, 'x']);
  t.is(libcalls.table_grow(vmctx, 0, 'y', 1), -1);
  t.is(libcalls.table_grow(vmctx, 0, 'y', -1), -1, 'delta is unsigned');
  t.is(libcalls.table_grow(vmctx, 0, 'y', 0), 2);
});

test('table_fill: bounds first, exact end ok', (t) => {
  const table = new Table({ element: 'externref', initial: 4 }, null);
  const vmctx = instance([table]);
  libcalls.table_fill(vmctx, 0, 1, 'a', 2);
  t.deepEqual(table.elements, [null, 'a', 'a', null]);
  libcalls.table_fill(vmctx, 0, 4, 'b', 0);
  t.is(trapCode(() => libcalls.table_fill(vmctx, 0, 5, 'b', 0)), 'OutOfBoundsTable');
  t.is(trapCode(() => libcalls.table_fill(vmctx, 0, 3, 'b', 2)), 'OutOfBoundsTable');
  t.deepEqual(table.elements, [null, 'a', 'a', null], 'nothing written before the trap');
});

test('table_copy: overlap both ways, across tables, bounds first', (t) => {
  const a = new Table({ element: 'externref', initial: 5 }, null);
  const b = new Table({ element: 'externref', initial: 3 }, null);
  const vmctx = instance([a, b]);
  a.elements.splice(0, 5, 1, 2, 3, 4, 5);
  libcalls.table_copy(vmctx, 0, 0, 1, 0, 3);
  t.deepEqual(a.elements, [1, 1, 2, 3, 5]);
  libcalls.table_copy(vmctx, 0, 0, 0, 1, 4);
  t.deepEqual(a.elements, [1, 2, 3, 5, 5]);
  libcalls.table_copy(vmctx, 1, 0, 0, 2, 3);
  t.deepEqual(b.elements, [3, 5, 5]);
  libcalls.table_copy(vmctx, 1, 0, 3, 5, 0);
  t.is(trapCode(() => libcalls.table_copy(vmctx, 1, 0, 4, 0, 0)), 'OutOfBoundsTable');
  t.is(trapCode(() => libcalls.table_copy(vmctx, 1, 0, 1, 0, 3)), 'OutOfBoundsTable');
  t.is(trapCode(() => libcalls.table_copy(vmctx, 0, 1, 0, 1, 3)), 'OutOfBoundsTable');
  t.deepEqual(b.elements, [3, 5, 5]);
  t.deepEqual(a.elements, [1, 2, 3, 5, 5]);
});

test('table_init and elem_drop', (t) => {
  const table = new Table({ element: 'anyfunc', initial: 4 });
  const vmctx = instance([table], [[inc, dbl, null]]);
  libcalls.table_init(vmctx, 0, 0, 1, 0, 2);
  t.deepEqual(table.elements, [null, inc, dbl, null]);
  libcalls.table_init(vmctx, 0, 0, 4, 3, 0);
  t.is(trapCode(() => libcalls.table_init(vmctx, 0, 0, 0, 4, 0)), 'OutOfBoundsTable');
  t.is(trapCode(() => libcalls.table_init(vmctx, 0, 0, 3, 0, 2)), 'OutOfBoundsTable');
  t.is(trapCode(() => libcalls.table_init(vmctx, 0, 0, 0, 2, 2)), 'OutOfBoundsTable');
  t.deepEqual(table.elements, [null, inc, dbl, null]);
  libcalls.elem_drop(vmctx, 0);
  t.is(vmctx.slots[vmctx.offsets.elemSegment(0)], null);
  libcalls.table_init(vmctx, 0, 0, 0, 0, 0);
  t.is(trapCode(() => libcalls.table_init(vmctx, 0, 0, 0, 0, 1)), 'OutOfBoundsTable');
});

test('call_indirect: undefined element, uninitialized element, signature mismatch, success', (t) => {
  const table = new Table({ element: 'anyfunc', initial: 3 });
  table.elements[0] = inc;
  table.elements[2] = nullary;
  t.is(libcalls.call_indirect(table, 0, I32_TO_I32)(1), 2);
  t.is(trapCode(() => libcalls.call_indirect(table, 3, I32_TO_I32)), 'UndefinedElement');
  t.is(trapCode(() => libcalls.call_indirect(table, -1, I32_TO_I32)), 'UndefinedElement', 'index is unsigned');
  t.is(trapCode(() => libcalls.call_indirect(table, 1, I32_TO_I32)), 'UninitializedElement');
  t.is(trapCode(() => libcalls.call_indirect(table, 2, I32_TO_I32)), 'IndirectCallTypeMismatch');
  t.is(libcalls.call_indirect(table, 2, ' -> '), nullary.fn);
});
