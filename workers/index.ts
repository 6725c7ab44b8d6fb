import type { Worker } from 'bullmq';
import type { QueueName } from '../src/queues/names.js';
import type { WorkerContext } from '../src/queues/worker-context.js';
import { startFetchWorker } from './fetch.worker.js';
import { startNormalizeWorker } from './normalize.worker.js';
import { startExtractWorker } from './extract.worker.js';
import { startStoreWorker } from './store.worker.js';

export { startWebhookWorker } from './webhook.worker.js';

export const WORKER_STARTERS: Record<QueueName, (ctx: WorkerContext) => Worker> = {
  fetch: startFetchWorker as (ctx: WorkerContext) => Worker,
  normalize: startNormalizeWorker as (ctx: WorkerContext) => Worker,
  extract: startExtractWorker as (ctx: WorkerContext) => Worker,
  store: startStoreWorker as (ctx: WorkerContext) => Worker,
};
