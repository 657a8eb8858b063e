// Hand measurement: one function with ~1 MB of code (i64 arithmetic on the stack, so temps are made and die).
import { compile } from './dist/compiler/index.js';
const kind = process.argv[2];
let text;
if (kind === 'code') {
  const step = '(local.set 0 (i64.add (i64.mul (local.get 0) (i64.const 6364136223846793005)) (i64.const 1442695040888963407)))';
  // each step is ~26 bytes of binary; 40,000 steps ~ 1 MB
  text = `(module (func (export "f") (param i64) (result i64) ${step.repeat(40000)} (local.get 0)))`;
} else if (kind === 'funcs') {
  text = `(module ${'(func (result i32) (i32.const 1))'.repeat(100000)} (func (export "f") (result i32) (call 5)))`;
}
const t0 = performance.now();
const { code } = await compile(text, { target: 'js', format: false });
console.log(kind, 'compiled in', ((performance.now() - t0) / 1000).toFixed(1), 's, output', (code.length / 1e6).toFixed(1), 'MB');
