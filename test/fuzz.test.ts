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

test.serial('differential fuzzing: stack shapes behave as in V8, values and traps (seed 6, 150 modules)', async (t) => {
  const summary = await runDiffBatch({ seed: 6, count: 150, jobs: 2, outDir, generator: 'shapes' });
  t.log(formatSummary('differential (stack shapes)', summary));
  t.deepEqual(findings(summary), [], 'mismatches (reproduce with the commands shown)');
  t.is(summary.counts['ok'], 150, JSON.stringify(summary.counts));
  // Both kinds of call: some run to their end, some trap.
  const { calls = 0, traps = 0 } = summary.tallies;
  t.true(traps > 20 && calls - traps > 20, JSON.stringify(summary.tallies));
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

test.serial('triage: a difference that is only NaN payloads (the spec lets the engine choose) is classified, not reported', async (t) => {
  const { runDifferential, NativeWasm } = await import('../fuzz/harness.js');
  const { attribute, withCanonicalNaNs, NAN_NONDETERMINISM } = await import('../fuzz/triage.js');
  const { parseWat } = await import('../compiler/load/index.js');
  const workDir = path.join(fuzzOutDir, 'tmp');
  // Two quiet NaNs with different payloads meet in one add; the result's bits are returned
  // as an i64. Which payload survives is up to the engine (Wasm 2.0 §4.3.3): native V8
  // keeps the left operand's, V8's JS interpreter the right one's. This is the class of the
  // mutants mut-s131-49358 and mut-s132-74969 (NaN bits read back by misaligned loads).
  const bytes = parseWat(`(module
    (memory (export "memory") 1)
    (data (i32.const 8) "\\aa\\0a\\00\\00\\00\\00\\f8\\7f\\bb\\0b\\00\\00\\00\\00\\f8\\7f")
    (func (export "mix") (result i64)
      (i64.reinterpret_f64 (f64.add (f64.mul (f64.load (i32.const 8)) (f64.const 2)) (f64.load (i32.const 16))))))`);
  const base = await runDifferential(bytes, { workDir, smallArgs: true });
  t.is(base.status, 'mismatch', 'the engines no longer differ here: pick NaNs that do');
  const a = await attribute(bytes, base, workDir, { smallArgs: true });
  t.is(a.category, NAN_NONDETERMINISM);
  // The variant with canonical NaNs agrees, and returns the canonical NaN's bits.
  const canonical = withCanonicalNaNs(bytes)!;
  t.truthy(canonical);
  t.is((await runDifferential(canonical, { workDir, smallArgs: true })).status, 'ok');
  const { exports } = new NativeWasm.Instance(new NativeWasm.Module(canonical));
  t.is((exports as { mix(): bigint }).mix(), 0x7ff8000000000000n);
  // A bug that the instrumentation hides (here: a sabotage only of code without DeNaN's
  // helpers) is not put in that class when NaN payloads change nothing in the module.
  const floatBytes = parseWat(`(module (func (export "f") (param f64) (result f64) (f64.add (local.get 0) (f64.const 1))))`);
  const sabotage = (code: string) => (code.includes('function f1(') ? code : code.replace('p0 + 1', 'p0 + 2'));
  const broken = await runDifferential(floatBytes, { workDir, transformCode: sabotage });
  t.is(broken.status, 'mismatch');
  t.not((await attribute(floatBytes, broken, workDir, { transformCode: sabotage })).category, NAN_NONDETERMINISM);
  // NaN bits that a load, a store or a move must keep exactly are not nondeterministic: a
  // compiler that quiets a signalling NaN copied through memory is wrong, and stays reported
  // (only arithmetic results are made canonical in the variant, not loads).
  const copyBytes = parseWat(`(module (memory (export "memory") 1)
    (data (i32.const 4) "\\01\\00\\a0\\7f")
    (func (export "copy") (result i32) (f32.store (i32.const 0) (f32.load (i32.const 4))) (i32.load (i32.const 0))))`);
  const quieting = (code: string) => code.replace('f32_store(view, 0, f32_load(view, 4))', 'view.setFloat32(0, view.getFloat32(4, true) + 0, true)');
  const quieted = await runDifferential(copyBytes, { workDir, transformCode: quieting });
  t.is(quieted.status, 'mismatch', 'the sabotage did not apply: the generated code changed shape');
  t.not((await attribute(copyBytes, quieted, workDir, { transformCode: quieting })).category, NAN_NONDETERMINISM);
  // Broken generated code (a ReferenceError) in a module where payloads do matter is not
  // excused either, even when the variant, shaped differently, escapes the breakage.
  const undeclared = (code: string) => (code.includes('function f1(') ? code : code.replace('t0$hi = I64_HI[0];', 't0$hi = undeclaredVariable;'));
  const broken2 = await runDifferential(bytes, { workDir, smallArgs: true, transformCode: undeclared });
  t.regex(broken2.mismatches.join('\n'), /ReferenceError/, 'the sabotage did not apply');
  t.not((await attribute(bytes, broken2, workDir, { smallArgs: true, transformCode: undeclared })).category, NAN_NONDETERMINISM);
});
