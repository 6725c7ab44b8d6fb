import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Story, StoryResult, TimelineEvent, TemporalExpression, Dateline } from '../types.js';
import { matchKey } from '../text/match-key.js';
import { timexBounds, filterBounds } from '../timex.js';
import type { Db, Queryable } from './db.js';
import { mergeReports, participantKey, timelineEventId } from './merge-events.js';
import { InvalidCursorError, InvalidQueryError } from './store-errors.js';
import { recordEventChanges, listEventChanges, lastEventChangeId, pruneEventChanges, type EventChange } from './queries/event-changes.js';
import { searchEntities, getEntity, entityEventIdsSql, entityHasAtMost, type EntitySummary } from './queries/entities.js';
import { writeParticipants } from './queries/participants.js';
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
/**
 * Entities with at most this many events are listed by resolving their event ids first and
 * sorting them; beyond it, by walking events in date order (bench/api.bench.ts, issue 7).
 */
const ENTITY_SORT_MAX = 2000;

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

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
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
    return this.db.tx((q) => this.upsertStories(q, stories));
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
          'SELECT id, content_hash FROM stories WHERE id = ANY($1::text[]) FOR UPDATE',
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
    await q.query(
      `INSERT INTO stories (id, feed_id, url, guid, title, lang, published_at, published_raw, raw_text, content_hash, source)
       SELECT x.id, x.feed_id, x.url, x.guid, x.title, x.lang, x.published_at, x.published_raw, x.raw_text, x.content_hash, x.source
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, feed_id text, url text, guid text, title text, lang text,
         published_at timestamptz, published_raw text, raw_text text, content_hash text, source text)
       ON CONFLICT (id) DO UPDATE SET feed_id = COALESCE(stories.feed_id, EXCLUDED.feed_id), url = EXCLUDED.url,
         guid = EXCLUDED.guid, title = EXCLUDED.title, lang = EXCLUDED.lang, published_at = EXCLUDED.published_at,
         published_raw = EXCLUDED.published_raw, raw_text = EXCLUDED.raw_text, content_hash = EXCLUDED.content_hash,
         updated_at = now()`,
      [JSON.stringify(rows)],
    );
    await q.query(
      `INSERT INTO story_versions (story_id, content_hash, title, raw_text)
       SELECT x.id, x.content_hash, x.title, x.raw_text FROM jsonb_to_recordset($1::jsonb)
         AS x(id text, content_hash text, title text, raw_text text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows)],
    );
    return result;
  }

  async saveResult(result: StoryResult, opts: SaveResultOptions = {}): Promise<{ eventIds: string[]; diff: EventDiff }> {
    const { normalized, events } = result;
    const story = normalized.story;
    // The raw story and its extraction are written in one transaction.
    return this.db.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [lockKey('story:' + story.id)]);
      await this.upsertStories(q, [story]);
      await q.query(
        `UPDATE stories SET processed_at = now(), processed_hash = $2, extractor_version = $3, detected_lang = $4,
           dateline = $5::jsonb, reference = $6::jsonb WHERE id = $1`,
        [
          story.id,
          story.contentHash,
          result.extractorVersion,
          normalized.lang,
          JSON.stringify(normalized.dateline),
          JSON.stringify(normalized.reference),
        ],
      );

      await q.query('DELETE FROM temporal_expressions WHERE story_id = $1', [story.id]);
      if (normalized.dates.length) {
        await q.query(
          `INSERT INTO temporal_expressions (story_id, idx, start_offset, end_offset, text, value, grain, mod, role, data)
           SELECT $1, x.idx, x.start_offset, x.end_offset, x.text, x.value, x.grain, x.mod, x.role, x.data
           FROM jsonb_to_recordset($2::jsonb) AS x(idx int, start_offset int, end_offset int, text text, value text,
             grain text, mod text, role text, data jsonb)`,
          [
            story.id,
            JSON.stringify(
              normalized.dates.map((d, idx) => ({
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
            ),
          ],
        );
      }

      // Which timeline events this story touched before, and touches now.
      const before = (
        await q.query<{ event_id: string }>('SELECT DISTINCT event_id FROM event_sources WHERE story_id = $1', [story.id])
      ).map((r) => r.event_id);
      const reports = new Map<string, TimelineEvent[]>();
      for (const e of events) {
        if (!timexBounds(e.date.value)) continue; // never store an event we cannot place on the timeline
        const tid = timelineEventId(e);
        const list = reports.get(tid) ?? [];
        list.push(e);
        reports.set(tid, list);
      }
      const affected = [...new Set([...before, ...reports.keys()])].sort();
      for (const id of affected) await q.query('SELECT pg_advisory_xact_lock($1)', [lockKey('event:' + id)]);
      const snapshotBefore = await this.eventHashes(q, affected);

      await q.query('DELETE FROM event_sources WHERE story_id = $1', [story.id]);
      // Make sure every new timeline event row exists before its sources reference it.
      for (const [tid, list] of reports) {
        const e = mergeReports(tid, list);
        const b = timexBounds(e.date.value)!;
        await q.query(
          `INSERT INTO events (id, kind, title, date_value, date_grain, date_start, date_end, confidence, data, search)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10) ON CONFLICT (id) DO NOTHING`,
          [tid, e.kind, e.title, e.date.value, e.date.grain, b.start, b.end, e.confidence, JSON.stringify(e), eventSearchText(e)],
        );
      }
      const sourceRows = [...reports].flatMap(([tid, list]) =>
        list.map((e) => ({
          event_id: tid,
          story_event_id: e.id,
          sentence_start: e.evidence[0]?.start ?? null,
          sentence_end: e.evidence[0]?.end ?? null,
          evidence: e.evidence,
          data: e,
        })),
      );
      if (sourceRows.length) {
        await q.query(
          `INSERT INTO event_sources (event_id, story_id, story_event_id, sentence_start, sentence_end, evidence, data)
           SELECT x.event_id, $1, x.story_event_id, x.sentence_start, x.sentence_end, x.evidence, x.data
           FROM jsonb_to_recordset($2::jsonb) AS x(event_id text, story_event_id text, sentence_start int,
             sentence_end int, evidence jsonb, data jsonb)
           ON CONFLICT (event_id, story_id, story_event_id) DO UPDATE SET evidence = EXCLUDED.evidence, data = EXCLUDED.data`,
          [story.id, JSON.stringify(sourceRows)],
        );
      }
      await this.upsertEntities(q, events);
      if (affected.length) await this.recomputeEvents(q, affected);
      const snapshotAfter = await this.eventHashes(q, affected);
      const diff: EventDiff = { added: 0, removed: 0, changed: 0 };
      for (const id of affected) {
        const a = snapshotBefore.get(id);
        const b = snapshotAfter.get(id);
        if (a === undefined && b !== undefined) diff.added++;
        else if (a !== undefined && b === undefined) diff.removed++;
        else if (a !== undefined && a !== b) diff.changed++;
      }
      // The recall ledger: what this story yields now, and why nothing when nothing.
      const reason = yieldReason({
        lang: normalized.lang,
        storedEvents: reports.size,
        extractedEvents: events.length,
        diagnostics: result.diagnostics ?? null,
      });
      await q.query(
        'UPDATE stories SET yield_events = $2, yield_reason = $3, yield_error = NULL, yield_at = now() WHERE id = $1',
        [story.id, reports.size, reason],
      );
      if (opts.runId != null) await this.settleRunItem(q, opts.runId, story.id, 'stored', diff);
      return { eventIds: [...reports.keys()], diff };
    });
  }

  /** md5 of each existing timeline event's merged data, to tell added, removed and changed apart. */
  private async eventHashes(q: Queryable, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await q.query<{ id: string; h: string }>('SELECT id, md5(data::text) AS h FROM events WHERE id = ANY($1::text[])', [ids]);
    return new Map(rows.map((r) => [r.id, r.h]));
  }

  /**
   * Moves a story of a run to its final outcome and updates the run's counters exactly once
   * per transition (a redelivered job changes nothing), inside the caller's transaction.
   */
  private async settleRunItem(q: Queryable, runId: number, storyId: string, outcome: 'stored' | 'failed', diff?: EventDiff): Promise<void> {
    const prev = await q.query<{ outcome: string }>('SELECT outcome FROM run_items WHERE run_id = $1 AND story_id = $2 FOR UPDATE', [
      runId,
      storyId,
    ]);
    let queued = 0;
    if (prev.length === 0) {
      const ins = await q.query('INSERT INTO run_items (run_id, story_id, outcome) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1', [
        runId,
        storyId,
        outcome,
      ]);
      if (ins.length === 0) return this.settleRunItem(q, runId, storyId, outcome, diff);
      queued = 1;
    } else if (prev[0]!.outcome !== outcome) {
      await q.query('UPDATE run_items SET outcome = $3, at = now() WHERE run_id = $1 AND story_id = $2', [runId, storyId, outcome]);
    }
    const old = prev[0]?.outcome ?? null;
    const done = (outcome === 'stored' ? 1 : 0) - (old === 'stored' ? 1 : 0);
    const failed = (outcome === 'failed' ? 1 : 0) - (old === 'failed' ? 1 : 0);
    // Counters and, when this was the run's last story, its end: one statement on the run row.
    const last = `input_complete AND status IN ('running', 'enqueued') AND stories_done + $3 + stories_failed + $4 >= stories_queued + $2`;
    await q.query(
      `UPDATE runs SET stories_queued = stories_queued + $2, stories_done = stories_done + $3, stories_failed = stories_failed + $4,
         events_added = events_added + $5, events_removed = events_removed + $6, events_changed = events_changed + $7, updated_at = now(),
         status = CASE WHEN ${last} THEN 'finished' ELSE status END,
         finished_at = CASE WHEN ${last} THEN now() ELSE finished_at END
       WHERE id = $1`,
      [runId, queued, done, failed, diff?.added ?? 0, diff?.removed ?? 0, diff?.changed ?? 0],
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
    await q.query(
      `INSERT INTO entities (id, type, name, country)
       SELECT x.id, x.type, x.name, x.country FROM jsonb_to_recordset($1::jsonb) AS x(id text, type text, name text, country text)
       ON CONFLICT (id) DO UPDATE SET type = COALESCE(EXCLUDED.type, entities.type), name = EXCLUDED.name,
         country = COALESCE(EXCLUDED.country, entities.country), updated_at = now()`,
      [JSON.stringify([...ents.values()])],
    );
    await q.query(
      `INSERT INTO entity_aliases (entity_id, norm, alias, lang)
       SELECT x.entity_id, x.norm, x.alias, x.lang FROM jsonb_to_recordset($1::jsonb)
         AS x(entity_id text, norm text, alias text, lang text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify([...aliases.values()])],
    );
  }

  /** Rebuilds merged timeline events from their remaining sources; drops orphans. */
  private async recomputeEvents(q: Queryable, ids: string[]): Promise<void> {
    const rows = await q.query<{ event_id: string; data: unknown }>(
      'SELECT event_id, data FROM event_sources WHERE event_id = ANY($1::text[]) ORDER BY event_id, story_id, story_event_id',
      [ids],
    );
    const byEvent = new Map<string, TimelineEvent[]>();
    for (const r of rows) {
      const list = byEvent.get(r.event_id) ?? [];
      list.push(json<TimelineEvent>(r.data));
      byEvent.set(r.event_id, list);
    }
    const orphans = ids.filter((id) => !byEvent.has(id));
    if (orphans.length) await q.query('DELETE FROM events WHERE id = ANY($1::text[])', [orphans]);
    if (byEvent.size === 0) {
      await recordEventChanges(q, { candidates: [], updated: [], deleted: orphans });
      return;
    }
    const merged = [...byEvent].map(([id, list]) => mergeReports(id, list));
    const eventRows = merged.map((e) => {
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
    });
    const updatedRows = await q.query<{ id: string }>(
      `UPDATE events AS ev SET kind = x.kind, title = x.title, date_value = x.date_value, date_grain = x.date_grain,
         date_start = x.date_start, date_end = x.date_end, confidence = x.confidence, data = x.data, search = x.search,
         updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, kind text, title text, date_value text, date_grain text,
         date_start date, date_end date, confidence real, data jsonb, search text)
       WHERE ev.id = x.id AND ev.data IS DISTINCT FROM x.data
       RETURNING ev.id`,
      [JSON.stringify(eventRows)],
    );
    const ids2 = merged.map((e) => e.id);
    // The change log (live stream, webhooks), in this same transaction.
    await recordEventChanges(q, { candidates: ids2, updated: updatedRows.map((r) => r.id), deleted: orphans });
    await writeParticipants(q, merged);
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
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const fromB = query.from ? filterBounds(query.from) : null;
    if (query.from && !fromB) throw new InvalidQueryError('from', query.from, 'expected YYYY, YYYY-MM or YYYY-MM-DD');
    const toB = query.to ? filterBounds(query.to) : null;
    if (query.to && !toB) throw new InvalidQueryError('to', query.to, 'expected YYYY, YYYY-MM or YYYY-MM-DD');
    addDateRange(fromB?.start ?? null, toB?.end ?? null, where, p);
    if (query.kind?.length) where.push(`e.kind = ANY(${p(query.kind)}::text[])`);
    // An entity with few events: its event ids are resolved first (index lookups), then joined and sorted.
    // A popular one: events are walked in date order and their participants probed (stops at the page).
    let entityCte = '';
    if (query.entity) {
      const raw = query.entity;
      const norm = matchKey(raw);
      if (await entityHasAtMost(this.db, raw, norm, ENTITY_SORT_MAX)) {
        entityCte = `WITH ent AS MATERIALIZED (${entityEventIdsSql(p(raw), p(norm))})`;
      } else {
        const rawP = p(raw);
        const normP = p(norm);
        where.push(`e.id IN (SELECT ep.event_id FROM event_participants ep WHERE ep.key = ${rawP} OR ep.norm_name = ${normP}
          OR ep.key IN (SELECT ea.entity_id FROM entity_aliases ea WHERE ea.norm = ${normP}))`);
      }
    }
    if (query.q) {
      const norm = matchKey(query.q);
      if (norm) where.push(`e.search LIKE ${p('%' + escapeLike(norm) + '%')}`);
    }
    addEventFilters(query, where, p);
    const order = query.order === 'asc' ? 'asc' : 'desc';
    if (query.cursor) {
      const [d, id] = decodeCursor(query.cursor);
      where.push(`(e.date_start, e.id) ${order === 'asc' ? '>' : '<'} (${p(d)}::date, ${p(id)})`);
    }
    const limit = Math.max(1, Math.min(500, Math.floor(query.limit ?? 50)));
    const sql = `${entityCte} SELECT e.id, to_char(e.date_start, 'YYYY-MM-DD') AS date_start, e.data, e.created_at, e.updated_at
      FROM ${entityCte ? 'ent JOIN events e ON e.id = ent.event_id' : 'events e'}
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
    const rows = await this.db.query<Row>('SELECT id, data, created_at, updated_at FROM events WHERE id = $1', [id]);
    const r = rows[0];
    if (!r) return null;
    const sources = await this.sourcesFor([id]);
    return this.eventFromRow(r, sources.get(id) ?? []);
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
      if (runId != null) await this.settleRunItem(q, runId, storyId, 'failed');
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
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
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
    const params: unknown[] = [];
    const where = this.selectionWhere(sel, (v) => {
      params.push(v);
      return `$${params.length}`;
    });
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
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
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
