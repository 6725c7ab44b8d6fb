/**
 * What the import and reprocess commands share around a run: the queues when
 * needed, Ctrl-C handling, waiting for queued work, and the summary line.
 */
import type { AppConfig } from '../config/index.js';
import { PipelineQueues } from '../queues/pipeline-queues.js';
import { createRedis, redisAnswers } from '../queues/redis-connection.js';
import { RedisUnavailableError } from '../runtime/ensure-redis.js';
import type { RunRecord, TimelineStore } from '../store/store.js';
import { ProgressReporter } from './progress-reporter.js';

/** The pipeline queues for a queued run, or a clear error when Redis does not answer. */
export async function openRunQueues(config: AppConfig, why: string): Promise<{ queues: PipelineQueues; close: () => Promise<void> }> {
  if (!(await redisAnswers(config.redis.url))) throw new RedisUnavailableError(config.redis.url, why);
  const conn = createRedis(config.redis.url, 'queue');
  const queues = new PipelineQueues(conn, config.queues);
  return {
    queues,
    close: async () => {
      await queues.close();
      conn.disconnect();
    },
  };
}

/**
 * An AbortSignal that Ctrl-C (SIGINT) or SIGTERM aborts: the run stops cleanly
 * after its current chunk. A second Ctrl-C exits at once (the checkpoints make that safe too).
 */
export function interruptSignal(onFirst: () => void = () => {}): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const handler = () => {
    if (ac.signal.aborted) process.exit(130);
    onFirst();
    ac.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: ac.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** Polls a queued run until it is finished (or the signal aborts); reports each poll. */
export async function waitForRun(
  store: TimelineStore,
  runId: number,
  signal: AbortSignal,
  onPoll: (run: RunRecord) => void,
  pollMs = 500,
): Promise<RunRecord | null> {
  for (;;) {
    const run = await store.getRun(runId);
    if (!run) return null;
    onPoll(run);
    if (run.status === 'finished' || run.status === 'failed' || signal.aborted) return run;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * With `--wait` on a queued run, follows it to the end with a progress bar
 * (`<label>-wait`); otherwise gives the run back as it is.
 */
export async function waitIfAsked(
  store: TimelineStore,
  run: RunRecord,
  o: { wait: boolean; mode: 'queue' | 'inline'; signal: AbortSignal; label: string },
): Promise<RunRecord> {
  if (!o.wait || o.mode !== 'queue' || o.signal.aborted) return run;
  const w = new ProgressReporter({ label: `${o.label}-wait`, runId: run.id, total: run.storiesQueued, unit: 'stories' });
  const done = (await waitForRun(store, run.id, o.signal, (r) => w.update(r.storiesDone + r.storiesFailed, { stories: r.storiesDone, errors: r.storiesFailed }))) ?? run;
  w.stop(done.status);
  return done;
}

/**
 * Prints a finished command's run (JSON, or the summary line) and sets the
 * exit code: 130 when interrupted, 1 when `failed(run)`.
 */
export function reportRun(run: RunRecord | null, o: { json: boolean; interrupted: boolean; failed: (run: RunRecord) => boolean }): void {
  if (run) process.stdout.write(o.json ? JSON.stringify(run) + '\n' : runSummaryLine(run) + '\n');
  if (o.interrupted) process.exitCode = 130;
  else if (run && o.failed(run)) process.exitCode = 1;
}

/** The one-line human summary of a run. */
export function runSummaryLine(run: RunRecord): string {
  const parts = [
    `run ${run.id} (${run.kind}, ${run.mode}): ${run.status}`,
    run.kind === 'import' ? `${run.storiesRead} read, ${run.storiesNew} new, ${run.storiesChanged} changed, ${run.storiesSkipped} skipped` : `${run.storiesTotal ?? '?'} selected`,
    `${run.storiesQueued} queued, ${run.storiesDone} done, ${run.storiesFailed} failed`,
    `events +${run.eventsAdded} -${run.eventsRemoved} ~${run.eventsChanged}`,
  ];
  if (run.inputErrors) parts.push(`${run.inputErrors} input errors`);
  return parts.join('; ');
}
