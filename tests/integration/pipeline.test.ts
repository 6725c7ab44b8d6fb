/**
 * The real queue path end to end: a feed served on 127.0.0.1 → job scheduler
 * → fetch → normalize → extract → store workers → PostgreSQL → HTTP API.
 * Runs against a real PostgreSQL server and against embedded PGlite.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { syncFeedSchedulers } from '../../src/queues/feed-scheduler.js';
import { startService, type ServiceHandle } from '../../src/runtime/service.js';
import { testConfig } from '../helpers/config.js';
import { startFixtureServer } from '../helpers/fixture-server.js';
import { dropRedisPrefix, dropSchema, freePort, tempDir, TEST_DATABASE_URL, uniqueId, uniqueSchema, waitFor } from '../helpers/services.js';

const feedXml = readFileSync(new URL('../fixtures/pipeline/wire.rss.xml', import.meta.url));

for (const backend of ['postgres', 'pglite'] as const) {
  describe(`pipeline through the queues (${backend})`, () => {
    const prefix = uniqueId('wt');
    const schema = backend === 'postgres' ? uniqueSchema() : null;
    const dir = tempDir();
    let server: Awaited<ReturnType<typeof startFixtureServer>>;
    let svc: ServiceHandle;
    let base: string;

    beforeAll(async () => {
      server = await startFixtureServer({ '/feed.xml': { body: feedXml } });
      const config = testConfig({
        prefix,
        dataDir: dir.path,
        databaseUrl: backend === 'postgres' ? TEST_DATABASE_URL : null,
        schema,
        feeds: [
          { id: 'fixture', url: `${server.url}/feed.xml`, lang: null, zone: 'Europe/Moscow', interval: '1h' },
          // Nothing listens here: the feed is "offline".
          { id: 'down', url: `http://127.0.0.1:${await freePort()}/feed.xml`, interval: '1h' },
        ],
      });
      svc = await startService(config, { roles: ['api', 'worker', 'scheduler'], logger: silentLogger(), watchFeeds: false });
      base = svc.url!;
    });

    afterAll(async () => {
      await svc?.close();
      await server?.close();
      await dropRedisPrefix(prefix);
      if (schema) await dropSchema(schema);
      dir.remove();
    });

    it('schedules the feed, runs every stage and serves the events', async () => {
      const schedulers = await svc.queues.queues.fetch.getJobSchedulers(0, -1);
      expect(schedulers.map((s) => s.key).sort()).toEqual(['feed.down', 'feed.fixture']);
      // Scheduled fetch jobs carry the retry and retention policy.
      expect(schedulers[0]!.template?.opts).toMatchObject({ attempts: svc.config.queues.attempts, backoff: { type: 'exponential' } });

      // The scheduler's first job runs at once; wait until both fixture stories are stored with events.
      const events = await waitFor(async () => {
        const r = await fetch(`${base}/api/events?limit=100`);
        const body = (await r.json()) as { events: Array<{ kind: string; date: { value: string }; participants: Array<{ canonical?: string; name: string }>; sources: unknown[] }> };
        const meeting = body.events.find((e) => e.kind === 'meeting' && e.date.value === '2023-03-21');
        return meeting && meeting.sources.length >= 2 ? body.events : null;
      }, 30_000, 'the merged meeting event');

      const meeting = events.find((e) => e.kind === 'meeting' && e.date.value === '2023-03-21')!;
      const names = meeting.participants.map((p) => p.canonical ?? p.name);
      expect(names).toEqual(expect.arrayContaining(['Xi Jinping', 'Vladimir Putin']));
      // The English and the Arabic report are one timeline event with two sources.
      expect(events.filter((e) => e.kind === 'meeting' && e.date.value === '2023-03-21')).toHaveLength(1);
      expect(meeting.sources).toHaveLength(2);

      // All three items were kept as raw stories, including the one with a nonsense date.
      expect(await svc.store.countStories()).toBe(3);
      const feed = await svc.store.getFeed('fixture');
      expect(feed?.status).toBe('ok');
      expect(feed?.itemsLastPoll).toBe(3);
      expect(feed?.consecutiveFailures).toBe(0);
    });

    it('an unreachable feed fails, retries with backoff and shows its state, without stopping the others', async () => {
      const feed = await waitFor(async () => {
        const f = await svc.store.getFeed('down');
        return f && f.consecutiveFailures >= 2 ? f : null;
      }, 20_000, 'two failed attempts of the offline feed');
      expect(feed.status).toBe('error');
      expect(feed.lastError).toMatch(/TL_ERR_FETCH_NETWORK/);
      expect(feed.lastSuccessAt).toBeNull();
      const jobs = await svc.queues.queues.fetch.getJobs(['delayed', 'waiting', 'active', 'failed'], 0, -1);
      const retried = jobs.find((j) => j.data.feedId === 'down' && j.attemptsMade >= 1);
      expect(retried).toBeTruthy();
      const api = (await (await fetch(`${base}/api/feeds`)).json()) as { feeds: Array<{ id: string; status: string | null }> };
      expect(api.feeds.find((f) => f.id === 'down')?.status).toBe('error');
      expect(api.feeds.find((f) => f.id === 'fixture')?.status).toBe('ok');
    });

    it('adds nothing when the feed is polled again', async () => {
      const before = await svc.queues.queues.normalize.getJobCounts('completed', 'waiting', 'active', 'delayed', 'failed');
      const job = await svc.queues.queues.fetch.add('fetch', { feedId: 'fixture' });
      await waitFor(async () => (await job.getState()) === 'completed', 15_000, 'the second poll');
      const after = await svc.queues.queues.normalize.getJobCounts('completed', 'waiting', 'active', 'delayed', 'failed');
      expect(after).toEqual(before);
      expect(server.hits.get('/feed.xml')).toBeGreaterThanOrEqual(2);
      expect(await svc.store.countStories()).toBe(3);
    });

    it('deletes the scheduler of a removed feed', async () => {
      const r = await syncFeedSchedulers(svc.queues.queues.fetch, []);
      expect(r.removed.sort()).toEqual(['down', 'fixture']);
      expect(await svc.queues.queues.fetch.getJobSchedulers(0, -1)).toHaveLength(0);
    });

    it('answers the health check and guards the dashboard', async () => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
      const auth = 'Basic ' + Buffer.from('admin:test-admin-pass').toString('base64');
      const page = await fetch(`${base}/admin/queues`, { headers: { authorization: auth } });
      expect(page.status).toBe(200);
    });
  });
}
