/**
 * `timeline reprocess` on real PostgreSQL (and Redis for the queued path):
 * reprocessing twice changes nothing, filters select the right stories, a run
 * stopped half-way resumes without redoing finished stories.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Importer } from '../../src/import/importer.js';
import { silentLogger } from '../../src/logger.js';
import { Reprocessor, type ReprocessOptions } from '../../src/reprocess/reprocessor.js';
import { startService, type ServiceHandle } from '../../src/runtime/service.js';
import { openStore } from '../../src/store/open-store.js';
import type { PgStore } from '../../src/store/pg-store.js';
import type { StoredEvent } from '../../src/store/store.js';
import { testConfig } from '../helpers/config.js';
import { dropRedisPrefix, dropSchema, tempDir, TEST_DATABASE_URL, uniqueId, uniqueSchema, waitFor } from '../helpers/services.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const ALL = ['stories.jsonl', 'xinhua-2019-12-02.nitf.xml', 'newsml-g2-message.xml', 'newsml-1.2.xml', 'wire.rss.xml'].map((f) => join(FIXTURES, f));
const opts = (o: Partial<ReprocessOptions> = {}): ReprocessOptions => ({ mode: 'inline', batchSize: 3, highWater: 1000, ...o });

/** Every stored event without its timestamps, in id order: what "identical events" compares. */
async function eventState(store: PgStore): Promise<Array<Omit<StoredEvent, 'createdAt' | 'updatedAt'>>> {
  const out: StoredEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listEvents({ limit: 500, order: 'asc', ...(cursor ? { cursor } : {}) });
    out.push(...page.events);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out.map(({ createdAt: _c, updatedAt: _u, ...e }) => e).sort((a, b) => a.id.localeCompare(b.id));
}

describe('reprocess inline (PostgreSQL)', () => {
  const schema = uniqueSchema();
  let store: PgStore;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
    await new Importer({ paths: ALL, mode: 'inline', chunkSize: 50, highWater: 1000, feedId: 'archive' }, { store, logger: silentLogger() }).run();
    await new Importer({ paths: [join(FIXTURES, 'wire.rss.xml')], mode: 'inline', chunkSize: 50, highWater: 1000, feedId: 'rss' }, { store, logger: silentLogger() }).run();
  });
  afterAll(async () => {
    await store?.close();
    await dropSchema(schema);
  });

  it('reprocessing twice changes nothing: both summaries are zeros and the events are identical', async () => {
    const before = await eventState(store);
    expect(before.length).toBeGreaterThan(3);
    const first = await new Reprocessor(opts(), { store, logger: silentLogger() }).run();
    expect(first).toMatchObject({ kind: 'reprocess', status: 'finished', storiesTotal: 10, storiesQueued: 10, storiesDone: 10, storiesFailed: 0 });
    expect([first.eventsAdded, first.eventsRemoved, first.eventsChanged]).toEqual([0, 0, 0]);
    const second = await new Reprocessor(opts(), { store, logger: silentLogger() }).run();
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ status: 'finished', storiesDone: 10 });
    expect([second.eventsAdded, second.eventsRemoved, second.eventsChanged]).toEqual([0, 0, 0]);
    expect(await eventState(store)).toEqual(before);
  });

  it('counts events added, removed and changed when the stored extraction differs', async () => {
    // Simulate an older extraction: drop one story's results, so reprocessing adds its events back.
    const story = await store.getStory('imp-en-001');
    const n = story!.eventIds.length;
    expect(n).toBeGreaterThan(0);
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    try {
      await c.query(`DELETE FROM ${schema}.event_sources WHERE story_id = 'imp-en-001'`);
      await c.query(`DELETE FROM ${schema}.events e WHERE NOT EXISTS (SELECT 1 FROM ${schema}.event_sources s WHERE s.event_id = e.id)`);
      await c.query(`UPDATE ${schema}.stories SET extractor_version = '0.0.0+old' WHERE id = 'imp-en-001'`);
    } finally {
      await c.end();
    }
    const run = await new Reprocessor(opts({ olderThanCurrent: true }), { store, logger: silentLogger() }).run();
    expect(run).toMatchObject({ status: 'finished', storiesTotal: 1, storiesDone: 1, eventsAdded: n, eventsRemoved: 0 });
    expect((await store.getStory('imp-en-001'))!.eventIds).toHaveLength(n);
  });

  it('filters by feed, language and date (published, else first seen)', async () => {
    const count = (o: Partial<ReprocessOptions>) => new Reprocessor(opts(o), { store, logger: silentLogger() }).selection();
    // A story keeps the feed it was first filed under: the second import's "rss" does not move it.
    expect(await store.countSelectedStories(count({ feed: 'rss' }))).toBe(0);
    expect(await store.countSelectedStories(count({ feed: 'archive' }))).toBe(10);
    expect(await store.countSelectedStories(count({ lang: 'fr' }))).toBe(1);
    expect(await store.countSelectedStories(count({ lang: 'en' }))).toBe(7);
    expect(await store.countSelectedStories(count({ since: '2021-06-16T00:00:00Z', until: '2021-06-18T00:00:00Z' }))).toBe(2);
    expect(await store.countSelectedStories(count({ since: '2023-01-01T00:00:00Z' }))).toBe(2);
    expect(await store.countSelectedStories(count({ olderThanCurrent: true }))).toBe(0);
  });

  it('a run stopped half-way resumes: the same options continue the same run without redoing stories', async () => {
    const ac = new AbortController();
    let batches = 0;
    const stopped = await new Reprocessor(opts({ lang: 'en', batchSize: 2 }), {
      store,
      logger: silentLogger(),
      signal: ac.signal,
      onProgress: () => {
        if (++batches === 2) ac.abort();
      },
    }).run();
    expect(stopped).toMatchObject({ status: 'interrupted', inputComplete: false, storiesDone: 4, storiesTotal: 7 });
    const handed: number[] = [];
    const resumed = await new Reprocessor(opts({ lang: 'en', batchSize: 2 }), { store, logger: silentLogger(), onProgress: (p) => handed.push(p.handed) }).run();
    expect(resumed.id).toBe(stopped.id);
    expect(resumed).toMatchObject({ status: 'finished', storiesDone: 7, storiesQueued: 7 });
    expect(handed[handed.length - 1]).toBe(3);
  });
});

