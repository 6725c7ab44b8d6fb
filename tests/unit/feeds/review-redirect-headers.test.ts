/**
 * A feed's configured headers (credentials, API keys) go to the feed's own
 * origin only: a redirect to another origin must not carry them.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from '../../../src/feeds/http-fetch.js';

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('httpGet redirects and caller headers', () => {
  const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  let other: { server: Server; base: string };
  let feed: { server: Server; base: string };

  beforeAll(async () => {
    other = await listen((req, res) => {
      seen.push({ path: `other${req.url}`, headers: req.headers });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    feed = await listen((req, res) => {
      seen.push({ path: `feed${req.url}`, headers: req.headers });
      if (req.url === '/away') return void res.writeHead(302, { location: `${other.base}/landing` }).end();
      if (req.url === '/here') return void res.writeHead(302, { location: '/final' }).end();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  afterAll(async () => {
    await new Promise((r) => other?.server.close(r));
    await new Promise((r) => feed?.server.close(r));
  });

  it('drops the caller headers on a redirect to another origin, keeps them on the same origin', async () => {
    const secret = { Authorization: 'Bearer feed-secret', 'X-Api-Key': 'feed-key' };
    const away = await httpGet({ url: `${feed.base}/away`, headers: secret }, { timeoutMs: 5000 });
    expect(away.finalUrl).toBe(`${other.base}/landing`);
    const first = seen.find((s) => s.path === 'feed/away')!;
    expect(first.headers.authorization).toBe('Bearer feed-secret');
    const landed = seen.find((s) => s.path === 'other/landing')!;
    expect(landed.headers.authorization).toBeUndefined();
    expect(landed.headers['x-api-key']).toBeUndefined();
    expect(landed.headers['user-agent']).toBeTruthy();

    await httpGet({ url: `${feed.base}/here`, headers: secret }, { timeoutMs: 5000, headers: { 'X-Other': 'o' } });
    const final = seen.find((s) => s.path === 'feed/final')!;
    expect(final.headers.authorization).toBe('Bearer feed-secret');
    expect(final.headers['x-api-key']).toBe('feed-key');
  });
});
