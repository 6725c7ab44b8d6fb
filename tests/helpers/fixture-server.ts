import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body: string | Buffer | (() => string | Buffer);
}

/** A local HTTP server on 127.0.0.1 serving fixed routes, counting hits. */
export async function startFixtureServer(routes: Record<string, Route>): Promise<{ url: string; hits: Map<string, number>; close: () => Promise<void>; routes: Record<string, Route> }> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const body = typeof route.body === 'function' ? route.body() : route.body;
    res.writeHead(route.status ?? 200, route.headers ?? { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    routes,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
