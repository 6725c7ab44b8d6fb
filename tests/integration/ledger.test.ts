/**
 * The recall ledger on real PostgreSQL: small crafted stories go through the
 * real stages, and each records what it yielded and why nothing; served by
 * /api/stories?yielded=none and the /admin/ledger page.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { Importer } from '../../src/import/importer.js';
import { silentLogger } from '../../src/logger.js';
import { openStore } from '../../src/store/open-store.js';
import type { PgStore } from '../../src/store/pg-store.js';
import type { LedgerPage, RunRecord } from '../../src/store/store.js';
import { dropSchema, tempDir, TEST_DATABASE_URL, uniqueSchema } from '../helpers/services.js';

const line = (id: string, lang: string, text: string, published: string | null = '2021-06-17T11:00:00+00:00') =>
  JSON.stringify({ id, lang, text, ...(published ? { published } : {}) });

const FEED_A = [
  line('l-yield', 'en', 'BEIJING, Dec. 2 (Xinhua) -- Chinese President Xi Jinping met Russian President Vladimir Putin in Beijing on Monday.', '2019-12-02T20:00:00+08:00'),
  line('l-notrigger', 'en', 'LONDON, June 17 (Wire) -- European shares were little changed in early trade on Monday.'),
  line('l-negated', 'en', 'BEIJING, Dec. 2 (Xinhua) -- Chinese President Xi Jinping did not meet Russian President Vladimir Putin on Monday.', '2019-12-02T20:00:00+08:00'),
].join('\n');
const FEED_B = [
  line('l-german', 'de', 'BERLIN, 17. Juni -- Bundeskanzler Olaf Scholz traf am Montag den französischen Präsidenten.'),
  line('l-nodate', 'en', 'Officials said. Officials said more. Officials said more things. And later, Chinese President Xi Jinping met Russian President Vladimir Putin.', null),
  line('l-broken', 'en', 'PARIS, June 17 (Wire) -- A story whose processing failed.'),
].join('\n');

describe('recall ledger (PostgreSQL)', () => {
  const schema = uniqueSchema();
  const dir = tempDir('wt-ledger');
  let store: PgStore;
  let app: FastifyInstance;
  let run: RunRecord;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
    writeFileSync(join(dir.path, 'a.jsonl'), FEED_A);
    writeFileSync(join(dir.path, 'b.jsonl'), FEED_B);
    await new Importer({ paths: [join(dir.path, 'a.jsonl')], mode: 'inline', chunkSize: 10, highWater: 100, feedId: 'feed-a' }, { store, logger: silentLogger() }).run();
    run = await new Importer({ paths: [join(dir.path, 'b.jsonl')], mode: 'inline', chunkSize: 10, highWater: 100, feedId: 'feed-b' }, { store, logger: silentLogger() }).run();
    // What the normalize/extract workers do when a story fails for good.
    await store.recordStoryFailure('l-broken', 'TypeError: boom', run.id);
    app = await buildApp({
      store,
      queues: [],
      auth: { adminUser: 'admin', adminPassword: 'admin-pass-123', viewerUser: 'viewer', viewerPassword: 'viewer-pass-123' },
      logger: silentLogger(),
      version: '9.9.9-test',
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await dropSchema(schema);
    dir.remove();
  });

  it('records each story’s yield and the reason for nothing', async () => {
    const all = await store.listLedger({ limit: 100 });
    const by = Object.fromEntries(all.stories.map((s) => [s.id, s]));
    expect(by['l-yield']!.events).toBeGreaterThan(0);
    expect(by['l-yield']!.reason).toBeNull();
    expect(by['l-notrigger']).toMatchObject({ events: 0, reason: 'no-trigger', feedId: 'feed-a' });
    expect(by['l-negated']).toMatchObject({ events: 0, reason: 'negated-or-hypothetical' });
    expect(by['l-german']).toMatchObject({ events: 0, reason: 'unsupported-language', feedId: 'feed-b' });
    expect(by['l-nodate']).toMatchObject({ events: 0, reason: 'no-date' });
    expect(by['l-broken']).toMatchObject({ events: 0, reason: 'parse-error', error: 'TypeError: boom' });
  });

  it('a failure moves the story from done to failed in its run, once', async () => {
    const r = (await store.getRun(run.id))!;
    expect(r).toMatchObject({ storiesQueued: 3, storiesDone: 2, storiesFailed: 1 });
    await store.recordStoryFailure('l-broken', 'TypeError: boom', run.id);
    expect(await store.getRun(run.id)).toMatchObject({ storiesQueued: 3, storiesDone: 2, storiesFailed: 1 });
  });

  it('GET /api/stories?yielded=none lists them with counts per feed and per reason', async () => {
    const res = await app.inject('/api/stories?yielded=none');
    expect(res.statusCode).toBe(200);
    const body = res.json() as LedgerPage;
    expect(body.total).toBe(5);
    expect(body.stories.map((s) => s.id).sort()).toEqual(['l-broken', 'l-german', 'l-negated', 'l-nodate', 'l-notrigger']);
    expect(body.byFeed).toEqual([
      { feedId: 'feed-b', count: 3 },
      { feedId: 'feed-a', count: 2 },
    ]);
    expect(Object.fromEntries(body.byReason.map((r) => [r.reason, r.count]))).toEqual({
      'no-trigger': 1,
      'negated-or-hypothetical': 1,
      'unsupported-language': 1,
      'no-date': 1,
      'parse-error': 1,
    });
  });

  it('filters by reason and feed, and pages by story id', async () => {
    const r = (await app.inject('/api/stories?yielded=none&feed=feed-b&reason=no-date')).json() as LedgerPage;
    expect(r.stories.map((s) => s.id)).toEqual(['l-nodate']);
    expect(r.total).toBe(1);
    const p1 = (await app.inject('/api/stories?yielded=none&limit=2')).json() as LedgerPage;
    expect(p1.stories.map((s) => s.id)).toEqual(['l-broken', 'l-german']);
    const p2 = (await app.inject(`/api/stories?yielded=none&limit=2&after=${p1.nextAfter}`)).json() as LedgerPage;
    expect(p2.stories.map((s) => s.id)).toEqual(['l-negated', 'l-nodate']);
    const some = (await app.inject('/api/stories?yielded=some')).json() as LedgerPage;
    expect(some.stories.map((s) => s.id)).toEqual(['l-yield']);
  });

  it('the /admin/ledger page needs the dashboard credentials and shows the counts', async () => {
    expect((await app.inject('/admin/ledger')).statusCode).toBe(401);
    const bad = await app.inject({ url: '/admin/ledger', headers: { authorization: 'Basic ' + Buffer.from('admin:nope').toString('base64') } });
    expect(bad.statusCode).toBe(401);
    const res = await app.inject({ url: '/admin/ledger?reason=unsupported-language', headers: { authorization: 'Basic ' + Buffer.from('viewer:viewer-pass-123').toString('base64') } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('l-german');
    expect(res.body).not.toContain('l-nodate');
    expect(res.body).toMatch(/<b>unsupported-language<\/b>/);
  });
});
