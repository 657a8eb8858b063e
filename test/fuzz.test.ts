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
