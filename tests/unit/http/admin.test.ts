import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { FeedState, TimelineStore } from '../../../src/store/store.js';
import { redactJobData } from '../../../src/http/dashboard/redact.js';
import { redisAnswers } from '../../../src/queues/redis-connection.js';
import { ago, feedHealth } from '../../../src/http/page/render-feed-health.js';
import { basic, makeApp, openSeededStore } from './helpers.js';

const REDIS = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
const AUTH = { adminUser: 'admin', adminPassword: 'adm1n-pw-long', viewerUser: 'viewer', viewerPassword: 'v1ew-pw-long' };
const NOW = new Date('2026-01-10T12:00:00Z');

const feed = (over: Partial<FeedState>): FeedState => ({
  id: 'f',
  url: 'https://example.org/rss',
  lang: 'en',
  zone: null,
  enabled: true,
  etag: null,
  lastModified: null,
  lastFetchAt: '2026-01-10T11:55:00Z',
  lastSuccessAt: '2026-01-10T11:55:00Z',
  status: 'ok',
  lastError: null,
  consecutiveFailures: 0,
  itemsLastPoll: 10,
  nextRunAt: '2026-01-10T12:10:00Z',
  ...over,
});

describe('redactJobData', () => {
  it('cuts story texts and huge strings, keeps ids and small fields, leaves the input alone', () => {
    const data = { story: { id: 's1', title: 'Short title', text: 'x'.repeat(5000), url: 'https://a.example/1' }, feedId: 'f1' };
    const out = redactJobData(data) as typeof data;
    expect(out.story.id).toBe('s1');
    expect(out.story.title).toBe('Short title');
    expect(out.story.url).toBe('https://a.example/1');
    expect(out.story.text).toMatch(/^x{160}… \[redacted: 5000 characters\]$/);
    expect(data.story.text).toHaveLength(5000);
    const nested = redactJobData({ result: { normalized: { sentences: Array.from({ length: 80 }, (_, i) => ({ start: i, end: i + 1 })), note: 'y'.repeat(9000) } } }) as {
      result: { normalized: { sentences: unknown[]; note: string } };
    };
    expect(nested.result.normalized.sentences).toHaveLength(51);
    expect(nested.result.normalized.sentences.at(-1)).toBe('[redacted: 30 more items]');
    expect(nested.result.normalized.note).toContain('[redacted: 9000 characters]');
  });
});

describe('feedHealth', () => {
  it('classifies feeds from their fetch state', () => {
    expect(feedHealth(feed({}), NOW)).toBe('ok');
    expect(feedHealth(feed({ enabled: false }), NOW)).toBe('disabled');
    expect(feedHealth(feed({ lastFetchAt: null, lastSuccessAt: null }), NOW)).toBe('pending');
    expect(feedHealth(feed({ consecutiveFailures: 1, status: 'error' }), NOW)).toBe('degraded');
    expect(feedHealth(feed({ consecutiveFailures: 3, status: 'error' }), NOW)).toBe('failing');
    expect(feedHealth(feed({ status: 'gone', consecutiveFailures: 1 }), NOW)).toBe('failing');
    expect(feedHealth(feed({ nextRunAt: '2026-01-10T11:00:00Z' }), NOW)).toBe('stale');
    expect(ago('2026-01-10T11:57:00Z', NOW)).toBe('3 min ago');
    expect(ago('2026-01-10T14:00:00Z', NOW)).toBe('in 2 h');
    expect(ago(null, NOW)).toBe('—');
  });
});

