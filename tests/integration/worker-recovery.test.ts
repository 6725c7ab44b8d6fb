/**
 * Graceful shutdown and stalled-job recovery of a real worker process
 * (workers/store.worker.ts) on real Redis and PostgreSQL. The test holds a
 * PostgreSQL advisory lock the store stage needs, so the worker is reliably
 * in the middle of its job when the signal arrives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { PipelineQueues } from '../../src/queues/pipeline-queues.js';
import { createRedis } from '../../src/queues/redis-connection.js';
import { startService, type ServiceHandle } from '../../src/runtime/service.js';
import { openStore } from '../../src/store/open-store.js';
import { lockKey, type PgStore } from '../../src/store/pg-store.js';
import type { StoryResult } from '../../src/types.js';
import { testConfig } from '../helpers/config.js';
import { dropRedisPrefix, dropSchema, tempDir, TEST_DATABASE_URL, TEST_REDIS_URL, uniqueId, uniqueSchema, waitFor } from '../helpers/services.js';

const ROOT = new URL('../../', import.meta.url).pathname;

function resultFor(storyId: string): StoryResult {
  const text = `Story ${storyId}: Xi Jinping met Nikolai Patrushev in Beijing.`;
  const story = {
    id: storyId,
    feedId: null,
    url: null,
    guid: null,
    title: storyId,
    published: '2019-12-02T12:00:00Z',
    publishedRaw: null,
    lang: 'en',
    text,
    contentHash: createHash('sha256').update(text).digest('hex'),
    source: 'file' as const,
  };
  return {
    normalized: {
      story,
      lang: 'en',
      dateline: null,
      reference: { instant: story.published, zone: 'Asia/Shanghai', date: '2019-12-02', basis: 'published' },
      dates: [],
      sentences: [{ start: 0, end: text.length }],
    },
    events: [
      {
        id: `se_${storyId}`,
        kind: 'meeting',
        title: 'Xi Jinping meets Nikolai Patrushev',
        date: { value: '2019-12-02', grain: 'day', basis: 'published' },
        participants: [
          { name: 'Xi Jinping', id: 'Q15031' },
          { name: 'Nikolai Patrushev', id: 'Q367392' },
        ],
        evidence: [{ storyId, text, start: 0, end: text.length }],
        confidence: 0.8,
      },
    ],
    extractorVersion: 'test',
  };
}

describe('store worker process: graceful shutdown and stalled recovery', () => {
  const prefix = uniqueId('wt');
  const schema = uniqueSchema();
  const dir = tempDir();
  let configFile: string;
  let queues: PipelineQueues;
  let conn: ReturnType<typeof createRedis>;
  let store: PgStore;
  let locker: pg.Client;
  const children: ChildProcess[] = [];

  const startChild = () => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'workers/store.worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, TIMELINE_CONFIG: configFile, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      if (code && code !== 0) console.error(`worker exited ${code}: ${stderr.slice(-2000)}`);
    });
    return child;
  };
  const exited = (child: ChildProcess) =>
    new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  /** True once a backend of the worker waits on the advisory lock the test holds. */
  const workerWaitsOnLock = async () => {
    const r = await locker.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
    return r.rows[0].n > 0;
  };

  beforeAll(async () => {
    configFile = join(dir.path, 'config.yaml');
    writeFileSync(
      configFile,
      [
        `redis: { url: "${TEST_REDIS_URL}", startLocal: false }`,
        `database: { url: "${TEST_DATABASE_URL}", schema: ${schema} }`,
        `queues: { prefix: ${prefix}, lockDurationMs: 2000, stalledIntervalMs: 1000, backoffMs: 200 }`,
        `seed: { onStart: false, paths: [] }`,
        `logging: { level: silent, pretty: false }`,
        `dataDir: "${dir.path}"`,
        `feeds: []`,
      ].join('\n'),
    );
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
    conn = createRedis(TEST_REDIS_URL, 'queue');
    queues = new PipelineQueues(conn, testConfig({ prefix, dataDir: dir.path }).queues);
    locker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await locker.connect();
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await locker?.end();
    await queues?.close();
    conn?.disconnect();
    await store?.close();
    await dropRedisPrefix(prefix);
    await dropSchema(schema);
    dir.remove();
  });

  it('on SIGTERM finishes the active job, then exits 0', async () => {
    const storyId = 's_graceful';
    await locker.query('SELECT pg_advisory_lock($1)', [lockKey('story:' + storyId)]);
    const child = startChild();
    await queues.enqueueStore(resultFor(storyId));
    await waitFor(workerWaitsOnLock, 30_000, 'the worker to block inside its job');

    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    expect(child.exitCode).toBeNull(); // still finishing its job
    await locker.query('SELECT pg_advisory_unlock($1)', [lockKey('story:' + storyId)]);

    expect(await exited(child)).toEqual({ code: 0, signal: null });
    const stored = await store.getStory(storyId);
    expect(stored?.eventIds).toHaveLength(1);
    const counts = await queues.queues.store.getJobCounts('completed', 'failed', 'active', 'waiting');
    expect(counts).toMatchObject({ completed: 1, failed: 0, active: 0, waiting: 0 });
  });

  it('a job of a killed worker comes back as stalled, is retried, and is stored once', async () => {
    const storyId = 's_killed';
    await locker.query('SELECT pg_advisory_lock($1)', [lockKey('story:' + storyId)]);
    const child = startChild();
    await queues.enqueueStore(resultFor(storyId));
    await waitFor(workerWaitsOnLock, 30_000, 'the worker to block inside its job');
    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');
    await locker.query('SELECT pg_advisory_unlock($1)', [lockKey('story:' + storyId)]);

    // Another worker picks the stalled job up once its lock expires.
    const config = testConfig({
      prefix,
      dataDir: dir.path,
      databaseUrl: TEST_DATABASE_URL,
      schema,
      extra: { queues: { prefix, lockDurationMs: 2000, stalledIntervalMs: 1000, backoffMs: 200 } },
    });
    let rescuer: ServiceHandle | null = null;
    try {
      rescuer = await startService(config, { roles: ['worker'], stages: ['store'], logger: silentLogger(), seed: false, watchFeeds: false });
      const jobs = await queues.queues.store.getJobs(['completed'], 0, -1);
      await waitFor(async () => (await queues.queues.store.getJobCounts('completed')).completed === jobs.length + 1, 30_000, 'the stalled job to complete');
    } finally {
      await rescuer?.close();
    }
    const stored = await store.getStory(storyId);
    expect(stored?.eventIds).toHaveLength(1);
    const ev = await store.getEvent(stored!.eventIds[0]!);
    // Exactly one source from this story: the retry replaced, never duplicated.
    expect(ev?.sources.filter((s) => s.storyId === storyId)).toHaveLength(1);
    expect((await queues.queues.store.getJobCounts('failed')).failed).toBe(0);
  });
});
