/** Locations: the repository root and the spec testsuite directory. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is built to dist/test/spec/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The checked-in list of known failures. */
export const EXPECTATIONS_FILE = path.join(REPO_ROOT, 'test', 'spec', 'expectations.json');

/** Where generated modules are written. */
export const OUT_DIR = path.join(REPO_ROOT, 'out', 'spec');

/** The built worker entry point. */
export const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** The testsuite directory: $WASM_TESTSUITE, else ../shared/testsuite next to the repository. */
export function testsuiteDir(): string {
  return path.resolve(process.env['WASM_TESTSUITE'] ?? path.join(REPO_ROOT, '..', 'shared', 'testsuite'));
}

export function testsuiteAvailable(dir = testsuiteDir()): boolean {
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory();
}

/** The testsuite commit named by SOURCE.txt, if any. */
export function testsuiteCommit(dir = testsuiteDir()): string | undefined {
  try {
    return /Commit:\s*([0-9a-f]{7,40})/.exec(fs.readFileSync(path.join(dir, 'SOURCE.txt'), 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** All .wast files under dir, as paths relative to dir with `/` separators, sorted. */
export function listWastFiles(dir = testsuiteDir()): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const ent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(r);
      else if (ent.name.endsWith('.wast')) out.push(r);
    }
  };
  walk('');
  return out.sort();
}
