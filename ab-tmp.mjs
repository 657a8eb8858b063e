// A/B: two generated modules of one kernel, interleaved runs in one process; medians and ratio.
const [a, b, n, reps] = [process.argv[2], process.argv[3], Number(process.argv[4]), Number(process.argv[5] ?? 9)];
const A = (await import(a)).instantiate({}).exports.run, B = (await import(b)).instantiate({}).exports.run;
const ta = [], tb = [];
for (let r = 0; r < reps; r++) for (const [f, t] of r % 2 ? [[A, ta], [B, tb]] : [[B, tb], [A, ta]]) { const t0 = performance.now(); f(n); if (r > 0) t.push(performance.now() - t0); }
const med = (x) => x.sort((p, q) => p - q)[x.length >> 1];
console.log('A', med(ta).toFixed(0), 'B', med(tb).toFixed(0), 'B/A', (med(tb) / med(ta)).toFixed(3), 'A', ta.map((x) => x.toFixed(0)).join(' '), 'B', tb.map((x) => x.toFixed(0)).join(' '));
