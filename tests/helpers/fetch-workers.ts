/**
 * Real fetch workers for integration tests: a store in the test's schema with
 * the config's feeds, pipeline queues under the config's prefix, and `n`
 * BullMQ fetch workers (each its own politeness instance) sharing them.
 */
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { PipelineQueues } from '../../src/queues/pipeline-queues.js';
import { createRedis } from '../../src/queues/redis-connection.js';
import type { WorkerContext } from '../../src/queues/worker-context.js';
import { openStore } from '../../src/store/open-store.js';
import type { PgStore } from '../../src/store/pg-store.js';
import { startFetchWorker } from '../../workers/fetch.worker.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './services.js';

export interface FetchWorkers {
  store: PgStore;
  queues: PipelineQueues;
  /** Closes the workers, the queues, their Redis connections and the store (not the schema or prefix). */
  close: () => Promise<void>;
}

/** Opens the store in `schema`, syncs `config.feeds` into it and starts `n` fetch workers. */
export async function startFetchWorkers(config: AppConfig, schema: string, n = 1): Promise<FetchWorkers> {
  const store: PgStore = await openStore({ databaseUrl: TEST_DATABASE_URL, schema, poolSize: 4 });
  await store.syncFeeds(config.feeds);
  const conns: Redis[] = [];
  const connection = () => {
    const c = createRedis(TEST_REDIS_URL, 'worker');
    conns.push(c);
    return c;
  };
  const queues = new PipelineQueues(connection(), config.queues);
  const ctx: WorkerContext = { config, logger: silentLogger(), store, queues, connection, feeds: () => config.feeds };
  const workers: Worker[] = Array.from({ length: n }, () => startFetchWorker({ ...ctx }));
  return {
    store,
    queues,
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
      for (const c of conns) c.disconnect();
      await store.close();
    },
  };
}
