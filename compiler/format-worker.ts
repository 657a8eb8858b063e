/**
 * A worker thread of compiler/format.ts: formats the chunks of functions it is sent, one
 * message at a time, and answers each with the text or the error's message.
 */
import { parentPort } from 'node:worker_threads';
import { formatChunk, type FormatJob, type FormatReply } from './format.js';

const port = parentPort;
if (!port) throw new Error('format-worker.js runs as a worker thread of compiler/format.js');
port.on('message', (job: FormatJob) => {
  formatChunk(job.functions, job.printWidth).then(
    (pieces) => port.postMessage({ id: job.id, pieces } satisfies FormatReply),
    (e: unknown) => port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies FormatReply),
  );
});
