/**
 * Spec conformance gate: runs the in-scope testsuite files through wasm2ts and compares with
 * test/spec/expectations.json. Fails on any assertion that fails but is not listed, and on any
 * listed assertion that no longer fails (the list only shrinks; regenerate it with
 * `npm run spec -- --in-scope --write-expectations`). Out-of-scope files are measured by
 * `npm run spec` only.
 */
import test from 'ava';
import path from 'node:path';
import { compare, loadExpectations } from './spec/expectations.js';
import { isInScope } from './spec/groups.js';
import { listWastFiles, testsuiteAvailable, testsuiteDir } from './spec/paths.js';
import { WorkerPool, runFile } from './spec/pool.js';

const root = testsuiteDir();

if (!testsuiteAvailable(root)) {
  test('spec testsuite', (t) => {
    t.log(`spec testsuite not found at ${root}; set WASM_TESTSUITE to run the conformance tests. Skipped.`);
    t.pass();
  });
} else {
  const files = listWastFiles(root).filter(isInScope);
  const expectations = loadExpectations();
  const pool = new WorkerPool();
  test.after.always(() => pool.close());
  const MAX_LISTED = 40;

  test('expectations name only in-scope testsuite files', (t) => {
    const stale = Object.keys(expectations.files).filter((f) => !files.includes(f));
    t.deepEqual(stale, [], 'entries for files that are not in-scope testsuite files');
  });

  for (const rel of files) {
    test(`spec ${rel}`, async (t) => {
      const r = await runFile(pool, path.join(root, rel), rel);
      const { newFailures, fixed } = compare(r.results, expectations.files[rel] ?? []);
      const pass = r.results.filter((x) => x.status === 'pass').length;
      const fail = r.results.filter((x) => x.status === 'fail').length;
      const skip = r.results.length - pass - fail;
      t.log(`${pass} passed, ${fail} failed (${fail - newFailures.length} known), ${skip} skipped`);
      const lines = [
        ...newFailures.map((f) => `new failure: ${rel}:${f.line} ${f.kind}: ${f.reason ?? ''}${f.detail ? ` — ${f.detail}` : ''}`),
        ...fixed.map((f) => `listed failure now ${f.now}: ${rel}:${f.line} ${f.kind} (listed reason: ${f.reason}); remove it from the list`),
      ];
      const shown = lines.slice(0, MAX_LISTED);
      if (lines.length > shown.length) shown.push(`... and ${lines.length - shown.length} more (npm run spec -- ${rel} --verbose)`);
      t.deepEqual(shown, [], `${newFailures.length} new failure(s), ${fixed.length} listed failure(s) no longer failing`);
    });
  }
}
