import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { StoredEvent, TimelineStore } from '../../store/store.js';
import { AppError } from '../app-error.js';
import { toAppError } from '../error-handler.js';
import { parseEventQuery, MAX_LIMIT, type RawEventQuery } from '../event-query.js';
import { renderTimelinePage, type PageFilters } from '../page/render-timeline.js';

export interface PageOptions {
  store: TimelineStore;
  version: string;
  /** Events per page (default 100). */
  pageSize?: number;
}

const first = (v: unknown): string | undefined => {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x.slice(0, 512) : undefined;
};

/** Reads the page's query string leniently: unknown parameters are ignored, repeated `kind` is merged. */
function readQuery(query: unknown): { raw: RawEventQuery; filters: PageFilters; limitError: AppError | null } {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const kindList = (Array.isArray(q.kind) ? q.kind : [q.kind]).filter((k): k is string => typeof k === 'string').slice(0, 50).map((k) => k.slice(0, 512));
  const raw: RawEventQuery = {
    from: first(q.from),
    to: first(q.to),
    kind: kindList.join(','),
    entity: first(q.entity),
    q: first(q.q),
    cursor: first(q.cursor),
  };
  const order = first(q.order);
  if (order === 'asc' || order === 'desc') raw.order = order;
  let limitError: AppError | null = null;
  const limitRaw = first(q.limit);
  if (limitRaw) {
    const n = Number(limitRaw);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT) raw.limit = n;
    else limitError = AppError.badParam('limit', `query parameter "limit" must be an integer from 1 to ${MAX_LIMIT}`);
  }
  const zoom = first(q.zoom);
  const kinds = kindList.flatMap((k) => k.split(',')).map((k) => k.trim()).filter(Boolean);
  const filters: PageFilters = {
    ...(raw.from ? { from: raw.from } : {}),
    ...(raw.to ? { to: raw.to } : {}),
    ...(kinds.length ? { kind: kinds } : {}),
    ...(raw.entity ? { entity: raw.entity } : {}),
    ...(raw.q ? { q: raw.q } : {}),
    ...(raw.order ? { order: raw.order } : {}),
    ...(raw.limit ? { limit: raw.limit } : {}),
    ...(zoom === 'month' || zoom === 'year' ? { zoom } : {}),
  };
  return { raw, filters, limitError };
}

/**
 * `GET /`: the server-rendered timeline page. Bad filters render the page with
 * an error banner and status 400 rather than a JSON error.
 */
export const pagePlugin: FastifyPluginAsync<PageOptions> = async (app, opts) => {
  const pageSize = opts.pageSize ?? 100;

  app.get('/', async (req, reply) => {
    const nonce = randomBytes(16).toString('base64');
    const { raw, filters, limitError } = readQuery(req.query);
    let events: StoredEvent[] = [];
    let nextCursor: string | null = null;
    let error: AppError | null = limitError;
    let total: number | null = null;
    if (!error) {
      try {
        const query = parseEventQuery({ ...raw, limit: raw.limit ?? pageSize, order: raw.order ?? 'desc' });
        const [page, count] = await Promise.all([opts.store.listEvents(query), opts.store.countEvents()]);
        events = page.events;
        nextCursor = page.nextCursor;
        total = count;
      } catch (err) {
        const e = toAppError(err, req);
        if (e.statusCode >= 500) throw err;
        error = e;
      }
    }
    const html = renderTimelinePage({
      events,
      nextCursor,
      filters,
      error: error ? { message: error.message, param: typeof error.details?.param === 'string' ? error.details.param : undefined } : null,
      nonce,
      version: opts.version,
      totalEvents: total,
    });
    reply
      .code(error ? error.statusCode : 200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header(
        'content-security-policy',
        `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'self' data:; ` +
          `connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
      );
    return html;
  });
};
