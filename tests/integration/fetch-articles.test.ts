/**
 * A `fullText` feed through the real fetch worker: summary-only items get
 * their article page (under the host's politeness), full-text items and
 * items without a link do not, a broken page keeps the summary, and a
 * second poll fetches no page again. Real Redis and PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalUrl, storyIdFor } from '../../src/feeds/identity.js';
import { HostPoliteness } from '../../src/queues/host-politeness.js';
import { PipelineQueues, type FetchJobData } from '../../src/queues/pipeline-queues.js';
import { createRedis } from '../../src/queues/redis-connection.js';
import type { PgStore } from '../../src/store/pg-store.js';
import { testConfig } from '../helpers/config.js';
import { startFetchWorkers, type FetchWorkers } from '../helpers/fetch-workers.js';
import { dropRedisPrefix, dropSchema, tempDir, TEST_DATABASE_URL, TEST_REDIS_URL, uniqueId, uniqueSchema, waitFor } from '../helpers/services.js';

const page = (name: string) => readFileSync(new URL(`../fixtures/feeds/articles/${name}`, import.meta.url));
const LONG = 'A full story already in the feed. '.repeat(60).trim();

describe('fullText feed: article pages through the fetch worker', () => {
  const prefix = uniqueId('wt');
  const schema = uniqueSchema();
  const dir = tempDir();
  let server: Server;
  let base = '';
  let store: PgStore;
  let queues: PipelineQueues;
  let workers: FetchWorkers | undefined;
  const conns: Redis[] = [];
  const hits = new Map<string, number>();
  const hitAt = new Map<string, number>();
  const feedKey = new Map<string, string | undefined>();
  let other = ''; // the same server under another host name: another politeness host
  let inFlight = 0;
  let maxInFlight = 0;

  const feedXml = () => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Fixture wire</title><link>${base}/</link>
<item><title>Xi meets Russian security official</title><link>${base}/a/meeting?utm_source=rss</link><description>Xi met Patrushev in Beijing.</description></item>
<item><title>شي يلتقي أمين مجلس الأمن الروسي</title><link>${base}/a/ar</link><description>التقى شي باتروشيف.</description><pubDate>Mon, 02 Dec 2019 12:15:00 +0000</pubDate></item>
<item><title>Already full</title><link>${base}/a/full</link><description>${LONG}</description></item>
<item><title>Page gone</title><link>${base}/a/missing</link><description>Only this summary survives.</description></item>
<item><title>No article on the page</title><link>${base}/a/consent</link><description>Consent wall summary.</description></item>
<item><title>On another host</title><link>${other}/a/elsewhere</link><description>Elsewhere summary.</description></item>
</channel></rss>`;
  const feed2Xml = () => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Second wire</title><link>${base}/</link>
<item><title>Held host</title><link>${other}/a/held</link><description>Held summary.</description></item>
</channel></rss>`;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      hitAt.set(path, Date.now());
      feedKey.set(path, req.headers['x-feed-key'] as string | undefined);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        const html = {
          '/a/meeting': 'meeting-en.html',
          '/a/ar': 'dateline-outside-ar.html',
          '/a/consent': 'consent-wall.html',
          '/a/full': 'meeting-en.html',
          '/a/elsewhere': 'meeting-en.html',
          '/a/held': 'meeting-en.html',
        }[path];
        if (path === '/feed.xml' || path === '/feed2.xml') {
          res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
          res.end(path === '/feed.xml' ? feedXml() : feed2Xml());
        } else if (html) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(page(html));
        } else {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not found');
        }
      }, 40);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    other = `http://localhost:${(server.address() as AddressInfo).port}`;

    const feeds = [
      { id: 'wire', url: `${base}/feed.xml`, lang: null, zone: 'Asia/Shanghai', interval: '1h', fullText: true, headers: { 'X-Feed-Key': 'secret' } },
      { id: 'wire2', url: `${base}/feed2.xml`, lang: null, zone: 'Asia/Shanghai', interval: '1h', fullText: true, politeness: { concurrency: 1 } },
    ];
    const config = testConfig({
      prefix,
      dataDir: dir.path,
      databaseUrl: TEST_DATABASE_URL,
      schema,
      feeds,
      extra: {
        fetch: { perHost: { concurrency: 4, requests: 1000, perSec: 1, leaseMs: 30000 }, articlesPerPoll: 10, articleBudgetMs: 10000 },
      },
    });
    expect(config.queues.prefix).toBe(prefix);
    workers = await startFetchWorkers(config, schema);
    ({ store, queues } = workers);
  });

  afterAll(async () => {
    await workers?.close();
    for (const c of conns) c.disconnect();
    await new Promise<void>((ok) => server.close(() => ok()));
    await dropRedisPrefix(prefix);
    await dropSchema(schema);
    dir.remove();
  });

  const poll = async (feedId = 'wire'): Promise<Job<FetchJobData>> => {
    const job = await queues.queues.fetch.add('fetch', { feedId });
    await waitFor(async () => ['completed', 'failed'].includes(await job.getState()), 15_000, 'the poll');
    return (await queues.queues.fetch.getJob(job.id!))!;
  };
  const stored = (url: string) => store.getStory(storyIdFor({ url: canonicalUrl(url), guid: null, contentHash: '' }));

  it('fetches the pages of summary-only items, politely, and keeps summaries where a page fails', async () => {
    const job = await poll();
    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toMatchObject({ items: 6, created: 6, articles: { fetched: 3, fallback: 2, deferred: 0 } });

    const en = await stored(`${base}/a/meeting`);
    expect(en?.text.startsWith('BEIJING, Dec. 2 (Fixture) -- Chinese President Xi Jinping met with Nikolai Patrushev')).toBe(true);
    expect(en?.title).toBe('Xi meets Russian security official');
    expect(Date.parse(en!.published!)).toBe(Date.parse('2019-12-02T20:15:00+08:00')); // from the page: the item had no date
    expect(en?.publishedRaw).toBe('2019-12-02T20:15:00+08:00');
    const ar = await stored(`${base}/a/ar`);
    expect(ar?.text.startsWith('بكين 2 ديسمبر 2019 (شينخوا) التقى')).toBe(true);
    expect(ar?.publishedRaw).toBe('Mon, 02 Dec 2019 12:15:00 +0000'); // the feed's own date wins
    expect((await stored(`${base}/a/full`))?.text).toBe(LONG);
    expect((await stored(`${base}/a/missing`))?.text).toBe('Only this summary survives.');
    expect((await stored(`${base}/a/consent`))?.text).toBe('Consent wall summary.');

    expect((await stored(`${other}/a/elsewhere`))?.text.startsWith('BEIJING, Dec. 2 (Fixture)')).toBe(true);

    expect(hits.get('/a/full')).toBeUndefined(); // full text in the feed: no page
    expect(maxInFlight).toBe(1); // pages one after another, never alongside the feed
    // The feed's own headers go to its host only.
    expect(feedKey.get('/feed.xml')).toBe('secret');
    expect(feedKey.get('/a/meeting')).toBe('secret');
    expect(feedKey.get('/a/elsewhere')).toBeUndefined();
    // The stories went to normalization once each, with their full text.
    const normalize = await queues.queues.normalize.getJobs(['waiting'], 0, -1);
    expect(normalize).toHaveLength(6);
    expect(normalize.find((j) => j.data.story.url === en?.url)?.data.story.text).toBe(en?.text);
  });

  it('a second poll fetches no page again and changes nothing', async () => {
    const before = new Map(hits);
    const job = await poll();
    expect(job.returnvalue).toMatchObject({ items: 6, created: 0, changed: 0, articles: { fetched: 0, fallback: 0, deferred: 0 } });
    for (const p of ['/a/meeting', '/a/ar', '/a/missing', '/a/consent', '/a/elsewhere']) expect(hits.get(p)).toBe(before.get(p));
    expect(hits.get('/feed.xml')).toBe((before.get('/feed.xml') ?? 0) + 1);
    expect(await queues.queues.normalize.getJobs(['waiting'], 0, -1)).toHaveLength(6);
  });

  it('article pages wait for their host like feeds do', async () => {
    // Another worker holds the article host's only slot (wire2 allows 1 at a time) for 1.2 s.
    const redis = createRedis(TEST_REDIS_URL, 'queue');
    conns.push(redis);
    const holder = new HostPoliteness(redis, prefix);
    const slot = await holder.acquire(`${other}/`, { concurrency: 1, requests: 1000, perSec: 1, leaseMs: 30000 });
    expect(slot.granted).toBe(true);
    const releaseAt = Date.now() + 1200;
    setTimeout(() => void (slot.granted && slot.release()), 1200);
    const job = await poll('wire2');
    expect(job.returnvalue).toMatchObject({ items: 1, created: 1, articles: { fetched: 1, deferred: 0 } });
    expect(hitAt.get('/feed2.xml')!).toBeLessThan(releaseAt); // the feed's own host was free
    expect(hitAt.get('/a/held')!).toBeGreaterThanOrEqual(releaseAt - 5); // the page waited for the slot
    expect((await stored(`${other}/a/held`))?.text.startsWith('BEIJING, Dec. 2 (Fixture)')).toBe(true);
  });
});
