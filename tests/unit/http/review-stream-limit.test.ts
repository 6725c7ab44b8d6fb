/**
 * `api.stream.maxClients` bounds the open live streams even when clients
 * arrive all at once (the limit is checked before an await).
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open-store.js';
import { makeApp } from './helpers.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../helpers/services.js';

describe('GET /api/events/stream client limit', () => {
  it('opens at most maxClients streams for simultaneous clients', async () => {
    // A server store: the head query really waits on the network, as in production.
    const schema = uniqueSchema();
    const store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema, poolSize: 4 });
    const app = await makeApp(store, { api: { stream: { pollMs: 50, heartbeatMs: 60_000, maxClients: 2 } } });
    const ac = new AbortController();
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const statuses = await Promise.all([0, 1, 2, 3, 4, 5].map(async () => (await fetch(`${base}/api/events/stream`, { signal: ac.signal })).status));
      expect(statuses.filter((s) => s === 200)).toHaveLength(2);
      expect(statuses.filter((s) => s === 503)).toHaveLength(4);
    } finally {
      ac.abort();
      await app.close();
      await store.close();
      await dropSchema(schema);
    }
  }, 20_000);
});
