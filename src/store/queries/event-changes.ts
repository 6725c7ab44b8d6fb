import type { Queryable } from '../db.js';

/** What happened to a timeline event. */
export type EventChangeOp = 'created' | 'updated' | 'deleted';

/** One row of the event change log (`event_changes`). */
export interface EventChange {
  /** Monotonic change id (bigserial, as a decimal string): the SSE event id and resume point. */
  id: string;
  eventId: string;
  op: EventChangeOp;
  at: string;
}

/** First key of the advisory lock that orders change-log writers ('wtcl'). */
const CHANGE_LOG_LOCK = 0x7774636c;

/**
 * Writes change-log rows for one store transaction, inside it: the events it inserted
 * (`created`), those whose merged data it changed (`updated`) and those that lost their last
 * source (`deleted`). An id in both `created` and `updated` is logged as created.
 *
 * @example
 * await recordEventChanges(q, { created: ['ev_a'], updated: ['ev_b'], deleted: ['ev_c'] });
 */
export async function recordEventChanges(
  q: Queryable,
  c: { created: string[]; updated: string[]; deleted: string[] },
): Promise<void> {
  const created = new Set(c.created);
  const rows: Array<{ event_id: string; op: EventChangeOp }> = [];
  for (const id of [...created].sort()) rows.push({ event_id: id, op: 'created' });
  for (const id of [...new Set(c.updated)].sort()) if (!created.has(id)) rows.push({ event_id: id, op: 'updated' });
  for (const id of [...new Set(c.deleted)].sort()) rows.push({ event_id: id, op: 'deleted' });
  if (rows.length === 0) return;
  // Ids must follow commit order: a reader (SSE, webhooks) that passed id N
  // never looks below N again, so a transaction that took a lower id but
  // committed later would be skipped. This lock, held until commit, makes
  // writers take ids and commit one after another (two-int keyspace, apart
  // from the single-key locks on stories and events).
  await q.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [CHANGE_LOG_LOCK, 1]);
  await q.query(
    `INSERT INTO event_changes (event_id, op)
     SELECT x.event_id, x.op FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, op text)`,
    [JSON.stringify(rows)],
  );
}

const toChange = (r: { id: unknown; event_id: unknown; op: unknown; at: unknown }): EventChange => ({
  id: String(r.id),
  eventId: String(r.event_id),
  op: r.op as EventChangeOp,
  at: r.at instanceof Date ? r.at.toISOString() : String(r.at),
});

/**
 * Changes with an id greater than `afterId`, oldest first.
 *
 * @example
 * await listEventChanges(db, '41', 100) // [{ id: '42', eventId: 'ev_…', op: 'created', at: '…' }, …]
 */
export async function listEventChanges(q: Queryable, afterId: string, limit: number): Promise<EventChange[]> {
  const rows = await q.query<{ id: unknown; event_id: unknown; op: unknown; at: unknown }>(
    'SELECT id, event_id, op, at FROM event_changes WHERE id > $1::bigint ORDER BY id LIMIT $2',
    [afterId, Math.max(1, Math.min(10_000, Math.floor(limit)))],
  );
  return rows.map(toChange);
}

/**
 * The id of the latest change, or '0' when the log is empty.
 *
 * @example
 * await lastEventChangeId(db) // '1234'
 */
export async function lastEventChangeId(q: Queryable): Promise<string> {
  const rows = await q.query<{ id: unknown }>('SELECT COALESCE(max(id), 0) AS id FROM event_changes');
  return String(rows[0]?.id ?? '0');
}

/**
 * Deletes changes older than `olderThanSeconds` (the log is a window for
 * resuming, not history). Returns how many were deleted.
 */
export async function pruneEventChanges(q: Queryable, olderThanSeconds: number): Promise<number> {
  const rows = await q.query<{ id: unknown }>(
    `DELETE FROM event_changes WHERE at < now() - make_interval(secs => $1) RETURNING id`,
    [Math.max(1, Math.floor(olderThanSeconds))],
  );
  return rows.length;
}
