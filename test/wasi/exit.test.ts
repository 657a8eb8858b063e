/**
 * `proc_exit` (C's `exit`) deep inside Wasm calls: it must unwind every frame (no code
 * after the call runs), yield the status, and leave the host and the instance usable.
 */
import test from 'ava';
import { runCompiled, runNative } from './helpers.js';

const setup = { args: ['wordstat', 'deep', '/data/in.txt'], env: {}, files: { 'in.txt': 'one two three\n' } };

test('exit() from 40 nested calls gives its status and runs nothing after it', async (t) => {
  const native = runNative('wordstat', setup);
  const compiled = await runCompiled('wordstat', setup);
  t.deepEqual(compiled, native);
  t.deepEqual(native.outcome, { exitCode: (14 % 50) + 10 });
  t.true(native.stdout.endsWith('exiting from depth 40\n'));
  t.false(native.stdout.includes('frame')); // the frames' code after the recursive call never ran
});

test('after an exit the host runs the module again, and the exited instance still answers', async (t) => {
  let memoryAfterExit: ArrayBuffer | undefined;
  const first = await runCompiled('wordstat', setup, (exports) => () => {
    memoryAfterExit = exports['memory'].buffer;
  });
  const second = await runCompiled('wordstat', setup);
  t.deepEqual(second, first);
  // The exited instance's memory is intact: the input it read is still in it.
  t.true(Buffer.from(memoryAfterExit!).includes('one two three\n'));
});
