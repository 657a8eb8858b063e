/**
 * The driver's side of the workers: a fixed number of child processes (fuzz/worker.js),
 * each running one job at a time with a time bound. A worker that exceeds the bound is
 * killed (by its own pid) and replaced; so is one that dies (e.g. out of memory: each
 * runs with a capped heap). Workers are also recycled every `recycleAfter` jobs, because
 * every generated module stays in the ES module cache.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Job, JobResult, Phase } from './jobs.js';

export type PoolOutcome =
  | { readonly kind: 'done'; readonly result: JobResult }
  /** The job exceeded the time bound during `phase`. */
  | { readonly kind: 'timeout'; readonly phase: Phase | 'start' }
  /** The worker died during `phase` (exit code or signal in `how`). */
  | { readonly kind: 'died'; readonly phase: Phase | 'start'; readonly how: string; readonly stderr: string };

export interface PoolOptions {
  readonly size: number;
  readonly timeoutMs: number;
  /** A tighter bound once the job reports its `run` phase (running generated code, not compiling). */
  readonly runTimeoutMs?: number;
  readonly recycleAfter?: number;
  /** Heap cap for each worker, in MiB. */
  readonly maxHeapMb?: number;
}

interface Slot {
  child: ChildProcess;
  /** The tail of the worker's stderr, for a worker that dies. */
  stderr: string;
  jobs: number;
  busy: boolean;
}

const workerPath = fileURLToPath(new URL('./worker.js', import.meta.url));

export class Pool {
  private readonly slots: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private nextId = 0;

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const child = fork(workerPath, [], {
      serialization: 'advanced',
      execArgv: [`--max-old-space-size=${this.options.maxHeapMb ?? 2048}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const slot: Slot = { child, stderr: '', jobs: 0, busy: false };
    child.stderr?.on('data', (chunk: Buffer) => {
      slot.stderr = (slot.stderr + chunk.toString()).slice(-2000);
    });
    return slot;
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot, replace: boolean): void {
    let s = slot;
    if (replace || s.jobs >= (this.options.recycleAfter ?? 100)) {
      const i = this.slots.indexOf(slot);
      if (slot.child.exitCode === null && slot.child.signalCode === null) slot.child.kill('SIGKILL');
      s = this.spawn();
      this.slots[i] = s;
    }
    const next = this.waiting.shift();
    if (next) {
      s.busy = true;
      next(s);
    } else s.busy = false;
  }

  /**
   * Runs a job. A worker that dies or times out before the job started (e.g. dist/ being
   * rebuilt under it while it loads) gets the job again once, on a fresh worker.
   */
  async run(job: Job, timeoutMs = this.options.timeoutMs): Promise<PoolOutcome> {
    const first = await this.runOnce(job, timeoutMs);
    if (first.kind !== 'done' && first.phase === 'start') return this.runOnce(job, timeoutMs);
    return first;
  }

  private async runOnce(job: Job, timeoutMs: number): Promise<PoolOutcome> {
    const slot = await this.acquire();
    slot.jobs++;
    const id = this.nextId++;
    const child = slot.child;
    return new Promise<PoolOutcome>((resolve) => {
      let phase: Phase | 'start' = 'start';
      let settled = false;
      const finish = (outcome: PoolOutcome, replace: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        this.release(slot, replace);
        resolve(outcome);
      };
      const onMessage = (m: any) => {
        if (m?.id !== id) return;
        if (m.phase) {
          phase = m.phase;
          if (phase === 'run' && this.options.runTimeoutMs !== undefined) {
            clearTimeout(timer);
            timer = setTimeout(() => finish({ kind: 'timeout', phase }, true), this.options.runTimeoutMs);
          }
        }
        if (m.result) finish({ kind: 'done', result: m.result as JobResult }, false);
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish({ kind: 'died', phase, how: signal ?? `exit ${code}`, stderr: slot.stderr }, true);
      let timer = setTimeout(() => finish({ kind: 'timeout', phase }, true), timeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ id, job });
    });
  }

  close(): void {
    for (const s of this.slots) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  }
}