describe('reprocess through the queues (PostgreSQL + Redis)', () => {
  const prefix = uniqueId('wt');
  const schema = uniqueSchema();
  const dir = tempDir();
  let svc: ServiceHandle;
  beforeAll(async () => {
    const config = testConfig({ prefix, dataDir: dir.path, databaseUrl: TEST_DATABASE_URL, schema });
    svc = await startService(config, { roles: ['worker'], logger: silentLogger(), watchFeeds: false });
    await new Importer({ paths: ALL, mode: 'inline', chunkSize: 50, highWater: 1000 }, { store: svc.store as PgStore, logger: silentLogger() }).run();
  });
  afterAll(async () => {
    await svc?.close();
    await dropRedisPrefix(prefix);
    await dropSchema(schema);
    dir.remove();
  });

  it('enqueues normalize jobs with the run id; twice in a row changes nothing', async () => {
    const store = svc.store as PgStore;
    const before = await eventState(store);
    const summaries = [];
    for (let i = 0; i < 2; i++) {
      const run = await new Reprocessor(opts({ mode: 'queue', batchSize: 4, highWater: 3 }), { store, queues: svc.queues, logger: silentLogger() }).run();
      expect(run).toMatchObject({ status: 'enqueued', inputComplete: true, storiesQueued: 10 });
      const job = await svc.queues.queues.normalize.getJob(`normalize.imp-en-001.${(await store.getStory('imp-en-001'))!.contentHash.slice(0, 16)}.r${run.id}`);
      expect(job?.data.runId).toBe(run.id);
      summaries.push(
        await waitFor(async () => {
          const r = await store.getRun(run.id);
          return r?.status === 'finished' ? r : null;
        }, 30_000, `queued reprocess run ${i + 1}`),
      );
    }
    for (const s of summaries) {
      expect(s).toMatchObject({ storiesDone: 10, storiesFailed: 0, eventsAdded: 0, eventsRemoved: 0, eventsChanged: 0 });
    }
    expect(await eventState(store)).toEqual(before);
  });
});
