/**
 * The query shapes of `listEvents` after migration 006 (issue 7, part 3) on a real PostgreSQL
 * server (own schema) and on PGlite: an entity's page read from the participants index
 * (by id, normalized name, alias → entity ids; asc/desc, cursors, from/to, other filters) and
 * full text `q=` on the trigram index return exactly what a straightforward reference query
 * returns; EXPLAIN shows the new indexes in use on a few thousand analyzed rows; the store
 * migrates and answers `q=` without pg_trgm; `writeParticipants` copies the event's start day;
 * migration 006 fills it in for participant rows already stored.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgDb, openPgliteDb, type Db, type Queryable } from '../../src/store/db.js';
import { PgStore } from '../../src/store/pg-store.js';
import { writeParticipants } from '../../src/store/queries/participants.js';
import type { EventQuery } from '../../src/store/store.js';
import { matchKey } from '../../src/text/match-key.js';
import { filterBounds } from '../../src/timex.js';
import type { TimelineEvent } from '../../src/types.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../helpers/services.js';

const N = 4000;
/** Entities Q100…Q139: Q100 is in every third event, Q101…Q139 in ≈100 each. */
const ENTITIES = 40;

/** A Db that remembers the statements sent through it (to EXPLAIN the store's own SQL). */
function recording(db: Db): Db & { sent: Array<{ sql: string; params: unknown[] }> } {
  const sent: Array<{ sql: string; params: unknown[] }> = [];
  return {
    sent,
    kind: db.kind,
    async query<T>(sql: string, params?: unknown[]) {
      sent.push({ sql, params: params ?? [] });
      return db.query<T>(sql, params);
    },
    exec: (sql) => db.exec(sql),
    tx: (fn) => db.tx(fn),
    close: () => db.close(),
  };
}

