/**
 * Polite, bounded HTTP GET for feeds over Node's global fetch (undici):
 * connect/header and total timeouts, a body size cap enforced while
 * streaming, manual redirects with a cap, conditional GET, compression.
 */
import { readFileSync } from 'node:fs';
import { BodyTooLargeError } from './errors/body-too-large-error.js';
import { FetchNetworkError } from './errors/fetch-network-error.js';
import { FetchTimeoutError } from './errors/fetch-timeout-error.js';
import { HttpStatusError } from './errors/http-status-error.js';
import { InvalidInputError } from './errors/invalid-input-error.js';
import { TooManyRedirectsError } from './errors/too-many-redirects-error.js';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const USER_AGENT_VERSION = packageVersion();
export const DEFAULT_USER_AGENT = `wire-timeline/${USER_AGENT_VERSION} (+https://github.com/wire-timeline)`;

export interface FetchOptions {
  /** Time allowed until the response headers arrive. Default 10 s. */
  connectTimeoutMs?: number;
  /** Time allowed for the whole exchange, body included. Default 30 s. */
  timeoutMs?: number;
  /** Body cap in bytes (after decompression). Default 10 MiB. */
  maxBytes?: number;
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number;
  userAgent?: string;
  /** Extra headers for every request (per-feed headers go on the input). */
  headers?: Record<string, string>;
  /** Caller's cancellation. */
  signal?: AbortSignal;
}

export interface HttpGetRequest {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
  headers?: Record<string, string>;
}

export interface HttpGetResult {
  status: 'ok' | 'not-modified';
  httpStatus: number;
  finalUrl: string;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  body: Uint8Array;
}

const DEFAULTS = { connectTimeoutMs: 10_000, timeoutMs: 30_000, maxBytes: 10 * 1024 * 1024, maxRedirects: 5 };

/**
 * Milliseconds asked for by a `Retry-After` header (delta-seconds or HTTP-date), or null.
 *
 * @example
 * parseRetryAfter('120') // 120000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')) // 60000
 * parseRetryAfter('soon') // null
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000;
  if (v.length > 64) return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.max(0, t - now);
}

function checkUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidInputError(`Invalid URL: ${url.slice(0, 200)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new InvalidInputError(`Unsupported URL scheme: ${u.protocol}`);
  }
  return u;
}

/** Read a body stream into bytes, aborting past `maxBytes`. */
async function readCapped(res: Response, url: string, maxBytes: number, abort: AbortController): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  const encoded = (res.headers.get('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
  if (!encoded && Number.isFinite(declared) && declared > maxBytes) {
    abort.abort();
    throw new BodyTooLargeError(url, maxBytes);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      abort.abort();
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(url, maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

/**
 * GET a URL under the limits in `opts`. Throws a typed FeedError on failure.
 *
 * @example
 * const r = await httpGet({ url: 'https://example.org/rss', etag: '"abc"' });
 * if (r.status === 'not-modified') return;
 */
export async function httpGet(req: HttpGetRequest, opts: FetchOptions = {}): Promise<HttpGetResult> {
  const connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs;
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxBytes = opts.maxBytes ?? DEFAULTS.maxBytes;
  const maxRedirects = opts.maxRedirects ?? DEFAULTS.maxRedirects;

  const abort = new AbortController();
  let timedOut: 'connect' | 'total' | null = null;
  const totalTimer = setTimeout(() => {
    timedOut = 'total';
    abort.abort();
  }, timeoutMs);
  const onCallerAbort = (): void => abort.abort();
  opts.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const baseHeaders: Record<string, string> = {
    'User-Agent': opts.userAgent ?? DEFAULT_USER_AGENT,
    Accept: 'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8',
    'Accept-Encoding': 'gzip, deflate, br',
    ...opts.headers,
  };
  let headers: Record<string, string> = { ...baseHeaders, ...req.headers };
  if (req.etag) headers['If-None-Match'] = req.etag;
  if (req.lastModified) headers['If-Modified-Since'] = req.lastModified;

  let url = checkUrl(req.url).toString();
  const origin = new URL(url).origin;
  const visited = new Set<string>();
  try {
    for (let hop = 0; ; hop++) {
      visited.add(url);
      let res: Response;
      const connectTimer = setTimeout(() => {
        timedOut ??= 'connect';
        abort.abort();
      }, Math.min(connectTimeoutMs, timeoutMs));
      try {
        res = await fetch(url, { method: 'GET', headers, redirect: 'manual', signal: abort.signal });
      } catch (e) {
        if (timedOut) throw new FetchTimeoutError(req.url, timedOut, timedOut === 'connect' ? connectTimeoutMs : timeoutMs);
        if (opts.signal?.aborted) throw e;
        throw new FetchNetworkError(url, e);
      } finally {
        clearTimeout(connectTimer);
      }

      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const location = res.headers.get('location');
        await res.body?.cancel().catch(() => undefined);
        if (!location) throw new HttpStatusError(url, res.status);
        const next = checkUrl(new URL(location, url).toString()).toString();
        if (hop + 1 > maxRedirects || visited.has(next)) throw new TooManyRedirectsError(req.url, maxRedirects);
        // The request's own headers (a feed's credentials) and validators are for its origin only.
        if (new URL(next).origin !== origin) {
          const accept = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === 'accept');
          headers = { ...baseHeaders, ...(accept ? { Accept: accept[1] } : {}) };
        }
        url = next;
        continue;
      }
      const etag = res.headers.get('etag');
      const lastModified = res.headers.get('last-modified');
      if (res.status === 304) {
        await res.body?.cancel().catch(() => undefined);
        return {
          status: 'not-modified',
          httpStatus: 304,
          finalUrl: url,
          etag: etag ?? req.etag ?? null,
          lastModified: lastModified ?? req.lastModified ?? null,
          contentType: null,
          body: new Uint8Array(0),
        };
      }
      if (res.status < 200 || res.status >= 300) {
        const retryAfter = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : null;
        await res.body?.cancel().catch(() => undefined);
        throw new HttpStatusError(url, res.status, retryAfter);
      }
      let body: Uint8Array;
      try {
        body = await readCapped(res, url, maxBytes, abort);
      } catch (e) {
        if (timedOut) throw new FetchTimeoutError(req.url, timedOut, timeoutMs);
        if (e instanceof BodyTooLargeError) throw e;
        if (opts.signal?.aborted) throw e;
        throw new FetchNetworkError(url, e);
      }
      return {
        status: 'ok',
        httpStatus: res.status,
        finalUrl: url,
        etag,
        lastModified,
        contentType: res.headers.get('content-type'),
        body,
      };
    }
  } finally {
    clearTimeout(totalTimer);
    opts.signal?.removeEventListener('abort', onCallerAbort);
  }
}
