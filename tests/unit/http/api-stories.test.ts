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
