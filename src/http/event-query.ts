import { EVENT_KINDS, type EventKind } from '../types.js';
import { filterBounds } from '../timex.js';
import type { EventQuery } from '../store/store.js';
import { AppError } from './app-error.js';
import { clip, parseCountries, parseIdList } from './filter-params.js';

/** Query parameters of `GET /api/events` and `GET /`, as received (after schema coercion). */
export interface RawEventQuery {
  from?: string;
  to?: string;
  kind?: string;
  entity?: string;
  q?: string;
  cursor?: string;
  limit?: number;
  order?: 'asc' | 'desc';
  country?: string;
  location?: string;
  lang?: string;
  feed?: string;
  minConfidence?: number;
}

/** Filter parameters that take a comma list and may also be repeated (`kind=a&kind=b`). */
const LIST_PARAMS = ['kind', 'country', 'lang', 'feed'] as const;

/**
 * `preValidation` hook of the routes that take the event filters: a repeated
 * list parameter is joined into its comma form before the schema sees it.
 *
 * @example
 * // ?kind=meeting&kind=visit  →  req.query.kind === 'meeting,visit'
 */
export async function joinRepeatedListParams(req: { query: unknown }): Promise<void> {
  const q = req.query as Record<string, unknown>;
  for (const k of LIST_PARAMS) if (Array.isArray(q[k])) q[k] = (q[k] as unknown[]).map(String).join(',');
}

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 50;

/** JSON Schema of the event list query string (shared by the API route and the page). */
export const eventQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'string', maxLength: 32, description: 'Inclusive lower bound: YYYY, YYYY-MM or YYYY-MM-DD' },
    to: { type: 'string', maxLength: 32, description: 'Inclusive upper bound: YYYY, YYYY-MM or YYYY-MM-DD' },
    kind: { type: 'string', maxLength: 400, description: `Comma-separated event kinds: ${EVENT_KINDS.join(', ')}` },
    entity: { type: 'string', maxLength: 200 },
    q: { type: 'string', maxLength: 200 },
    cursor: { type: 'string', maxLength: 512 },
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    order: { type: 'string', enum: ['asc', 'desc'], default: 'desc', description: 'Sort by event date: newest (desc) or oldest (asc) first' },
    country: { type: 'string', maxLength: 200, description: "Comma-separated countries (ISO 3166-1 alpha-3 or alpha-2) of the location or a participant" },
    location: { type: 'string', maxLength: 200, description: 'A place or venue name (case-insensitive)' },
    lang: { type: 'string', maxLength: 200, description: 'Comma-separated languages (ISO 639-1) of the source stories' },
    feed: { type: 'string', maxLength: 400, description: 'Comma-separated feed ids of the source stories' },
    minConfidence: { type: 'number', minimum: 0, maximum: 1, description: 'Minimum confidence, 0..1' },
  },
} as const;

const KIND_SET: ReadonlySet<string> = new Set(EVENT_KINDS);

/** Trims a string parameter; empty means absent (HTML forms send empty fields). */
function opt(v: string | undefined): string | undefined {
  const t = typeof v === 'string' ? v.trim() : '';
  return t ? t : undefined;
}

/**
 * Parses a comma-separated list of event kinds; unknown kinds are a 400.
 *
 * @example
 * parseKinds('meeting, visit,meeting') // ['meeting', 'visit']
 * parseKinds('')                       // []
 * parseKinds('party')                  // throws AppError TL_ERR_BAD_PARAM (param "kind")
 */
export function parseKinds(raw: string | undefined): EventKind[] {
  const out: EventKind[] = [];
  for (const part of (raw ?? '').split(',')) {
    const k = part.trim().toLowerCase();
    if (!k) continue;
    if (!KIND_SET.has(k)) {
      throw AppError.badParam('kind', `query parameter "kind" has unknown kind "${clip(k)}"; expected one or more of: ${EVENT_KINDS.join(', ')}`, {
        value: clip(k),
        allowed: [...EVENT_KINDS],
      });
    }
    if (!out.includes(k as EventKind)) out.push(k as EventKind);
  }
  return out;
}

/**
 * Validates a partial calendar date (YYYY, YYYY-MM or YYYY-MM-DD) given as a filter.
 *
 * @example
 * parseDateParam('from', '2019-12') // { value: '2019-12', start: '2019-12-01', end: '2019-12-31' }
 * parseDateParam('from', '2019-13-45') // throws AppError TL_ERR_BAD_PARAM (param "from")
 */
export function parseDateParam(param: string, raw: string): { value: string; start: string; end: string } {
  const b = filterBounds(raw);
  if (!b) {
    throw AppError.badParam(param, `query parameter "${param}" must be a real calendar date as YYYY, YYYY-MM or YYYY-MM-DD, got "${clip(raw)}"`, {
      value: clip(raw),
    });
  }
  return { value: raw, ...b };
}

/**
 * Turns the received query parameters into a store query, throwing a coded
 * 400 that names the parameter when one is invalid.
 *
 * @example
 * parseEventQuery({ from: '2019', kind: 'visit,call', limit: 20 })
 * // { from: '2019', kind: ['visit', 'call'], limit: 20 }
 */
export function parseEventQuery(raw: RawEventQuery): EventQuery {
  const q: EventQuery = {};
  const from = opt(raw.from);
  const to = opt(raw.to);
  const f = from ? parseDateParam('from', from) : null;
  const t = to ? parseDateParam('to', to) : null;
  if (f && t && f.start > t.end) {
    throw AppError.badParam('to', `query parameter "to" (${t.value}) is before "from" (${f.value})`, { from: f.value, to: t.value });
  }
  if (f) q.from = f.value;
  if (t) q.to = t.value;
  const kinds = parseKinds(raw.kind);
  if (kinds.length) q.kind = kinds;
  const entity = opt(raw.entity);
  if (entity) q.entity = entity;
  const text = opt(raw.q);
  if (text) q.q = text;
  const cursor = opt(raw.cursor);
  if (cursor) q.cursor = cursor;
  if (raw.limit !== undefined) {
    if (!Number.isInteger(raw.limit) || raw.limit < 1 || raw.limit > MAX_LIMIT) {
      throw AppError.badParam('limit', `query parameter "limit" must be an integer from 1 to ${MAX_LIMIT}`, { value: raw.limit });
    }
    q.limit = raw.limit;
  }
  const countries = parseCountries(raw.country);
  if (countries.length) q.country = countries;
  const location = opt(raw.location);
  if (location) q.location = location;
  const langs = parseIdList('lang', raw.lang, /^[a-z]{2,3}$/, 'an ISO 639-1 language code such as ar, en, zh', { lowerCase: true });
  if (langs.length) q.lang = langs;
  const feeds = parseIdList('feed', raw.feed, /^[a-z0-9][a-z0-9._-]{0,63}$/, 'a feed id');
  if (feeds.length) q.feed = feeds;
  if (raw.minConfidence !== undefined) {
    if (typeof raw.minConfidence !== 'number' || !(raw.minConfidence >= 0 && raw.minConfidence <= 1)) {
      throw AppError.badParam('minConfidence', 'query parameter "minConfidence" must be a number from 0 to 1', { value: raw.minConfidence });
    }
    q.minConfidence = raw.minConfidence;
  }
  if (raw.order !== undefined) {
    if (raw.order !== 'asc' && raw.order !== 'desc') {
      throw AppError.badParam('order', 'query parameter "order" must be one of: asc, desc', { value: clip(String(raw.order)) });
    }
    q.order = raw.order;
  }
  return q;
}
