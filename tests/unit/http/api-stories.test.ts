import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TimelineStore, StoredStory, FeedState } from '../../../src/store/store.js';
import { makeApp, openSeededStore } from './helpers.js';

let store: TimelineStore;
let app: FastifyInstance;
let seeded: Awaited<ReturnType<typeof openSeededStore>>['seeded'];

beforeAll(async () => {
  ({ store, seeded } = await openSeededStore());
  await store.syncFeeds([
    { id: 'xinhua-ar', url: 'https://example.org/ar.xml', lang: 'ar', zone: 'Asia/Shanghai', enabled: true },
    { id: 'tass-en', url: 'https://example.org/en.xml', lang: 'en', zone: null, enabled: false },
  ]);
  app = await makeApp(store);
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe('GET /api/stories/:id', () => {
  it('returns the stored story with text, metadata, dates and event ids', async () => {
    const r = await app.inject('/api/stories/s1');
    expect(r.statusCode).toBe(200);
    const s = r.json() as StoredStory;
    expect(s).toMatchObject({ id: 's1', title: 'Xi meets Putin', url: 'https://news.example.org/s1', feedId: 'test-feed', extractorVersion: 'test-1' });
    expect(s.text).toMatch(/^BEIJING, Dec\. 2/);
    expect(s.dates.map((d) => d.value)).toEqual(['2019-12-02']);
    expect(s.eventIds.sort()).toEqual(seeded.eventIds.slice(0, 4).sort());
    expect(s.reference?.zone).toBe('Asia/Shanghai');
  });

  it('returns hostile text verbatim as JSON (escaping is the page’s job)', async () => {
    const r = await app.inject('/api/stories/s3');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.json().title).toBe('<script>alert("t")</script>');
  });

  it('404s with a code for an unknown story', async () => {
    const r = await app.inject('/api/stories/nope');
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('TL_ERR_NOT_FOUND');
    expect(r.json().error.message).toContain('nope');
  });
});

describe('GET /api/feeds', () => {
  it('lists feed states', async () => {
    const r = await app.inject('/api/feeds');
    expect(r.statusCode).toBe(200);
    const feeds = r.json().feeds as FeedState[];
    const byId = Object.fromEntries(feeds.map((f) => [f.id, f]));
    expect(byId['xinhua-ar']).toMatchObject({ url: 'https://example.org/ar.xml', lang: 'ar', enabled: true, consecutiveFailures: 0 });
    expect(byId['tass-en']).toMatchObject({ enabled: false });
  });
});

describe('GET /api/stories (the recall ledger)', () => {
  it('lists processed stories with what they yielded; none of the seeded ones yielded nothing', async () => {
    const some = await app.inject('/api/stories?yielded=some');
    expect(some.statusCode).toBe(200);
    const body = some.json() as { stories: Array<{ id: string; events: number; reason: string | null }>; total: number; byFeed: unknown[]; byReason: unknown[] };
    expect(body.stories.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4']);
    expect(body.stories.map((s) => s.events)).toEqual([4, 5, 1, 4]);
    expect(body.byFeed).toEqual([{ feedId: 'test-feed', count: 4 }]);
    const none = (await app.inject('/api/stories?yielded=none')).json() as typeof body;
    expect(none).toMatchObject({ stories: [], total: 0, byFeed: [], byReason: [], nextAfter: null });
  });

  it('400s naming a bad parameter', async () => {
    const bad = await app.inject('/api/stories?yielded=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('TL_ERR_BAD_PARAM');
    expect(JSON.stringify(bad.json().error)).toContain('yielded');
    expect((await app.inject('/api/stories?reason=bored')).statusCode).toBe(400);
    expect((await app.inject('/api/stories?colour=red')).statusCode).toBe(400);
  });
});

describe('GET /api/runs', () => {
  it('lists runs newest first and serves one by id', async () => {
    const a = await store.createRun({ kind: 'import', runKey: 'k1', mode: 'inline', options: { paths: ['/x.jsonl'] }, extractorVersion: 'test-1' });
    const b = await store.createRun({ kind: 'reprocess', runKey: 'k2', mode: 'queue', options: {}, extractorVersion: 'test-1' });
    await store.addRunCounters(a.id, { storiesRead: 7, inputErrors: 1 });
    const list = await app.inject('/api/runs');
    expect(list.statusCode).toBe(200);
    expect((list.json().runs as Array<{ id: number }>).map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await app.inject('/api/runs?kind=import')).json().runs).toHaveLength(1);
    const one = await app.inject(`/api/runs/${a.id}`);
    expect(one.json()).toMatchObject({ id: a.id, kind: 'import', status: 'running', storiesRead: 7, inputErrors: 1, eventsAdded: 0, options: { paths: ['/x.jsonl'] } });
    expect((await app.inject('/api/runs/99999')).statusCode).toBe(404);
    expect((await app.inject('/api/runs/abc')).statusCode).toBe(400);
  });
});
