import type { TimelineEvent } from '../../types.js';
import { matchKey } from '../../text/match-key.js';
import type { Queryable } from '../db.js';
import { participantKey } from '../merge-events.js';
import { timexBounds } from '../../timex.js';

/**
 * Rewrites the participant index rows (entity filter, entity timelines) of merged timeline
 * events, inside the caller's transaction: the old rows of these events go, one row per
 * event and participant key is written, with the event's start day (`date_start`, as
 * `events.date_start`: the merged event's `timexBounds(date.value).start`), so an entity's
 * timeline is read in date order from the participants index (migration 006).
 */
export async function writeParticipants(q: Queryable, merged: TimelineEvent[]): Promise<void> {
  if (merged.length === 0) return;
  await q.query('DELETE FROM event_participants WHERE event_id = ANY($1::text[])', [merged.map((e) => e.id)]);
  const rows = new Map<string, { event_id: string; key: string; norm_name: string; role: string | null; date_start: string }>();
  for (const e of merged) {
    const start = timexBounds(e.date.value)!.start; // stored events always have calendar bounds
    for (const p of e.participants) {
      const key = participantKey(p);
      rows.set(`${e.id}\u0001${key}`, { event_id: e.id, key, norm_name: matchKey(p.canonical ?? p.name), role: p.role ?? null, date_start: start });
    }
  }
  if (rows.size === 0) return;
  await q.query(
    `INSERT INTO event_participants (event_id, key, norm_name, role, date_start)
     SELECT x.event_id, x.key, x.norm_name, x.role, x.date_start FROM jsonb_to_recordset($1::jsonb)
       AS x(event_id text, key text, norm_name text, role text, date_start date)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify([...rows.values()])],
  );
}
