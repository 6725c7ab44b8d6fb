/**
 * `timeline import` on real PostgreSQL (and Redis for the queued path): every
 * fixture format, directories and a .tar.gz bundle, re-import is a no-op,
 * and the development corpus when it is present.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tar from 'tar';
import { Importer, type ImportOptions } from '../../src/import/importer.js';
import { silentLogger } from '../../src/logger.js';
import { PipelineQueues } from '../../src/queues/pipeline-queues.js';
import { createRedis } from '../../src/queues/redis-connection.js';
import { startService, type ServiceHandle } from '../../src/runtime/service.js';
import { openStore } from '../../src/store/open-store.js';
import type { PgStore } from '../../src/store/pg-store.js';
import { testConfig } from '../helpers/config.js';
import { dropRedisPrefix, dropSchema, tempDir, TEST_DATABASE_URL, TEST_REDIS_URL, uniqueId, uniqueSchema, waitFor } from '../helpers/services.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const fx = (name: string) => join(FIXTURES, name);
const inline = (paths: string[], extra: Partial<ImportOptions> = {}): ImportOptions => ({ paths, mode: 'inline', chunkSize: 3, highWater: 1000, ...extra });

async function storyIds(store: PgStore): Promise<string[]> {
  const page = await store.selectStories({}, { limit: 10_000 });
  return page.stories.map((s) => s.id);
}

describe('import inline (PostgreSQL)', () => {
  const schema = uniqueSchema();
  let store: PgStore;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
  });
  afterAll(async () => {
    await store?.close();
    await dropSchema(schema);
  });

  it('imports JSON Lines, counting bad lines as input errors and keeping caller ids', async () => {
    const run = await new Importer(inline([fx('stories.jsonl')], { feedId: 'archive' }), { store, logger: silentLogger() }).run();
    expect(run).toMatchObject({ kind: 'import', mode: 'inline', status: 'finished', inputComplete: true, storiesRead: 4, storiesNew: 4, inputErrors: 2 });
    expect(run.storiesDone).toBe(4);
    expect(run.eventsAdded).toBeGreaterThanOrEqual(3);
    expect((await storyIds(store)).sort()).toEqual(['imp-ar-005', 'imp-en-001', 'imp-en-002', 'imp-en-003']);
    const s = await store.getStory('imp-en-001');
    expect(s).toMatchObject({ feedId: 'archive', lang: 'en', title: 'Chinese FM meets Pakistani counterpart', source: 'jsonl' });
    expect(s!.eventIds.length).toBeGreaterThan(0);
  });

  it('imports NITF, NewsML-G2, NewsML 1.2 and RSS with their headline, dateline, date and language', async () => {
    const paths = ['xinhua-2019-12-02.nitf.xml', 'newsml-g2-message.xml', 'newsml-1.2.xml', 'wire.rss.xml'].map(fx);
    const run = await new Importer(inline(paths), { store, logger: silentLogger() }).run();
    expect(run).toMatchObject({ status: 'finished', storiesRead: 6, storiesNew: 6, inputErrors: 0, storiesDone: 6 });
    const ledger = await store.listLedger({ limit: 100 });
    const byTitle = new Map(ledger.stories.map((s) => [s.title, s]));
    const nitf = byTitle.get('Xi meets Russian Security Council secretary')!;
    expect(nitf).toMatchObject({ lang: 'en', published: '2019-12-02T12:15:00.000Z' });
    const nitfStory = await store.getStory(nitf.id);
    expect(nitfStory!.dateline).toMatchObject({ place: 'BEIJING', date: '2019-12-02' });
    expect(nitf.events).toBeGreaterThan(0);
    const g2 = byTitle.get('Putin and Xi hold talks in the Kremlin')!;
    expect(g2).toMatchObject({ lang: 'en', published: '2023-03-21T15:40:00.000Z' });
    expect((await store.getStory(g2.id))!.dateline).toMatchObject({ place: 'MOSCOW', date: '2023-03-21' });
    expect(byTitle.get('Le président français en visite à Berlin')).toMatchObject({ lang: 'fr' });
    expect(byTitle.get('El presidente del Gobierno recibe al secretario general de la OTAN')).toMatchObject({ lang: 'es', published: '2020-01-15T09:30:00.000Z' });
    expect(byTitle.get('UN chief visits Kenya')).toMatchObject({ lang: 'en', published: '2022-03-08T11:20:00.000Z' });
  });

  it('a directory and a .tar.gz bundle of the same files add nothing new, and redo no work', async () => {
    const dir = tempDir('wt-import');
    try {
      const before = await storyIds(store);
      const events = await store.countEvents();
      const bundle = join(dir.path, 'archive.tar.gz');
      await tar.c({ gzip: true, file: bundle, cwd: FIXTURES }, readdirSync(FIXTURES).sort());
      const byDir = await new Importer(inline([FIXTURES], { feedId: 'archive' }), { store, logger: silentLogger() }).run();
      // notes.md is not an importable file: the walk leaves it out.
      expect(byDir).toMatchObject({ status: 'finished', storiesRead: 10, storiesNew: 0, storiesSkipped: 10, storiesQueued: 0, inputErrors: 2 });
      const byTar = await new Importer(inline([bundle], { feedId: 'archive' }), { store, logger: silentLogger() }).run();
      expect(byTar).toMatchObject({ status: 'finished', storiesRead: 10, storiesNew: 0, storiesSkipped: 10, inputErrors: 2 });
      expect((await store.getCheckpoints(byTar.id)).has(`${bundle}!stories.jsonl`)).toBe(true);
      expect(await storyIds(store)).toEqual(before);
      expect(await store.countEvents()).toBe(events);
    } finally {
      dir.remove();
    }
  });

  it('a missing path is an input error and the other inputs still import', async () => {
    const missing = fx('does-not-exist.jsonl');
    const run = await new Importer(inline([missing, fx('wire.rss.xml')]), { store, logger: silentLogger() }).run();
    expect(run).toMatchObject({ status: 'finished', inputComplete: true, inputErrors: 1, storiesRead: 2 });
    const cps = await store.getCheckpoints(run.id);
    expect(cps.get(missing)).toMatchObject({ done: true });
    expect(cps.get(fx('wire.rss.xml'))).toMatchObject({ done: true, position: 2 });
  });
});

describe('import stopped with Ctrl-C (PostgreSQL)', () => {
  const schema = uniqueSchema();
  const dir = tempDir('wt-import-stop');
  let store: PgStore;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
  });
  afterAll(async () => {
    await store?.close();
    await dropSchema(schema);
    dir.remove();
  });

  it('stops after the current chunk with a checkpoint, and the same import resumes without redoing work', async () => {
    const lines = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({ id: `stop-${i}`, lang: 'en', published: '2021-06-15T10:00:00+00:00', text: `MOSCOW, June 15 (Wire) -- Russian President Vladimir Putin met visitor number ${i} on Tuesday.` }),
    );
    const file = join(dir.path, 'stop.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const ac = new AbortController();
    let chunks = 0;
    const stopped = await new Importer(inline([file], { chunkSize: 4 }), {
      store,
      logger: silentLogger(),
      signal: ac.signal,
      onProgress: () => {
        if (++chunks === 1) ac.abort();
      },
    }).run();
    expect(stopped).toMatchObject({ status: 'interrupted', inputComplete: false, storiesRead: 4, storiesDone: 4 });
    expect((await store.getCheckpoints(stopped.id)).get(file)).toEqual({ position: 4, done: false });
    const resumed = await new Importer(inline([file], { chunkSize: 4 }), { store, logger: silentLogger() }).run();
    expect(resumed.id).toBe(stopped.id);
    expect(resumed).toMatchObject({ status: 'finished', storiesRead: 12, storiesNew: 12, storiesSkipped: 0, storiesDone: 12, storiesQueued: 12 });
    expect((await storyIds(store)).length).toBe(12);
    // A finished import run again is a new run that finds everything already done.
    const again = await new Importer(inline([file], { chunkSize: 4 }), { store, logger: silentLogger() }).run();
    expect(again.id).not.toBe(resumed.id);
    expect(again).toMatchObject({ status: 'finished', storiesRead: 12, storiesSkipped: 12, storiesQueued: 0, eventsAdded: 0 });
  });
});

describe('import backpressure (PostgreSQL + Redis)', () => {
  const prefix = uniqueId('wt');
  const schema = uniqueSchema();
  const dir = tempDir();
  let svc: ServiceHandle | null = null;
  let store: PgStore;
  let conn: Redis;
  let queues: PipelineQueues;
  afterAll(async () => {
    await svc?.close();
    await queues?.close();
    conn?.disconnect();
    await store?.close();
    await dropRedisPrefix(prefix);
    await dropSchema(schema);
    dir.remove();
  });

  it('holds back while the normalize queue is above the high-water mark, and goes on when workers drain it', async () => {
    const config = testConfig({ prefix, dataDir: dir.path, databaseUrl: TEST_DATABASE_URL, schema });
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
    conn = createRedis(TEST_REDIS_URL, 'queue');
    queues = new PipelineQueues(conn, config.queues);
    const file = join(dir.path, 'many.jsonl');
    writeFileSync(
      file,
      Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: `bp-${i}`, lang: 'en', text: `LONDON, June 17 (Wire) -- Item ${i}.` })).join('\n') + '\n',
    );
    // No workers yet: the importer must stop once 4 jobs wait (chunks of 2).
    const running = new Importer({ paths: [file], mode: 'queue', chunkSize: 2, highWater: 4 }, { store, queues, logger: silentLogger() }).run();
    await waitFor(async () => (await queues.normalizeBacklog()) >= 5, 10_000, 'the backlog to reach the mark');
    await new Promise((r) => setTimeout(r, 800));
    expect(await queues.normalizeBacklog()).toBe(6); // the chunk that crossed the mark, and no more
    const [run] = await store.listRuns({});
    expect(run).toMatchObject({ status: 'running', storiesQueued: 8 });
    svc = await startService(config, { roles: ['worker'], logger: silentLogger(), watchFeeds: false });
    const ended = await running;
    expect(ended).toMatchObject({ inputComplete: true, storiesQueued: 20 });
    const done = await waitFor(async () => {
      const r = await store.getRun(ended.id);
      return r?.status === 'finished' ? r : null;
    }, 30_000, 'the workers to store every story');
    expect(done.storiesDone).toBe(20);
  });
});

describe('import through the queues (PostgreSQL + Redis)', () => {
  const prefix = uniqueId('wt');
  const schema = uniqueSchema();
  const dir = tempDir();
  let svc: ServiceHandle;
  beforeAll(async () => {
    const config = testConfig({ prefix, dataDir: dir.path, databaseUrl: TEST_DATABASE_URL, schema });
    svc = await startService(config, { roles: ['worker'], logger: silentLogger(), watchFeeds: false });
  });
  afterAll(async () => {
    await svc?.close();
    await dropRedisPrefix(prefix);
    await dropSchema(schema);
    dir.remove();
  });

  it('enqueues in chunks with run-scoped job ids; the store workers fill in the run summary', async () => {
    const store = svc.store as PgStore;
    const paths = ['stories.jsonl', 'xinhua-2019-12-02.nitf.xml', 'newsml-g2-message.xml', 'newsml-1.2.xml', 'wire.rss.xml'].map(fx);
    const run = await new Importer({ paths, mode: 'queue', chunkSize: 2, highWater: 2 }, { store, queues: svc.queues, logger: silentLogger() }).run();
    expect(run).toMatchObject({ status: 'enqueued', inputComplete: true, storiesRead: 10, storiesQueued: 10 });
    const done = await waitFor(async () => {
      const r = await store.getRun(run.id);
      return r?.status === 'finished' ? r : null;
    }, 30_000, 'the queued import to finish');
    expect(done).toMatchObject({ storiesDone: 10, storiesFailed: 0 });
    expect(done.eventsAdded).toBe(await store.countEvents());
    const ledger = await store.listLedger({});
    expect(ledger.total).toBe(10);
  });
});

describe('import of the development corpus', () => {
  const present = existsSync(CORPUS);
  if (!present) console.warn(`skipping corpus import: ${CORPUS} is absent`);
  const schema = uniqueSchema();
  let store: PgStore;
  beforeAll(async () => {
    if (present) store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
  });
  afterAll(async () => {
    await store?.close();
    if (present) await dropSchema(schema);
  });

  it.skipIf(!present)('imports the corpus stories (JSON Lines), the seed and every feed', async () => {
    const feeds = join(CORPUS, 'feeds');
    const nFeeds = readdirSync(feeds).filter((f) => f.endsWith('.xml')).length;
    const run = await new Importer(inline([join(CORPUS, 'events', 'dev.jsonl'), join(CORPUS, 'seed'), feeds], { chunkSize: 200 }), { store, logger: silentLogger() }).run();
    expect(run.status).toBe('finished');
    expect(run.inputErrors).toBe(0);
    const nLines = readFileSync(join(CORPUS, 'events', 'dev.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).length;
    expect(run.storiesRead).toBeGreaterThan(nLines + nFeeds);
    expect(run.storiesDone).toBe(run.storiesQueued);
    const seed = await store.getStory('seed-xinhua-ar-2019-12-02');
    expect(seed?.lang).toBe('ar');
    expect(seed!.eventIds.length).toBeGreaterThan(0);
    const checkpoints = await store.getCheckpoints(run.id);
    expect([...checkpoints.values()].every((c) => c.done)).toBe(true);
    const nSeed = readdirSync(join(CORPUS, 'seed')).filter((f) => /\.(txt|html?|xml|jsonl)$/i.test(f)).length;
    expect(checkpoints.size).toBe(1 + nSeed + nFeeds);
  });
});