/** Loads N events with ties on start days, long spans, participants (incl. a name shared by two keys) and aliases. */
async function seed(db: Db): Promise<void> {
  const names = Array.from({ length: ENTITIES }, (_, i) => (i === 1 ? 'Grace Hopper' : `Person ${i}`));
  await db.query(
    `INSERT INTO entities (id, type, name) SELECT 'Q' || (100 + i), 'person', ($1::text[])[i + 1] FROM generate_series(0, ${ENTITIES - 1}) i`,
    [names],
  );
  const aliases: Array<[string, string]> = [
    ['Q100', 'グレース・ホッパー'],
    ['Q101', 'Grace Hopper'],
    ['Q102', 'The Minister'],
    ['Q103', 'the minister'],
    ...Array.from({ length: 35 }, (_, i) => [`Q${104 + i}`, 'Common Name'] as [string, string]),
  ];
  for (const [id, alias] of aliases) {
    await db.query(`INSERT INTO entity_aliases (entity_id, norm, alias) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [id, matchKey(alias), alias]);
  }
  // ≈2.7 events a start day (ties broken by id); some span a month, 400 days or ≈8 years.
  await db.query(
    `INSERT INTO events (id, kind, title, date_value, date_grain, date_start, date_end, confidence, data, search)
     SELECT id, (ARRAY['meeting', 'visit', 'call', 'statement', 'protest'])[g % 5 + 1], 'e', d::text, 'day', d, d + span, 0.5 + (g % 50) / 100.0,
       jsonb_build_object('id', id, 'kind', 'meeting', 'title', 'e', 'participants', '[]'::jsonb, 'evidence', '[]'::jsonb,
         'confidence', 0.5, 'location', null, 'date', jsonb_build_object('value', d::text, 'grain', 'day', 'basis', 'expression', 'text', d::text)),
       concat_ws(' ', 'event', 'w' || (g % 13), 'n' || g,
         CASE WHEN g % 3 = 0 THEN 'alpha' END,
         CASE WHEN g % 101 = 0 THEN 'zyxwv rare' END,
         CASE WHEN g % 29 = 0 THEN 'グレース ホッパー' END,
         CASE WHEN g % 211 = 0 THEN '50% off' WHEN g % 223 = 0 THEN 'snake_case' WHEN g % 227 = 0 THEN 'back\\slash' END)
     FROM generate_series(1, ${N}) g,
       LATERAL (SELECT 'ev_' || lpad(g::text, 5, '0') AS id, '2000-01-01'::date + (g * 7919 % 1500) * 6 AS d,
         CASE WHEN g % 97 = 0 THEN 3000 WHEN g % 50 = 0 THEN 400 WHEN g % 7 = 0 THEN 30 ELSE 0 END AS span) x`,
  );
  await db.query(
    `INSERT INTO event_participants (event_id, key, norm_name, role, date_start)
     SELECT e.id, p.key, p.norm, 'actor', e.date_start
     FROM events e, LATERAL (SELECT substr(e.id, 4)::int AS g) n,
       LATERAL (
         SELECT 'Q100' AS key, 'person 0' AS norm WHERE n.g % 3 = 0
         UNION ALL SELECT 'Q' || (101 + n.g % 39), CASE WHEN n.g % 39 = 0 THEN 'grace hopper' ELSE 'person ' || (1 + n.g % 39) END
         UNION ALL SELECT 'n:grace hopper', 'grace hopper' WHERE n.g % 17 = 0
         UNION ALL SELECT 'n:ada lovelace', 'ada lovelace' WHERE n.g % 11 = 0
       ) p`,
  );
  // VACUUM too: it moves the rows inserted after the GIN index was created out of its pending list.
  await db.query('VACUUM ANALYZE');
}

/** The entity condition of the old query shape (before 005/006): the reference. */
const ENTITY_REF = `e.id IN (SELECT ep.event_id FROM event_participants ep WHERE ep.key = $1 OR ep.norm_name = $2
  OR ep.key IN (SELECT ea.entity_id FROM entity_aliases ea WHERE ea.norm = $2))`;

/** Reference ids for a query: plain conditions on events, no index-shaped rewrites, sorted in full. */
async function reference(db: Queryable, q: EventQuery): Promise<string[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  if (q.entity) {
    p(q.entity);
    p(matchKey(q.entity));
    where.push(ENTITY_REF);
  }
  if (q.from) where.push(`e.date_end >= ${p(filterBounds(q.from)!.start)}::date`);
  if (q.to) where.push(`e.date_start <= ${p(filterBounds(q.to)!.end)}::date`);
  if (q.kind?.length) where.push(`e.kind = ANY(${p(q.kind)}::text[])`);
  if (q.q && matchKey(q.q)) where.push(`strpos(e.search, ${p(matchKey(q.q))}) > 0`);
  const order = q.order === 'asc' ? 'asc' : 'desc';
  const rows = await db.query<{ id: string }>(
    `SELECT e.id FROM events e ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY e.date_start ${order}, e.id ${order}`,
    params,
  );
  return rows.map((r) => r.id);
}

/** Every page of a query (or the first `maxPages`), walked by cursor. */
async function walk(store: PgStore, q: EventQuery, limit: number, maxPages = Infinity): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < Math.min(maxPages, 2000); i++) {
    const page = await store.listEvents({ ...q, limit, cursor });
    out.push(...page.events.map((e) => e.id));
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  if (maxPages <= 2000) return out;
  throw new Error('paging did not end');
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };

/** The plan nodes (depth first) of the last statement sent that contains `marker`. */
async function planOf(db: Db & { sent: Array<{ sql: string; params: unknown[] }> }, marker: string): Promise<PlanNode[]> {
  const st = [...db.sent].reverse().find((s) => s.sql.includes(marker));
  if (!st) throw new Error(`no statement with ${marker}`);
  const rows = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${st.sql}`, st.params);
  const raw = rows[0]!['QUERY PLAN'];
  const top = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  const out: PlanNode[] = [];
  const visit = (n: PlanNode) => (out.push(n), n.Plans?.forEach(visit));
  visit(top[0]!.Plan);
  return out;
}

const indexesUsed = (plan: PlanNode[]) => plan.map((n) => n['Index Name']).filter(Boolean);
const seqScanned = (plan: PlanNode[]) => plan.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']);

const ENTITY_CASES: Array<[string, number]> = [
  ['Q100', 1333], // popular, by id
  ['Person 0', 1333], // by normalized name
  ['グレース・ホッパー', 1333], // by alias in another script → Q100
  ['Grace Hopper', 0], // name of two keys (Q101, n:grace hopper) + alias → Q101: repeats dropped
  ['the minister', 0], // alias of two entities
  ['Common Name', 0], // alias of 35 entities (one unordered branch)
  ['n:ada lovelace', 0], // a participant key
  ['ADA  lovelace', 0], // a normalized name
  ['Nobody Known', 0],
];

for (const backend of ['postgres', 'pglite'] as const) {
  describe(`listEvents query shapes on ${backend}`, () => {
    const schema = uniqueSchema();
    let db: Db & { sent: Array<{ sql: string; params: unknown[] }> };
    let store: PgStore;

    beforeAll(async () => {
      db = recording(backend === 'postgres' ? await openPgDb(TEST_DATABASE_URL, schema, 4) : await openPgliteDb(null, null));
      store = new PgStore(db);
      await store.migrate();
      await seed(db);
    }, 120_000);

    afterAll(async () => {
      await store?.close();
      if (backend === 'postgres') await dropSchema(schema);
    });

    it('has the participant date indexes and the trigram index', async () => {
      const rows = await db.query<{ n: string }>(
        `SELECT c.relname AS n FROM pg_class c WHERE c.relkind = 'i' AND c.relnamespace = current_schema()::regnamespace
           AND c.relname IN ('event_participants_key_date_idx', 'event_participants_norm_date_idx', 'events_search_trgm_idx',
             'event_participants_key_event_idx', 'event_participants_norm_event_idx') ORDER BY 1`,
      );
      expect(rows.map((r) => r.n)).toEqual(['event_participants_key_date_idx', 'event_participants_norm_date_idx', 'events_search_trgm_idx']);
      // Idempotent: migrating again finds everything in place.
      await store.migrate();
    });

    it.each(ENTITY_CASES)('entity=%s: every page in both orders equals the reference', async (entity, size) => {
      for (const order of ['asc', 'desc'] as const) {
        const expected = await reference(db, { entity, order });
        if (size) expect(expected.length).toBe(size);
        expect(new Set(expected).size).toBe(expected.length);
        expect(await walk(store, { entity, order }, expected.length > 500 ? 200 : 7)).toEqual(expected);
      }
    });

    it('finds the events of a name shared by two keys once each', async () => {
      const ids = await walk(store, { entity: 'Grace Hopper' }, 5);
      expect(ids.length).toBeGreaterThan(100);
      expect(new Set(ids).size).toBe(ids.length);
      // Events with both Q101 (grace hopper) and n:grace hopper are there.
      expect(ids).toContain('ev_00663');
    });

    it.each([
      [{ entity: 'Q100', from: '2010', to: '2010', order: 'asc' }],
      [{ entity: 'Q100', from: '2010-03', order: 'desc' }],
      [{ entity: 'Q100', to: '2001', order: 'desc' }],
      [{ entity: 'グレース・ホッパー', from: '2005', to: '2006', kind: ['meeting', 'visit'], order: 'desc' }],
      [{ entity: 'Grace Hopper', from: '2003-06-15', to: '2003-06-15', order: 'asc' }],
      [{ entity: 'the minister', from: '2012', order: 'asc' }],
      [{ entity: 'Q100', q: 'alpha w3', order: 'desc' }],
      [{ entity: 'Person 0', q: 'zyxwv', order: 'asc' }],
    ] satisfies Array<[EventQuery]>)('entity with filters %j equals the reference', async (q) => {
      const expected = await reference(db, q);
      expect(await walk(store, q, 6)).toEqual(expected);
    });

    it('keeps events that started years before the range (long spans) in an entity page', async () => {
      const q: EventQuery = { entity: 'Q100', from: '2015', to: '2015', order: 'asc' };
      const expected = await reference(db, q);
      const long = await db.query<{ id: string }>(
        `SELECT e.id FROM events e JOIN event_participants ep ON ep.event_id = e.id AND ep.key = 'Q100'
         WHERE e.date_start < '2014-01-01' AND e.date_end >= '2015-01-01'`,
      );
      expect(long.length).toBeGreaterThan(0);
      for (const r of long) expect(expected).toContain(r.id);
      expect(await walk(store, q, 10)).toEqual(expected);
    });

    it.each([
      ['zyxwv', 'desc'],
      ['ZYXWV Rare', 'asc'],
      ['alpha', 'desc'],
      ['n12', 'asc'],
      ['w1', 'desc'], // 2 characters: no trigram
      ['a', 'asc'], // 1 character
      ['グレース', 'desc'],
      ['50%', 'asc'], // LIKE-special characters fold to spaces in matchKey; the rest still matches
      ['snake_case', 'asc'],
      ['back\\slash', 'desc'],
      ['%', 'desc'], // nothing left after matchKey: no condition
      ['_', 'asc'],
      ['\\', 'asc'],
      ['no such words', 'desc'],
    ] as const)('q=%s order=%s equals the reference', async (text, order) => {
      const expected = await reference(db, { q: text, order });
      const limit = expected.length > 600 ? 250 : expected.length > 50 ? 50 : 7;
      expect(await walk(store, { q: text, order }, limit)).toEqual(expected);
    });

    it('combines q= with from/to, kind and a cursor', async () => {
      const q: EventQuery = { q: 'alpha', from: '2008', to: '2012', kind: ['meeting', 'call'], order: 'asc' };
      const expected = await reference(db, q);
      expect(expected.length).toBeGreaterThan(20);
      expect(await walk(store, q, 9)).toEqual(expected);
    });

    // The participants are read in index order, stopped at the page (a Limit above each branch; no
    // sort of an entity's events). The final join of the ≤ 51 ids to events may hash a small table.
    it('reads an entity page by id from the participants key index, by name from the name index', async () => {
      await store.listEvents({ entity: 'Q100', order: 'asc' });
      const byId = await planOf(db, 'FROM event_participants ep JOIN events e');
      expect(indexesUsed(byId)).toContain('event_participants_key_date_idx');
      expect(seqScanned(byId)).not.toContain('event_participants');
      expect(byId.some((n) => n['Node Type'] === 'Merge Append' || n['Node Type'] === 'Append')).toBe(true);
      await store.listEvents({ entity: 'Person 0', from: '2010', to: '2012', order: 'desc' });
      const byName = await planOf(db, 'FROM event_participants ep JOIN events e');
      expect(indexesUsed(byName)).toContain('event_participants_norm_date_idx');
      expect(seqScanned(byName)).not.toContain('event_participants');
    });

    it('answers q= of 3 or more characters from the trigram index', async () => {
      await store.listEvents({ q: 'zyxwv rare' });
      const plan = await planOf(db, 'e.search LIKE');
      expect(indexesUsed(plan)).toContain('events_search_trgm_idx');
      expect(seqScanned(plan)).toEqual([]);
    });

    it('writes the event start day with each participant row', async () => {
      const base = { kind: 'meeting', title: 't', location: null, evidence: [], confidence: 0.5 } as const;
      const evs = [
        { ...base, id: 'ev_wp_month', date: { value: '2019-07', grain: 'month', basis: 'expression', text: 'July' } },
        { ...base, id: 'ev_wp_week', date: { value: '2019-W48', grain: 'week', basis: 'expression', text: 'that week' } },
      ].map((e) => ({ ...e, participants: [{ name: 'Ada Lovelace' }, { name: 'X', id: 'Q100' }] })) as unknown as TimelineEvent[];
      for (const [id, start] of [['ev_wp_month', '2019-07-01'], ['ev_wp_week', '2019-11-25']] as const) {
        await db.query(
          `INSERT INTO events (id, kind, title, date_value, date_grain, date_start, date_end, confidence, data)
           VALUES ($1, 'meeting', 't', 'x', 'day', $2::date, $2::date, 0.5, '{}'::jsonb)`,
          [id, start],
        );
      }
      await db.tx((q) => writeParticipants(q, evs));
      const rows = await db.query<{ event_id: string; key: string; d: string }>(
        `SELECT ep.event_id, ep.key, to_char(ep.date_start, 'YYYY-MM-DD') AS d FROM event_participants ep
         WHERE ep.event_id LIKE 'ev\\_wp\\_%' ORDER BY 1, 2`,
      );
      expect(rows).toEqual([
        { event_id: 'ev_wp_month', key: 'Q100', d: '2019-07-01' },
        { event_id: 'ev_wp_month', key: 'n:ada lovelace', d: '2019-07-01' },
        { event_id: 'ev_wp_week', key: 'Q100', d: '2019-11-25' },
        { event_id: 'ev_wp_week', key: 'n:ada lovelace', d: '2019-11-25' },
      ]);
      await db.query(`DELETE FROM events WHERE id LIKE 'ev\\_wp\\_%'`);
    });
  });
}

describe('store without pg_trgm (PGlite opened without the contrib)', () => {
  it('migrates with a warning and still answers q=', async () => {
    const pg = await PGlite.create();
    const db: Db = {
      kind: 'pglite',
      query: async <T>(sql: string, params?: unknown[]) => (await pg.query<T>(sql, params)).rows,
      exec: async (sql: string) => void (await pg.exec(sql)),
      tx: <T>(fn: (q: Queryable) => Promise<T>) =>
        pg.transaction((t) => fn({ query: async <R>(sql: string, params?: unknown[]) => (await t.query<R>(sql, params)).rows })),
      close: () => pg.close(),
    };
    const warnings: Array<{ code?: string }> = [];
    const onWarning = (w: Error & { code?: string }) => warnings.push(w);
    process.on('warning', onWarning);
    const store = new PgStore(db);
    try {
      await store.migrate();
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings.map((w) => w.code)).toContain('TL_ERR_NO_TRGM');
      expect((await db.query<{ ok: boolean }>(`SELECT to_regclass('events_search_trgm_idx') IS NULL AS ok`))[0]?.ok).toBe(true);
      const versions = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((v) => Number(v.version))).toContain(6);
      await db.query(
        `INSERT INTO events (id, kind, title, date_value, date_grain, date_start, date_end, confidence, data, search)
         VALUES ('ev_a', 'meeting', 't', '2020-01-01', 'day', '2020-01-01', '2020-01-01', 0.5, '{"id":"ev_a"}', 'alpha beta'),
                ('ev_b', 'meeting', 't', '2020-01-02', 'day', '2020-01-02', '2020-01-02', 0.5, '{"id":"ev_b"}', 'gamma')`,
      );
      expect((await store.listEvents({ q: 'Beta' })).events.map((e) => e.id)).toEqual(['ev_a']);
    } finally {
      process.off('warning', onWarning);
      await store.close();
    }
  });
});

