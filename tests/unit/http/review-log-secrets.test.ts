/**
 * The live stream takes the API key as `?apiKey=` (EventSource cannot send
 * headers); the request log must not write that key down.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open-store.js';
import { makeApp } from './helpers.js';

describe('request log and ?apiKey=', () => {
  it('logs the request without the API key', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) });
    const store = await openStore({ memory: true });
    const app = await makeApp(store, { logger: pino({ level: 'info' }, sink), api: { keys: ['super-secret-key-123'] } });
    try {
      const r = await app.inject({ method: 'GET', url: '/api/events/stream?apiKey=super-secret-key-123&lastEventId=bad' });
      expect(r.statusCode).toBe(400);
      const bad = await app.inject({ method: 'GET', url: '/api/events/stream?apiKey=wrong-key-456' });
      expect(bad.statusCode).toBe(401);
      const log = lines.join('');
      expect(log).toContain('/api/events/stream');
      expect(log).not.toContain('super-secret-key-123');
      expect(log).not.toContain('wrong-key-456');
    } finally {
      await app.close();
      await store.close();
    }
  });
});
