/**
 * Parent side: runs scripts in child processes (one per file, a few at a time), with a
 * watchdog: a command that makes no progress for too long is killed, recorded as failed,
 * and the script is resumed after it (earlier commands are replayed silently for state).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { groupOf, type Group } from './groups.js';
import { OUT_DIR, WORKER } from './paths.js';
import type { AssertionResult } from './runner.js';
import { parseWast, type Command } from './wast.js';
import type { WorkerArgs } from './worker.js';

export interface FileResult {
  /** Path relative to the testsuite root. */
  rel: string;
  group: Group;
  results: AssertionResult[];
  ms: number;
  /** Script-level problem (parse error, ...). */
  error?: string;
}

export interface PoolOptions {
  /** Keep generated modules under out/spec/. */
  keep?: boolean;
  /** No progress for this long ⇒ the command is considered hung. */
  hangMs?: number;
  /** Whole-file budget. */
  fileBudgetMs?: number;
  /** Restarts allowed per file. */
  maxRestarts?: number;
  /** compile()'s `outline` option (default: the compiler's own). */
  outline?: { above: number; chunk: number };
}

export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism());
}

interface Attempt {
  results: AssertionResult[];
  /** Command running when the worker stopped, if it did not finish. */
  stuckAt?: number;
  why?: string;
}

/** Files a worker process runs before it is replaced (bounds memory held by loaded modules). */
const RECYCLE_AFTER_FILES = 40;
const RECYCLE_AFTER_RSS = 1.5 * 1024 ** 3;

/** A long-lived worker process that runs scripts one at a time. */
class WorkerProcess {
  private readonly child;
  private buf = '';
  private stderr = '';
  private onLine: ((line: string) => void) | undefined;
  private onClose: ((why: string) => void) | undefined;
  dead = false;
  files = 0;
  rss = 0;

  constructor() {
    this.child = spawn(process.execPath, [WORKER], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buf += chunk;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        this.onLine?.(line);
      }
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.child.stdin.on('error', () => {}); // EPIPE after a crash is reported through 'close'
    this.child.on('close', (code, signal) => {
      this.dead = true;
      const tail = this.stderr.trim().split('\n').slice(-3).join(' | ');
      this.onClose?.(`worker crashed (${signal ?? `exit ${code}`})${tail ? `: ${tail.slice(0, 300)}` : ''}`);
    });
  }

  /** Runs one task; kills the process if a command makes no progress for hangMs or the deadline passes. */
  run(args: WorkerArgs, hangMs: number, deadline: number): Promise<Attempt> {
    return new Promise((resolve) => {
      const results: AssertionResult[] = [];
      let current: number | undefined;
      let lastActivity = Date.now();
      let killedFor: string | undefined;
      const finish = (a: Attempt) => {
        clearInterval(timer);
        this.onLine = undefined;
        this.onClose = undefined;
        resolve(a);
      };
      this.onLine = (line) => {
        if (line.startsWith('\x01S')) {
          current = Number(line.slice(2));
          lastActivity = Date.now();
        } else if (line.startsWith('\x01R')) {
          results.push(JSON.parse(line.slice(2)) as AssertionResult);
          current = undefined;
          lastActivity = Date.now();
        } else if (line.startsWith('\x01D')) {
          this.files++;
          this.rss = Number(line.slice(2)) || 0;
          finish({ results });
        }
      };
      this.onClose = (why) => finish({ results, stuckAt: current, why: killedFor ?? why });
      const timer = setInterval(() => {
        const now = Date.now();
        if (now - lastActivity > hangMs) killedFor = `timeout: no progress for ${Math.round(hangMs / 1000)}s`;
        else if (now > deadline) killedFor = 'file time budget exceeded';
        if (killedFor) this.child.kill('SIGKILL');
      }, 250);
      if (this.dead) return finish({ results, why: 'worker not running' });
      this.child.stdin.write(JSON.stringify(args) + '\n');
    });
  }

  get worn(): boolean {
    return this.files >= RECYCLE_AFTER_FILES || this.rss > RECYCLE_AFTER_RSS;
  }

  close(): void {
    if (!this.dead) this.child.stdin.end();
  }
}