describe('migration 006 on a store with participants', () => {
  it('fills date_start from the events and replaces the participant indexes', async () => {
    const db = await openPgliteDb(null, null);
    const store = new PgStore(db);
    try {
      await store.migrate();
      // Back to the schema before 006, with rows in it.
      await db.exec(`
        DROP INDEX events_search_trgm_idx;
        DROP INDEX event_participants_key_date_idx;
        DROP INDEX event_participants_norm_date_idx;
        ALTER TABLE event_participants DROP COLUMN date_start;
        CREATE INDEX event_participants_key_event_idx ON event_participants (key, event_id);
        CREATE INDEX event_participants_norm_event_idx ON event_participants (norm_name, event_id);
        DELETE FROM schema_migrations WHERE version = 6;
        INSERT INTO events (id, kind, title, date_value, date_grain, date_start, date_end, confidence, data)
        VALUES ('ev_a', 'meeting', 't', '2019-07', 'month', '2019-07-01', '2019-07-31', 0.5, '{"id":"ev_a"}'),
               ('ev_b', 'meeting', 't', '2020-02-03', 'day', '2020-02-03', '2020-02-03', 0.5, '{"id":"ev_b"}');
        INSERT INTO event_participants (event_id, key, norm_name) VALUES ('ev_a', 'Q1', 'a'), ('ev_b', 'Q1', 'a'), ('ev_b', 'Q2', 'b');`);
      await store.migrate();
      const rows = await db.query<{ event_id: string; key: string; d: string }>(
        `SELECT event_id, key, to_char(date_start, 'YYYY-MM-DD') AS d FROM event_participants ORDER BY 1, 2`,
      );
      expect(rows).toEqual([
        { event_id: 'ev_a', key: 'Q1', d: '2019-07-01' },
        { event_id: 'ev_b', key: 'Q1', d: '2020-02-03' },
        { event_id: 'ev_b', key: 'Q2', d: '2020-02-03' },
      ]);
      const ix = await db.query<{ n: string }>(`SELECT indexname AS n FROM pg_indexes WHERE tablename IN ('event_participants', 'events') ORDER BY 1`);
      expect(ix.map((r) => r.n)).toEqual(
        expect.arrayContaining(['event_participants_key_date_idx', 'event_participants_norm_date_idx', 'events_search_trgm_idx']),
      );
      expect(ix.map((r) => r.n)).not.toContain('event_participants_key_event_idx');
      expect((await store.listEvents({ entity: 'Q1', order: 'asc' })).events.map((e) => e.id)).toEqual(['ev_a', 'ev_b']);
    } finally {
      await store.close();
    }
  });
});
