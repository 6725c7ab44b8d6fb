/**
 * What real servers do to a fetch worker, one case each, through the real
 * job schedulers, BullMQ fetch worker, Redis and PostgreSQL. Every case ends
 * as a failed job or a feed status with a clear reason, and the good feed
 * polled alongside is fetched as if nothing happened.
 */
import { execFileSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalUrl, storyIdFor } from '../../src/feeds/identity.js';
import { buildApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/logger.js';
import { syncFeedSchedulers } from '../../src/queues/feed-scheduler.js';
import { PipelineQueues, type FetchJobData } from '../../src/queues/pipeline-queues.js';
import type { PgStore } from '../../src/store/pg-store.js';
import type { FeedState } from '../../src/store/store.js';
import { testConfig } from '../helpers/config.js';
import { startFetchWorkers, type FetchWorkers } from '../helpers/fetch-workers.js';
import { dropRedisPrefix, dropSchema, tempDir, TEST_DATABASE_URL, uniqueId, uniqueSchema, waitFor } from '../helpers/services.js';

const GOOD = readFileSync(new URL('../fixtures/pipeline/wire.rss.xml', import.meta.url));
const BOMB = readFileSync(new URL('../fixtures/feeds/entity-bomb.rss.xml', import.meta.url));
const MB = 1024 * 1024;
const DNS_HOST = 'wire-timeline-test.invalid';

/** Whether this machine's resolver answers "no such host" promptly (offline resolvers may just hang). */
async function resolverFailsFast(): Promise<boolean> {
  const answer = lookup(DNS_HOST).then(
    () => false,
    (e: NodeJS.ErrnoException) => e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'EAI_FAIL' || e.code === 'EAI_NONAME',
  );
  return Promise.race([answer, new Promise<boolean>((r) => setTimeout(() => r(false), 800))]);
}
const dnsFailsFast = await resolverFailsFast();

/** A self-signed certificate made for this run with openssl, or null when openssl is missing. */
function selfSignedCert(): { key: Buffer; cert: Buffer } | null {
  const d = tempDir('wt-tls');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(d.path, 'key.pem'), '-out', join(d.path, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(d.path, 'key.pem')), cert: readFileSync(join(d.path, 'cert.pem')) };
  } catch {
    return null;
  } finally {
    d.remove();
  }
}
const tlsCert = selfSignedCert();
if (!tlsCert) console.warn('[fetch-bad-input.test] openssl is missing: the TLS failure case is SKIPPED');
if (!dnsFailsFast) console.warn(`[fetch-bad-input.test] the resolver does not fail fast for ${DNS_HOST}: the DNS failure case is SKIPPED`);

const servers: Array<{ close: () => Promise<void> }> = [];
const hitTimes = new Map<string, number[]>();
let hugeBytesSent = 0;

function hit(path: string): void {
  hitTimes.set(path, [...(hitTimes.get(path) ?? []), Date.now()]);
}

