/**
 * The ceiling worker process of the pipeline benchmark: the same BullMQ
 * workers as the real one (`createStageWorker`: same queues, concurrency,
 * lock and retention settings, same Redis), on the same hops
 * (normalize → extract → store), but with no-op processors that only forward
 * a payload of the size the real stage would have produced.
 *
 * Usage: node bin/run-ts.js bench/lib/noop-worker.ts <extractPadBytes> <storePadBytes>
 * (configured, like a real worker, by TIMELINE_CONFIG and the environment).
 * Each finished store job increments `<prefix>:bench:done` in Redis.
 */
import type { Worker } from 'bullmq';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { PipelineQueues } from '../../src/queues/pipeline-queues.js';
import { createRedis } from '../../src/queues/redis-connection.js';
import { createStageWorker, type WorkerContext } from '../../src/queues/worker-context.js';
import type { TimelineStore } from '../../src/store/store.js';
import type { NormalizedStory, StoryResult } from '../../src/types.js';

const extractPad = 'x'.repeat(Math.max(0, Number(process.argv[2] ?? 0)));
const storePad = 'y'.repeat(Math.max(0, Number(process.argv[3] ?? 0)));

const config = loadConfig();
const logger = createLogger({ ...config.logging, name: 'bench:noop-worker' });
const connections = [createRedis(config.redis.url, 'worker')];
const connection = () => {
  const c = createRedis(config.redis.url, 'worker');
  connections.push(c);
  return c;
};
const queues = new PipelineQueues(connections[0]!, config.queues);
const counter = connection();
const doneKey = `${config.queues.prefix}:bench:done`;
// The ceiling never touches the store.
const ctx: WorkerContext = { config, logger, store: null as unknown as TimelineStore, queues, connection, feeds: () => [] };

const workers: Worker[] = [
  createStageWorker(ctx, 'normalize', async (job) => {
    await queues.enqueueExtract({ story: job.data.story, pad: extractPad } as unknown as NormalizedStory);
  }),
  createStageWorker(ctx, 'extract', async (job) => {
    const normalized = job.data.normalized;
    await queues.enqueueStore({ normalized, events: [], extractorVersion: 'noop', pad: storePad } as unknown as StoryResult);
  }),
  createStageWorker(ctx, 'store', async () => {
    await counter.incr(doneKey);
  }),
];

const stop = async () => {
  await Promise.all(workers.map((w) => w.close()));
  await queues.close();
  for (const c of connections) c.disconnect();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
