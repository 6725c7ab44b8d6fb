/**
 * What the import and reprocess commands share around a run: the queues when
 * needed, Ctrl-C handling, waiting for queued work, and the summary line.
 */
import type { AppConfig } from '../config/index.js';
import { PipelineQueues } from '../queues/pipeline-queues.js';
import { createRedis, redisAnswers } from '../queues/redis-connection.js';
import { RedisUnavailableError } from '../runtime/ensure-redis.js';
import type { RunRecord, TimelineStore } from '../store/store.js';

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
