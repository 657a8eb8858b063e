/**
 * The VMContext layout of a module that imports and defines every kind of entity:
 * the `--print-layout` dump, the same layout in the instance, and what each slot
 * holds after instantiation through the Linker.
 */
import test from 'ava';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Func, FuncRef, funcRefOf, Global, Linker, Memory, Store, Table, ValRaw } from '../../runtime-lib/index.js';
import { repoRoot, writeAtomically } from '../helpers/generated.js';
import { loadModule } from './helpers.js';

const EVERY_KIND = `(module
  (import "host" "f" (func $f (param i32) (result i32)))
  (import "host" "t" (table 1 funcref))
  (import "host" "m" (memory 1))
  (import "host" "g" (global $g i32))
  (func $id (export "id") (param externref) (result externref) (local.get 0))
  (table $refs (export "refs") 2 externref)
  (memory $mem (export "mem") 1)
  (global $counter (mut i32) (i32.const 0))
  (global $last (mut externref) (ref.null extern))
  (data $d "hi")
  (elem $e funcref (ref.func $id))
)`;

// docs/embedding.md shows this dump verbatim (docs.test.ts checks it).
const EXPECTED_DUMP = `VMContext: 11 slots
  [0..0] importedFunctions (1)
  [1..1] importedTables (1)
  [2..2] importedMemories (1)
  [3..3] importedGlobals (1)
  [4..4] definedFunctions (1)
  [5..5] definedTables (1)
  [6..6] definedMemories (1)
  [7..8] definedGlobals (2)
  [9..9] dataSegments (1)
  [10..10] elemSegments (1)`;

test('wasm2ts --print-layout prints the layout of a module with every kind of entity', async (t) => {
  const file = path.join(repoRoot, 'out', 'test', 'embedding-every-kind.wat');
  writeAtomically(file, EVERY_KIND);
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'dist', 'compiler', 'cli.js'), file, '--print-layout']);
  t.is(stdout.trimEnd(), EXPECTED_DUMP);
});

test('after instantiation each slot holds its entity, in wasmtime order', async (t) => {
  const module = await loadModule('every-kind', EVERY_KIND);
  const store = new Store(null);
  const f = Func.newUnchecked(store, { params: ['i32'], results: ['i32'] }, (_caller, values) => {
    values[0] = ValRaw.i32(values[0]!.getI32() + 1);
  });
  const table = new Table({ element: 'anyfunc', initial: 1 });
  const memory = new Memory({ initial: 1 });
  const global = new Global({ value: 'i32' }, 7);
  const linker = new Linker<null>()
    .define(store, 'host', 'f', f)
    .define(store, 'host', 't', table)
    .define(store, 'host', 'm', memory)
    .define(store, 'host', 'g', global);
  const instance = linker.instantiate(store, module);
  const { vmctx } = instance;
  t.is(vmctx.offsets.dump(), EXPECTED_DUMP);
  t.is(vmctx.slots.length, 11);
  t.is(vmctx.store, store);
  t.is(store.instances.at(-1), vmctx, 'the VMContext registered itself with the store');

  // Imports: exactly the objects the linker was given (the host function's own FuncRef).
  t.is(vmctx.slots[0], f.ref);
  t.is(vmctx.slots[1], table);
  t.is(vmctx.slots[2], memory);
  t.is(vmctx.slots[3], global);
  // Defined entities: the ones the exports expose.
  t.true(vmctx.slots[4] instanceof FuncRef);
  t.is(vmctx.slots[4], instance.getFunc(store, 'id')!.ref);
  t.is((vmctx.slots[4] as FuncRef).sig, 'externref -> externref');
  t.is(vmctx.slots[5], instance.getExport(store, 'refs'));
  t.is((vmctx.slots[5] as Table).elementType, 'externref');
  t.is(vmctx.slots[6], instance.getMemory(store, 'mem'));
  t.not(vmctx.slots[6], memory);
  // $counter is neither exported nor a reference: it lives in a closure variable.
  t.is(vmctx.slots[7], null);
  t.true(vmctx.slots[8] instanceof Global);
  t.is((vmctx.slots[8] as Global).type, 'externref');
  t.is((vmctx.slots[8] as Global).v, null);
  // Passive segments stay until dropped.
  t.deepEqual([...(vmctx.slots[9] as Uint8Array)], [0x68, 0x69]);
  t.deepEqual(vmctx.slots[10], [vmctx.slots[4]]);
  t.is(funcRefOf((vmctx.slots[4] as FuncRef).toJS()), vmctx.slots[4] as FuncRef);
});
