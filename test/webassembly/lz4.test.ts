/**
 * lz4-wasm-nodejs (Rust, wasm-bindgen's nodejs target) through its stock glue, with the
 * .wasm compiled by wasm2ts: byte-identical output to native WebAssembly. The glue does
 * `new WebAssembly.Module(readFileSync(...))` and `new WebAssembly.Instance(...)` at
 * require time, so only the polyfill applies (wasm-bindgen offers no hook for this target).
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { compilePackageWasm, freshRequire, withShimOnly } from './glue.js';

const compiled = compilePackageWasm('lz4-wasm-nodejs', 'lz4-wasm-nodejs/lz4_wasm_nodejs_bg.wasm');

interface Lz4 {
  compress(input: Uint8Array): Uint8Array;
  decompress(input: Uint8Array): Uint8Array;
}

function workload(lz4: Lz4): unknown[] {
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const text = Buffer.from('hello hello hello hello hello wasm2ts '.repeat(20));
  // 6 MB of mildly compressible bytes: more than the initial memory, so the Rust allocator grows it.
  const big = Uint8Array.from({ length: 6_000_000 }, (_, i) => ((i * 2654435761) >>> 24) & (i % 3 === 0 ? 0xff : 0x0f));
  const out: unknown[] = [];
  for (const input of [new Uint8Array(0), text, big]) {
    const compressed = lz4.compress(input);
    const back = lz4.decompress(compressed);
    out.push([input.length, compressed.length, sha(compressed), Buffer.from(back).equals(Buffer.from(input))]);
  }
  try {
    lz4.decompress(new Uint8Array([0xff, 0xff, 0xff, 0x7f, 1, 2, 3]));
    out.push('no error');
  } catch (e) {
    out.push(`error: ${String(e)}`);
  }
  return out;
}

const load = () => freshRequire<Lz4>('lz4-wasm-nodejs');

test.serial('native and polyfill give byte-identical results', async (t) => {
  const native = workload(load());
  const [length, compressedLength, , roundTrip] = native[1] as [number, number, string, boolean];
  t.deepEqual([length, compressedLength, roundTrip], [760, 41, true]);
  const { generated } = await compiled;
  const shimmed = await withShimOnly([generated], () => workload(load()));
  t.deepEqual(shimmed, native);
  t.log(JSON.stringify(native));
});
