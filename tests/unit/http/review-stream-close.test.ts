/**
 * Closing the app while live-stream clients are connected ends their
 * responses cleanly: nothing is written after the end (which Node reports
 * as an 'error' on the response, an uncaught exception without a listener).
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open-store.js';
import { makeApp } from './helpers.js';

describe('GET /api/events/stream on close', () => {
  it('app.close() with open streams ends them without errors', async () => {
    const errors: unknown[] = [];
    const onErr = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onErr);
    const store = await openStore({ memory: true });
    const app = await makeApp(store, { api: { stream: { pollMs: 50, heartbeatMs: 60_000, maxClients: 5 } } });
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const bodies = await Promise.all(
        [0, 1, 2].map(async () => {
          const res = await fetch(`${base}/api/events/stream`);
          const reader = res.body!.getReader();
          await reader.read(); // the opening comment
          return reader;
        }),
      );
      await app.close();
      for (const r of bodies) {
        for (;;) if ((await r.read()).done) break;
      }
      await new Promise((r) => setTimeout(r, 100));
      expect(errors.map((e) => String((e as Error).message ?? e))).toEqual([]);
    } finally {
      process.off('uncaughtException', onErr);
      await store.close();
    }
  }, 20_000);
});
