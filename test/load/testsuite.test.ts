/**
 * The binary modules of the official testsuite: every `(module binary ...)` must load
 * (or be reported unsupported), every `assert_malformed` one must fail to decode and every
 * `assert_invalid` one must fail to validate, with the testsuite's message as the prefix
 * of ours.
 */
import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CompileError } from '../../compiler/errors.js';
import { decodeModule } from '../../compiler/load/decode.js';
import { validateModule } from '../../compiler/load/validate.js';
import { binaryCases, decodeWastString } from './wast-binary.js';

const testsuite = fileURLToPath(new URL('../../../../shared/testsuite/', import.meta.url));

type Outcome = { kind: 'ok' } | { kind: 'malformed' | 'invalid' | 'unsupported'; problem: string };

function load(bytes: Uint8Array): Outcome {
  let stage: 'malformed' | 'invalid' = 'malformed';
  try {
    const module = decodeModule(bytes);
    stage = 'invalid';
    validateModule(module);
    return { kind: 'ok' };
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return { kind: e.unsupported ? 'unsupported' : stage, problem: e.problem };
  }
}

test('wast string literals', (t) => {
  t.deepEqual(decodeWastString('\\00asm\\01'), [0, 0x61, 0x73, 0x6d, 1]);
  t.deepEqual(decodeWastString('\\n\\t\\\\\\"é'), [0x0a, 0x09, 0x5c, 0x22, 0xc3, 0xa9]);
  t.deepEqual(decodeWastString('\\u{1F600}'), [0xf0, 0x9f, 0x98, 0x80]);
});

const files = existsSync(testsuite)
  ? [...readdirSync(testsuite).filter((f) => f.endsWith('.wast')), ...readdirSync(testsuite + 'custom').map((f) => 'custom/' + f)]
  : [];

if (files.length === 0) {
  test('testsuite binary modules', (t) => {
    t.log(`skipped: no testsuite at ${testsuite}`);
    t.pass();
  });
}

const totals = { valid: 0, malformed: 0, invalid: 0, unsupported: 0 };

for (const file of files) {
  const source = readFileSync(testsuite + file, 'utf8');
  if (!source.includes('binary')) continue;
  const cases = binaryCases(source);
  if (cases.length === 0) continue;
  test(`testsuite ${file}: ${cases.length} binary modules`, (t) => {
    let unsupported = 0;
    for (const c of cases) {
      const where = `${file}:${c.line}`;
      const outcome = load(c.bytes);
      if (outcome.kind === 'unsupported') {
        totals.unsupported++;
        unsupported++;
        continue;
      }
      if (c.expect === 'valid') {
        t.is(outcome.kind, 'ok', `${where} should load: ${outcome.kind === 'ok' ? '' : outcome.problem}`);
      } else {
        t.is(outcome.kind, c.expect, `${where} should be ${c.expect} (${c.message})`);
        if (outcome.kind !== 'ok') t.true(outcome.problem.startsWith(c.message!), `${where}: "${outcome.problem}" should start with "${c.message}"`);
      }
      totals[c.expect]++;
    }
    if (unsupported > 0) t.log(`${unsupported} of ${cases.length} use unsupported features`);
    if (unsupported === cases.length) t.pass();
  });
}

test.after('testsuite totals', () => {
  if (files.length > 0) console.log(`load testsuite binary modules: ${JSON.stringify(totals)}`);
});
