/**
 * Hostile query and path values answer a coded 400, never a 500. A NUL
 * character (%00) cannot be stored in or compared with PostgreSQL text, so
 * it must be refused before any query runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TimelineStore } from '../../../src/store/store.js';
import { basic, makeApp, openSeededStore } from './helpers.js';

describe('NUL characters in parameters', () => {
  let store: TimelineStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ store } = await openSeededStore());
    app = await makeApp(store, { auth: { adminUser: 'admin', adminPassword: 'pw' } });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const urls = [
    ['/api/events?q=a%00b', 'q'],
    ['/api/events?entity=%00', 'entity'],
    ['/api/events?location=x%00', 'location'],
    ['/api/entities?q=%00', 'q'],
    ['/api/entities/Q1%00', 'id'],
    ['/api/stories?after=%00', 'after'],
    ['/api/stories?feed=%00', 'feed'],
    ['/api/stories/s1%00', 'id'],
    ['/api/events/%00', 'id'],
    ['/api/events/export?format=ics&q=%00', 'q'],
    ['/?entity=%00', 'entity'],
    ['/admin/ledger?after=%00', 'after'],
    ['/admin/ledger?feed=%00', 'feed'],
  ] as const;

  for (const [url, param] of urls) {
    it(`GET ${url} is a 400 naming "${param}"`, async () => {
      const r = await app.inject({ method: 'GET', url, headers: { authorization: basic('admin', 'pw') } });
      expect(r.statusCode).toBe(400);
      const body = r.json() as { error: { code: string; details?: { param?: string } } };
      expect(body.error.code).toBe('TL_ERR_BAD_PARAM');
      expect(body.error.details?.param).toBe(param);
    });
  }

  it('the same routes still answer without the NUL', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/events?q=Putin' });
    expect(r.statusCode).toBe(200);
    expect((r.json() as { events: unknown[] }).events.length).toBeGreaterThan(0);
  });
});
