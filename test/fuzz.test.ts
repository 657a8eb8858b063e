/**
 * Fixed-seed fuzz batches (issue #6), deterministic: the same seeds always give the same
 * modules and mutants. Any mismatch fails the test and prints the one-line reproduction
 * command of each saved case (under out/fuzz/ci/). Bigger runs: `npm run fuzz -- --help`.
 */
import path from 'node:path';
import test from 'ava';
import { formatSummary, fuzzOutDir, runDiffBatch, runMutateBatch, type BatchSummary } from '../fuzz/batch.js';

const outDir = path.join(fuzzOutDir, 'ci');

function findings(s: BatchSummary): string[] {
  return s.findings.map((f) => `${f.category}: ${f.repro}    # ${f.summary.slice(0, 200)}`);
}

test('case seeds: runs with nearby seeds are different cases, and one run never repeats a case', async (t) => {
  const { caseSeed } = await import('../fuzz/generate.js');
  // Seeds 100..199, cases 0..499 each, as chunked runs use them. A combination of seed and
  // index before hashing (seed ^ index) made these a few hundred distinct cases in all.
  const across = new Set<number>();
  for (let seed = 100; seed < 200; seed++) for (let i = 0; i < 500; i++) across.add(caseSeed(seed, i));
  t.true(across.size > 49_990, `only ${across.size} distinct case seeds in 50,000 (seed, case) pairs`);
  // Within one run (e.g. a 100,000-case mutation run), every index is its own case.
  const within = new Set<number>();
  for (let i = 0; i < 100_000; i++) within.add(caseSeed(131, i));
  t.is(within.size, 100_000);
});

test.serial('differential fuzzing: translate-to-fuzz modules behave as in V8 (seed 6, 40 modules)', async (t) => {
  const summary = await runDiffBatch({ seed: 6, count: 40, jobs: 2, outDir });
  t.log(formatSummary('differential', summary));
  t.deepEqual(findings(summary), [], 'mismatches (reproduce with the commands shown)');
  // The batch must really have compared something.
  t.true((summary.counts['ok'] ?? 0) >= 34, `too few modules compared: ${JSON.stringify(summary.counts)}`);
  t.true((summary.tallies['calls'] ?? 0) > 300);
});

test.serial('mutation fuzzing: every mutant is rejected by both, or accepted by both and behaves the same (seed 6, 2500 mutants)', async (t) => {
  const summary = await runMutateBatch({ seed: 6, count: 2500, jobs: 2, outDir });
  t.log(formatSummary('mutation', summary));
  t.deepEqual(findings(summary), [], 'mismatches, crashes or hangs (reproduce with the commands shown)');
  t.true((summary.counts['both-reject'] ?? 0) > 800);
  t.true((summary.counts['both-accept'] ?? 0) > 40);
});

test.serial('the differential harness notices a deliberately broken compiler', async (t) => {
  const { runDifferential } = await import('../fuzz/harness.js');
  const { generateModule } = await import('../fuzz/generate.js');
  const workDir = path.join(fuzzOutDir, 'tmp');
  const categories: string[] = [];
  for (let i = 0; i < 6; i++) {
    const { bytes } = generateModule(99, i);
    const honest = await runDifferential(bytes, { workDir });
    t.is(honest.status, 'ok', honest.mismatches.join('\n'));
    // Sabotage: every unsigned shift `>>> 0` becomes `>>> 1`.
    const broken = await runDifferential(bytes, { workDir, transformCode: (code) => code.replace(/>>> 0/g, '>>> 1') });
    if (broken.status === 'mismatch') categories.push(broken.category!);
  }
  t.true(categories.length >= 2, `sabotage noticed in ${categories.length} of 6 modules`);
});
