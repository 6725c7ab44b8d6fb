import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { checkCredentials, parseBasicAuth, safeEqual, type DashboardAuth } from './dashboard/credentials.js';

/*
 * Access to the consumer API.
 *
 * - Reads (GET/HEAD) of `/api/...` and `/metrics` are open when no API key is
 *   configured; with keys, they need one (`X-API-Key: <key>` or
 *   `Authorization: Bearer <key>`), or the dashboard credentials (HTTP Basic).
 *   Browsers' EventSource cannot send headers, so the live stream also takes
 *   `?apiKey=` (the only route that does).
 * - Every write (any other method) under `/api/` needs the admin credentials,
 *   whatever the keys: viewers and API keys are read-only.
 */

export interface ApiAccessOptions {
  keys: string[];
  auth: DashboardAuth;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True for paths the API access rules cover. */
export function isApiPath(path: string): boolean {
  return path === '/metrics' || path === '/api' || path.startsWith('/api/');
}

/**
 * The API key a request presents, from `X-API-Key`, `Authorization: Bearer`
 * or (live stream only) the `apiKey` query parameter; null when none.
 *
 * @example
 * presentedKey({ headers: { 'x-api-key': 'k' }, url: '/api/events' }) // 'k'
 * presentedKey({ headers: { authorization: 'Bearer k' }, url: '/api/events' }) // 'k'
 */
export function presentedKey(req: { headers: Record<string, unknown>; url: string }): string | null {
  const h = req.headers['x-api-key'];
  if (typeof h === 'string' && h) return h.slice(0, 512);
  const a = req.headers.authorization;
  if (typeof a === 'string') {
    const m = /^bearer\s+(\S{1,512})$/i.exec(a.trim());
    if (m) return m[1]!;
  }
  const [path, qs] = req.url.split('?', 2);
  if (path === '/api/events/stream' && qs) {
    const k = new URLSearchParams(qs).get('apiKey');
    if (k) return k.slice(0, 512);
  }
  return null;
}

/**
 * A request URL fit for the logs: the `apiKey` query value is replaced.
 *
 * @example
 * redactUrl('/api/events/stream?apiKey=k1&lastEventId=4') // '/api/events/stream?apiKey=[redacted]&lastEventId=4'
 */
export function redactUrl(url: string): string {
  return url.replace(/([?&]apikey=)[^&#]*/gi, '$1[redacted]');
}

/** How a request appears in the logs (Fastify's fields, with the URL redacted). */
export function requestLogValue(req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: req.method, url: typeof req.url === 'string' ? redactUrl(req.url) : req.url, host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/** True when `key` is one of `keys` (compared in constant time, every key tried). */
export function keyMatches(keys: readonly string[], key: string): boolean {
  let ok = false;
  for (const k of keys) ok = safeEqual(k, key) || ok;
  return ok;
}

/**
 * The path the router sees: the router percent-decodes, so `/%61pi/events`
 * is routed as `/api/events` and must be judged as such. Undecodable paths
 * stay as they are (the router does not route them either).
 *
 * @example
 * decodedPath('/%61pi/events?limit=5') // '/api/events'
 */
export function decodedPath(url: string): string {
  const raw = url.split('?', 1)[0]!;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Decides whether a request may go on; throws a coded 401/403 otherwise. */
export function checkApiAccess(
  req: Pick<FastifyRequest, 'method' | 'url' | 'headers'> & { routeOptions?: { url?: string | undefined } },
  opts: ApiAccessOptions,
): void {
  const pattern = req.routeOptions?.url;
  if (!isApiPath(decodedPath(req.url)) && !(pattern && isApiPath(pattern))) return;
  const basic = parseBasicAuth(req.headers.authorization);
  const role = basic ? checkCredentials(opts.auth, basic.user, basic.pass) : null;
  if (!READ_METHODS.has(req.method)) {
    if (role === 'admin') return;
    if (role === 'viewer') throw new AppError('TL_ERR_FORBIDDEN', 'read-only access: writes need the admin credentials');
    throw new AppError('TL_ERR_UNAUTHORIZED', 'authentication required: writes need the admin credentials (HTTP Basic)');
  }
  if (opts.keys.length === 0 || role || req.method === 'OPTIONS') return;
  const key = presentedKey(req as { headers: Record<string, unknown>; url: string });
  if (!key) throw new AppError('TL_ERR_UNAUTHORIZED', 'an API key is required: send it as X-API-Key or Authorization: Bearer <key>');
  if (!keyMatches(opts.keys, key)) throw new AppError('TL_ERR_UNAUTHORIZED', 'invalid API key');
}

/** Installs the API access rules on the root instance (before any route answers). */
export function addApiAccess(app: FastifyInstance, opts: ApiAccessOptions): void {
  app.addHook('onRequest', async (req, reply) => {
    try {
      checkApiAccess(req, opts);
    } catch (err) {
      if (err instanceof AppError && err.code === 'TL_ERR_UNAUTHORIZED' && !presentedKey(req as never) && !opts.keys.length) {
        reply.header('www-authenticate', 'Basic realm="wire-timeline admin"');
      }
      throw err;
    }
  });
}