describe('admin pages and metrics', () => {
  let store: TimelineStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ store } = await openSeededStore());
    await store.syncFeeds([
      { id: 'good', url: 'https://good.example/rss', lang: 'en', zone: null, enabled: true },
      { id: 'bad', url: 'https://bad.example/rss', lang: 'ar', zone: null, enabled: true },
    ]);
    const at = new Date().toISOString();
    await store.recordFetch({ feedId: 'good', at, ok: true, status: 'ok', items: 12 });
    for (let i = 0; i < 3; i++) await store.recordFetch({ feedId: 'bad', at, ok: false, status: 'error', error: 'HTTP 503 <script>x</script>' });
    app = await makeApp(store, { auth: AUTH });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('/admin/feeds needs the dashboard credentials and shows each feed, worst first, escaped', async () => {
    const anon = await app.inject('/admin/feeds');
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['www-authenticate']).toMatch(/^Basic/);
    expect((await app.inject({ url: '/admin/feeds', headers: { authorization: basic('admin', 'nope') } })).statusCode).toBe(401);
    const r = await app.inject({ url: '/admin/feeds', headers: { authorization: basic('viewer', 'v1ew-pw-long') } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const rows = [...r.body.matchAll(/<tr data-feed="([^"]+)" data-health="([^"]+)">/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['bad', 'failing'],
      ['good', 'ok'],
    ]);
    expect(r.body).toContain('HTTP 503 &lt;script&gt;x&lt;/script&gt;');
    expect(r.body).not.toContain('<script>x');
    const nonce = /'nonce-([^']+)'/.exec(String(r.headers['content-security-policy']))![1];
    expect(r.body).toContain(`<style nonce="${nonce}">`);
    expect((await app.inject({ url: '/admin/feeds', headers: { authorization: basic('admin', 'adm1n-pw-long') } })).statusCode).toBe(200);
  });

  it('/admin/feeds is disabled like the dashboard without an admin password', async () => {
    const off = await makeApp(store);
    try {
      const r = await off.inject('/admin/feeds');
      expect(r.statusCode).toBe(503);
      expect(r.json().error.code).toBe('TL_ERR_DASHBOARD_DISABLED');
    } finally {
      await off.close();
    }
  });

  it('/metrics exposes store counts and feed health in Prometheus text format', async () => {
    const r = await app.inject('/metrics');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(r.body).toMatch(/^timeline_stories_total 4$/m);
    expect(r.body).toMatch(/^timeline_events_total 14$/m);
    expect(r.body).toMatch(/^timeline_events_last_minute 14$/m);
    expect(r.body).toMatch(/^timeline_feed_consecutive_failures\{feed="bad"\} 3$/m);
    expect(r.body).toMatch(/^timeline_feed_consecutive_failures\{feed="good"\} 0$/m);
    expect(r.body).toMatch(/^timeline_feed_last_success_timestamp_seconds\{feed="good"\} \d+/m);
    expect(r.body).toContain('# TYPE timeline_job_duration_seconds histogram');
    expect(r.body).toContain('# TYPE timeline_fetch_errors_total counter');
  });
});

const up = await redisAnswers('redis://127.0.0.1:6379', 2000);
if (!up) console.warn('SKIP Bull Board redaction and queue metrics tests: Redis at 127.0.0.1:6379 is not reachable');

describe.skipIf(!up)('Bull Board with real queues', () => {
  let store: TimelineStore;
  let app: FastifyInstance;
  const q = new Queue(`t-${randomUUID()}`, { connection: REDIS });
  const wh = new Queue(`webhooks-${randomUUID()}`, { connection: REDIS });

  beforeAll(async () => {
    ({ store } = await openSeededStore());
    await q.add('normalize', { story: { id: 's-big', title: 'Big story', text: 'word '.repeat(4000) } });
    await wh.add('event.created', { endpointId: 'a', type: 'event.created', body: '{}' });
    app = await makeApp(store, { auth: AUTH, queues: [q, wh] });
  });
  afterAll(async () => {
    await app?.close();
    for (const x of [q, wh]) {
      await x.obliterate({ force: true }).catch(() => {});
      await x.close();
    }
    await store?.close();
  });

  it('shows large story texts redacted, for admin and viewer alike', async () => {
    for (const [user, pass] of [
      ['admin', 'adm1n-pw-long'],
      ['viewer', 'v1ew-pw-long'],
    ] as const) {
      const r = await app.inject({ url: `/admin/queues/api/queues?activeQueue=${q.name}&status=waiting&page=1`, headers: { authorization: basic(user, pass) } });
      expect(r.statusCode).toBe(200);
      const listed = r.json().queues.find((x: { name: string }) => x.name === q.name);
      const job = listed.jobs[0];
      expect(job.data.story.id).toBe('s-big');
      expect(job.data.story.text).toContain('[redacted: 20000 characters]');
      expect(JSON.stringify(job).length).toBeLessThan(3000);
    }
    // The job itself is untouched.
    const [stored] = await q.getWaiting();
    expect(stored!.data.story.text).toHaveLength(20000);
  });

  it('lists every queue given, webhooks included, and /metrics reports depths by state', async () => {
    const r = await app.inject({ url: '/admin/queues/api/queues', headers: { authorization: basic('admin', 'adm1n-pw-long') } });
    expect(r.json().queues.map((x: { name: string }) => x.name).sort()).toEqual([q.name, wh.name].sort());
    const m = (await app.inject('/metrics')).body;
    expect(m).toContain(`timeline_queue_jobs{queue="${q.name}",state="waiting"} 1`);
    expect(m).toContain(`timeline_queue_jobs{queue="${wh.name}",state="waiting"} 1`);
    expect(m).toContain(`timeline_queue_jobs{queue="${q.name}",state="failed"} 0`);
  });
});
