import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig, FeedConfig } from '../config/index.js';
import type { Logger } from '../logger.js';
import type { TimelineStore } from '../store/store.js';
import type { QueueName } from './names.js';
import type { PipelineQueues, JobDataByQueue } from './pipeline-queues.js';

/** What every queue worker is wired with. */
export interface WorkerContext {
  config: AppConfig;
  logger: Logger;
  store: TimelineStore;
  queues: PipelineQueues;
  /** A new blocking Redis connection for a Worker. */
  connection: () => Redis;
  /** The current feed configuration (reloaded when the file changes). */
  feeds: () => FeedConfig[];
}

/**
 * Creates a BullMQ Worker for one stage with the configured concurrency,
 * lock and stalled-job settings, and logs its failures.
 */
export type StageProcessor<Q extends QueueName> = (
  job: Job<JobDataByQueue[Q]>,
  log: Logger,
  /** The job's lock token (for `job.moveToDelayed`). */
  token?: string,
) => Promise<unknown>;

/** The ids a job's log lines carry: queue, job, feed and story. */
export function jobLogFields(stage: QueueName, job: Job): Record<string, unknown> {
  const d = (job.data ?? {}) as Record<string, any>;
  const story = d.story ?? d.normalized?.story ?? d.result?.normalized?.story;
  return {
    queue: stage,
    jobId: job.id,
    feedId: d.feedId ?? story?.feedId ?? undefined,
    storyId: typeof story?.id === 'string' ? story.id : undefined,
  };
}

export function createStageWorker<Q extends QueueName>(
  ctx: WorkerContext,
  stage: Q,
  processor: StageProcessor<Q>,
): Worker<JobDataByQueue[Q]> {
  const q = ctx.config.queues;
  const run = (job: Job<JobDataByQueue[Q]>, token?: string) => processor(job, ctx.logger.child(jobLogFields(stage, job)), token);
  const worker = new Worker<JobDataByQueue[Q]>(ctx.queues.queueName(stage), run, {
    connection: ctx.connection(),
    prefix: q.prefix,
    concurrency: q.concurrency[stage],
    lockDuration: q.lockDurationMs,
    stalledInterval: q.stalledIntervalMs,
    maxStalledCount: q.maxStalledCount,
    autorun: true,
  });
  const log = ctx.logger.child({ queue: stage });
  worker.on('failed', (job, err) => {
    const fields = job ? jobLogFields(stage, job) : { queue: stage };
    ctx.logger.warn({ ...fields, attempt: job?.attemptsMade, error: { message: err.message, code: (err as { code?: string }).code } }, 'job failed');
  });
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'job stalled; it will be retried'));
  worker.on('error', (err) => log.error({ error: { message: err.message } }, 'worker error'));
  return worker;
}
