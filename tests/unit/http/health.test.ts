import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open-store.js';
import type { TimelineStore } from '../../../src/store/store.js';
import { makeApp } from './helpers.js';

let store: TimelineStore;

beforeAll(async () => {
  store = await openStore({ memory: true });
});
afterAll(async () => {
  await store?.close();
});

describe('health', () => {
  it('/healthz answers ok with the version', async () => {
    const app = await makeApp(store);
    const r = await app.inject('/healthz');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', version: '9.9.9-test' });
    await app.close();
  });

  it('/readyz runs the store ping and the extra checks', async () => {
    let called = 0;
    const app = await makeApp(store, { checks: { redis: async () => void called++ } });
    const r = await app.inject('/readyz');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ready', checks: { store: 'ok', redis: 'ok' } });
    expect(called).toBe(1);
    await app.close();
  });

  it('/readyz is a 503 naming the failed check', async () => {
    const app = await makeApp(store, {
      checks: {
        redis: async () => {
          throw new Error('ECONNREFUSED 127.0.0.1:6390');
        },
        other: async () => {},
      },
    });
    const r = await app.inject('/readyz');
    expect(r.statusCode).toBe(503);
    const e = r.json().error;
    expect(e.code).toBe('TL_ERR_NOT_READY');
    expect(e.message).toContain('redis');
    expect(e.details.failed).toEqual(['redis']);
    expect(e.details.checks).toMatchObject({ store: 'ok', other: 'ok', redis: expect.stringContaining('ECONNREFUSED') });
    await app.close();
  });

  it('/readyz is a 503 when the store is down', async () => {
    const dead = await openStore({ memory: true });
    await dead.close();
    const app = await makeApp(dead);
    const r = await app.inject('/readyz');
    expect(r.statusCode).toBe(503);
    expect(r.json().error.details.failed).toEqual(['store']);
    await app.close();
  });
});

describe('cross-cutting', () => {
  it('sets security headers on every response, errors included', async () => {
    const app = await makeApp(store);
    for (const url of ['/healthz', '/api/events?limit=0', '/no/such/route', '/']) {
      const r = await app.inject(url);
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
      expect(r.headers['x-frame-options'], url).toBe('DENY');
      expect(r.headers['referrer-policy'], url).toBe('no-referrer');
      expect(String(r.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
    }
    await app.close();
  });

  it('unknown routes are a coded 404', async () => {
    const app = await makeApp(store);
    const r = await app.inject('/api/nothing');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ error: { code: 'TL_ERR_NOT_FOUND', message: 'no route GET /api/nothing' } });
    await app.close();
  });

  it('store failures are a generic 500 that leaks nothing', async () => {
    const failing = Object.create(store) as TimelineStore;
    failing.listEvents = async () => {
      throw new Error('relation "secret_table" does not exist');
    };
    const app = await makeApp(failing);
    const r = await app.inject('/api/events');
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ error: { code: 'TL_ERR_INTERNAL', message: 'internal error' } });
    await app.close();
  });
});
