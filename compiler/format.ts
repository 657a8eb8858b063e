/**
 * Formatting of generated TypeScript with prettier, the field's standard formatter.
 *
 * A module is formatted in parts: first its text with a placeholder for each function (the
 * module writer's output, ./write/splice.ts), then its functions in chunks of about
 * FORMAT_CHUNK characters, each at the width left by its placeholder's indentation, then
 * the functions are spliced in. The result is the text prettier gives for the whole module
 * (prettier measures a line's width from its start, indentation included), but each call of
 * prettier holds one chunk: sql.js's 7 MB formatted in 1.6 GB whole, 0.6 GB this way. That
 * rests on the writer's function texts being whole declarations with nothing around them
 * (no leading or trailing blank line; see ./write/splice.ts), which formatModule checks.
 *
 * Prettier is the time (about 0.5 MB/s here), so a module with more than PARALLEL_ABOVE
 * characters of functions has its chunks formatted by a worker thread per core, up to
 * MAX_WORKERS (./format-worker.ts), each taking the next chunk when it is done with one. This thread only
 * hands them out: prettier's work is synchronous, so while this thread formatted, no worker
 * could get its next chunk.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CompileError } from './errors.js';
import { CHUNK_SEPARATOR, functionPlaceholders, spliceFunctions } from './write/splice.js';

/** The width prettier fills lines to. */
const PRINT_WIDTH = 110;

/** About how many characters of functions go to prettier at once. */
const FORMAT_CHUNK = 200_000;

/** Below this many characters of functions, worker threads would cost more than they save (each loads prettier). */
const PARALLEL_ABOVE = 1_000_000;

/** The most worker threads: each holds prettier and its heap (about 50 MB). */
const MAX_WORKERS = 4;


/** A chunk sent to a worker thread, and its answer. */
export interface FormatJob {
  readonly id: number;
  readonly functions: readonly string[];
  readonly printWidth: number;
}
export type FormatReply = { readonly id: number; readonly pieces: string[] } | { readonly id: number; readonly error: string };

export interface FormatModuleOptions {
  /** Characters of functions per chunk (default FORMAT_CHUNK). */
  readonly chunk?: number;
  /** Worker threads to format in; 0: this thread formats (default: one per core, up to MAX_WORKERS, for a large module on several cores, else 0). */
  readonly workers?: number;
  /** The worker's script (default ./format-worker.js; tests give one that fails). */
  readonly workerScript?: URL;
}

/** A worker thread that could not do its job (it failed to start, threw or exited): not the chunk's fault. */
class WorkerFailure extends Error {}

/** The module formatted, its functions spliced in (see the module comment). */
export async function formatModule(ts: string, functions: readonly string[], options: FormatModuleOptions = {}): Promise<string> {
  const loose = functions.findIndex((f) => f === '' || /^\s|\s$/.test(f));
  if (loose >= 0) throw new CompileError(`internal: function text ${loose} is empty or has whitespace around it`);
  const skeleton = await formatTs(ts);
  const indentations = functionPlaceholders(skeleton);
  if (indentations.length !== functions.length) throw new CompileError(`internal: ${functions.length - indentations.length} function placeholders lost in formatting`);
  const jobs: FormatJob[] = [];
  const chunk = options.chunk ?? FORMAT_CHUNK;
  let total = 0;
  for (let start = 0; start < functions.length; ) {
    // A chunk: consecutive functions at one indentation, up to `chunk` characters.
    let end = start + 1;
    let size = functions[start]!.length;
    while (end < functions.length && indentations[end] === indentations[start] && size + functions[end]!.length <= chunk) size += functions[end++]!.length;
    jobs.push({ id: jobs.length, functions: functions.slice(start, end), printWidth: PRINT_WIDTH - indentations[start]!.length });
    total += size;
    start = end;
  }
  const cores = availableParallelism();
  const workers = Math.min(options.workers ?? (total > PARALLEL_ABOVE && cores > 1 ? Math.min(cores, MAX_WORKERS) : 0), jobs.length);
  const script = options.workerScript ?? new URL('./format-worker.js', import.meta.url);
  return spliceFunctions(skeleton, (await formatJobs(jobs, workers, script)).flat());
}

/**
 * The pieces of each job, in order: formatted here, or by `workers` worker threads that each
 * take the next job when free. Where worker threads fail (an embedder may not allow them),
 * the jobs they did not finish are formatted here.
 */
async function formatJobs(jobs: readonly FormatJob[], workers: number, script: URL): Promise<string[][]> {
  const results: string[][] = new Array(jobs.length);
  const formatHere = async () => {
    for (const job of jobs) results[job.id] ??= await formatChunk(job.functions, job.printWidth);
  };
  if (workers === 0) {
    await formatHere();
    return results;
  }
  let next = 0;
  const inWorker = async () => {
    let worker: Worker | undefined;
    try {
      worker = new Worker(script);
      while (next < jobs.length) {
        const job = jobs[next++]!;
        results[job.id] = await new Promise<string[]>((resolve, reject) => {
          worker!.once('message', (reply: FormatReply) => ('error' in reply ? reject(new CompileError(reply.error)) : resolve(reply.pieces)));
          worker!.once('error', (e) => reject(new WorkerFailure(e.message)));
          worker!.once('exit', (code) => reject(new WorkerFailure(`exited with code ${code}`)));
          worker!.postMessage(job);
        });
        worker.removeAllListeners('error');
        worker.removeAllListeners('exit');
      }
    } catch (e) {
      next = jobs.length; // the other workers take no more jobs
      throw e instanceof CompileError ? e : new WorkerFailure((e as Error).message);
    } finally {
      await worker?.terminate();
    }
  };
  // Every worker settles first: a failed one stops the others taking jobs, but they finish the
  // chunk in hand, which the fallback would otherwise format again (and a chunk's error from
  // one of them would be lost behind the first worker's failure).
  const failures = (await Promise.allSettled(Array.from({ length: workers }, inWorker))).flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  const chunkError = failures.find((e) => !(e instanceof WorkerFailure));
  if (chunkError) throw chunkError; // a chunk that does not format fails here too
  if (failures.length > 0) await formatHere();
  return results;
}

/** Each of `functions` formatted at `printWidth`, without its final newline. */
export async function formatChunk(functions: readonly string[], printWidth: number): Promise<string[]> {
  const pieces = (await formatTs(functions.join(`\n${CHUNK_SEPARATOR}\n`), printWidth)).replace(/\n$/, '').split(`\n${CHUNK_SEPARATOR}\n`);
  if (pieces.length === functions.length) return pieces;
  // Prettier moved a separator (not seen): format them one by one.
  const one: string[] = [];
  for (const f of functions) one.push((await formatTs(f, printWidth)).replace(/\n$/, ''));
  return one;
}

export async function formatTs(code: string, printWidth = PRINT_WIDTH): Promise<string> {
  const prettier = await import('prettier');
  // `filepath` matters: without it prettier's typescript parser is superlinear (DESIGN.md).
  try {
    return await prettier.format(code, { parser: 'typescript', filepath: 'module.ts', singleQuote: true, printWidth });
  } catch (e) {
    throw new CompileError(`internal: generated code did not parse for formatting: ${(e as Error).message.split('\n')[0]}`);
  }
}
