import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { redisAnswers } from '../../../src/queues/redis-connection.js';
import { openStore } from '../../../src/store/open-store.js';
import type { TimelineStore } from '../../../src/store/store.js';
import { basic, makeApp } from './helpers.js';

const REDIS = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
const AUTH = { adminUser: 'admin', adminPassword: 'adm1n-pw', viewerUser: 'viewer', viewerPassword: 'v1ew-pw' };

let store: TimelineStore;
const queues: Queue[] = [];
const apps: FastifyInstance[] = [];

async function newQueue(): Promise<Queue> {
  const q = new Queue(`t-${randomUUID()}`, { connection: REDIS });
  queues.push(q);
  return q;
}

async function appWith(auth: typeof AUTH | { adminUser: string; adminPassword: string | null }, qs: Queue[]) {
  const app = await makeApp(store, { auth, queues: qs });
  apps.push(app);
  return app;
}

// Decided before the suites are collected so that they can be skipped visibly.
const redisUp = await redisAnswers('redis://127.0.0.1:6379', 2000);
if (!redisUp) console.warn('SKIP dashboard Bull Board tests: Redis at 127.0.0.1:6379 is not reachable');

beforeAll(async () => {
  store = await openStore({ memory: true });
});

afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
  while (queues.length) {
    const q = queues.pop()!;
    await q.obliterate({ force: true }).catch(() => {});
    await q.close();
  }
});

afterAll(async () => {
  await store?.close();
});

describe('dashboard disabled', () => {
  it('answers 503 TL_ERR_DASHBOARD_DISABLED when no admin password is set', async () => {
    const app = await appWith({ adminUser: 'admin', adminPassword: null }, []);
    for (const [method, url] of [
      ['GET', '/admin/queues'],
      ['GET', '/admin/queues/api/queues'],
      ['PUT', '/admin/queues/api/queues/x/pause'],
    ] as const) {
      const r = await app.inject({ method, url, headers: { authorization: basic('admin', '') } });
      expect(r.statusCode, url).toBe(503);
      expect(r.json().error.code).toBe('TL_ERR_DASHBOARD_DISABLED');
      expect(r.json().error.message).toContain('ADMIN_PASSWORD');
    }
  });
});

describe.skipIf(!redisUp)('dashboard with Bull Board', () => {
  it('401 with WWW-Authenticate without credentials or with wrong ones', async () => {
    const app = await appWith(AUTH, [await newQueue()]);
    for (const headers of [{}, { authorization: basic('admin', 'wrong') }, { authorization: basic('viewer', 'adm1n-pw') }, { authorization: 'Bearer x' }]) {
      for (const url of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues-readonly/api/queues']) {
        const r = await app.inject({ url, headers });
        expect(r.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(401);
        expect(r.headers['www-authenticate']).toMatch(/^Basic realm="wire-timeline queues"/);
        expect(r.json().error.code).toBe('TL_ERR_UNAUTHORIZED');
      }
    }
  });

  it('admin gets the UI and the queues API with full access', async () => {
    const q = await newQueue();
    await q.add('fetch', { feed: 'x' });
    const app = await appWith(AUTH, [q]);
    const auth = { authorization: basic('admin', 'adm1n-pw') };
    const ui = await app.inject({ url: '/admin/queues', headers: auth });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(ui.body).toContain('<base href="/admin/queues/"');
    expect(String(ui.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    const api = await app.inject({ url: '/admin/queues/api/queues', headers: auth });
    expect(api.statusCode).toBe(200);
    const listed = api.json().queues.find((x: { name: string }) => x.name === q.name);
    expect(listed).toMatchObject({ name: q.name, readOnlyMode: false });
    expect(listed.counts.waiting).toBe(1);

    const pause = await app.inject({ method: 'PUT', url: `/admin/queues/api/queues/${q.name}/pause`, headers: auth });
    expect(pause.statusCode).toBe(200);
    expect(await q.isPaused()).toBe(true);
  });

  it('viewer can GET the same URLs, read-only, and gets 403 on actions', async () => {
    const q = await newQueue();
    await q.add('fetch', { feed: 'x' });
    const app = await appWith(AUTH, [q]);
    const auth = { authorization: basic('viewer', 'v1ew-pw') };

    const ui = await app.inject({ url: '/admin/queues', headers: auth });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('<base href="/admin/queues/"');
    expect(ui.body).toContain('read-only');

    const api = await app.inject({ url: '/admin/queues/api/queues', headers: auth });
    expect(api.statusCode).toBe(200);
    expect(api.json().queues.find((x: { name: string }) => x.name === q.name)).toMatchObject({ readOnlyMode: true });

    for (const [method, url] of [
      ['PUT', `/admin/queues/api/queues/${q.name}/pause`],
      ['PUT', `/admin/queues/api/queues/${q.name}/empty`],
      ['POST', `/admin/queues/api/queues/${q.name}/add`],
      ['PUT', `/admin/queues-readonly/api/queues/${q.name}/pause`],
    ] as const) {
      const r = await app.inject({ method, url, headers: auth, payload: { name: 'x', data: {} } });
      expect(r.statusCode, url).toBe(403);
      expect(r.json().error.code).toBe('TL_ERR_FORBIDDEN');
    }
    expect(await q.isPaused()).toBe(false);
    expect(await q.getWaitingCount()).toBe(1);
  });

  it('without viewer credentials configured, viewer-like logins are refused', async () => {
    const q = await newQueue();
    const app = await appWith({ adminUser: 'admin', adminPassword: 'adm1n-pw' } as typeof AUTH, [q]);
    const r = await app.inject({ url: '/admin/queues', headers: { authorization: basic('viewer', 'v1ew-pw') } });
    expect(r.statusCode).toBe(401);
    const ro = await app.inject({ url: '/admin/queues-readonly', headers: { authorization: basic('admin', 'adm1n-pw') } });
    expect(ro.statusCode).toBe(404);
  });

  it('serves the UI static assets to both roles', async () => {
    const app = await appWith(AUTH, [await newQueue()]);
    const html = (await app.inject({ url: '/admin/queues', headers: { authorization: basic('admin', 'adm1n-pw') } })).body;
    const asset = /src="(static\/js\/[^"]+\.js)"/.exec(html)![1]!;
    for (const who of [basic('admin', 'adm1n-pw'), basic('viewer', 'v1ew-pw')]) {
      const r = await app.inject({ url: `/admin/queues/${asset}`, headers: { authorization: who } });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toMatch(/javascript/);
    }
    const anon = await app.inject({ url: `/admin/queues/${asset}` });
    expect(anon.statusCode).toBe(401);
  });
});
