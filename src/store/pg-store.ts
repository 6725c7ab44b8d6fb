import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Story, StoryResult, TimelineEvent, TemporalExpression, Dateline } from '../types.js';
import { matchKey } from '../text/match-key.js';
import { timexBounds, filterBounds } from '../timex.js';
import type { Db, Queryable } from './db.js';
import { mergeReports, participantKey, timelineEventId } from './merge-events.js';
import { InvalidCursorError, InvalidQueryError } from './store-errors.js';
import { recordEventChanges, listEventChanges, lastEventChangeId, pruneEventChanges, type EventChange } from './queries/event-changes.js';
import { searchEntities, getEntity, entityKeys, entityPageSql, type EntitySummary } from './queries/entities.js';
import { ensureSearchIndex } from './queries/search-index.js';
import { writeParticipants } from './queries/participants.js';
import { escapeLike, sqlParams } from './queries/sql.js';
import { storeActivity, type StoreActivity } from './queries/activity.js';
import { addDateRange, addEventFilters } from './queries/event-filters.js';
import { yieldReason } from '../pipeline/yield-reason.js';
import { parsePublishedDate } from '../feeds/published-date.js';
import type {
  CheckpointItem,
  EventDiff,
  LedgerPage,
  LedgerQuery,
  RawStoryPage,
  RunCounters,
  RunKind,
  RunRecord,
  RunStatus,
  SaveResultOptions,
  SaveResultItem,
  StorySelection,
  EventPage,
  EventQuery,
  EventSource,
  FeedFetchReport,
  FeedState,
  SaveStoriesResult,
  StoredEvent,
  StoredStory,
  TimelineStore,
} from './store.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

type Row = Record<string, unknown>;

const iso = (v: unknown): string | null => (v == null ? null : v instanceof Date ? v.toISOString() : String(v));
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/** A stable 32-bit key for pg_advisory_xact_lock. */
export function lockKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * Takes transaction-level advisory locks on the given names in ascending key order, in one
 * statement. Every writer locks in this order, so two batches never wait on each other in a cycle.
 */
async function lockAll(q: Queryable, names: string[]): Promise<void> {
  const keys = [...new Set(names.map(lockKey))].sort((a, b) => a - b);
  if (keys.length === 1) await q.query('SELECT pg_advisory_xact_lock($1)', [keys[0]]);
  else if (keys.length) await q.query('SELECT count(pg_advisory_xact_lock(k)) FROM unnest($1::int[]) WITH ORDINALITY AS t(k, n)', [keys]);
}

/** Code-unit order of two strings (ids, keys): the order every writer sorts rows and locks in. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Appends `value` to the list of `key` in a map of lists. */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction may simply be run again. */
const RETRYABLE_TX = new Set(['40P01', '40001']);

/** Runs a transaction again (up to 3 times) when PostgreSQL aborted it to break a deadlock. */
async function withDeadlockRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= 3 || typeof code !== 'string' || !RETRYABLE_TX.has(code)) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}

function encodeCursor(date: string, id: string): string {
  return Buffer.from(JSON.stringify([date, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v[0]) && typeof v[1] === 'string') {
      return [v[0], v[1]];
    }
  } catch {
    /* fall through */
  }
  throw new InvalidCursorError(cursor);
}

function eventSearchText(e: TimelineEvent): string {
  const parts = [
    e.title,
    e.kind,
    ...e.participants.flatMap((p) => [p.name, p.canonical ?? '', p.title ?? '']),
    e.location?.name ?? '',
    e.location?.canonical ?? '',
    e.location?.venue ?? '',
    e.series?.name ?? '',
    ...e.evidence.map((x) => x.text),
  ];
  return matchKey(parts.join(' '));
}

/**
 * The PostgreSQL timeline store. It runs unchanged on a real server (`pg`)
 * and on embedded PGlite.
 */
export class PgStore implements TimelineStore {
  constructor(private readonly db: Db) {}

  get kind(): 'pg' | 'pglite' {
    return this.db.kind;
  }

