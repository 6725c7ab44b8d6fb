import { Worker, type Processor } from 'bullmq';
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
export function createStageWorker<Q extends QueueName>(
  ctx: WorkerContext,
  stage: Q,
  processor: Processor<JobDataByQueue[Q]>,
): Worker<JobDataByQueue[Q]> {
  const q = ctx.config.queues;
  const worker = new Worker<JobDataByQueue[Q]>(ctx.queues.queueName(stage), processor, {
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
    log.warn({ jobId: job?.id, attempt: job?.attemptsMade, err: { message: err.message, code: (err as { code?: string }).code } }, 'job failed');
  });
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'job stalled; it will be retried'));
  worker.on('error', (err) => log.error({ err: { message: err.message } }, 'worker error'));
  return worker;
}
