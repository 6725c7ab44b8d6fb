/**
 * How the normalize and extract workers feed parse errors to the recall ledger.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '../logger.js';
import type { TimelineStore } from '../store/store.js';

/**
 * Whether this attempt of a job is its last one (no retry follows a failure now).
 *
 * @example
 * isFinalAttempt({ attemptsMade: 4, opts: { attempts: 5 } }, new Error('x')) // true
 * isFinalAttempt({ attemptsMade: 0, opts: { attempts: 5 } }, new Error('x')) // false
 */
export function isFinalAttempt(job: Pick<Job, 'attemptsMade' | 'opts'>, err: unknown): boolean {
  if (err instanceof UnrecoverableError) return true;
  return job.attemptsMade + 1 >= (job.opts?.attempts ?? 1);
}

/**
 * How a story's failure reads in the recall ledger: `CODE: message` (the
 * error's name when it has no code), at most 500 characters.
 *
 * @example
 * failureMessage(Object.assign(new Error('no text'), { code: 'TL_ERR_EMPTY' })) // 'TL_ERR_EMPTY: no text'
 * failureMessage(new TypeError('x'))                                           // 'TypeError: x'
 */
export function failureMessage(err: unknown): string {
  const e = err as Error & { code?: string };
  return `${e.code ?? e.name ?? 'Error'}: ${e.message ?? String(err)}`.slice(0, 500);
}

/**
 * Records a story that failed normalization or extraction for good as a
 * `parse-error` in the recall ledger (and as failed in its run). Never throws:
 * the job's own error is what the queue must see.
 */
export async function recordIfFinalFailure(
  store: TimelineStore,
  job: Pick<Job, 'attemptsMade' | 'opts'>,
  storyId: string | undefined,
  err: unknown,
  runId: number | undefined,
  log: Logger,
): Promise<void> {
  if (typeof storyId !== 'string' || !isFinalAttempt(job, err)) return;
  try {
    await store.recordStoryFailure(storyId, failureMessage(err), runId ?? null);
  } catch (storeErr) {
    log.warn({ error: { message: (storeErr as Error).message } }, 'could not record the failure in the recall ledger');
  }
}
