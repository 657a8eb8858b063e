/**
 * Real modules in another tool's text style: binaryen prints a module as text, our parser
 * turns that text into a binary, and binaryen reading that binary must print the very same
 * text. Covers whole compilers' output (sql.js is SQLite: 13 MB of text) rather than
 * hand-written cases.
 */
import test from 'ava';
import binaryen from 'binaryen';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { validateModule } from '../../compiler/load/validate.js';
import { decodeModule } from '../../compiler/load/decode.js';
import { watToBinary } from '../../compiler/load/wat/index.js';

const benchWasm = fileURLToPath(new URL('../../../../shared/bench/wasm/', import.meta.url));

function modules(): string[] {
  const paths: string[] = [];
  if (existsSync(benchWasm)) paths.push(...readdirSync(benchWasm).filter((f) => f.endsWith('.wasm')).map((f) => benchWasm + f));
  try {
    paths.push(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));
  } catch {
    // sql.js is a dev dependency; without it, the bench kernels still run.
  }
  return paths;
}

/** binaryen's text of a binary, without the comments it prints for custom sections (text has no custom sections). */
function printed(bytes: Uint8Array): string {
  const module = binaryen.readBinary(bytes);
  try {
    module.setFeatures(binaryen.Features.All);
    return module.emitText().replace(/^ *;; custom section .*\n/gm, '');
  } finally {
    module.dispose();
  }
}

const paths = modules();
if (paths.length === 0) test('binaryen text round trip (no modules found)', (t) => t.pass());

for (const path of paths) {
  test(`binaryen's text of ${path.split('/').slice(-2).join('/')} parses back to the same module`, (t) => {
    const text = printed(readFileSync(path));
    const bytes = watToBinary(text);
    validateModule(decodeModule(bytes));
    t.is(printed(bytes), text);
  });
}