async function listen(server: Server, sockets = new Set<Socket>()): Promise<string> {
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  servers.push({
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function reply(res: ServerResponse, status: number, body: string | Buffer, type = 'application/rss+xml; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(body);
}

/** The bad server: one route per case. */
function badServer(): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hit(path);
    switch (path) {
      case '/good.xml':
        return reply(res, 200, GOOD);
      case '/garbage.xml':
        return reply(res, 200, '<<<>>> this is &&& not <xml at all');
      case '/salvage.xml':
        // Truncated mid-item: the items that can be read are kept.
        return reply(
          res,
          200,
          '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title><link>http://salvage.example/1</link><description>First story.</description></item><item><title>Two</title><link>http://salvage.example/2</link><description>Second st',
        );
      case '/page.html':
        return reply(res, 200, '<!DOCTYPE html><html><head><title>Home</title></head><body><h1>Welcome</h1><p>Our news site.</p></body></html>', 'text/html; charset=utf-8');
      case '/empty.xml':
        return reply(res, 200, '');
      case '/bomb.xml':
        return reply(res, 200, BOMB);
      case '/huge.xml': {
        // 50 MB, streamed without Content-Length; counts what the client accepted before it hung up.
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>');
        const chunk = Buffer.alloc(256 * 1024, 'a');
        let closed = false;
        res.on('close', () => (closed = true));
        const pump = (): void => {
          while (!closed && hugeBytesSent < 50 * MB) {
            hugeBytesSent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          if (!closed) res.end('</title></channel></rss>');
        };
        pump();
        return;
      }
      case '/drip.xml': {
        // A byte every 100 ms, forever: only the total timeout stops it.
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const timer = setInterval(() => res.write(' '), 100);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case '/loop.xml':
        res.writeHead(302, { location: '/loop-b.xml' });
        return void res.end();
      case '/loop-b.xml':
        res.writeHead(301, { location: '/loop.xml' });
        return void res.end();
      case '/404.xml':
        return reply(res, 404, 'not found', 'text/plain');
      case '/410.xml':
        return reply(res, 410, 'gone', 'text/plain');
      case '/500.xml':
        return reply(res, 500, 'oops', 'text/plain');
      default:
        return reply(res, 404, 'no route', 'text/plain');
    }
  });
}

describe('bad input through the fetch worker (real Redis + PostgreSQL)', () => {
  const prefix = uniqueId('wt');
  const schema = uniqueSchema();
  const dir = tempDir();
  let store: PgStore;
  let queues: PipelineQueues;
  let workers: FetchWorkers | undefined;
  const feedIds: string[] = [];

  beforeAll(async () => {
    const host = await listen(badServer());
    // 429 with Retry-After on a host of its own (a Retry-After blocks its whole host).
    const busyHost = await listen(
      createServer((req, res) => {
        hit('/429.xml');
        if ((hitTimes.get('/429.xml') ?? []).length === 1) return reply(res, 429, 'slow down', 'text/plain', { 'retry-after': '1' });
        return reply(res, 200, GOOD);
      }),
    );
    // A TLS server with a self-signed certificate made for this run.
    const tlsHost = tlsCert
      ? await listen(
          createHttpsServer(tlsCert, (_req, res) => {
            hit('/tls.xml');
            reply(res, 200, GOOD);
          }) as unknown as Server,
        )
      : null;

    const feed = (id: string, url: string) => ({ id, url, interval: '1h', zone: 'Europe/Moscow' });
    const feeds = [
      feed('good', `http://${host}/good.xml`),
      feed('garbage', `http://${host}/garbage.xml`),
      feed('salvage', `http://${host}/salvage.xml`),
      feed('html', `http://${host}/page.html`),
      feed('empty', `http://${host}/empty.xml`),
      feed('huge', `http://${host}/huge.xml`),
      feed('bomb', `http://${host}/bomb.xml`),
      feed('drip', `http://${host}/drip.xml`),
      feed('loop', `http://${host}/loop.xml`),
      ...(tlsHost ? [feed('tls', `https://${tlsHost}/tls.xml`)] : []),
      ...(dnsFailsFast ? [feed('dns', `http://${DNS_HOST}/feed.xml`)] : []),
      feed('e404', `http://${host}/404.xml`),
      feed('e410', `http://${host}/410.xml`),
      feed('e500', `http://${host}/500.xml`),
      feed('e429', `http://${busyHost}/429.xml`),
    ];
    feedIds.push(...feeds.map((f) => f.id));
    const config = testConfig({
      prefix,
      dataDir: dir.path,
      databaseUrl: TEST_DATABASE_URL,
      schema,
      feeds,
      extra: {
        queues: { attempts: 3, concurrency: { fetch: 6 } },
        fetch: { timeoutMs: 3000, connectTimeoutMs: 2000, maxBytes: 10 * MB, perHost: { concurrency: 6, requests: 1000, perSec: 1, leaseMs: 30000 } },
      },
    });
    expect(config.queues.prefix).toBe(prefix);
    workers = await startFetchWorkers(config, schema);
    ({ store, queues } = workers);
    // Real job schedulers: each feed's first poll runs at once.
    await syncFeedSchedulers(queues.queues.fetch, config.feeds);
    await waitFor(async () => {
      const jobs = await queues.queues.fetch.getJobs(['completed', 'failed'], 0, -1);
      const finished = new Set(jobs.map((j) => j.data.feedId));
      return feedIds.every((id) => finished.has(id));
    }, 40_000, 'every feed to finish its first poll');
  }, 55_000);

  afterAll(async () => {
    await workers?.close();
    for (const s of servers) await s.close();
    await dropRedisPrefix(prefix);
    await dropSchema(schema);
    dir.remove();
  });

  const stateOf = async (id: string): Promise<FeedState> => (await store.getFeed(id))!;
  const jobOf = async (id: string): Promise<Job<FetchJobData>> => {
    const jobs = await queues.queues.fetch.getJobs(['completed', 'failed'], 0, -1);
    return jobs.find((j) => j.data.feedId === id)!;
  };
  async function expectFailed(id: string, attempts: number, error: RegExp, status = 'error'): Promise<FeedState> {
    const job = await jobOf(id);
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(attempts);
    // Jobs failed at once carry the error code; retried ones the error's own message.
    expect(job.failedReason).toMatch(new RegExp(error.source.replace(/^TL_ERR_\w+: /, '')));
    const s = await stateOf(id);
    expect(s).toMatchObject({ status, consecutiveFailures: attempts, lastSuccessAt: null });
    expect(s.lastError).toMatch(error);
    return s;
  }

  it('the good feed is fetched, with its next run from the job scheduler', async () => {
    const s = await stateOf('good');
    expect(s).toMatchObject({ status: 'ok', itemsLastPoll: 3, consecutiveFailures: 0, lastError: null });
    const scheduler = await queues.queues.fetch.getJobScheduler('feed.good');
    expect(s.nextRunAt).toBe(new Date(scheduler!.next!).toISOString());
    expect(Date.parse(s.nextRunAt!) - Date.parse(s.lastFetchAt!)).toBeGreaterThan(59 * 60_000);
    expect(await store.countStories()).toBeGreaterThanOrEqual(3);
  });

  it('/api/feeds serves the health of every feed in the documented shape', async () => {
    const app = await buildApp({ store, queues: [], auth: { adminUser: 'admin', adminPassword: 'test-admin-pass' }, logger: silentLogger(), version: 'test' });
    try {
      const r = await app.inject('/api/feeds');
      expect(r.statusCode).toBe(200);
      const feeds = r.json().feeds as FeedState[];
      expect(feeds.map((f) => f.id).sort()).toEqual([...feedIds].sort());
      const good = feeds.find((f) => f.id === 'good')!;
      expect(Object.keys(good).sort()).toEqual(
        ['consecutiveFailures', 'enabled', 'etag', 'id', 'itemsLastPoll', 'lang', 'lastError', 'lastFetchAt', 'lastModified', 'lastSuccessAt', 'nextRunAt', 'status', 'url', 'zone'].sort(),
      );
      expect(good.nextRunAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(feeds.find((f) => f.id === 'e404')).toMatchObject({ status: 'gone', consecutiveFailures: 1 });
    } finally {
      await app.close();
    }
  });

  it('malformed XML: garbage fails at once; a truncated feed keeps the items it can read', async () => {
    await expectFailed('garbage', 1, /TL_ERR_FEED_PARSE: Not a feed/);
    expect(await stateOf('salvage')).toMatchObject({ status: 'ok', itemsLastPoll: 2 });
  });

  it('an HTML page instead of a feed, and an empty body', async () => {
    await expectFailed('html', 1, /TL_ERR_FEED_PARSE: Not a feed: an HTML page/);
    await expectFailed('empty', 1, /TL_ERR_FEED_PARSE: Not a feed: empty body/);
  });

  it('a 50 MB body is streamed and cut at the cap, never read whole', async () => {
    await expectFailed('huge', 1, /TL_ERR_BODY_TOO_LARGE/);
    expect(hitTimes.get('/huge.xml')).toHaveLength(1);
    // The client hung up soon after 10 MB: the server could not hand over much more.
    expect(hugeBytesSent).toBeGreaterThan(10 * MB);
    expect(hugeBytesSent).toBeLessThan(30 * MB);
  });

  it('an entity-expansion bomb is read without expanding anything', async () => {
    expect(await stateOf('bomb')).toMatchObject({ status: 'ok', itemsLastPoll: 1 });
    const job = await jobOf('bomb');
    expect(job.returnvalue).toMatchObject({ items: 1, created: 1 });
    const story = await store.getStory(storyIdFor({ url: canonicalUrl('http://bomb.example/1'), guid: null, contentHash: '' }));
    expect(story?.title).toBe('Bomb &lol9;');
    expect(story?.text).toBe('Expanded this would be a billion lols: &lol9;');
  });

  it('a slow-drip server hits the total timeout and retries with backoff', async () => {
    await expectFailed('drip', 3, /TL_ERR_FETCH_TIMEOUT: Timed out \(total, 3000 ms\)/);
    expect(hitTimes.get('/drip.xml')).toHaveLength(3);
  });

  it('a redirect loop fails at once', async () => {
    await expectFailed('loop', 1, /TL_ERR_TOO_MANY_REDIRECTS/);
  });

  it.skipIf(!tlsCert)('a TLS failure (self-signed certificate) fails at once with the reason', async () => {
    await expectFailed('tls', 1, /TL_ERR_FETCH_NETWORK: TLS failure .*(SELF_SIGNED|CERT)/);
    expect(hitTimes.get('/tls.xml') ?? []).toHaveLength(0); // no request got through
  });

  it.skipIf(!dnsFailsFast)('a DNS failure retries with backoff and says so', async () => {
    await expectFailed('dns', 3, /TL_ERR_FETCH_NETWORK: DNS failure .*(ENOTFOUND|EAI_AGAIN)/);
  });

  it('HTTP 404 and 410 stop retrying and mark the feed gone; the scheduler keeps polling', async () => {
    await expectFailed('e404', 1, /TL_ERR_HTTP_STATUS: HTTP 404/, 'gone');
    await expectFailed('e410', 1, /TL_ERR_HTTP_STATUS: HTTP 410/, 'gone');
    expect(hitTimes.get('/404.xml')).toHaveLength(1);
    const scheduler = await queues.queues.fetch.getJobScheduler('feed.e410');
    expect(scheduler?.every).toBe(3_600_000);
    expect((await stateOf('e410')).nextRunAt).toBe(new Date(scheduler!.next!).toISOString());
  });

  it('HTTP 500 retries with exponential backoff, then fails', async () => {
    await expectFailed('e500', 3, /TL_ERR_HTTP_STATUS: HTTP 500/);
    const t = hitTimes.get('/500.xml')!;
    expect(t).toHaveLength(3);
    const [gap1, gap2] = [t[1]! - t[0]!, t[2]! - t[1]!];
    expect(gap1).toBeGreaterThanOrEqual(190); // backoff 200 ms
    expect(gap2).toBeGreaterThanOrEqual(390); // then 400 ms
  });

  it('HTTP 429 with Retry-After keeps the host away for that long, then succeeds', async () => {
    const job = await jobOf('e429');
    expect(await job.getState()).toBe('completed');
    // The failed 429 attempt and the successful one; the postponements in between cost none.
    expect(job.attemptsMade).toBe(2);
    expect(job.attemptsStarted).toBeGreaterThan(2);
    const t = hitTimes.get('/429.xml')!;
    expect(t).toHaveLength(2);
    expect(t[1]! - t[0]!).toBeGreaterThanOrEqual(950); // Retry-After: 1, not the 200 ms backoff
    expect(await stateOf('e429')).toMatchObject({ status: 'ok', consecutiveFailures: 0 });
  });
});
