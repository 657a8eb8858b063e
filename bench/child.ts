/**
 * Runs a Node script in a child process and reports its exit, output, wall time and peak
 * memory (through rss-report.ts, preloaded with `--import`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock time of the whole child, Node's start-up included. */
  readonly wallMs: number;
  /** Peak RSS of the child in KiB, if it reported one. */
  readonly maxRssKb: number | undefined;
}

const RSS_REPORT = new URL('./rss-report.js', import.meta.url).href;

let counter = 0;

export function runNode(script: string, args: readonly string[], nodeFlags: readonly string[] = []): Promise<ChildResult> {
  const rssFile = path.join(os.tmpdir(), `wasm2ts-bench-rss-${process.pid}-${counter++}.json`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', RSS_REPORT, script, ...args], {
      env: { ...process.env, WASM2TS_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started;
      let maxRssKb: number | undefined;
      try {
        maxRssKb = (JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { maxRssKb: number }).maxRssKb;
        fs.rmSync(rssFile, { force: true });
      } catch {
        maxRssKb = undefined;
      }
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        wallMs,
        maxRssKb,
      });
    });
  });
}

/** Runs `tasks` with at most `limit` of them at a time, keeping their order in the result. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
