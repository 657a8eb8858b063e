/**
 * Type-checks a generated project (a folder with a tsconfig.json, the generated modules
 * and a consumer) with the project's own tsc, for the strict type-check tests.
 */
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot, writeAtomically } from './generated.js';

/** Writes `consumer.ts` and `tsconfig.json` into `dir` and runs `tsc -p` on it: exit code 0, or the code and tsc's output. */
export async function typeCheckProject(dir: string, consumer: string, tsconfig: object): Promise<{ code: number; output: string }> {
  writeAtomically(path.join(dir, 'consumer.ts'), consumer);
  writeAtomically(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const tsc = path.join(repoRoot, 'node_modules', '.bin', 'tsc');
  return promisify(execFile)(tsc, ['-p', path.join(dir, 'tsconfig.json')], { cwd: repoRoot, maxBuffer: 64 << 20 }).then(
    () => ({ code: 0, output: '' }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
}
