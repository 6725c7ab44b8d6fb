/**
 * Outgoing webhooks end to end on real Redis and PostgreSQL: an event change
 * is enqueued on the `webhooks` queue, POSTed signed to a local receiver,
 * retried with backoff after a 500, not retried after a 410, filtered by
 * kind; the admin ping and /metrics see the queue.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { startService, type ServiceHandle } from '../../src/runtime/service.js';
import { verifySignature } from '../../src/webhooks/signature.js';
import { testConfig } from '../helpers/config.js';
import { dropRedisPrefix, dropSchema, tempDir, TEST_DATABASE_URL, TEST_REDIS_URL, uniqueId, uniqueSchema, waitFor } from '../helpers/services.js';
import { basic, makeResult, makeStory } from '../unit/http/helpers.js';

const SECRET_A = 'secret-a-0123456789abcdef';
const SECRET_B = 'secret-b-0123456789abcdef';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  validSignature: boolean;
  status: number;
}

describe('webhooks', () => {
  const prefix = uniqueId('wt');
  const schema = uniqueSchema();
  const dir = tempDir();
  const received: Received[] = [];
  let receiver: Server;
  let svc: ServiceHandle;
  let redis: Redis;
  let failuresLeft = 1;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const secret = req.url === '/a' ? SECRET_A : SECRET_B;
        const validSignature = verifySignature(secret, req.headers['x-timeline-signature'], body);
        // /a fails once with a 500, then accepts; /b is gone for good.
        let status = 200;
        if (req.url === '/a' && failuresLeft > 0 && JSON.parse(body).type !== 'ping') {
          failuresLeft--;
          status = 500;
        }
        if (req.url === '/b') status = JSON.parse(body).type === 'event.created' ? 410 : 200;
        received.push({ path: req.url ?? '', headers: req.headers, body, validSignature, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as { port: number }).port;
    const config = testConfig({
      prefix,
      dataDir: dir.path,
      databaseUrl: TEST_DATABASE_URL,
      schema,
      extra: {
        webhooks: {
          endpoints: [
            { id: 'a', url: `http://127.0.0.1:${port}/a`, secret: SECRET_A },
            { id: 'b', url: `http://127.0.0.1:${port}/b`, secret: SECRET_B, kinds: ['visit'], events: ['created'] },
          ],
          attempts: 4,
          backoffMs: 300,
          timeoutMs: 3000,
          pollMs: 100,
        },
      },
    });
    svc = await startService(config, { roles: ['api', 'worker', 'scheduler'], stages: [], webhooks: true, logger: pino({ level: 'silent' }), watchFeeds: false, seed: false });
    redis = new Redis(TEST_REDIS_URL);
    // The dispatcher starts at the head of the change log: wait until it has placed itself.
    await waitFor(() => redis.get(`${prefix}:${svc.webhookQueue.name}:cursor`), 10_000, 'dispatcher cursor');
  });

  afterAll(async () => {
    await svc?.close();
    redis?.disconnect();
    await new Promise((r) => receiver?.close(r));
    await dropRedisPrefix(prefix);
    await dropSchema(schema);
    dir.remove();
  });

  it('delivers each change signed, retries after a 500 with the same body, and never retries a 410', async () => {
    const s1 = makeStory('s1', 'Xi meets Putin', 'BEIJING -- Xi met Putin.');
    await svc.store.saveStories([s1]);
    const { eventIds } = await svc.store.saveResult(
      makeResult(s1, [{ kind: 'meeting', title: 'Xi meets Putin', value: '2019-12-02', grain: 'day', participants: [{ name: 'Xi Jinping', id: 'Q15031' }] }]),
    );
    const toA = await waitFor(async () => {
      const got = received.filter((r) => r.path === '/a');
      return got.length >= 2 ? got : null;
    }, 20_000, 'two attempts at /a');
    expect(toA.map((r) => r.status)).toEqual([500, 200]);
    expect(toA.every((r) => r.validSignature)).toBe(true);
    expect(toA[0]!.body).toBe(toA[1]!.body);
    expect(toA[0]!.headers['x-timeline-delivery']).toBe(toA[1]!.headers['x-timeline-delivery']);
    expect(toA.map((r) => r.headers['x-timeline-attempt'])).toEqual(['1', '2']);
    const payload = JSON.parse(toA[1]!.body);
    expect(payload).toMatchObject({ type: 'event.created', eventId: eventIds[0], event: { id: eventIds[0], title: 'Xi meets Putin' } });
    expect(toA[1]!.headers['x-timeline-event']).toBe('event.created');
    expect(toA[1]!.headers['content-type']).toBe('application/json; charset=utf-8');
    // A tampered body does not verify.
    expect(verifySignature(SECRET_A, toA[1]!.headers['x-timeline-signature'], toA[1]!.body.replace('Putin', 'Pútin'))).toBe(false);
    expect(verifySignature(SECRET_B, toA[1]!.headers['x-timeline-signature'], toA[1]!.body)).toBe(false);
    // The meeting is not a visit: endpoint b (kinds: [visit]) got nothing.
    expect(received.filter((r) => r.path === '/b')).toEqual([]);

    const s2 = makeStory('s2', 'Visit', 'GENEVA -- Guterres visited Geneva.');
    await svc.store.saveStories([s2]);
    await svc.store.saveResult(makeResult(s2, [{ kind: 'visit', title: 'Guterres visits Geneva', value: '2019-12-05', grain: 'day' }]));
    await waitFor(async () => received.some((r) => r.path === '/b'), 20_000, 'delivery to /b');
    const failed = await waitFor(async () => {
      const jobs = await svc.webhookQueue.getFailed();
      return jobs.find((j) => j.data.endpointId === 'b') ?? null;
    }, 10_000, 'failed job for b');
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toContain('410');
    // Give a wrongly scheduled retry time to show up: none may.
    await new Promise((r) => setTimeout(r, 1200));
    expect(received.filter((r) => r.path === '/b')).toHaveLength(1);
    expect(received.filter((r) => r.path === '/b')[0]!.validSignature).toBe(true);
  });

  it('the admin can ping an endpoint; anonymous callers cannot', async () => {
    expect((await fetch(`${svc.url}/api/webhooks/a/ping`, { method: 'POST' })).status).toBe(401);
    const r = await fetch(`${svc.url}/api/webhooks/a/ping`, { method: 'POST', headers: { authorization: basic('admin', 'test-admin-pass') } });
    expect(r.status).toBe(202);
    const ping = await waitFor(async () => received.find((x) => x.path === '/a' && JSON.parse(x.body).type === 'ping'), 10_000, 'ping');
    expect(ping.validSignature).toBe(true);
    expect((await fetch(`${svc.url}/api/webhooks/nope/ping`, { method: 'POST', headers: { authorization: basic('admin', 'test-admin-pass') } })).status).toBe(404);
  });

  it('/metrics shows the webhooks queue by state and the job durations', async () => {
    const text = await waitFor(async () => {
      const t = await (await fetch(`${svc.url}/metrics`)).text();
      return /timeline_job_duration_seconds_count\{queue="webhooks"\} [1-9]/.test(t) ? t : null;
    }, 10_000, 'job duration metric');
    expect(text).toMatch(/timeline_queue_jobs\{queue="webhooks",state="completed"\} [1-9]/);
    expect(text).toMatch(/timeline_queue_jobs\{queue="webhooks",state="failed"\} 1/);
    expect(text).toMatch(/timeline_queue_jobs\{queue="fetch",state="waiting"\} 0/);
    expect(text).toMatch(/timeline_events_total 2/);
    expect(text).toMatch(/timeline_stories_total 2/);
    expect(text).toMatch(/timeline_events_last_minute 2/);
  });
});
