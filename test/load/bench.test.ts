/** Every bench kernel (/work/shared/bench/wasm and wasm/feat) decodes and validates. */
import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModule } from '../../compiler/load/index.js';

const bench = fileURLToPath(new URL('../../../../shared/bench/wasm/', import.meta.url));

test('bench kernels decode and validate', (t) => {
  if (!existsSync(bench)) {
    t.log(`skipped: no bench kernels at ${bench}`);
    return t.pass();
  }
  const files = [...readdirSync(bench).filter((f) => f.endsWith('.wasm')), ...readdirSync(bench + 'feat').filter((f) => f.endsWith('.wasm')).map((f) => 'feat/' + f)];
  t.true(files.length >= 30);
  for (const file of files) {
    const module = loadModule(new Uint8Array(readFileSync(bench + file)));
    t.true(module.funcs.length > 0, file);
    t.true(
      module.exports.some((e) => e.name === 'run' && e.kind === 'func'),
      `${file} exports run`,
    );
  }
});
