/**
 * The hand-written JavaScript kernels of bench/hand compute what the Wasm kernels compute: the
 * same checksums as kernels.json gives for native WebAssembly, at the quick size and at the
 * full size the bench uses (so their timings compare like with like).
 */
import test from 'ava';
import { HAND_WRITTEN } from '../bench/hand/index.js';
import { checksumHex, kernelCase, loadKernels } from '../bench/kernels.js';
import { sharedDir } from './helpers/bench.js';

if (!sharedDir) {
  test.skip('bench/hand: ../shared is absent, so there are no expected checksums', () => {});
} else {
  for (const kernel of loadKernels().filter((k) => k.name in HAND_WRITTEN)) {
    for (const quick of [true, false]) {
      const kc = kernelCase(kernel, quick);
      test(`bench/hand/${kernel.name}: run(${kc.n}) gives checksum ${kc.expected}`, (t) => {
        t.is(checksumHex(HAND_WRITTEN[kernel.name]!(kc.n)), kc.expected);
      });
    }
  }
  test('bench/hand covers the kernels it names', (t) => {
    const names = new Set(loadKernels().map((k) => k.name));
    t.deepEqual(Object.keys(HAND_WRITTEN).filter((n) => !names.has(n)), []);
  });
}
