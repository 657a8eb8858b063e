/**
 * A fuzz worker: a child process that runs jobs sent by the driver over IPC, one at a
 * time, reporting each phase before it starts (so a hang is attributed to a phase).
 */
import { runJob, type Job } from './jobs.js';

interface Request {
  readonly id: number;
  readonly job: Job;
}

const send = (message: unknown) => process.send?.(message);

process.on('message', (raw) => {
  const { id, job } = raw as Request;
  runJob(job, (phase) => send({ id, phase }))
    .then((result) => send({ id, result }))
    .catch((e: unknown) => send({ id, result: { status: 'harness-error', mismatches: [], notes: [String((e as Error)?.stack ?? e)] } }));
});
send({ ready: true });