  async migrate(): Promise<void> {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
    await this.db.tx(async (q) => {
      await q.query(`SELECT pg_advisory_xact_lock(${lockKey('wire-timeline:migrate')})`);
      await q.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    });
    const applied = new Set(
      (await this.db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
    );
    for (const file of files) {
      const version = Number(file.slice(0, 3));
      if (applied.has(version)) continue;
      const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
      await this.db.tx(async (q) => {
        await q.query(`SELECT pg_advisory_xact_lock(${lockKey('wire-timeline:migrate')})`);
        const again = await q.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
        if (again.length) return;
        for (const stmt of splitSql(sql)) await q.query(stmt);
        await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]);
      });
    }
    // Migration 006's optional part: the pg_trgm index for q= (warns and goes on when unavailable).
    await ensureSearchIndex(this.db, `SELECT pg_advisory_xact_lock(${lockKey('wire-timeline:migrate')})`);
  }

  async syncFeeds(feeds: Array<{ id: string; url: string; lang: string | null; zone: string | null; enabled: boolean }>): Promise<void> {
    await this.db.tx(async (q) => {
      await q.query(
        `INSERT INTO feeds (id, url, lang, zone, enabled)
         SELECT x.id, x.url, x.lang, x.zone, x.enabled FROM jsonb_to_recordset($1::jsonb)
           AS x(id text, url text, lang text, zone text, enabled boolean)
         ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, lang = EXCLUDED.lang, zone = EXCLUDED.zone,
           enabled = EXCLUDED.enabled, updated_at = now()`,
        [JSON.stringify(feeds)],
      );
      await q.query(`UPDATE feeds SET enabled = false, updated_at = now() WHERE NOT (id = ANY($1::text[])) AND enabled`, [
        feeds.map((f) => f.id),
      ]);
    });
  }

  private feedRow(r: Row): FeedState {
    return {
      id: String(r.id),
      url: String(r.url),
      lang: (r.lang as string) ?? null,
      zone: (r.zone as string) ?? null,
      enabled: Boolean(r.enabled),
      etag: (r.etag as string) ?? null,
      lastModified: (r.last_modified as string) ?? null,
      lastFetchAt: iso(r.last_fetch_at),
      lastSuccessAt: iso(r.last_success_at),
      status: (r.status as string) ?? null,
      lastError: (r.last_error as string) ?? null,
      consecutiveFailures: Number(r.consecutive_failures ?? 0),
      itemsLastPoll: r.items_last_poll == null ? null : Number(r.items_last_poll),
      nextRunAt: iso(r.next_run_at),
    };
  }

  async listFeeds(): Promise<FeedState[]> {
    return (await this.db.query<Row>('SELECT * FROM feeds ORDER BY id')).map((r) => this.feedRow(r));
  }

  async getFeed(id: string): Promise<FeedState | null> {
    const rows = await this.db.query<Row>('SELECT * FROM feeds WHERE id = $1', [id]);
    return rows[0] ? this.feedRow(rows[0]) : null;
  }

  async recordFetch(r: FeedFetchReport): Promise<void> {
    await this.db.query(
      `UPDATE feeds SET
         last_fetch_at = $2,
         last_success_at = CASE WHEN $3 THEN $2::timestamptz ELSE last_success_at END,
         status = $4,
         last_error = CASE WHEN $3 THEN NULL ELSE $5 END,
         consecutive_failures = CASE WHEN $3 THEN 0 ELSE consecutive_failures + 1 END,
         etag = CASE WHEN $3 THEN COALESCE($6, etag) ELSE etag END,
         last_modified = CASE WHEN $3 THEN COALESCE($7, last_modified) ELSE last_modified END,
         items_last_poll = CASE WHEN $3 THEN COALESCE($8, items_last_poll) ELSE items_last_poll END,
         next_run_at = COALESCE($9, next_run_at),
         updated_at = now()
       WHERE id = $1`,
      [r.feedId, r.at, r.ok, r.status, r.error ?? null, r.etag ?? null, r.lastModified ?? null, r.items ?? null, r.nextRunAt ?? null],
    );
  }

  async saveStories(stories: Story[]): Promise<SaveStoriesResult> {
    if (stories.length === 0) return { created: [], changed: [], unchanged: [] };
    // Store batches insert the same new stories: a deadlock between the two is retried here too.
    return withDeadlockRetry(() => this.db.tx((q) => this.upsertStories(q, stories)));
  }

  /** Inserts new stories and new versions of changed ones, inside the caller's transaction. */
  private async upsertStories(q: Queryable, stories: Story[]): Promise<SaveStoriesResult> {
    const result: SaveStoriesResult = { created: [], changed: [], unchanged: [] };
    // The last copy of an id in one batch wins.
    const byId = new Map(stories.map((s) => [s.id, s]));
    const batch = [...byId.values()];
    const existing = new Map(
      (
        await q.query<{ id: string; content_hash: string }>(
          'SELECT id, content_hash FROM stories WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
          [batch.map((s) => s.id)],
        )
      ).map((r) => [r.id, r.content_hash]),
    );
    const toWrite: Story[] = [];
    for (const s of batch) {
      const prev = existing.get(s.id);
      if (prev === undefined) {
        result.created.push(s.id);
        toWrite.push(s);
      } else if (prev !== s.contentHash) {
        result.changed.push(s.id);
        toWrite.push(s);
      } else result.unchanged.push(s.id);
    }
    if (toWrite.length === 0) return result;
    // Rows in id order, as every writer of stories inserts them, so concurrent inserts of the same new ids wait rather than deadlock.
    toWrite.sort((a, b) => cmp(a.id, b.id));
    const rows = toWrite.map((s) => ({
      id: s.id,
      feed_id: s.feedId,
      url: s.url,
      guid: s.guid,
      title: s.title,
      lang: s.lang,
      published_at: s.published,
      published_raw: s.publishedRaw,
      raw_text: s.text,
      content_hash: s.contentHash,
      source: s.source,
    }));
    // Stories and their versions in one statement: the rows go to the server once.
    await q.query(
      `WITH x AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, feed_id text, url text, guid text, title text, lang text,
           published_at timestamptz, published_raw text, raw_text text, content_hash text, source text)
       ), upserted AS (
         INSERT INTO stories (id, feed_id, url, guid, title, lang, published_at, published_raw, raw_text, content_hash, source)
         SELECT x.id, x.feed_id, x.url, x.guid, x.title, x.lang, x.published_at, x.published_raw, x.raw_text, x.content_hash, x.source
         FROM x
         ON CONFLICT (id) DO UPDATE SET feed_id = COALESCE(stories.feed_id, EXCLUDED.feed_id), url = EXCLUDED.url,
           guid = EXCLUDED.guid, title = EXCLUDED.title, lang = EXCLUDED.lang, published_at = EXCLUDED.published_at,
           published_raw = EXCLUDED.published_raw, raw_text = EXCLUDED.raw_text, content_hash = EXCLUDED.content_hash,
           updated_at = now()
       )
       INSERT INTO story_versions (story_id, content_hash, title, raw_text)
       SELECT x.id, x.content_hash, x.title, x.raw_text FROM x
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows)],
    );
    return result;
  }

  async saveResult(result: StoryResult, opts: SaveResultOptions = {}): Promise<{ eventIds: string[]; diff: EventDiff }> {
    return (await this.saveResults([{ result, runId: opts.runId ?? null }]))[0]!;
  }

  async saveResults(items: SaveResultItem[]): Promise<Array<{ eventIds: string[]; diff: EventDiff }>> {
    if (items.length === 0) return [];
    // A story twice in one batch (a reprocess next to a new version): each copy in its own
    // round, in batch order, so the last one wins as it would one at a time.
    const rounds: Array<Array<{ item: SaveResultItem; at: number }>> = [];
    const seen = new Map<string, number>();
    items.forEach((item, at) => {
      const id = item.result.normalized.story.id;
      const r = seen.get(id) ?? 0;
      seen.set(id, r + 1);
      (rounds[r] ??= []).push({ item, at });
    });
    return withDeadlockRetry(() =>
      this.db.tx(async (q) => {
        const out: Array<{ eventIds: string[]; diff: EventDiff }> = new Array(items.length);
        for (const round of rounds) {
          const res = await this.writeResults(q, round.map((r) => r.item));
          round.forEach((r, i) => (out[r.at] = res[i]!));
        }
        return out;
      }),
    );
  }

  /**
   * Writes the extractions of distinct stories inside the caller's transaction, one multi-row
   * statement per table: raw stories, dates, sources, events, entities, participants, the
   * change log, the recall ledger and run summaries.
   */
  private async writeResults(q: Queryable, items: SaveResultItem[]): Promise<Array<{ eventIds: string[]; diff: EventDiff }>> {
    const stories = items.map((it) => it.result.normalized.story);
    const storyIds = stories.map((s) => s.id);
    // Locks in one global order (stories, then events, each by key) so concurrent batches never deadlock.
    await lockAll(q, storyIds.map((id) => 'story:' + id));
    await this.upsertStories(q, stories);
    await q.query(
      `UPDATE stories AS s SET processed_at = now(), processed_hash = x.hash, extractor_version = x.version, detected_lang = x.lang,
         dateline = x.dateline, reference = x.reference
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, hash text, version text, lang text, dateline jsonb, reference jsonb)
       WHERE s.id = x.id`,
      [
        JSON.stringify(
          items.map(({ result: { normalized: n, extractorVersion } }) => ({
            id: n.story.id,
            hash: n.story.contentHash,
            version: extractorVersion,
            lang: n.lang,
            dateline: n.dateline,
            reference: n.reference,
          })),
        ),
      ],
    );

    await q.query('DELETE FROM temporal_expressions WHERE story_id = ANY($1::text[])', [storyIds]);
    const dateRows = items.flatMap(({ result: { normalized: n } }) =>
      n.dates.map((d, idx) => ({
        story_id: n.story.id,
        idx,
        start_offset: d.start,
        end_offset: d.end,
        text: d.text,
        value: d.value,
        grain: d.grain,
        mod: d.mod ?? null,
        role: d.role ?? null,
        data: d,
      })),
    );
    if (dateRows.length) {
      await q.query(
        `INSERT INTO temporal_expressions (story_id, idx, start_offset, end_offset, text, value, grain, mod, role, data)
         SELECT x.story_id, x.idx, x.start_offset, x.end_offset, x.text, x.value, x.grain, x.mod, x.role, x.data
         FROM jsonb_to_recordset($1::jsonb) AS x(story_id text, idx int, start_offset int, end_offset int, text text, value text,
           grain text, mod text, role text, data jsonb)`,
        [JSON.stringify(dateRows)],
      );
    }

    // Which timeline events each story touched before, and touches now.
    const before = new Map<string, string[]>();
    for (const r of await q.query<{ story_id: string; event_id: string }>(
      'SELECT DISTINCT story_id, event_id FROM event_sources WHERE story_id = ANY($1::text[])',
      [storyIds],
    )) {
      pushTo(before, r.story_id, r.event_id);
    }
    const reports = items.map(({ result }) => {
      const m = new Map<string, TimelineEvent[]>();
      for (const e of result.events) {
        if (!timexBounds(e.date.value)) continue; // never store an event we cannot place on the timeline
        const tid = timelineEventId(e);
        pushTo(m, tid, e);
      }
      return m;
    });
    // Each event's diff is counted once per run (stories of no run count as one more run), for the
    // first story of that run in the batch that touches it: a run's summary never misses an event
    // because a story of another run, or of the live feeds, shared its batch.
    const owners = new Map<string, Map<number | null, number>>();
    stories.forEach((s, i) => {
      const run = items[i]!.runId ?? null;
      for (const id of [...(before.get(s.id) ?? []), ...reports[i]!.keys()]) {
        const byRun = owners.get(id) ?? new Map<number | null, number>();
        if (!byRun.has(run)) byRun.set(run, i);
        owners.set(id, byRun);
      }
    });
    const affected = [...owners.keys()].sort();
    await lockAll(q, affected.map((id) => 'event:' + id));
    // Reports of the same events by stories outside this batch: merged with the batch's own in JS.
    const others = new Map<string, Array<{ story: string; report: TimelineEvent }>>();
    if (affected.length) {
      for (const r of await q.query<{ event_id: string; story_id: string; data: unknown }>(
        `SELECT event_id, story_id, data FROM event_sources WHERE event_id = ANY($1::text[]) AND story_id <> ALL($2::text[])`,
        [affected, storyIds],
      )) {
        pushTo(others, r.event_id, { story: r.story_id, report: json<TimelineEvent>(r.data) });
      }
    }
    for (const [i, m] of reports.entries()) {
      for (const [tid, list] of m) {
        for (const e of list) pushTo(others, tid, { story: storyIds[i]!, report: e });
      }
    }
    const merged: TimelineEvent[] = [];
    const orphans: string[] = [];
    for (const id of affected) {
      const list = others.get(id);
      if (!list?.length) {
        orphans.push(id);
        continue;
      }
      list.sort((a, b) => cmp(a.story, b.story) || cmp(a.report.id, b.report.id));
      merged.push(mergeReports(id, list.map((x) => x.report)));
    }

    await q.query('DELETE FROM event_sources WHERE story_id = ANY($1::text[])', [storyIds]);
    const removed = orphans.length
      ? (await q.query<{ id: string }>('DELETE FROM events WHERE id = ANY($1::text[]) RETURNING id', [orphans])).map((r) => r.id)
      : [];
    // New events are inserted and changed ones updated, in one statement; unchanged ones are left alone.
    const written = merged.length
      ? await q.query<{ id: string; inserted: boolean }>(
          `INSERT INTO events AS ev (id, kind, title, date_value, date_grain, date_start, date_end, confidence, data, search)
           SELECT x.id, x.kind, x.title, x.date_value, x.date_grain, x.date_start, x.date_end, x.confidence, x.data, x.search
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, kind text, title text, date_value text, date_grain text,
             date_start date, date_end date, confidence real, data jsonb, search text)
           ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, date_value = EXCLUDED.date_value,
             date_grain = EXCLUDED.date_grain, date_start = EXCLUDED.date_start, date_end = EXCLUDED.date_end,
             confidence = EXCLUDED.confidence, data = EXCLUDED.data, search = EXCLUDED.search, updated_at = now()
           WHERE ev.data IS DISTINCT FROM EXCLUDED.data
           RETURNING ev.id, (ev.xmax = 0) AS inserted`,
          [
            JSON.stringify(
              merged.map((e) => {
                const b = timexBounds(e.date.value)!;
                return {
                  id: e.id,
                  kind: e.kind,
                  title: e.title,
                  date_value: e.date.value,
                  date_grain: e.date.grain,
                  date_start: b.start,
                  date_end: b.end,
                  confidence: e.confidence,
                  data: e,
                  search: eventSearchText(e),
                };
              }),
            ),
          ],
        )
      : [];
    const sourceRows = reports.flatMap((m, i) =>
      [...m].flatMap(([tid, list]) =>
        list.map((e) => ({
          event_id: tid,
          story_id: storyIds[i],
          story_event_id: e.id,
          sentence_start: e.evidence[0]?.start ?? null,
          sentence_end: e.evidence[0]?.end ?? null,
          evidence: e.evidence,
          data: e,
        })),
      ),
    );
    if (sourceRows.length) {
      await q.query(
        `INSERT INTO event_sources (event_id, story_id, story_event_id, sentence_start, sentence_end, evidence, data)
         SELECT x.event_id, x.story_id, x.story_event_id, x.sentence_start, x.sentence_end, x.evidence, x.data
         FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, story_id text, story_event_id text, sentence_start int,
           sentence_end int, evidence jsonb, data jsonb)
         ON CONFLICT (event_id, story_id, story_event_id) DO UPDATE SET evidence = EXCLUDED.evidence, data = EXCLUDED.data`,
        [JSON.stringify(sourceRows)],
      );
    }
    await this.upsertEntities(
      q,
      items.flatMap((it) => it.result.events),
    );
    const added = new Set(written.filter((r) => r.inserted).map((r) => r.id));
    const changed = new Set(written.filter((r) => !r.inserted).map((r) => r.id));
    // Participant rows follow the merged data: only events written now need new ones.
    const rewritten = new Set(written.map((r) => r.id));
    await writeParticipants(
      q,
      merged.filter((e) => rewritten.has(e.id)),
    );
    // The change log (live stream, webhooks), in this same transaction.
    await recordEventChanges(q, { created: [...added], updated: [...changed], deleted: removed });
    const diffs: EventDiff[] = items.map(() => ({ added: 0, removed: 0, changed: 0 }));
    for (const [ids, key] of [[added, 'added'], [changed, 'changed'], [removed, 'removed']] as const) {
      for (const id of ids) for (const i of owners.get(id)!.values()) diffs[i]![key]++;
    }
    // The recall ledger: what each story yields now, and why nothing when nothing.
    const ledger = items.map(({ result }, i) => ({
      id: storyIds[i],
      events: reports[i]!.size,
      reason: yieldReason({
        lang: result.normalized.lang,
        storedEvents: reports[i]!.size,
        extractedEvents: result.events.length,
        diagnostics: result.diagnostics ?? null,
      }),
    }));
    await q.query(
      `UPDATE stories AS s SET yield_events = x.events, yield_reason = x.reason, yield_error = NULL, yield_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, events int, reason text) WHERE s.id = x.id`,
      [JSON.stringify(ledger)],
    );
    const byRun = new Map<number, Array<{ storyId: string; diff: EventDiff }>>();
    items.forEach((it, i) => {
      if (it.runId == null) return;
      pushTo(byRun, it.runId, { storyId: storyIds[i]!, diff: diffs[i]! });
    });
    for (const [runId, list] of [...byRun].sort(([a], [b]) => a - b)) await this.settleRunItems(q, runId, 'stored', list);
    return items.map((_, i) => ({ eventIds: [...reports[i]!.keys()], diff: diffs[i]! }));
  }

  /**
   * Moves stories of a run to their final outcome and updates the run's counters exactly once
   * per transition (a redelivered job changes nothing), inside the caller's transaction: the
   * run's items in two or three statements, its counters (and end) in one.
   */
  private async settleRunItems(
    q: Queryable,
    runId: number,
    outcome: 'stored' | 'failed',
    entries: Array<{ storyId: string; diff?: EventDiff }>,
  ): Promise<void> {
    const ids = [...new Set(entries.map((e) => e.storyId))].sort();
    const readPrev = async (list: string[]) =>
      q.query<{ story_id: string; outcome: string }>(
        'SELECT story_id, outcome FROM run_items WHERE run_id = $1 AND story_id = ANY($2::text[]) ORDER BY story_id FOR UPDATE',
        [runId, list],
      );
    const prev = new Map((await readPrev(ids)).map((r) => [r.story_id, r.outcome]));
    const missing = ids.filter((id) => !prev.has(id));
    let queued = 0;
    if (missing.length) {
      const ins = await q.query<{ story_id: string }>(
        `INSERT INTO run_items (run_id, story_id, outcome) SELECT $1, x, $3 FROM unnest($2::text[]) AS x
         ON CONFLICT DO NOTHING RETURNING story_id`,
        [runId, missing, outcome],
      );
      queued = ins.length;
      // Inserted meanwhile by another transaction: settle those as existing items.
      const inserted = new Set(ins.map((r) => r.story_id));
      const raced = missing.filter((id) => !inserted.has(id));
      if (raced.length) for (const r of await readPrev(raced)) prev.set(r.story_id, r.outcome);
    }
    const moved = [...prev].filter(([, o]) => o !== outcome).map(([id]) => id);
    if (moved.length) {
      await q.query('UPDATE run_items SET outcome = $3, at = now() WHERE run_id = $1 AND story_id = ANY($2::text[])', [runId, moved, outcome]);
    }
    let done = 0;
    let failed = 0;
    for (const id of ids) {
      const old = prev.get(id) ?? null;
      done += (outcome === 'stored' ? 1 : 0) - (old === 'stored' ? 1 : 0);
      failed += (outcome === 'failed' ? 1 : 0) - (old === 'failed' ? 1 : 0);
    }
    const total: EventDiff = { added: 0, removed: 0, changed: 0 };
    for (const e of entries) {
      total.added += e.diff?.added ?? 0;
      total.removed += e.diff?.removed ?? 0;
      total.changed += e.diff?.changed ?? 0;
    }
    // Counters and, when these were the run's last stories, its end: one statement on the run row.
    const last = `input_complete AND status IN ('running', 'enqueued') AND stories_done + $3 + stories_failed + $4 >= stories_queued + $2`;
    await q.query(
      `UPDATE runs SET stories_queued = stories_queued + $2, stories_done = stories_done + $3, stories_failed = stories_failed + $4,
         events_added = events_added + $5, events_removed = events_removed + $6, events_changed = events_changed + $7, updated_at = now(),
         status = CASE WHEN ${last} THEN 'finished' ELSE status END,
         finished_at = CASE WHEN ${last} THEN now() ELSE finished_at END
       WHERE id = $1`,
      [runId, queued, done, failed, total.added, total.removed, total.changed],
    );
  }

  /** Marks a run finished once all its input is read and every story it queued has an outcome. */
  private async finishIfDone(q: Queryable, runId: number): Promise<void> {
    await q.query(
      `UPDATE runs SET status = 'finished', finished_at = now(), updated_at = now()
       WHERE id = $1 AND input_complete AND status IN ('running', 'enqueued') AND stories_done + stories_failed >= stories_queued`,
      [runId],
    );
  }

  /** Entities with ids become searchable by every surface form seen for them. */
  private async upsertEntities(q: Queryable, events: TimelineEvent[]): Promise<void> {
    const ents = new Map<string, { id: string; type: string | null; name: string; country: string | null }>();
    const aliases = new Map<string, { entity_id: string; norm: string; alias: string; lang: string | null }>();
    for (const e of events) {
      for (const p of e.participants) {
        if (!p.id) continue;
        ents.set(p.id, { id: p.id, type: p.type ?? null, name: p.canonical ?? p.name, country: p.country ?? null });
        for (const alias of [p.name, p.canonical]) {
          if (!alias) continue;
          const norm = matchKey(alias);
          if (norm) aliases.set(`${p.id}\u0001${norm}`, { entity_id: p.id, norm, alias, lang: e.lang ?? null });
        }
      }
    }
    if (ents.size === 0) return;
    // Only new or changed entities are written: an upsert would lock every row it meets
    // (popular entities are in most batches) until commit. Rows go in id order.
    const wanted = [...ents.values()].sort((a, b) => cmp(a.id, b.id));
    const existing = new Map(
      (
        await q.query<{ id: string; type: string | null; name: string; country: string | null }>(
          'SELECT id, type, name, country FROM entities WHERE id = ANY($1::text[])',
          [wanted.map((e) => e.id)],
        )
      ).map((r) => [r.id, r]),
    );
    const fresh = wanted.filter((e) => !existing.has(e.id));
    const changed = wanted
      .filter((e) => existing.has(e.id))
      .map((e) => {
        const cur = existing.get(e.id)!;
        return { id: e.id, type: e.type ?? cur.type, name: e.name, country: e.country ?? cur.country, cur };
      })
      .filter((e) => e.type !== e.cur.type || e.name !== e.cur.name || e.country !== e.cur.country)
      .map(({ cur: _cur, ...e }) => e);
    if (fresh.length) {
      await q.query(
        `INSERT INTO entities (id, type, name, country)
         SELECT x.id, x.type, x.name, x.country FROM jsonb_to_recordset($1::jsonb) AS x(id text, type text, name text, country text)
         ON CONFLICT (id) DO NOTHING`,
        [JSON.stringify(fresh)],
      );
    }
    if (changed.length) {
      await q.query(
        `UPDATE entities AS en SET type = x.type, name = x.name, country = x.country, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, type text, name text, country text) WHERE en.id = x.id`,
        [JSON.stringify(changed)],
      );
    }
    const aliasRows = [...aliases.values()].sort((a, b) => cmp(a.entity_id, b.entity_id) || cmp(a.norm, b.norm));
    await q.query(
      `INSERT INTO entity_aliases (entity_id, norm, alias, lang)
       SELECT x.entity_id, x.norm, x.alias, x.lang FROM jsonb_to_recordset($1::jsonb)
         AS x(entity_id text, norm text, alias text, lang text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(aliasRows)],
    );
  }

  async getStory(id: string): Promise<StoredStory | null> {
    const rows = await this.db.query<Row>('SELECT * FROM stories WHERE id = $1', [id]);
    const r = rows[0];
    if (!r) return null;
    const dates = await this.db.query<{ data: unknown }>(
      'SELECT data FROM temporal_expressions WHERE story_id = $1 ORDER BY idx',
      [id],
    );
    const evs = await this.db.query<{ event_id: string }>(
      'SELECT DISTINCT event_id FROM event_sources WHERE story_id = $1 ORDER BY event_id',
      [id],
    );
    return {
      id: String(r.id),
      feedId: (r.feed_id as string) ?? null,
      url: (r.url as string) ?? null,
      guid: (r.guid as string) ?? null,
      title: (r.title as string) ?? null,
      lang: ((r.lang ?? r.detected_lang) as string) ?? null,
      published: iso(r.published_at),
      publishedRaw: (r.published_raw as string) ?? null,
      text: String(r.raw_text),
      contentHash: String(r.content_hash),
      source: String(r.source),
      firstSeenAt: iso(r.first_seen_at)!,
      updatedAt: iso(r.updated_at)!,
      processedAt: iso(r.processed_at),
      extractorVersion: (r.extractor_version as string) ?? null,
      dateline: r.dateline == null ? null : json<Dateline>(r.dateline),
      reference: r.reference == null ? null : json<StoredStory['reference']>(r.reference),
      dates: dates.map((d) => json<TemporalExpression>(d.data)),
      eventIds: evs.map((e) => e.event_id),
    };
  }

  async existingStoryIds(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await this.db.query<{ id: string }>('SELECT id FROM stories WHERE id = ANY($1::text[])', [ids])).map((r) => r.id);
  }

  async countStories(): Promise<number> {
    const r = await this.db.query<{ n: string | number }>('SELECT count(*) AS n FROM stories');
    return Number(r[0]?.n ?? 0);
  }

  async countEvents(): Promise<number> {
    const r = await this.db.query<{ n: string | number }>('SELECT count(*) AS n FROM events');
    return Number(r[0]?.n ?? 0);
  }

  async listEvents(query: EventQuery): Promise<EventPage> {
    const where: string[] = [];
    const { params, p } = sqlParams();
    const fromB = query.from ? filterBounds(query.from) : null;
    if (query.from && !fromB) throw new InvalidQueryError('from', query.from, 'expected YYYY, YYYY-MM or YYYY-MM-DD');
    const toB = query.to ? filterBounds(query.to) : null;
    if (query.to && !toB) throw new InvalidQueryError('to', query.to, 'expected YYYY, YYYY-MM or YYYY-MM-DD');
    // With an entity, the page is read from the participants index (migration 006): the start-day
    // and cursor bounds apply to the participant row's copy (ep.date_start, ep.event_id).
    const at = query.entity ? { start: 'ep.date_start', id: 'ep.event_id' } : { start: 'e.date_start', id: 'e.id' };
    addDateRange(fromB?.start ?? null, toB?.end ?? null, where, p, at.start);
    if (query.kind?.length) where.push(`e.kind = ANY(${p(query.kind)}::text[])`);
    if (query.q) {
      const norm = matchKey(query.q);
      if (norm) where.push(`e.search LIKE ${p('%' + escapeLike(norm) + '%')}`);
    }
    addEventFilters(query, where, p);
    const order = query.order === 'asc' ? 'asc' : 'desc';
    if (query.cursor) {
      const [d, id] = decodeCursor(query.cursor);
      where.push(`(${at.start}, ${at.id}) ${order === 'asc' ? '>' : '<'} (${p(d)}::date, ${p(id)})`);
    }
    const limit = Math.max(1, Math.min(500, Math.floor(query.limit ?? 50)));
    // An entity (id or participant key, normalized name, or alias → entity ids; one alias lookup first):
    // one index range scan per key and for the name, merged (src/store/queries/entities.ts).
    const sql = query.entity
      ? entityPageSql(await entityKeys(this.db, query.entity, matchKey(query.entity)), matchKey(query.entity), where, order, limit + 1, p)
      : `SELECT e.id, to_char(e.date_start, 'YYYY-MM-DD') AS date_start, e.data, e.created_at, e.updated_at
      FROM events e
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY e.date_start ${order}, e.id ${order} LIMIT ${limit + 1}`;
    const rows = await this.db.query<Row>(sql, params);
    const page = rows.slice(0, limit);
    const sources = await this.sourcesFor(page.map((r) => String(r.id)));
    const events = page.map((r) => this.eventFromRow(r, sources.get(String(r.id)) ?? []));
    const last = page[page.length - 1];
    return {
      events,
      nextCursor: rows.length > limit && last ? encodeCursor(String(last.date_start), String(last.id)) : null,
    };
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    return (await this.getEvents([id])).get(id) ?? null;
  }

  async getEvents(ids: string[]): Promise<Map<string, StoredEvent>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const rows = await this.db.query<Row>('SELECT id, data, created_at, updated_at FROM events WHERE id = ANY($1::text[])', [wanted]);
    if (rows.length === 0) return new Map();
    const sources = await this.sourcesFor(rows.map((r) => String(r.id)));
    return new Map(rows.map((r) => [String(r.id), this.eventFromRow(r, sources.get(String(r.id)) ?? [])]));
  }

  private eventFromRow(r: Row, sources: EventSource[]): StoredEvent {
    const e = json<TimelineEvent>(r.data);
    return { ...e, id: String(r.id), sources, createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)! };
  }

  private async sourcesFor(ids: string[]): Promise<Map<string, EventSource[]>> {
    const out = new Map<string, EventSource[]>();
    if (ids.length === 0) return out;
    const rows = await this.db.query<Row>(
      `SELECT es.event_id, es.story_id, es.evidence, s.title, s.url, COALESCE(s.lang, s.detected_lang) AS lang,
              s.published_at, s.feed_id
       FROM event_sources es JOIN stories s ON s.id = es.story_id
       WHERE es.event_id = ANY($1::text[]) ORDER BY es.event_id, s.published_at NULLS LAST, es.story_id`,
      [ids],
    );
    for (const r of rows) {
      const list = out.get(String(r.event_id)) ?? [];
      const ev = json<Array<{ text: string; start: number; end: number }>>(r.evidence).map(({ text, start, end }) => ({ text, start, end }));
      const prev = list.find((s) => s.storyId === r.story_id);
      if (prev) prev.evidence.push(...ev);
      else
        list.push({
          storyId: String(r.story_id),
          storyTitle: (r.title as string) ?? null,
          storyUrl: (r.url as string) ?? null,
          lang: (r.lang as string) ?? null,
          published: iso(r.published_at),
          feedId: (r.feed_id as string) ?? null,
          evidence: ev,
        });
      out.set(String(r.event_id), list);
    }
    return out;
  }

  async recordStoryFailure(storyId: string, error: string, runId?: number | null): Promise<void> {
    await this.db.tx(async (q) => {
      await q.query(
        `UPDATE stories SET yield_events = 0, yield_reason = 'parse-error', yield_error = $2, yield_at = now() WHERE id = $1`,
        [storyId, error.slice(0, 1000)],
      );
      if (runId != null) await this.settleRunItems(q, runId, 'failed', [{ storyId }]);
    });
  }

  async unprocessedStoryIds(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<{ id: string }>(
      `SELECT x.id FROM unnest($1::text[]) AS x(id) LEFT JOIN stories s ON s.id = x.id
       WHERE s.id IS NULL OR s.processed_hash IS DISTINCT FROM s.content_hash`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** The WHERE clause of a story selection (alias `s`). */
  private selectionWhere(sel: StorySelection, p: (v: unknown) => string): string[] {
    const where: string[] = [];
    if (sel.since) where.push(`COALESCE(s.published_at, s.first_seen_at) >= ${p(sel.since)}::timestamptz`);
    if (sel.until) where.push(`COALESCE(s.published_at, s.first_seen_at) < ${p(sel.until)}::timestamptz`);
    if (sel.feed) where.push(`s.feed_id = ${p(sel.feed)}`);
    if (sel.lang) where.push(`COALESCE(s.lang, s.detected_lang) = ${p(sel.lang)}`);
    if (sel.olderThan) where.push(`s.extractor_version IS DISTINCT FROM ${p(sel.olderThan)}`);
    return where;
  }

  async selectStories(sel: StorySelection, opts: { after?: string | null; limit: number; excludeRun?: number | null }): Promise<RawStoryPage> {
    const { params, p } = sqlParams();
    const where = this.selectionWhere(sel, p);
    if (opts.after) where.push(`s.id > ${p(opts.after)}`);
    if (opts.excludeRun != null) {
      where.push(`NOT EXISTS (SELECT 1 FROM run_items ri WHERE ri.run_id = ${p(opts.excludeRun)} AND ri.story_id = s.id AND ri.outcome <> 'queued')`);
    }
    const limit = Math.max(1, Math.min(10_000, Math.floor(opts.limit)));
    const rows = await this.db.query<Row>(
      `SELECT s.*, f.zone AS feed_zone FROM stories s LEFT JOIN feeds f ON f.id = s.feed_id
       ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY s.id LIMIT ${limit}`,
      params,
    );
    const stories = rows.map((r) => {
      const zone = (r.feed_zone as string) ?? null;
      const lang = (r.lang as string) ?? null;
      const publishedRaw = (r.published_raw as string) ?? null;
      // The original offset is not kept by timestamptz: read the raw date again as the feed did.
      const published = publishedRaw ? parsePublishedDate(publishedRaw, { zone, lang }) ?? iso(r.published_at) : iso(r.published_at);
      const story: Story = {
        id: String(r.id),
        feedId: (r.feed_id as string) ?? null,
        url: (r.url as string) ?? null,
        guid: (r.guid as string) ?? null,
        title: (r.title as string) ?? null,
        published,
        publishedRaw,
        lang,
        text: String(r.raw_text),
        contentHash: String(r.content_hash),
        source: String(r.source) as Story['source'],
        zone,
      };
      return story;
    });
    return { stories, nextAfter: rows.length === limit ? stories[stories.length - 1]!.id : null };
  }

  async countSelectedStories(sel: StorySelection): Promise<number> {
    const { params, p } = sqlParams();
    const where = this.selectionWhere(sel, p);
    const r = await this.db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM stories s ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`,
      params,
    );
    return Number(r[0]?.n ?? 0);
  }

  private runRow(r: Row): RunRecord {
    const n = (v: unknown) => Number(v ?? 0);
    return {
      id: Number(r.id),
      kind: String(r.kind) as RunKind,
      runKey: String(r.run_key),
      mode: String(r.mode) as 'queue' | 'inline',
      options: json<Record<string, unknown>>(r.options) ?? {},
      status: String(r.status) as RunStatus,
      extractorVersion: (r.extractor_version as string) ?? null,
      inputComplete: Boolean(r.input_complete),
      storiesTotal: r.stories_total == null ? null : Number(r.stories_total),
      storiesRead: n(r.stories_read),
      storiesNew: n(r.stories_new),
      storiesChanged: n(r.stories_changed),
      storiesSkipped: n(r.stories_skipped),
      storiesQueued: n(r.stories_queued),
      storiesDone: n(r.stories_done),
      storiesFailed: n(r.stories_failed),
      inputErrors: n(r.input_errors),
      eventsAdded: n(r.events_added),
      eventsRemoved: n(r.events_removed),
      eventsChanged: n(r.events_changed),
      lastError: (r.last_error as string) ?? null,
      startedAt: iso(r.started_at)!,
      updatedAt: iso(r.updated_at)!,
      finishedAt: iso(r.finished_at),
    };
  }

  async createRun(run: { kind: RunKind; runKey: string; mode: 'queue' | 'inline'; options: Record<string, unknown>; extractorVersion: string | null }): Promise<RunRecord> {
    const rows = await this.db.query<Row>(
      `INSERT INTO runs (kind, run_key, mode, options, extractor_version) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING *`,
      [run.kind, run.runKey, run.mode, JSON.stringify(run.options), run.extractorVersion],
    );
    return this.runRow(rows[0]!);
  }

  async findResumableRun(runKey: string): Promise<RunRecord | null> {
    const rows = await this.db.query<Row>(
      `SELECT * FROM runs WHERE run_key = $1 AND NOT input_complete ORDER BY id DESC LIMIT 1`,
      [runKey],
    );
    return rows[0] ? this.runRow(rows[0]) : null;
  }

  async getRun(id: number): Promise<RunRecord | null> {
    if (!Number.isSafeInteger(id) || id < 1) return null;
    const rows = await this.db.query<Row>('SELECT * FROM runs WHERE id = $1', [id]);
    return rows[0] ? this.runRow(rows[0]) : null;
  }

  async listRuns(opts: { limit?: number; kind?: RunKind } = {}): Promise<RunRecord[]> {
    const limit = Math.max(1, Math.min(500, Math.floor(opts.limit ?? 50)));
    const rows = opts.kind
      ? await this.db.query<Row>(`SELECT * FROM runs WHERE kind = $1 ORDER BY id DESC LIMIT ${limit}`, [opts.kind])
      : await this.db.query<Row>(`SELECT * FROM runs ORDER BY id DESC LIMIT ${limit}`);
    return rows.map((r) => this.runRow(r));
  }

  async addRunCounters(id: number, c: RunCounters): Promise<void> {
    await this.db.query(
      `UPDATE runs SET stories_read = stories_read + $2, stories_new = stories_new + $3, stories_changed = stories_changed + $4,
         stories_skipped = stories_skipped + $5, stories_queued = stories_queued + $6, input_errors = input_errors + $7, updated_at = now()
       WHERE id = $1`,
      [id, c.storiesRead ?? 0, c.storiesNew ?? 0, c.storiesChanged ?? 0, c.storiesSkipped ?? 0, c.storiesQueued ?? 0, c.inputErrors ?? 0],
    );
  }

  /**
   * Adds stories to a run as queued (before they are handed to the pipeline); returns the ids
   * that were not in the run yet. The run's queued counter grows by exactly that many.
   */
  async markRunQueued(runId: number, storyIds: string[]): Promise<string[]> {
    if (storyIds.length === 0) return [];
    return this.db.tx(async (q) => {
      const rows = await q.query<{ story_id: string }>(
        `INSERT INTO run_items (run_id, story_id, outcome) SELECT $1, x.id, 'queued' FROM unnest($2::text[]) AS x(id)
         ON CONFLICT DO NOTHING RETURNING story_id`,
        [runId, [...new Set(storyIds)]],
      );
      if (rows.length) await q.query('UPDATE runs SET stories_queued = stories_queued + $2, updated_at = now() WHERE id = $1', [runId, rows.length]);
      return rows.map((r) => r.story_id);
    });
  }

  async updateRun(
    id: number,
    patch: { status?: RunStatus; inputComplete?: boolean; storiesTotal?: number | null; lastError?: string | null },
  ): Promise<RunRecord | null> {
    return this.db.tx(async (q) => {
      await q.query(
        `UPDATE runs SET status = COALESCE($2, status), input_complete = COALESCE($3, input_complete),
           stories_total = CASE WHEN $4::boolean THEN $5::integer ELSE stories_total END,
           last_error = CASE WHEN $6::boolean THEN $7 ELSE last_error END, updated_at = now(),
           finished_at = CASE WHEN $2 IN ('finished', 'failed') THEN now() ELSE finished_at END
         WHERE id = $1`,
        [
          id,
          patch.status ?? null,
          patch.inputComplete ?? null,
          'storiesTotal' in patch,
          patch.storiesTotal ?? null,
          'lastError' in patch,
          patch.lastError ?? null,
        ],
      );
      await this.finishIfDone(q, id);
      const rows = await q.query<Row>('SELECT * FROM runs WHERE id = $1', [id]);
      return rows[0] ? this.runRow(rows[0]) : null;
    });
  }

  async getCheckpoints(runId: number): Promise<Map<string, { position: number; done: boolean }>> {
    const rows = await this.db.query<{ input: string; position: string | number; done: boolean }>(
      'SELECT input, position, done FROM run_checkpoints WHERE run_id = $1',
      [runId],
    );
    return new Map(rows.map((r) => [r.input, { position: Number(r.position), done: Boolean(r.done) }]));
  }

  async saveCheckpoints(runId: number, items: CheckpointItem[], counters?: RunCounters): Promise<void> {
    await this.db.tx(async (q) => {
      if (items.length) {
        await q.query(
          `INSERT INTO run_checkpoints (run_id, input, position, done, error)
           SELECT $1, x.input, x.position, x.done, x.error FROM jsonb_to_recordset($2::jsonb) AS x(input text, position bigint, done boolean, error text)
           ON CONFLICT (run_id, input) DO UPDATE SET position = EXCLUDED.position, done = EXCLUDED.done, error = EXCLUDED.error`,
          [runId, JSON.stringify(items.map((c) => ({ input: c.input, position: c.position, done: c.done, error: c.error ?? null })))],
        );
      }
      if (counters) {
        await q.query(
          `UPDATE runs SET stories_read = stories_read + $2, stories_new = stories_new + $3, stories_changed = stories_changed + $4,
             stories_skipped = stories_skipped + $5, input_errors = input_errors + $6, updated_at = now() WHERE id = $1`,
          [runId, counters.storiesRead ?? 0, counters.storiesNew ?? 0, counters.storiesChanged ?? 0, counters.storiesSkipped ?? 0, counters.inputErrors ?? 0],
        );
      }
    });
  }

  async listLedger(query: LedgerQuery): Promise<LedgerPage> {
    const { params, p } = sqlParams();
    const where: string[] = ['s.yield_at IS NOT NULL'];
    if (query.yielded === 'none') where.push('s.yield_events = 0');
    if (query.yielded === 'some') where.push('s.yield_events > 0');
    if (query.reason) where.push(`s.yield_reason = ${p(query.reason)}`);
    if (query.feed) where.push(`s.feed_id = ${p(query.feed)}`);
    const base = where.join(' AND ');
    const countParams = [...params];
    const limit = Math.max(1, Math.min(500, Math.floor(query.limit ?? 50)));
    const pageWhere = query.after ? `${base} AND s.id > ${p(query.after)}` : base;
    const rows = await this.db.query<Row>(
      `SELECT s.id, s.feed_id, s.title, s.url, COALESCE(s.lang, s.detected_lang) AS lang, s.published_at, s.yield_events,
              s.yield_reason, s.yield_error, s.extractor_version, s.yield_at
       FROM stories s WHERE ${pageWhere} ORDER BY s.id LIMIT ${limit + 1}`,
      params,
    );
    const byFeed = await this.db.query<{ feed_id: string | null; n: string | number }>(
      `SELECT s.feed_id, count(*) AS n FROM stories s WHERE ${base} GROUP BY s.feed_id ORDER BY count(*) DESC, s.feed_id NULLS LAST`,
      countParams,
    );
    const byReason = await this.db.query<{ yield_reason: string | null; n: string | number }>(
      `SELECT s.yield_reason, count(*) AS n FROM stories s WHERE ${base} GROUP BY s.yield_reason ORDER BY count(*) DESC, s.yield_reason NULLS LAST`,
      countParams,
    );
    const page = rows.slice(0, limit);
    return {
      stories: page.map((r) => ({
        id: String(r.id),
        feedId: (r.feed_id as string) ?? null,
        title: (r.title as string) ?? null,
        url: (r.url as string) ?? null,
        lang: (r.lang as string) ?? null,
        published: iso(r.published_at),
        events: Number(r.yield_events ?? 0),
        reason: (r.yield_reason as string) ?? null,
        error: (r.yield_error as string) ?? null,
        extractorVersion: (r.extractor_version as string) ?? null,
        at: iso(r.yield_at),
      })),
      nextAfter: rows.length > limit && page.length ? String(page[page.length - 1]!.id) : null,
      total: byFeed.reduce((a, r) => a + Number(r.n), 0),
      byFeed: byFeed.map((r) => ({ feedId: r.feed_id ?? null, count: Number(r.n) })),
      byReason: byReason.map((r) => ({ reason: r.yield_reason ?? null, count: Number(r.n) })),
    };
  }

  async listEventChanges(afterId: string, limit: number): Promise<EventChange[]> {
    return listEventChanges(this.db, afterId, limit);
  }

  async lastEventChangeId(): Promise<string> {
    return lastEventChangeId(this.db);
  }

  async pruneEventChanges(olderThanSeconds: number): Promise<number> {
    return pruneEventChanges(this.db, olderThanSeconds);
  }

  async searchEntities(text: string, limit: number): Promise<EntitySummary[]> {
    return searchEntities(this.db, text, limit);
  }

  async getEntity(id: string): Promise<EntitySummary | null> {
    return getEntity(this.db, id);
  }

  async activity(): Promise<StoreActivity> {
    return storeActivity(this.db);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** Splits a migration script into statements (no dollar-quoting or semicolons inside literals). */
function splitSql(sql: string): string[] {
  return sql
    .split('\n')
    .filter((l) => !/^\s*--/.test(l))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
