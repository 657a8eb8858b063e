/**
 * The in-scope spec testsuite once more, compiled with function splitting forced at nearly
 * every statement (compile()'s `outline: { above: 0, chunk: 40 }`; see compiler/emit/outline.ts).
 * Splitting must change no result: the outcome is held to the same expectations file as the
 * ordinary run (test/spec.test.ts).
 */
import test from 'ava';
import { compare, loadExpectations } from './spec/expectations.js';
import { isInScope } from './spec/groups.js';
import { listWastFiles, testsuiteAvailable, testsuiteDir } from './spec/paths.js';
import { defaultJobs, runFiles } from './spec/pool.js';

const root = testsuiteDir();

if (!testsuiteAvailable(root)) {
  test('spec testsuite with forced function splitting', (t) => {
    t.log(`spec testsuite not found at ${root}; set WASM_TESTSUITE to run it. Skipped.`);
    t.pass();
  });
} else {
  test('spec testsuite (in scope) with function splitting forced everywhere: no new failure', async (t) => {
    const files = listWastFiles(root).filter(isInScope);
    const expectations = loadExpectations();
    const results = await runFiles(root, files, defaultJobs(), { outline: { above: 0, chunk: 40 } });
    const problems: string[] = [];
    let pass = 0;
    for (const r of results) {
      pass += r.results.filter((x) => x.status === 'pass').length;
      const { newFailures, fixed } = compare(r.results, expectations.files[r.rel] ?? []);
      problems.push(...newFailures.map((f) => `${r.rel}:${f.line} ${f.kind}: ${f.reason ?? ''}`));
      problems.push(...fixed.map((f) => `${r.rel}:${f.line} ${f.kind}: listed as failing, now ${f.now}`));
    }
    t.log(`${pass} assertions passed in ${results.length} files`);
    t.true(pass > 20_000, 'the testsuite ran');
    t.deepEqual(problems.slice(0, 40), []);
  });
}
