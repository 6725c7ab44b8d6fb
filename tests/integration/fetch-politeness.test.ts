/**
 * Per-host politeness shared through Redis by two fetch workers: concurrency
 * per host never exceeds the limit, the rate is kept, busy jobs are postponed
 * without burning an attempt, and every feed is still fetched.
 * Real Redis and PostgreSQL; feeds served on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostPoliteness, hostOf, limitsFor } from '../../src/queues/host-politeness.js';
import { createRedis } from '../../src/queues/redis-connection.js';
import { testConfig } from '../helpers/config.js';
import { startFetchWorkers } from '../helpers/fetch-workers.js';
import { dropRedisPrefix, dropSchema, tempDir, TEST_DATABASE_URL, TEST_REDIS_URL, uniqueId, uniqueSchema, waitFor } from '../helpers/services.js';

const rss = (id: string) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${id}</title><link>http://wire.example/</link>
<item><title>Story of ${id}</title><link>http://wire.example/${id}/1</link><description>Text of ${id}.</description>
<pubDate>Mon, 02 Dec 2019 12:00:00 +0000</pubDate></item></channel></rss>`;

/** A feed server that counts requests in flight, per Host header. */
async function countingServer(delayMs: number) {
  let inFlight = 0;
  let maxInFlight = 0;
  const starts: number[] = [];
  const server: Server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    starts.push(Date.now());
    const id = (req.url ?? '/x').replace(/\W/g, '');
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(rss(id));
    }, delayMs);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats: () => ({ maxInFlight, starts: [...starts], inFlight }),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

describe('per-host politeness across two fetch workers', () => {
  const prefix = uniqueId('wt');
  const schema = uniqueSchema();
  const dir = tempDir();
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await dropRedisPrefix(prefix);
    await dropSchema(schema);
    dir.remove();
  });

  it('never exceeds the host concurrency, postpones without burning attempts, fetches every feed', async () => {
    const server = await countingServer(150);
    cleanups.push(server.close);
    const feeds = Array.from({ length: 8 }, (_, i) => ({ id: `host-a-${i}`, url: `${server.url}/f${i}.xml`, interval: '1h' }));
    const config = testConfig({
      prefix,
      dataDir: dir.path,
      databaseUrl: TEST_DATABASE_URL,
      schema,
      feeds,
      // Each worker alone could run 4 at once; the host allows 2 in all.
      extra: { queues: { concurrency: { fetch: 4 } }, fetch: { perHost: { concurrency: 2, requests: 1000, perSec: 1, leaseMs: 30000 } } },
    });
    expect(config.queues.prefix).toBe(prefix);
    const svc = await startFetchWorkers(config, schema, 2);
    cleanups.push(svc.close);
    const jobs = await svc.queues.queues.fetch.addBulk(feeds.map((f) => ({ name: 'fetch', data: { feedId: f.id } })));

    await waitFor(async () => {
      const states = await Promise.all(jobs.map((j) => svc.queues.queues.fetch.getJobState(j.id!)));
      return states.every((s) => s === 'completed');
    }, 20_000, 'every fetch job to complete');

    const { maxInFlight, starts } = server.stats();
    expect(starts).toHaveLength(8); // each feed fetched once
    expect(maxInFlight).toBe(2); // the limit was reached and never exceeded
    for (const f of feeds) {
      const state = await svc.store.getFeed(f.id);
      expect(state?.status).toBe('ok');
      expect(state?.itemsLastPoll).toBe(1);
    }
    // Postponed jobs were delayed, not retried: no attempt was spent on a busy host.
    const done = await Promise.all(jobs.map((j) => svc.queues.queues.fetch.getJob(j.id!)));
    for (const j of done) expect(j?.attemptsMade).toBeLessThanOrEqual(1);
    expect(done.some((j) => (j?.attemptsStarted ?? 0) > 1)).toBe(true); // some job found the host busy and came back
  }, 30_000);
});

describe('HostPoliteness on real Redis', () => {
  const prefix = uniqueId('wt');
  let redis: Redis;
  beforeAll(() => {
    redis = createRedis(TEST_REDIS_URL, 'queue');
  });
  afterAll(async () => {
    await dropRedisPrefix(prefix);
    redis.disconnect();
  });

  it('keeps the rate per host, separately for each host', async () => {
    const a = new HostPoliteness(redis, prefix);
    const b = new HostPoliteness(redis, prefix); // another worker: shares the counters through Redis
    const limits = limitsFor({ concurrency: 10, requests: 2, perSec: 1, leaseMs: 5000 });
    const one = await a.acquire('http://host-one.example/feed', limits);
    const two = await b.acquire('http://host-one.example/other', limits);
    const three = await a.acquire('http://HOST-ONE.example/third', limits);
    expect(one.granted && two.granted).toBe(true);
    expect(three).toMatchObject({ granted: false, reason: 'rate', host: 'host-one.example' });
    if (!three.granted) expect(three.retryInMs).toBeGreaterThan(0);
    expect((await b.acquire('http://host-two.example/feed', limits)).granted).toBe(true);
    if (one.granted) await one.release();
    if (two.granted) await two.release();
    // Within the time asked, the window opens again.
    const later = await a.acquireWithin('http://host-one.example/feed', limits, 2500);
    expect(later.granted).toBe(true);
    if (later.granted) await later.release();
  });

  it('a lease of a crashed worker expires; a Retry-After block keeps every worker away', async () => {
    const p = new HostPoliteness(redis, prefix);
    const limits = limitsFor({ concurrency: 1, requests: 100, perSec: 1, leaseMs: 1000 });
    const held = await p.acquire('http://lease.example/a', limits);
    expect(held.granted).toBe(true);
    expect(await p.acquire('http://lease.example/b', limits)).toMatchObject({ granted: false, reason: 'concurrency' });
    // Never released (the worker "crashed"): the lease runs out by itself.
    const after = await p.acquireWithin('http://lease.example/b', limits, 2500);
    expect(after.granted).toBe(true);
    if (after.granted) await after.release();

    await p.blockHost('http://blocked.example/feed', 1500);
    const blocked = await new HostPoliteness(redis, prefix).acquire('http://blocked.example/other', limits);
    expect(blocked).toMatchObject({ granted: false, reason: 'blocked' });
    if (!blocked.granted) expect(blocked.retryInMs).toBeGreaterThan(1000);
    expect(hostOf('https://News.Example.org:8443/rss')).toBe('news.example.org:8443');
  });
});
