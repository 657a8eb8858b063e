/**
 * Every example in docs/embedding.md runs: the ```wat blocks (first line `;; name.wat`)
 * are compiled to out/test/embedding-docs/<name>.js (+ .d.ts), the ```ts blocks are
 * written beside them, type-checked together with `tsc` under `strict`, transpiled
 * with esbuild and imported. An example states its expected results with
 * `node:assert`, so a wrong one throws.
 */
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { compile } from '../../compiler/index.js';
import { LIBCALLS } from '../../runtime-lib/index.js';
import { repoRoot, writeAtomically } from '../helpers/generated.js';

const docsFile = path.join(repoRoot, 'docs', 'embedding.md');
const outDir = path.join(repoRoot, 'out', 'test', 'embedding-docs');
const docs = fs.readFileSync(docsFile, 'utf8');

interface Block {
  readonly lang: string;
  readonly code: string;
  /** The nearest heading above the block. */
  readonly section: string;
}

function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let section = '';
  const pattern = /^(#+ .*)$|^```(\w*)\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(pattern)) {
    if (match[1] !== undefined) section = match[1].replace(/^#+ /, '');
    else blocks.push({ lang: match[2]!, code: match[3]!, section });
  }
  return blocks;
}

const blocks = codeBlocks(docs);
const modules = blocks.filter((b) => b.lang === 'wat');
const examples = blocks.filter((b) => b.lang === 'ts');

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022'],
    types: ['node'],
    strict: true,
    noEmit: true,
  },
  include: ['*.ts'],
};

function exampleFile(i: number): string {
  return path.join(outDir, `example-${i + 1}.ts`);
}

test.before(async () => {
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const block of modules) {
    const name = /^;; ([\w-]+)\.wat\n/.exec(block.code)?.[1];
    if (name === undefined) throw new Error(`a wat block in "${block.section}" must start with ';; <name>.wat'`);
    const { code, dts } = await compile(block.code, { target: 'js', format: false });
    writeAtomically(path.join(outDir, `${name}.js`), code);
    writeAtomically(path.join(outDir, `${name}.d.ts`), dts!);
  }
  examples.forEach((block, i) => writeAtomically(exampleFile(i), block.code));
  writeAtomically(path.join(outDir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
});

test('docs/embedding.md has examples and modules', (t) => {
  t.true(examples.length >= 6, `${examples.length} examples`);
  t.true(modules.length >= 2, `${modules.length} modules`);
});

test('every example in docs/embedding.md type-checks under strict', async (t) => {
  const tsc = path.join(repoRoot, 'node_modules', '.bin', 'tsc');
  const result = await promisify(execFile)(tsc, ['-p', path.join(outDir, 'tsconfig.json')], { cwd: repoRoot, maxBuffer: 64 << 20 }).then(
    () => ({ code: 0, output: '' }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
  t.is(result.code, 0, `tsc failed on the docs examples:\n${result.output}`);
});

examples.forEach((block, i) => {
  test.serial(`docs example ${i + 1} ("${block.section}") runs`, async (t) => {
    const { code } = await transform(block.code, { loader: 'ts', format: 'esm', target: 'es2022' });
    const file = exampleFile(i).replace(/\.ts$/, '.js');
    writeAtomically(file, code);
    await t.notThrowsAsync(import(pathToFileURL(file).href));
  });
});

test('the libcall mapping in docs/embedding.md names every wasmtime counterpart in LIBCALLS', (t) => {
  const mapping = docs.slice(docs.indexOf('## Libcalls'), docs.indexOf('## The VMContext layout'));
  for (const [name, spec] of Object.entries(LIBCALLS)) {
    if (!('wasmtime' in spec)) continue;
    t.true(mapping.includes(`\`${spec.wasmtime}\``), `${spec.wasmtime} (our ${name}) is not in the mapping`);
    t.true(mapping.includes(`\`${name}\``) || spec.wasmtime === name, `our ${name} is not in the mapping`);
  }
});

test('the layout dump in docs/embedding.md is the one the layout test checks', (t) => {
  const dump = /```text\n(VMContext: [\s\S]*?)```/.exec(docs)?.[1];
  const testSource = fs.readFileSync(path.join(repoRoot, 'test', 'embedding', 'vmcontext-layout.test.ts'), 'utf8');
  t.truthy(dump);
  t.true(testSource.includes(dump!.trimEnd()), 'vmcontext-layout.test.ts must contain the dump verbatim');
});
