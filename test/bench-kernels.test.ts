/**
 * Every bench kernel, in both builds, compiled by wasm2ts and run at its quick size: the
 * checksum must equal the one in kernels.json (which native WebAssembly produces).
 */
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { compileAndLoad, repoRoot } from './helpers/generated.js';
import { benchKernelFiles, sharedDir } from './helpers/bench.js';

if (!sharedDir) {
  test.skip(`bench kernels: ${path.resolve(repoRoot, '../shared')} is absent, so there are no kernels to run`, () => {});
}

for (const kernel of benchKernelFiles()) {
  test(`${kernel.build}/${kernel.file}: run(${kernel.quick_n}) gives checksum ${kernel.quick_checksum}`, async (t) => {
    const generated = await compileAndLoad(kernel.id, fs.readFileSync(kernel.path));
    const { exports } = generated.instantiate({});
    const checksum = ((exports['run'](kernel.quick_n) as number) >>> 0).toString(16).padStart(8, '0');
    t.is(checksum, kernel.quick_checksum);
  });
}
