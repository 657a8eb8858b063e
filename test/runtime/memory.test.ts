import test from 'ava';
import { execFileSync } from 'node:child_process';
import { Memory, PAGE_SIZE } from '../../runtime-lib/memory.js';
import { install } from '../../runtime-lib/webassembly/index.js';
import { libcalls } from '../../runtime-lib/libcalls/impl.js';
import { Trap } from '../../runtime-lib/trap.js';
import { VMContext, computeVMOffsets } from '../../runtime-lib/vmcontext.js';
import { NativeWebAssembly } from './native.js';

/** The constructor name of what `f` throws, or 'ok'. */
function errorKind(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as Error).constructor.name;
  }
}

test('Memory descriptors are validated like WebAssembly.Memory', (t) => {
  const descriptors: unknown[] = [
    undefined, null, 5, 'x', {}, { initial: 0 }, { initial: 1 }, { initial: -1 }, { initial: 1.9 }, { initial: NaN },
    { initial: Infinity }, { initial: '2' }, { initial: 1n }, { initial: 2 ** 32 }, { initial: 65537 },
    { initial: 2, maximum: 1 }, { initial: 1, maximum: 65537 }, { initial: 1, maximum: 1 }, { initial: 0, maximum: 65536 },
    { initial: 1, shared: true }, { initial: 1, maximum: 2, shared: true }, { initial: 1, maximum: -1 },
    { initial: { valueOf: () => 1 } }, { initial: 1, maximum: undefined },
  ];
  for (const d of descriptors) {
    const mine = errorKind(() => new Memory(d as never));
    const native = errorKind(() => new NativeWebAssembly.Memory(d as object));
    t.is(mine, native, `descriptor ${JSON.stringify(d, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  }
});

test('a new memory is zeroed, sized in pages, with views on its buffer', (t) => {
  const m = new Memory({ initial: 2, maximum: 5 });
  t.is(m.buffer.byteLength, 2 * PAGE_SIZE);
  t.is(m.pages, 2);
  t.is(m.maximum, 5);
  t.is(m.view.buffer, m.buffer);
  t.is(m.bytes.buffer, m.buffer);
  t.true(m.bytes.every((b) => b === 0));
  t.is(new Memory({ initial: 0 }).buffer.byteLength, 0);
  t.is(new Memory({ initial: 1 }).maximum, undefined);
});

test('grow keeps the contents, replaces the buffer and views, and notifies listeners', (t) => {
  const m = new Memory({ initial: 1, maximum: 3 });
  m.view.setInt32(PAGE_SIZE - 4, 0x12345678, true);
  const old = m.buffer;
  let calls = 0;
  m.onGrow(() => calls++);
  t.is(m.grow(1), 1);
  t.is(calls, 1);
  t.not(m.buffer, old);
  t.is(m.buffer.byteLength, 2 * PAGE_SIZE);
  t.is(m.view.getInt32(PAGE_SIZE - 4, true), 0x12345678);
  t.is(m.view.getInt32(PAGE_SIZE, true), 0);
  t.is(m.bytes.length, 2 * PAGE_SIZE);
  t.is(m.growInternal(1), 2);
  t.is(calls, 2);
  t.is(m.growInternal(1), -1, 'past the maximum');
  t.is(calls, 2);
  t.throws(() => m.grow(1), { instanceOf: RangeError });
  t.is(m.pages, 3);
});

test('grow(0) replaces the buffer like the JS API; growInternal(0) does not', (t) => {
  const m = new Memory({ initial: 1 });
  const native = new NativeWebAssembly.Memory({ initial: 1 });
  const nativeOld = native.buffer;
  native.grow(0);
  t.not(native.buffer, nativeOld, 'the native reference replaces it');
  let calls = 0;
  m.onGrow(() => calls++);
  const before = m.buffer;
  t.is(m.growInternal(0), 1);
  t.is(m.buffer, before);
  t.is(calls, 0);
  t.is(m.grow(0), 1);
  t.not(m.buffer, before);
  t.is(m.buffer.byteLength, PAGE_SIZE);
  t.is(calls, 1);
});

test('grow: bad deltas are TypeErrors, impossible ones RangeErrors', (t) => {
  const m = new Memory({ initial: 0 });
  t.throws(() => m.grow(-1), { instanceOf: TypeError });
  t.throws(() => m.grow(NaN), { instanceOf: TypeError });
  t.throws(() => m.grow(1n as never), { instanceOf: TypeError });
  t.throws(() => m.grow(65537), { instanceOf: RangeError });
  t.is(m.growInternal(65537), -1);
  t.is(m.growInternal(0xffffffff), -1);
  t.is(m.pages, 0);
});

test('growInternal never throws: allocation failures become -1', (t) => {
  const m = new Memory({ initial: 0 });
  const RealArrayBuffer = globalThis.ArrayBuffer;
  class FailingArrayBuffer extends RealArrayBuffer {
    constructor(n: number) {
      if (n > 0) throw new RangeError('Array buffer allocation failed');
      super(n);
    }
  }
  globalThis.ArrayBuffer = FailingArrayBuffer as ArrayBufferConstructor;
  try {
    t.is(m.growInternal(1), -1);
  } finally {
    globalThis.ArrayBuffer = RealArrayBuffer;
  }
  t.is(m.pages, 0);
  t.is(m.growInternal(1), 0);
});

// ---------------------------------------------------------------- memory libcalls

function instance(opts: { memories?: Memory[]; data?: (Uint8Array | null)[] } = {}) {
  const memories = opts.memories ?? [new Memory({ initial: 1, maximum: 2 })];
  const data = opts.data ?? [];
  const offsets = computeVMOffsets({
    importedFuncs: 0, importedTables: 0, importedMemories: 1, importedGlobals: 0,
    definedFuncs: 0, definedTables: 0, definedMemories: memories.length - 1, definedGlobals: 0,
    dataSegments: data.length, elemSegments: 0,
  });
  const vmctx = new VMContext(offsets);
  memories.forEach((m, i) => { vmctx.slots[offsets.memory(i)] = m; });
  data.forEach((d, i) => { vmctx.slots[offsets.dataSegment(i)] = d; });
  return { vmctx, memories };
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

test('memory32_size and memory32_grow (both variants) use growInternal', (t) => {
  const { vmctx, memories } = instance({ memories: [new Memory({ initial: 1, maximum: 2 }), new Memory({ initial: 0 })] });
  t.is(libcalls.memory32_size(vmctx, 0), 1);
  t.is(libcalls.imported_memory32_size(vmctx, 0), 1);
  t.is(libcalls.imported_memory32_grow(vmctx, 0, 1), 1);
  t.is(libcalls.imported_memory32_grow(vmctx, 0, 1), -1, 'past the maximum');
  t.is(libcalls.memory32_grow(vmctx, 1, 3), 0);
  t.is(libcalls.memory32_size(vmctx, 1), 3);
  t.is(libcalls.memory32_grow(vmctx, 1, -1), -1, 'delta is unsigned: 2^32 - 1 pages');
  t.is(libcalls.memory32_grow(vmctx, 1, 65534), -1, 'past 65536 pages');
  t.is(libcalls.memory32_grow(vmctx, 1, 0), 3);
  t.is(memories[1]!.pages, 3);
});

test('memory_fill: bounds first, exact end ok, value taken mod 256', (t) => {
  const { vmctx, memories } = instance();
  const bytes = () => memories[0]!.bytes;
  libcalls.memory_fill(vmctx, 0, 10, 0x1ab, 3);
  t.deepEqual([...bytes().subarray(9, 14)], [0, 0xab, 0xab, 0xab, 0]);
  libcalls.memory_fill(vmctx, 0, PAGE_SIZE - 2, 7, 2);
  t.deepEqual([...bytes().subarray(PAGE_SIZE - 3)], [0, 7, 7]);
  libcalls.memory_fill(vmctx, 0, PAGE_SIZE, 9, 0); // zero length exactly at the end
  t.is(trapCode(() => libcalls.memory_fill(vmctx, 0, PAGE_SIZE + 1, 9, 0)), 'OutOfBoundsMemory');
  t.is(trapCode(() => libcalls.memory_fill(vmctx, 0, PAGE_SIZE - 2, 1, 3)), 'OutOfBoundsMemory');
  t.deepEqual([...bytes().subarray(PAGE_SIZE - 3)], [0, 7, 7], 'nothing written before the trap');
  t.is(trapCode(() => libcalls.memory_fill(vmctx, 0, -1, 1, 1)), 'OutOfBoundsMemory', 'addresses are unsigned');
  t.is(trapCode(() => libcalls.memory_fill(vmctx, 0, 1, 1, -1)), 'OutOfBoundsMemory', 'lengths are unsigned');
  libcalls.imported_memory_fill(vmctx, 0, 0, 5, 1);
  t.is(bytes()[0], 5);
});

test('memory_copy handles overlap both ways and checks both ranges first', (t) => {
  const { vmctx, memories } = instance();
  const bytes = memories[0]!.bytes;
  bytes.set([1, 2, 3, 4, 5], 0);
  libcalls.memory_copy(vmctx, 0, 2, 0, 0, 5); // forward overlap
  t.deepEqual([...bytes.subarray(0, 7)], [1, 2, 1, 2, 3, 4, 5]);
  libcalls.memory_copy(vmctx, 0, 0, 0, 2, 5); // backward overlap
  t.deepEqual([...bytes.subarray(0, 7)], [1, 2, 3, 4, 5, 4, 5]);
  libcalls.memory_copy(vmctx, 0, PAGE_SIZE, 0, 0, 0);
  libcalls.memory_copy(vmctx, 0, 0, 0, PAGE_SIZE, 0);
  t.is(trapCode(() => libcalls.memory_copy(vmctx, 0, PAGE_SIZE + 1, 0, 0, 0)), 'OutOfBoundsMemory');
  t.is(trapCode(() => libcalls.memory_copy(vmctx, 0, 0, 0, PAGE_SIZE + 1, 0)), 'OutOfBoundsMemory');
  t.is(trapCode(() => libcalls.memory_copy(vmctx, 0, PAGE_SIZE - 4, 0, 0, 5)), 'OutOfBoundsMemory');
  t.is(trapCode(() => libcalls.memory_copy(vmctx, 0, 0, 0, PAGE_SIZE - 4, 5)), 'OutOfBoundsMemory');
  t.deepEqual([...bytes.subarray(0, 7)], [1, 2, 3, 4, 5, 4, 5], 'nothing copied before a trap');
  libcalls.memory_copy(vmctx, 0, PAGE_SIZE - 5, 0, 0, 5);
  t.deepEqual([...bytes.subarray(PAGE_SIZE - 5)], [1, 2, 3, 4, 5]);
});

test('memory_copy is memmove at every length around its small-copy loop, at every overlap', (t) => {
  const { vmctx, memories } = instance();
  const bytes = memories[0]!.bytes;
  const pattern = Array.from({ length: 200 }, (_, i) => (i * 37 + 11) & 0xff);
  let checked = 0;
  for (let n = 0; n <= 70; n++) {
    for (let shift = -40; shift <= 40; shift++) {
      bytes.set(pattern, 1000);
      const src = 1050;
      const dst = src + shift;
      // memmove: the bytes as they were before the copy.
      const expected = pattern.slice();
      for (let i = 0; i < n; i++) expected[dst - 1000 + i] = pattern[src - 1000 + i]!;
      libcalls.memory_copy(vmctx, 0, dst, 0, src, n);
      if (bytes.subarray(1000, 1200).some((b, i) => b !== expected[i])) t.fail(`memory_copy(dst ${dst}, src ${src}, n ${n}) differs from memmove`);
      checked++;
    }
  }
  t.is(checked, 71 * 81);
});

test('memory_copy between two memories', (t) => {
  const { vmctx, memories } = instance({ memories: [new Memory({ initial: 1 }), new Memory({ initial: 1 })] });
  memories[1]!.bytes.set([9, 8, 7], 100);
  libcalls.memory_copy(vmctx, 0, 5, 1, 100, 3);
  t.deepEqual([...memories[0]!.bytes.subarray(4, 9)], [0, 9, 8, 7, 0]);
  t.is(trapCode(() => libcalls.memory_copy(vmctx, 1, 0, 0, PAGE_SIZE - 1, 2)), 'OutOfBoundsMemory');
  // Ranges in different memories never overlap, whatever their addresses (the small-copy loop and copyWithin/set).
  memories[1]!.bytes.set(Array.from({ length: 60 }, (_, i) => i + 1), 200);
  libcalls.memory_copy(vmctx, 0, 210, 1, 200, 10);
  t.deepEqual([...memories[0]!.bytes.subarray(210, 220)], Array.from({ length: 10 }, (_, i) => i + 1));
  libcalls.memory_copy(vmctx, 0, 300, 1, 200, 40);
  t.deepEqual([...memories[0]!.bytes.subarray(300, 340)], Array.from({ length: 40 }, (_, i) => i + 1));
});

test('memory_copy sees the buffer after a grow', (t) => {
  const { vmctx, memories } = instance();
  libcalls.memory32_grow(vmctx, 0, 1);
  memories[0]!.bytes[0] = 42;
  libcalls.memory_copy(vmctx, 0, PAGE_SIZE + 10, 0, 0, 1);
  t.is(memories[0]!.view.getUint8(PAGE_SIZE + 10), 42);
});

test('memory_init and data_drop', (t) => {
  const segment = new Uint8Array([10, 11, 12, 13]);
  const { vmctx, memories } = instance({ data: [segment] });
  const bytes = memories[0]!.bytes;
  libcalls.memory_init(vmctx, 0, 0, 100, 1, 3);
  t.deepEqual([...bytes.subarray(99, 104)], [0, 11, 12, 13, 0]);
  libcalls.memory_init(vmctx, 0, 0, 0, 4, 0); // zero length at the segment's end
  libcalls.memory_init(vmctx, 0, 0, PAGE_SIZE, 0, 0); // and at the memory's end
  t.is(trapCode(() => libcalls.memory_init(vmctx, 0, 0, 0, 5, 0)), 'OutOfBoundsMemory');
  t.is(trapCode(() => libcalls.memory_init(vmctx, 0, 0, 0, 2, 3)), 'OutOfBoundsMemory');
  t.is(trapCode(() => libcalls.memory_init(vmctx, 0, 0, PAGE_SIZE - 1, 0, 2)), 'OutOfBoundsMemory');
  t.is(bytes[PAGE_SIZE - 1], 0, 'nothing written before the trap');
  libcalls.data_drop(vmctx, 0);
  t.is(vmctx.slots[vmctx.offsets.dataSegment(0)], null);
  libcalls.memory_init(vmctx, 0, 0, 0, 0, 0); // a dropped segment is empty
  t.is(trapCode(() => libcalls.memory_init(vmctx, 0, 0, 0, 0, 1)), 'OutOfBoundsMemory');
  libcalls.data_drop(vmctx, 0); // dropping twice is fine
});

test('growth detaches only a buffer the memory has handed out (the runtime\'s own views of one never handed out stay attached)', (t) => {
  const m = new Memory({ initial: 1 });
  m.bytes[3] = 7;
  const unseen = m.bytes; // the runtime's own view: its buffer never left through `buffer`
  t.is(m.grow(1), 1);
  t.is(unseen.length, PAGE_SIZE, 'dropped, not detached');
  t.is(m.bytes[3], 7, 'contents moved');
  const handedOut = m.buffer;
  const itsView = m.bytes;
  t.is(m.growInternal(1), 2);
  t.is(handedOut.byteLength, 0, 'a buffer handed out is detached');
  t.is(itsView.length, 0);
  t.is(m.bytes[3], 7);
  const next = m.bytes;
  t.is(m.growInternal(1), 3);
  t.is(next.length, 3 * PAGE_SIZE, 'the buffer after that was not handed out: not detached');
  t.is(m.currentBuffer().byteLength, 4 * PAGE_SIZE);
  const notHandedOut = m.bytes;
  t.is(m.growInternal(1), 4);
  t.is(notHandedOut.length, 4 * PAGE_SIZE, 'currentBuffer() does not hand the buffer out');
  t.is(m.bytes[3], 7);
});

test('growth of a memory whose buffer nobody took leaves V8\'s ArrayBuffer-detaching protector intact (every typed-array and DataView access pays a check once it is gone)', (t) => {
  const memoryModule = new URL('../../runtime-lib/memory.js', import.meta.url).href;
  const grow = (takeBuffer: boolean) =>
    execFileSync(process.execPath, ['--trace-protector-invalidation', '--input-type=module', '-e',
      `const { Memory } = await import(${JSON.stringify(memoryModule)});
       const m = new Memory({ initial: 1 });
       ${takeBuffer ? 'm.buffer;' : ''}
       m.grow(1); m.growInternal(2); m.currentBuffer(); m.growInternal(1);
       console.log(m.pages);`], { encoding: 'utf8' });
  const invalidated = /Invalidating protector cell ArrayBufferDetaching/;
  const untouched = grow(false);
  t.regex(untouched, /^5$/m);
  t.notRegex(untouched, invalidated);
  t.regex(grow(true), invalidated, 'the check above can see an invalidation: a buffer handed out is detached');
});

test('growth page by page keeps spare capacity while the buffer stays inside the runtime: a few dozen copies for 1,000 growths, not 1,000; views, buffer and bounds stay exactly the memory\'s size', (t) => {
  const m = new Memory({ initial: 1 });
  m.bytes[5] = 42;
  const buffers = new Set<ArrayBufferLike>([m.view.buffer]);
  for (let pages = 2; pages <= 1001; pages++) {
    t.is(m.growInternal(1), pages - 1);
    buffers.add(m.view.buffer);
    if (m.view.byteLength !== pages * PAGE_SIZE || m.bytes.length !== pages * PAGE_SIZE) t.fail(`views of ${pages} pages`);
  }
  t.true(buffers.size < 25, `${buffers.size} buffers`); // one per growth before: quadratic copying
  t.is(m.bytes[5], 42);
  t.true(m.view.buffer.byteLength > m.view.byteLength, 'spare capacity behind the views');
  t.throws(() => m.view.getUint8(1001 * PAGE_SIZE), { instanceOf: RangeError }, 'bounds at the memory\'s size, not the capacity');
  m.view.setUint8(1001 * PAGE_SIZE - 1, 7);
  const handedOut = m.buffer;
  t.is(handedOut.byteLength, 1001 * PAGE_SIZE, 'the JS API buffer has exactly the memory\'s size');
  t.is(new Uint8Array(handedOut)[1001 * PAGE_SIZE - 1], 7);
  t.is(m.view.buffer, handedOut, 'generated code uses the buffer handed out');
  t.is(m.currentBuffer(), handedOut);
  t.is(m.growInternal(1), 1001);
  t.is(handedOut.byteLength, 0, 'a buffer handed out is detached by the next growth');
  t.is(m.view.buffer.byteLength, 1002 * PAGE_SIZE, 'and its successor is exact (glue that takes it after every growth gets no extra copy)');
  t.true(m.buffer === m.view.buffer, 'the buffer handed out is the one in use');
  t.is(m.bytes[5], 42);
  const limited = new Memory({ initial: 1, maximum: 2 });
  t.is(limited.growInternal(1), 1);
  t.is(limited.view.buffer.byteLength, 2 * PAGE_SIZE, 'no capacity past the maximum (3 pages otherwise)');
  t.is(limited.growInternal(1), -1);
});

test('growth alternating with currentBuffer() (the WASI adapter takes it at every call) copies once per growth and allocates no spare capacity', (t) => {
  const m = new Memory({ initial: 1 });
  const buffers = new Set<ArrayBufferLike>();
  let refreshed = 0;
  m.onGrow(() => refreshed++);
  m.currentBuffer(); // as the adapter does before the program runs
  for (let pages = 2; pages <= 51; pages++) {
    t.is(m.growInternal(1), pages - 1);
    const taken = m.currentBuffer();
    t.is(taken.byteLength, pages * PAGE_SIZE);
    t.is(m.view.buffer, taken);
    buffers.add(taken);
  }
  t.is(buffers.size, 50);
  t.is(refreshed, 50, 'one view change per growth: none for moving out of spare capacity');
});

test('liveView: the holder\'s view follows every growth, from either path, and only real growth; a new prototype per growth up to a bound, then a field written; a class of its own per holder', (t) => {
  const m = new Memory({ initial: 1 });
  const live = m.liveView();
  const prototypes = new Set([Object.getPrototypeOf(live)]);
  t.is(live.view, m.view);
  t.is(m.growInternal(0), 1);
  t.is(live.view, m.view, 'a zero delta keeps the view (no needless deoptimization)');
  t.is(prototypes.size, 1);
  t.is(m.grow(0), 1, 'the JS API grow(0) replaces the buffer');
  t.is(live.view, m.view);
  prototypes.add(Object.getPrototypeOf(live));
  for (let pages = 2; pages <= 20; pages++) {
    t.is(m.growInternal(1), pages - 1);
    t.is(live.view, m.view);
    t.is(live.view.byteLength, pages * PAGE_SIZE);
    prototypes.add(Object.getPrototypeOf(live));
  }
  t.is(prototypes.size, 16, 'a prototype for each of the first 16 views (MAX_CONSTANT_VIEWS), then the same one');
  t.false(Object.hasOwn(live, 'view'), 'the view lives on the prototype');
  t.is(new Memory({ initial: 1, maximum: 1 }).growInternal(1), -1);
  // V8 tracks a field's constness per hidden class: a class per holder keeps one holder's
  // field write from making the others' fields variable.
  const classOf = (holder: object) => Object.getPrototypeOf(Object.getPrototypeOf(holder)) as object;
  t.not(classOf(new Memory({ initial: 1 }).liveView()), classOf(live));
  t.not(classOf(m.liveView()), classOf(live));
});

test('unsafeNoDetach: growth leaves a handed-out buffer attached and stale; the memory itself keeps every byte', (t) => {
  const m = new Memory({ initial: 1 });
  t.false(m.unsafeNoDetach, 'off by default');
  m.unsafeNoDetach = true;
  m.bytes[3] = 7;
  const old = m.buffer;
  const oldView = new Uint8Array(old);
  t.is(m.grow(1), 1);
  t.is(old.byteLength, PAGE_SIZE, 'not detached');
  t.not(m.buffer, old, 'a new buffer all the same, as after every grow');
  m.bytes[3] = 8;
  t.is(oldView[3], 7, 'stale: the contents at the growth');
  t.is(m.buffer.byteLength, 2 * PAGE_SIZE);
  t.is(new Uint8Array(m.buffer)[3], 8);
  m.unsafeNoDetach = false;
  const taken = m.buffer;
  t.is(m.growInternal(1), 2);
  t.is(taken.byteLength, 0, 'detached again once the option is off');
  t.is(m.bytes[3], 8);
});

test('install({ unsafeNoDetach }) gives Memories made while installed the option, and a process whose glue takes buffers keeps V8\'s detaching protector; uninstalling restores the default', (t) => {
  const shim = new URL('../../runtime-lib/webassembly/index.js', import.meta.url).href;
  const out = execFileSync(process.execPath, ['--trace-protector-invalidation', '--input-type=module', '-e',
    `const { install } = await import(${JSON.stringify(shim)});
     const uninstall = install({ unsafeNoDetach: true });
     const m = new WebAssembly.Memory({ initial: 1 });
     const views = [new Int8Array(m.buffer)];
     m.grow(1); views.push(new Int8Array(m.buffer)); m.grow(2); views.push(new Int8Array(m.buffer));
     console.log('installed', m.unsafeNoDetach, m.buffer.byteLength / 65536, views.map((v) => v.length / 65536).join(','));
     uninstall();
     const { Memory } = await import(${JSON.stringify(new URL('../../runtime-lib/memory.js', import.meta.url).href)});
     const exact = new Memory({ initial: 1 });
     console.log('uninstalled', exact.unsafeNoDetach);
     exact.buffer; exact.grow(1);`], { encoding: 'utf8' });
  t.regex(out, /^installed true 4 1,2,4$/m);
  t.regex(out, /^uninstalled false$/m);
  const lines = out.split('\n');
  const invalidatedAt = lines.findIndex((l) => /Invalidating protector cell ArrayBufferDetaching/.test(l));
  t.true(invalidatedAt > lines.findIndex((l) => l.startsWith('uninstalled')), 'the protector held until the exact Memory, made after uninstalling, detached its buffer');
});

test('unsafeNoDetach with several installs: a new Memory takes the newest install\'s option, whatever order they are uninstalled in', (t) => {
  // Synchronous, so no other test of this file runs while the shim is installed.
  const made = () => new Memory({ initial: 1 }).unsafeNoDetach;
  const outer = install({ unsafeNoDetach: true });
  t.true(made());
  const inner = install({});
  t.false(made(), 'the newest install has the option off');
  outer(); // out of order
  t.false(made(), 'the inner install remains');
  inner();
  t.false(made(), 'none installed: the default');
  const first = install({});
  const second = install({ unsafeNoDetach: true });
  t.true(made());
  second();
  t.false(made(), 'the first install remains');
  first();
  const a = install({ unsafeNoDetach: true });
  const b = install({});
  b();
  t.true(made(), 'the remaining install has the option on');
  a();
  t.false(made());
});

test('without ArrayBuffer.prototype.transfer (Node 20), grow still detaches the old buffer', (t) => {
  // wasm-bindgen's glue re-creates its views only when the old one reports byteLength 0.
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transfer?: (n: number) => ArrayBuffer };
  const had = Object.getOwnPropertyDescriptor(proto, 'transfer');
  delete proto.transfer;
  try {
    const m = new Memory({ initial: 1 });
    m.bytes[7] = 42;
    const old = m.buffer;
    const oldView = new Uint8Array(old);
    t.is(m.grow(1), 1);
    t.is(old.byteLength, 0, 'detached');
    t.is(oldView.length, 0, 'views of the old buffer are empty');
    t.is(m.bytes[7], 42);
    t.is(m.growInternal(1), 2, 'the growth path of memory.grow detaches too');
    t.is(m.bytes[7], 42);
  } finally {
    if (had) Object.defineProperty(proto, 'transfer', had);
  }
});

test('where ArrayBuffer.prototype.transfer exists, grow uses it and the old buffer is detached', (t) => {
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transfer?: (n: number) => ArrayBuffer };
  const had = Object.getOwnPropertyDescriptor(proto, 'transfer');
  let used = 0;
  // A stand-in with the ES2024 semantics: copy into a new buffer, detach the old one.
  proto.transfer = function (this: ArrayBuffer, n: number) {
    used++;
    const next = new ArrayBuffer(n);
    new Uint8Array(next).set(new Uint8Array(this).subarray(0, Math.min(n, this.byteLength)));
    structuredClone(this, { transfer: [this] });
    return next;
  };
  try {
    const m = new Memory({ initial: 1 });
    m.bytes[5] = 99;
    const old = m.buffer;
    t.is(m.grow(1), 1);
    t.is(used, 1);
    t.is(old.byteLength, 0, 'detached');
    t.is(m.bytes[5], 99);
    t.is(m.buffer.byteLength, 2 * PAGE_SIZE);
  } finally {
    if (had) Object.defineProperty(proto, 'transfer', had);
    else delete proto.transfer;
  }
});
