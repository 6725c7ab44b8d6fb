import type { EventQuery } from '../store.js';

/**
 * The event filters that read the merged event document and its sources:
 * country, location, source language, source feed and minimum confidence.
 * Appends parameterized SQL conditions on the alias `e` (table `events`) to
 * `where`; `p` binds a value and returns its placeholder.
 *
 * @example
 * const where: string[] = []; const params: unknown[] = [];
 * addEventFilters({ country: ['CHN'], minConfidence: 0.5 }, where, (v) => (params.push(v), `$${params.length}`));
 * // where: ['(e.data->'location'->>'country' = ANY($1::text[]) OR …)', 'e.confidence >= $2']
 */
export function addEventFilters(query: EventQuery, where: string[], p: (v: unknown) => string): void {
  if (query.country?.length) {
    const c = p(query.country.map((x) => x.toUpperCase()));
    where.push(`(e.data->'location'->>'country' = ANY(${c}::text[])
      OR EXISTS (SELECT 1 FROM jsonb_array_elements(e.data->'participants') AS pt WHERE pt->>'country' = ANY(${c}::text[])))`);
  }
  if (query.location) {
    const l = p(query.location.trim().toLowerCase());
    where.push(`(lower(e.data->'location'->>'name') = ${l} OR lower(e.data->'location'->>'canonical') = ${l}
      OR lower(e.data->'location'->>'venue') = ${l})`);
  }
  if (query.lang?.length) {
    where.push(`EXISTS (SELECT 1 FROM event_sources es JOIN stories s ON s.id = es.story_id
      WHERE es.event_id = e.id AND COALESCE(s.lang, s.detected_lang) = ANY(${p(query.lang)}::text[]))`);
  }
  if (query.feed?.length) {
    where.push(`EXISTS (SELECT 1 FROM event_sources es JOIN stories s ON s.id = es.story_id
      WHERE es.event_id = e.id AND s.feed_id = ANY(${p(query.feed)}::text[]))`);
  }
  if (typeof query.minConfidence === 'number') where.push(`e.confidence >= ${p(query.minConfidence)}::real`);
}

/**
 * The date-range conditions on the alias `e`: an event is kept when its span
 * `[date_start, date_end]` overlaps `[fromStart, toEnd]` (either bound may be
 * null). With a lower bound the overlap test `date_end >= fromStart` alone
 * cannot bound a scan of `events_date_idx (date_start, id)`, so a redundant,
 * always-true bound is added: an overlapping event starts no earlier than
 * `fromStart` minus the longest span stored (read from `events_span_idx`,
 * migration 005, in one index probe). Events spanning several years are
 * therefore still returned; only the scan range widens with the longest span.
 * `startCol` is the column holding the event's start day: `e.date_start`, or the participant
 * row's copy `ep.date_start` when an entity's page is read from the participants (migration 006).
 *
 * @example
 * const where: string[] = []; const params: unknown[] = [];
 * addDateRange('2020-01-01', '2020-12-31', where, (v) => (params.push(v), `$${params.length}`));
 * // where: ['e.date_end >= $1::date',
 * //         'e.date_start >= $1::date - (SELECT COALESCE(max(sp.date_end - sp.date_start), 0) FROM events sp)',
 * //         'e.date_start <= $2::date']
 */
export function addDateRange(
  fromStart: string | null,
  toEnd: string | null,
  where: string[],
  p: (v: unknown) => string,
  startCol = 'e.date_start',
): void {
  if (fromStart) {
    const f = p(fromStart);
    where.push(`e.date_end >= ${f}::date`);
    where.push(`${startCol} >= ${f}::date - (SELECT COALESCE(max(sp.date_end - sp.date_start), 0) FROM events sp)`);
  }
  if (toEnd) where.push(`${startCol} <= ${p(toEnd)}::date`);
}
