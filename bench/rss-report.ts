/**
 * Preloaded into a child Node process (`node --import <this file> ...`): when the process
 * exits, writes its peak resident set size (`process.resourceUsage().maxRSS`, KiB) as JSON
 * to the file named by WASM2TS_RSS_FILE. This is how the harness measures the peak memory
 * of a tool it does not control, such as binaryen's wasm2js, without `/usr/bin/time`.
 */
import fs from 'node:fs';

const file = process.env['WASM2TS_RSS_FILE'];
if (file) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
    } catch {
      // Best effort: a missing report shows as "?" in the figures.
    }
  });
}
