import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { StoredEvent, TimelineStore } from '../../../src/store/store.js';
import { basic, makeApp, makeResult, makeStory, openSeededStore } from './helpers.js';

let store: TimelineStore;
let app: FastifyInstance;
let seeded: Awaited<ReturnType<typeof openSeededStore>>['seeded'];
let arabicEventId: string;

beforeAll(async () => {
  ({ store, seeded } = await openSeededStore());
  // One Arabic story from another feed, naming Xi Jinping in Arabic, with a low-confidence event.
  const s5 = makeStory('s5', 'شي يلتقي', 'بكين 3 ديسمبر (شينخوا) -- التقى الرئيس الصيني شي جين بينغ اليوم.', { lang: 'ar', feedId: 'xinhua-ar' });
  await store.saveStories([s5]);
  const r = makeResult(s5, [
    {
      kind: 'meeting',
      title: 'Xi Jinping meets a delegation',
      value: '2019-11-28',
      grain: 'day',
      participants: [{ name: 'شي جين بينغ', canonical: 'Xi Jinping', id: 'Q15031', type: 'person', country: 'CHN' }],
      location: { name: 'بكين', canonical: 'Beijing', country: 'CHN', venue: 'Great Hall of the People' },
    },
  ]);
  r.events[0]!.confidence = 0.3;
  r.events[0]!.lang = 'ar';
  r.normalized.lang = 'ar';
  arabicEventId = (await store.saveResult(r)).eventIds[0]!;
  app = await makeApp(store, { auth: { adminUser: 'admin', adminPassword: 'admin-secret-1', viewerUser: 'viewer', viewerPassword: 'viewer-secret-1' } });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

async function titles(qs: string): Promise<string[]> {
  const r = await app.inject(`/api/events${qs}`);
  expect(r.statusCode, `${qs}: ${r.body}`).toBe(200);
  return (r.json().events as StoredEvent[]).map((e) => e.title).sort();
}

async function bad(url: string): Promise<{ code: string; message: string; details?: { param?: string } }> {
  const r = await app.inject(url);
  expect(r.statusCode, url).toBe(400);
  return r.json().error;
}

describe('event filters', () => {
  it('country matches the location or a participant, alpha-3 or alpha-2', async () => {
    const rus = await titles('?country=RUS');
    expect(rus).toEqual(['Election held', 'Gas pipeline agreement signed', 'Sanctions imposed', 'Xi Jinping meets Vladimir Putin', 'Xi and Putin phone call']);
    expect(await titles('?country=ru')).toEqual(rus);
    const chn = await titles('?country=CN&kind=meeting');
    expect(chn).toEqual(['Xi Jinping meets Vladimir Putin', 'Xi Jinping meets a delegation']);
  });

  it('location matches name, canonical name or venue, case-insensitively, in any script', async () => {
    expect(await titles('?location=beijing')).toEqual(['Xi Jinping meets Vladimir Putin', 'Xi Jinping meets a delegation']);
    expect(await titles(`?location=${encodeURIComponent('بكين')}`)).toEqual(['Xi Jinping meets a delegation']);
    expect(await titles('?location=great%20hall%20of%20the%20people')).toEqual(['Xi Jinping meets a delegation']);
    expect(await titles('?location=Geneva')).toEqual(['Guterres visits Geneva']);
  });

  it('source language and source feed', async () => {
    expect(await titles('?lang=ar')).toEqual(['Xi Jinping meets a delegation']);
    expect(await titles('?feed=xinhua-ar')).toEqual(['Xi Jinping meets a delegation']);
    expect((await titles('?lang=en,ar')).length).toBe(15);
    expect(await titles('?feed=nope')).toEqual([]);
  });

  it('minimum confidence', async () => {
    expect((await titles('?minConfidence=0.5')).length).toBe(14);
    expect(await titles('?minConfidence=0&lang=ar')).toEqual(['Xi Jinping meets a delegation']);
    expect(await titles('?minConfidence=0.31&lang=ar')).toEqual([]);
  });

  it('an entity by a name in another language finds its events', async () => {
    const byArabic = await titles(`?entity=${encodeURIComponent('شي جين بينغ')}`);
    const byId = await titles('?entity=Q15031');
    expect(byArabic).toEqual(byId);
    expect(byId).toContain('Xi Jinping meets a delegation');
    expect(byId).toContain('Founding anniversary year');
  });

  it('sorts ascending or descending and pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await app.inject(`/api/events?order=asc&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      const body = r.json() as { events: StoredEvent[]; nextCursor: string | null };
      seen.push(...body.events.map((e) => e.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(15);
    expect(new Set(seen).size).toBe(15);
    const all = (await app.inject('/api/events?order=asc&limit=100')).json().events as StoredEvent[];
    expect(seen).toEqual(all.map((e) => e.id));
    const dates = all.map((e) => e.date.value.slice(0, 4));
    expect(dates[0]).toBe('2018');
  });

  it('bad filter values are a 400 naming the parameter', async () => {
    expect((await bad('/api/events?country=XX')).details?.param).toBe('country');
    expect((await bad('/api/events?lang=Arabic')).details?.param).toBe('lang');
    expect((await bad('/api/events?feed=%2E%2E%2F')).details?.param).toBe('feed');
    const mc = await bad('/api/events?minConfidence=2');
    expect(mc.code).toBe('TL_ERR_BAD_PARAM');
    expect(mc.message).toContain('minConfidence');
    expect((await bad('/api/events?minConfidence=abc')).details?.param).toBe('minConfidence');
    expect((await bad('/api/events?sortBy=title')).message).toContain('unknown query parameter "sortBy"');
  });

  it('SQL metacharacters in filters are data, not SQL', async () => {
    expect(await titles(`?location=${encodeURIComponent("x' OR '1'='1")}`)).toEqual([]);
    expect(await titles(`?entity=${encodeURIComponent("'; DROP TABLE events; --")}`)).toEqual([]);
    expect((await titles('')).length).toBe(15);
  });
});

describe('event detail', () => {
  it('has every source with its evidence', async () => {
    const r = await app.inject(`/api/events/${encodeURIComponent(arabicEventId)}`);
    expect(r.statusCode).toBe(200);
    const e = r.json() as StoredEvent;
    expect(e.sources).toHaveLength(1);
    expect(e.sources[0]).toMatchObject({ storyId: 's5', lang: 'ar', feedId: 'xinhua-ar' });
    expect(e.sources[0]!.evidence[0]!.text).toContain('بكين');
  });
});

describe('entities', () => {
  it('are searchable by any alias, in any language, and by id', async () => {
    const ar = (await app.inject(`/api/entities?q=${encodeURIComponent('جين بينغ')}`)).json().entities;
    expect(ar.map((e: { id: string }) => e.id)).toEqual(['Q15031']);
    expect(ar[0].aliases.map((a: { alias: string }) => a.alias)).toEqual(expect.arrayContaining(['Xi Jinping', 'شي جين بينغ']));
    expect(ar[0].events).toBe(6);
    const en = (await app.inject('/api/entities?q=putin')).json().entities;
    expect(en.map((e: { id: string }) => e.id)).toEqual(['Q7747']);
    const accent = (await app.inject('/api/entities?q=Antonio%20Guterres')).json().entities;
    expect(accent.map((e: { id: string }) => e.id)).toEqual(['Q311440']);
    expect((await app.inject('/api/entities?q=Q7747')).json().entities[0].name).toBe('Vladimir Putin');
    expect((await app.inject('/api/entities?q=nobody%20at%20all')).json().entities).toEqual([]);
  });

  it("each entity's timeline, filtered like /api/events", async () => {
    const r = await app.inject('/api/entities/Q7747/events?order=asc');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.entity).toMatchObject({ id: 'Q7747', name: 'Vladimir Putin' });
    expect(body.events.map((e: StoredEvent) => e.title)).toEqual([
      'Election held',
      'Sanctions imposed',
      'Xi and Putin phone call',
      'Gas pipeline agreement signed', // 2019-12 starts on the 1st
      'Xi Jinping meets Vladimir Putin',
    ]);
    const calls = (await app.inject('/api/entities/Q7747/events?kind=call')).json();
    expect(calls.events.map((e: StoredEvent) => e.title)).toEqual(['Xi and Putin phone call']);
    expect((await app.inject('/api/entities/Q0/events')).statusCode).toBe(404);
    expect((await app.inject('/api/entities/Q0')).json().error.code).toBe('TL_ERR_NOT_FOUND');
    expect((await app.inject('/api/entities/Q7747/events?entity=x')).statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents every API route with its parameters at /docs/json, and serves the UI at /docs', async () => {
    const r = await app.inject('/docs/json');
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/events', '/api/events/{id}', '/api/events/stream', '/api/events/export', '/api/entities', '/api/entities/{id}/events', '/api/stories/{id}', '/api/feeds', '/healthz', '/readyz', '/metrics']) {
      expect(doc.paths, p).toHaveProperty([p]);
    }
    const params = doc.paths['/api/events'].get.parameters.map((x: { name: string }) => x.name);
    expect(params).toEqual(expect.arrayContaining(['from', 'to', 'kind', 'entity', 'q', 'country', 'location', 'lang', 'feed', 'minConfidence', 'cursor', 'limit', 'order']));
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/admin'))).toBe(false);
    const ui = await app.inject('/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });
});

describe('writes need admin credentials', () => {
  it('POST under /api is 401 anonymously, 403 for the viewer, and passes auth for the admin', async () => {
    const anon = await app.inject({ method: 'POST', url: '/api/webhooks/x/ping' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('TL_ERR_UNAUTHORIZED');
    const viewer = await app.inject({ method: 'POST', url: '/api/webhooks/x/ping', headers: { authorization: basic('viewer', 'viewer-secret-1') } });
    expect(viewer.statusCode).toBe(403);
    const admin = await app.inject({ method: 'POST', url: '/api/webhooks/x/ping', headers: { authorization: basic('admin', 'admin-secret-1') } });
    // Authenticated; this app has no webhook queue.
    expect(admin.statusCode).toBe(503);
    expect(admin.json().error.code).toBe('TL_ERR_WEBHOOKS_DISABLED');
    const del = await app.inject({ method: 'DELETE', url: '/api/events/x' });
    expect(del.statusCode).toBe(401);
  });
});

describe('API keys, CORS and rate limiting', () => {
  let keyed: FastifyInstance;
  beforeAll(async () => {
    keyed = await makeApp(store, {
      auth: { adminUser: 'admin', adminPassword: 'admin-secret-1' },
      api: { keys: ['consumer-key-0123456789'], corsOrigins: ['https://news.example.org'], rateLimit: { enabled: true, max: 5, windowMs: 60_000 } },
    });
  });
  afterAll(async () => keyed?.close());

  it('with keys configured, the API needs one (header or bearer); the page and probes do not', async () => {
    const none = await keyed.inject('/api/events?limit=1');
    expect(none.statusCode).toBe(401);
    expect(none.json().error.message).toContain('API key');
    expect((await keyed.inject({ url: '/api/events?limit=1', headers: { 'x-api-key': 'wrong-key-0123456789' } })).statusCode).toBe(401);
    expect((await keyed.inject({ url: '/api/events?limit=1', headers: { 'x-api-key': 'consumer-key-0123456789' } })).statusCode).toBe(200);
    expect((await keyed.inject({ url: '/api/entities?q=xi', headers: { authorization: 'Bearer consumer-key-0123456789' } })).statusCode).toBe(200);
    expect((await keyed.inject({ url: '/api/events?limit=1', headers: { authorization: basic('admin', 'admin-secret-1') } })).statusCode).toBe(200);
    expect((await keyed.inject('/healthz')).statusCode).toBe(200);
    expect((await keyed.inject('/')).statusCode).toBe(200);
  });

  it('answers CORS preflight for configured origins only', async () => {
    const ok = await keyed.inject({ method: 'OPTIONS', url: '/api/events', headers: { origin: 'https://news.example.org', 'access-control-request-method': 'GET' } });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://news.example.org');
    const other = await keyed.inject({ method: 'OPTIONS', url: '/api/events', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    // Without configured origins there are no CORS headers at all.
    const plain = await app.inject({ url: '/api/events?limit=1', headers: { origin: 'https://news.example.org' } });
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rate limits per API key with a coded 429, and not the probes', async () => {
    const key = { 'x-api-key': 'consumer-key-0123456789' };
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await keyed.inject({ url: '/api/events?limit=1', headers: key })).statusCode);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
    const limited = await keyed.inject({ url: '/api/events?limit=1', headers: key });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('TL_ERR_RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    for (let i = 0; i < 8; i++) expect((await keyed.inject('/healthz')).statusCode).toBe(200);
  });
});