/** A fixed number of worker processes, shared by whoever runs files. */
export class WorkerPool {
  private idle: WorkerProcess[] = [];
  private waiting: ((w: WorkerProcess) => void)[] = [];
  private live = 0;

  constructor(readonly size: number = defaultJobs()) {}

  async acquire(): Promise<WorkerProcess> {
    const w = this.idle.pop();
    if (w) return w;
    if (this.live < this.size) {
      this.live++;
      return new WorkerProcess();
    }
    return new Promise((r) => this.waiting.push(r));
  }

  release(w: WorkerProcess): void {
    if (w.dead || w.worn) {
      w.close();
      this.live--;
      if (!this.waiting.length) return;
      this.live++;
      w = new WorkerProcess();
    }
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  /** Ends the idle workers (call when done, or the process stays alive). */
  close(): void {
    for (const w of this.idle) w.close();
    this.idle = [];
  }
}

/** Runs one script file. */
export async function runFile(pool: WorkerPool, abs: string, rel: string, opts: PoolOptions = {}): Promise<FileResult> {
  const start = Date.now();
  const group = groupOf(rel);
  let commands: Command[];
  try {
    commands = parseWast(fs.readFileSync(abs)).commands;
  } catch (e) {
    const error = `script parse error: ${e instanceof Error ? e.message : String(e)}`;
    return { rel, group, ms: Date.now() - start, error, results: [{ index: -1, line: 0, kind: 'script', status: 'fail', reason: error }] };
  }
  const hangMs = opts.hangMs ?? 60_000;
  let deadline = Infinity; // starts with the first attempt (not while queued for a worker)
  const maxRestarts = opts.maxRestarts ?? 10;
  const outDir = path.join(OUT_DIR, `${rel.replace(/[/\\]/g, '__').replace(/\.wast$/, '')}.${process.pid}`);
  const results: AssertionResult[] = [];
  const skip: number[] = [];
  let reportFrom = 0;
  for (let attempt = 0; ; attempt++) {
    const worker = await pool.acquire();
    if (attempt === 0) deadline = Date.now() + (opts.fileBudgetMs ?? 600_000);
    let a: Attempt;
    try {
      a = await worker.run({ file: abs, outDir, keep: opts.keep ?? false, skip: [...skip], reportFrom, outline: opts.outline }, hangMs, deadline);
    } finally {
      pool.release(worker);
    }
    results.push(...a.results);
    if (a.stuckAt === undefined && a.why === undefined) break;
    const lastReported = results.length ? results[results.length - 1]!.index : -1;
    const stuck = a.stuckAt ?? lastReported + 1;
    const c = commands[stuck];
    const outOfTime = Date.now() > deadline || attempt >= maxRestarts || !c;
    if (c) results.push({ index: stuck, line: c.line, kind: c.kind, status: 'fail', reason: a.why ?? 'worker stopped' });
    if (outOfTime) {
      for (let i = stuck + 1; i < commands.length; i++) {
        const ci = commands[i]!;
        if (ci.kind === 'register') continue;
        results.push({ index: i, line: ci.line, kind: ci.kind, status: 'fail', reason: `not run: ${a.why ?? 'worker stopped'}` });
      }
      break;
    }
    skip.push(stuck);
    reportFrom = stuck + 1;
  }
  if (!opts.keep) fs.rmSync(outDir, { recursive: true, force: true });
  results.sort((x, y) => x.index - y.index);
  return { rel, group, results, ms: Date.now() - start };
}

/** Runs files with at most `jobs` at a time; calls onFile as each finishes. Largest files start first. */
export async function runFiles(
  root: string,
  rels: readonly string[],
  jobs: number,
  opts: PoolOptions,
  onFile?: (r: FileResult) => void,
): Promise<FileResult[]> {
  const sized = rels.map((rel) => ({ rel, size: fs.statSync(path.join(root, rel)).size }));
  sized.sort((a, b) => b.size - a.size);
  const out: FileResult[] = [];
  const pool = new WorkerPool(Math.max(1, Math.min(jobs, sized.length)));
  try {
    await Promise.all(
      sized.map(async ({ rel }) => {
        const r = await runFile(pool, path.join(root, rel), rel, opts);
        out.push(r);
        onFile?.(r);
      }),
    );
  } finally {
    pool.close();
  }
  return out.sort((a, b) => a.rel.localeCompare(b.rel));
}
