import type { Queryable } from '../db.js';

/** Store totals and recent activity, for `/metrics`. */
export interface StoreActivity {
  stories: number;
  events: number;
  /** Stories first seen in the last minute. */
  storiesLastMinute: number;
  /** Timeline events created in the last minute. */
  eventsLastMinute: number;
}

/**
 * Counts of stories and events, in total and in the last minute, in one query.
 *
 * @example
 * await storeActivity(db) // { stories: 120, events: 340, storiesLastMinute: 3, eventsLastMinute: 7 }
 */
export async function storeActivity(q: Queryable): Promise<StoreActivity> {
  const rows = await q.query<Record<string, unknown>>(
    `SELECT (SELECT count(*) FROM stories) AS stories, (SELECT count(*) FROM events) AS events,
       (SELECT count(*) FROM stories WHERE first_seen_at > now() - interval '1 minute') AS stories_1m,
       (SELECT count(*) FROM events WHERE created_at > now() - interval '1 minute') AS events_1m`,
  );
  const r = rows[0] ?? {};
  return {
    stories: Number(r.stories ?? 0),
    events: Number(r.events ?? 0),
    storiesLastMinute: Number(r.stories_1m ?? 0),
    eventsLastMinute: Number(r.events_1m ?? 0),
  };
}
