/**
 * The README's WASI usage type-checks under strict against the generated TypeScript of
 * the two C programs, and the types catch mistakes: the exports are the program's own,
 * and `WasiHost.imports` satisfies exactly the WASI imports a module declares.
 */
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { typeCheckProject } from '../helpers/tsc.js';
import { compile } from '../../compiler/index.js';
import { repoRoot, writeAtomically } from '../helpers/generated.js';
import { readWasm } from './helpers.js';

const outDir = path.join(repoRoot, 'out', 'typecheck-wasi');

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: ['node'], strict: true, noEmit: true },
  include: ['*.ts'],
};

const CONSUMER = `import { runWasiCommand, instantiateWasiReactor, WasiExit, WasiHost } from 'wasm2ts/wasi';
import * as wordstat from './wordstat.js';
import * as counterModule from './counter.js';

const code: number = runWasiCommand(wordstat, { args: ['wordstat', 'count', '/data/in.txt'], env: { A: 'b' }, preopens: { '/data': '.' } });
const counter = instantiateWasiReactor(counterModule, { stdout: (bytes: Uint8Array) => bytes.length });
const total: number = counter.add(3);
const host = new WasiHost({ stdin: 'input' });
const instance = wordstat.instantiate({ wasi_snapshot_preview1: host.imports });
const status: number = host.start(instance);
export const used = [code, total, status, WasiExit];

// @ts-expect-error the reactor's add takes a number
counter.add('3');
// @ts-expect-error the reactor has no such export
counter.subtract(1);
// @ts-expect-error a WASI module needs the wasi_snapshot_preview1 imports
runWasiCommand({ instantiate: (imports: { env: { f(): void } }) => ({ exports: {} }) });
// @ts-expect-error clock_time_get's precision is an i64, a bigint
host.imports.clock_time_get(0, 1, 0);
`;

test('the WASI API type-checks with generated modules, and its types are precise', async (t) => {
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const name of ['wordstat', 'counter']) {
    const { code } = await compile(readWasm(name), { target: 'ts', format: false });
    writeAtomically(path.join(outDir, `${name}.ts`), code);
  }
  const result = await typeCheckProject(outDir, CONSUMER, TSCONFIG);
  t.is(result.code, 0, `tsc -p out/typecheck-wasi/tsconfig.json failed:\n${result.output}`);
});
