/**
 * The store worker's group commit on real Redis and PostgreSQL: jobs queued together are
 * written many per transaction, and a story PostgreSQL refuses fails alone, with its reason,
 * while the others of its batch are stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PipelineQueues } from '../../src/queues/pipeline-queues.js';
import { createRedis } from '../../src/queues/redis-connection.js';
import { startService, type ServiceHandle } from '../../src/runtime/service.js';
import { silentLogger } from '../../src/logger.js';
import { processStory } from '../../src/pipeline/process-story.js';
import { benchStories, loadStoryFactory } from '../../bench/lib/story-templates.js';
import { testConfig } from '../helpers/config.js';
import { dropRedisPrefix, dropSchema, tempDir, TEST_DATABASE_URL, TEST_REDIS_URL, uniqueId, uniqueSchema, waitFor } from '../helpers/services.js';

describe('store worker: many stories per transaction', () => {
  const prefix = uniqueId('wt');
  const schema = uniqueSchema();
  const dir = tempDir();
  const config = testConfig({
    prefix,
    dataDir: dir.path,
    databaseUrl: TEST_DATABASE_URL,
    schema,
    extra: { queues: { attempts: 1, concurrency: { store: 32 }, storeBatch: { maxSize: 16, maxWaitMs: 20 } } },
  });
  let conn: ReturnType<typeof createRedis>;
  let queues: PipelineQueues;
  let svc: ServiceHandle | null = null;
  let db: pg.Client;

  beforeAll(async () => {
    conn = createRedis(TEST_REDIS_URL, 'queue');
    queues = new PipelineQueues(conn, config.queues);
    db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await svc?.close();
    await queues?.close();
    conn?.disconnect();
    await db?.end();
    await dropRedisPrefix(prefix);
    await dropSchema(schema);
    dir.remove();
  });

  it('stores 59 of 60 queued stories in batches; the one with a NUL byte fails alone', async () => {
    const stories = benchStories(loadStoryFactory(), 60, 3, 'wb');
    const results = stories.map(processStory);
    const poisoned = results[17]!;
    poisoned.normalized.story = { ...poisoned.normalized.story, title: 'a title with \u0000 inside' };
    for (const r of results) await queues.enqueueStore(r);
    svc = await startService(config, { roles: ['worker'], stages: ['store'], logger: silentLogger(), seed: false });

    const storeQueue = queues.queues.store;
    await waitFor(async () => (await storeQueue.getCompletedCount()) + (await storeQueue.getFailedCount()) >= 60, 60_000, 'all 60 store jobs to settle');
    const failed = await storeQueue.getFailed();
    expect(failed.map((j) => j.data.result.normalized.story.id)).toEqual([poisoned.normalized.story.id]);
    expect(failed[0]!.failedReason).toMatch(/\\u0000|0x00|invalid byte sequence|unsupported Unicode/i);

    const rows = await db.query(`SELECT id, xmin::text AS tx FROM ${schema}.stories WHERE processed_at IS NOT NULL`);
    expect(rows.rows).toHaveLength(59);
    expect(rows.rows.map((r) => r.id)).not.toContain(poisoned.normalized.story.id);
    // Stories written in one transaction share its id: far fewer transactions than stories.
    const txs = new Set(rows.rows.map((r) => r.tx));
    expect(txs.size).toBeLessThanOrEqual(20);
    expect(Number((await db.query(`SELECT count(*) FROM ${schema}.events`)).rows[0].count)).toBeGreaterThan(30);
  }, 90_000);
});
