/**
 * A real C program (fixtures/wasi/wordstat.c, built by fixtures/wasi/build.sh with
 * Debian's clang and wasi-libc), compiled by wasm2ts at test time and run through
 * `wasm2ts/wasi`, does exactly what the same .wasm does natively under node:wasi:
 * the same stdout and stderr bytes, exit code or trap, and files left behind.
 */
import test from 'ava';
import { runCompiled, runNative, type RunSetup } from './helpers.js';

const env = { WORDSTAT_GREETING: 'héllo from the host' };
const poem = 'Tyger Tyger, burning bright,\nIn the forests of the night;\n\tWhat immortal hand or eye,\nCould frame thy fearful symmetry?\n';

/** ~270 KB of words: reading it makes the program's memory grow several times mid-run. */
function bigText(): string {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
  const lines: string[] = [];
  let seed = 12345;
  for (let line = 0; line < 8000; line++) {
    const count = 1 + (line % 11);
    const row: string[] = [];
    for (let i = 0; i < count; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      row.push(words[seed >>> 29]!);
    }
    lines.push(row.join(' '));
  }
  return lines.join('\n') + '\n';
}

/** The counts the program must report, computed here. */
function counts(text: string): { lines: number; words: number; bytes: number } {
  return { lines: text.split('\n').length - 1, words: text.split(/[ \n\t\r]+/).filter(Boolean).length, bytes: Buffer.byteLength(text) };
}

async function compare(setup: RunSetup) {
  const native = runNative('wordstat', setup);
  const compiled = await runCompiled('wordstat', setup);
  return { native, compiled };
}

test('count: args, env, clocks, random, stdout, stderr, a file read and a file written, the exit code', async (t) => {
  const setup = { args: ['wordstat', 'count', '/data/poem.txt', '/data/out/report.txt'], env, files: { 'poem.txt': poem, 'out/.keep': '' } };
  const { native, compiled } = await compare(setup);
  t.deepEqual(compiled, native);
  // What the reference did, so that the comparison is known to cover it.
  const { lines, words, bytes } = counts(poem);
  t.deepEqual(native.outcome, { exitCode: words % 64 });
  t.true(native.stdout.includes('argv[3]=/data/out/report.txt\n'));
  t.true(native.stdout.includes('greeting=héllo from the host\n'.replace('é', '\xc3\xa9')));
  t.true(native.stdout.includes('realtime after 2020: yes\nmonotonic positive: yes\nrandom bytes: not all zero\n'));
  t.true(native.stdout.endsWith('\ndone')); // a last line without a newline
  t.is(native.stderr, 'wordstat: diagnostics go to stderr\n');
  t.regex(native.files['out/report.txt']!, new RegExp(`^lines=${lines} words=${words} bytes=${bytes} checksum=[0-9a-f]{8}\n$`));
});

test('a large input grows memory while the program runs, between WASI calls', async (t) => {
  const text = bigText();
  const setup = { args: ['wordstat', 'count', '/data/big.txt'], env, files: { 'big.txt': text } };
  const native = runNative('wordstat', setup);
  let pagesBefore = 0;
  let pagesAfter = 0;
  const compiled = await runCompiled('wordstat', setup, (exports) => {
    pagesBefore = exports['memory'].buffer.byteLength / 65536;
    return () => {
      pagesAfter = exports['memory'].buffer.byteLength / 65536;
    };
  });
  t.deepEqual(compiled, native);
  t.true(pagesAfter >= pagesBefore + 8, `memory grew from ${pagesBefore} to ${pagesAfter} pages`);
  const { lines, words, bytes } = counts(text);
  t.true(native.stdout.includes(`lines=${lines} words=${words} bytes=${bytes} `));
});

test('stdin: the input read from descriptor 0', async (t) => {
  const { native, compiled } = await compare({ args: ['wordstat', 'count', '-'], env, files: {}, stdin: poem });
  t.deepEqual(compiled, native);
  const { lines, words, bytes } = counts(poem);
  t.deepEqual(native.outcome, { exitCode: words % 64 });
  t.true(native.stdout.includes(`lines=${lines} words=${words} bytes=${bytes} `));
});

test('a missing input: strerror on stderr and exit code 2', async (t) => {
  const { native, compiled } = await compare({ args: ['wordstat', 'count', '/data/missing.txt'], env: {}, files: {} });
  t.deepEqual(compiled, native);
  t.deepEqual(native.outcome, { exitCode: 2 });
  t.true(native.stderr.endsWith('wordstat: /data/missing.txt: No such file or directory\n'));
  t.true(native.stdout.includes('greeting=(unset)\n'));
});

test('a file outside the preopened directory cannot be opened', async (t) => {
  const { native, compiled } = await compare({ args: ['wordstat', 'count', '/etc/hostname'], env, files: {} });
  t.deepEqual(compiled, native);
  t.deepEqual(native.outcome, { exitCode: 2 });
});

test('usage error: exit code 1 from main', async (t) => {
  const { native, compiled } = await compare({ args: ['wordstat'], env, files: {} });
  t.deepEqual(compiled, native);
  t.deepEqual(native.outcome, { exitCode: 1 });
});

test('abort() is a trap, after the output flushed before it', async (t) => {
  const { native, compiled } = await compare({ args: ['wordstat', 'abort', '-'], env, files: {} });
  t.deepEqual(compiled, native);
  t.deepEqual(native.outcome, { trap: 'unreachable' });
  t.true(native.stdout.includes('argv[1]=abort\n'));
});
