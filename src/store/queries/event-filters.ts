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
