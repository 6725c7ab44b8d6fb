/**
 * API access rules must hold for every spelling of a path the router accepts:
 * Fastify routes `/%61pi/...` to `/api/...`, so the access check must not
 * judge the raw, still-encoded URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TimelineStore } from '../../../src/store/store.js';
import { openStore } from '../../../src/store/open-store.js';
import { basic, makeApp } from './helpers.js';

describe('API access with percent-encoded paths', () => {
  let store: TimelineStore;
  let app: FastifyInstance;
  let pinged = 0;

  beforeAll(async () => {
    store = await openStore({ memory: true });
    app = await makeApp(store, {
      auth: { adminUser: 'admin', adminPassword: 'pw' },
      api: { keys: ['secret-key'] },
      webhooks: { endpointIds: () => ['w1'], ping: async () => (pinged++, 'job-1') },
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('a write route spelled /%61pi/... still needs the admin credentials', async () => {
    for (const url of ['/%61pi/webhooks/w1/ping', '/%61%70%69/webhooks/w1/ping', '/ap%69/webhooks/w1/ping']) {
      const r = await app.inject({ method: 'POST', url });
      expect(r.statusCode, url).toBe(401);
      expect(r.json().error.code).toBe('TL_ERR_UNAUTHORIZED');
    }
    expect(pinged).toBe(0);
    const ok = await app.inject({ method: 'POST', url: '/%61pi/webhooks/w1/ping', headers: { authorization: basic('admin', 'pw') } });
    expect(ok.statusCode).toBe(202);
    expect(pinged).toBe(1);
  });

  it('reads spelled /%61pi/... or /%6detrics still need an API key', async () => {
    for (const url of ['/%61pi/events', '/%6detrics', '/api/%65vents']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(401);
    }
    const ok = await app.inject({ method: 'GET', url: '/%61pi/events', headers: { 'x-api-key': 'secret-key' } });
    expect(ok.statusCode).toBe(200);
  });
});
