/**
 * The admin pages are left out of the rate limit because they sit behind
 * credentials; guessing those credentials must still be rate limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TimelineStore } from '../../../src/store/store.js';
import { openStore } from '../../../src/store/open-store.js';
import { basic, makeApp } from './helpers.js';

describe('rate limit and the admin pages', () => {
  let store: TimelineStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await openStore({ memory: true });
    app = await makeApp(store, {
      auth: { adminUser: 'admin', adminPassword: 'right-password' },
      api: { rateLimit: { enabled: true, max: 3, windowMs: 60_000 } },
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('wrong passwords on /admin/* run into the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await app.inject({ method: 'GET', url: '/admin/ledger', headers: { authorization: basic('admin', `guess-${i}`) }, remoteAddress: '10.0.0.7' });
      statuses.push(r.statusCode);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
  });

  it('signed-in admin pages are not limited', async () => {
    for (let i = 0; i < 6; i++) {
      const r = await app.inject({ method: 'GET', url: '/admin/ledger', headers: { authorization: basic('admin', 'right-password') }, remoteAddress: '10.0.0.8' });
      expect(r.statusCode).toBe(200);
    }
  });
});
