/**
 * Every generated module must type-check under `strict` (DESIGN.md, "Tests: two tiers"), and
 * its types must be precise enough that a wrong import or argument is a compile error. We
 * compile every fixture (also with function splitting forced), every bench kernel and two real programs (QuickJS, sql.js) to TypeScript in out/typecheck/, add a
 * hand-written consumer with `@ts-expect-error` lines, and run TypeScript 7's `tsc` on it.
 */
import test from 'ava';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { typeCheckProject } from './helpers/tsc.js';
import { compile } from '../compiler/index.js';
import { fixtureNames, readFixture, repoRoot, writeAtomically } from './helpers/generated.js';
import { benchKernelFiles, sharedDir } from './helpers/bench.js';

const outDir = path.join(repoRoot, 'out', 'typecheck');

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022'],
    types: [],
    strict: true,
    noEmit: true,
  },
  include: ['*.ts'],
};

/** Uses the `imports` fixture's generated types the way a host program would. */
const CONSUMER = `import { instantiate, type Imports } from './imports.js';
import { Global, Memory, Table } from 'wasm2ts/runtime';
import * as multiValue from './multi_value.js';

const logged: number[] = [];
const imports: Imports = {
  env: {
    log: (x: number) => logged.push(x),
    add_i64: (a: bigint, b: bigint) => a + b,
    memory: new Memory({ initial: 1, maximum: 2 }),
    table: new Table({ initial: 2, element: 'anyfunc' }),
    offset: 8,
    scale: new Global({ value: 'f64', mutable: true }, 2),
  },
  math: { hypot: Math.hypot },
};
const { exports } = instantiate(imports);
const sum: bigint = exports.add_wide(1n, 2n);
const length: number = exports.scaled_hypot(3, 4);
exports.log_twice(sum > 0n ? length : 0);
const [quotient, remainder]: [number, number] = multiValue.instantiate({}).exports.div_mod(17, 5);
export const results = [quotient + remainder, logged];

// @ts-expect-error an i64 parameter is a bigint, not a number
exports.add_wide(1, 2);
// @ts-expect-error an i32 parameter is a number, not a string
exports.log_twice('1');
// @ts-expect-error an f64 result is a number, not a bigint
const notBigint: bigint = exports.scaled_hypot(3, 4);
// @ts-expect-error there is no such export
exports.missing_export();
// @ts-expect-error every import module must be given
const missingModule: Imports = { env: imports.env };
const wrongImport: Imports = {
  ...imports,
  env: {
    ...imports.env,
    // @ts-expect-error the imported i64 function must return a bigint, not a string
    add_i64: (a: bigint, b: bigint) => \`\${a + b}\`,
  },
};
const wrongKind: Imports = {
  ...imports,
  env: {
    ...imports.env,
    // @ts-expect-error a memory import must be a Memory, not a function
    memory: () => 0,
  },
};
const wrongGlobal: Imports = {
  ...imports,
  env: {
    ...imports.env,
    // @ts-expect-error a mutable global import must be a Global, not a plain number
    scale: 2,
  },
};
export const wrong = [notBigint, missingModule, wrongImport, wrongKind, wrongGlobal];
`;

function tsName(name: string): string {
  return `${name}.ts`;
}

test('generated TypeScript for every fixture, bench kernel and real program type-checks under strict, and its types are precise', async (t) => {
  fs.rmSync(outDir, { recursive: true, force: true });
  const sources: [file: string, source: string | Uint8Array, format: boolean, split?: boolean][] = fixtureNames().map((name) => [tsName(name), readFixture(name), true]);
  // Each fixture again with function splitting forced at nearly every statement (the closures
  // and their return codes must type-check too; compiler/emit/outline.ts).
  for (const name of fixtureNames()) sources.push([tsName(`${name}.split`), readFixture(name), false, true]);
  // Two real programs (devDependencies): C compilers emit code the fixtures do not, such as
  // comparisons TypeScript's narrowing rejects (compiler/emit/narrowing.ts), and both have
  // functions split in frame mode.
  const require = createRequire(import.meta.url);
  for (const [file, wasm] of [['quickjs', '@jitl/quickjs-wasmfile-release-sync/wasm'], ['sqljs', 'sql.js/dist/sql-wasm.wasm']] as const) {
    sources.push([tsName(file), fs.readFileSync(require.resolve(wasm)), false]);
  }
  if (sharedDir) {
    for (const kernel of benchKernelFiles()) sources.push([tsName(kernel.id), fs.readFileSync(kernel.path), false]);
  } else {
    t.log(`no bench kernels: ${path.resolve(repoRoot, '../shared')} is absent`);
  }
  const failures: string[] = [];
  for (const [file, source, format, split] of sources) {
    try {
      const { code } = await compile(source, { target: 'ts', format, ...(split ? { outline: { above: 0, chunk: 40 } } : {}) });
      writeAtomically(path.join(outDir, file), code);
    } catch (error) {
      failures.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  t.deepEqual(failures, [], 'modules that failed to compile');
  const result = await typeCheckProject(outDir, CONSUMER, TSCONFIG);
  t.is(result.code, 0, `tsc -p out/typecheck/tsconfig.json failed:\n${result.output}`);
});
