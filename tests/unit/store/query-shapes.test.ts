/**
 * The rewritten query shapes of `listEvents` (issue 7) return exactly what the
 * plain overlap and participant conditions return: events whose span overlaps
 * a `from`/`to` range even when they started years earlier, and an entity's
 * events found by id, participant name or alias. Runs on in-memory PGlite
 * (the real PostgreSQL server is exercised by tests/integration/store.test.ts,
 * tests/integration/store-queries.test.ts and bench/api.bench.ts); the oracle is
 * a direct SQL query of the old shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteDb, type Db } from '../../../src/store/db.js';
import { PgStore } from '../../../src/store/pg-store.js';
import type { EventQuery } from '../../../src/store/store.js';
import { matchKey } from '../../../src/text/match-key.js';

let db: Db;
const POPULAR = 5200;
let store: PgStore;

/** Events with fixed dates; a few span several years. */
const EVENTS: Array<{ id: string; start: string; end: string; who: string[] }> = [
  { id: 'ev_long_2015_2022', start: '2015-03-01', end: '2022-06-30', who: ['Q1'] },
  { id: 'ev_long_2019_2020', start: '2019-06-01', end: '2020-02-15', who: ['n:ada lovelace'] },
  { id: 'ev_long_2020_2030', start: '2020-12-31', end: '2030-01-01', who: ['Q2'] },
  { id: 'ev_ends_2019', start: '2018-01-01', end: '2019-12-31', who: ['Q1'] },
  { id: 'ev_starts_2021', start: '2021-01-01', end: '2021-01-01', who: ['Q1'] },
];
for (let i = 0; i < 60; i++) {
  const d = new Date(Date.UTC(2018, 0, 1) + i * 19 * 86_400_000).toISOString().slice(0, 10);
  EVENTS.push({ id: `ev_day_${String(i).padStart(2, '0')}`, start: d, end: d, who: i % 4 === 0 ? ['Q1', 'Q2'] : i % 5 === 0 ? ['n:ada lovelace'] : ['Q2'] });
}

function doc(e: (typeof EVENTS)[number]) {
  return {
    id: e.id, kind: 'meeting', title: e.id,
    date: { value: e.start, grain: 'day', basis: 'expression', text: e.start },
    participants: [], location: null, evidence: [], confidence: 0.9,
  };
}

beforeAll(async () => {
  db = await openPgliteDb(null, null);
  store = new PgStore(db);
  await store.migrate();
  await db.query(`INSERT INTO entities (id, type, name) VALUES ('Q1', 'person', 'Grace Hopper'), ('Q2', 'person', 'Alan Turing')`);
  await db.query(`INSERT INTO entity_aliases (entity_id, norm, alias) VALUES ('Q1', $1, 'グレース・ホッパー')`, [matchKey('グレース・ホッパー')]);
  for (const e of EVENTS) {
    await db.query(
      `INSERT INTO events (id, kind, title, date_value, date_grain, date_start, date_end, confidence, data, search)
       VALUES ($1::text, 'meeting', $1::text, $2::text, 'day', $2::date, $3::date, 0.9, $4::jsonb, $1::text)`,
      [e.id, e.start, e.end, JSON.stringify(doc(e))],
    );
    for (const k of e.who) {
      const name = k === 'Q1' ? 'Grace Hopper' : k === 'Q2' ? 'Alan Turing' : 'Ada Lovelace';
      await db.query(`INSERT INTO event_participants (event_id, key, norm_name, role, date_start) VALUES ($1, $2, $3, 'actor', $4::date)`, [e.id, k, matchKey(name), e.start]);
    }
  }
  // A popular entity: thousands of events, paged from the participants index in date order (migration 006).
  await db.query(
    `INSERT INTO events (id, kind, title, date_value, date_grain, date_start, date_end, confidence, data, search)
     SELECT 'ev_pop_' || lpad(g::text, 5, '0'), 'visit', 'pop', d::text, 'day', d, d + (g % 3), 0.5,
       jsonb_build_object('id', 'ev_pop_' || lpad(g::text, 5, '0'), 'kind', 'visit', 'title', 'pop', 'participants', '[]'::jsonb,
         'evidence', '[]'::jsonb, 'confidence', 0.5, 'location', null,
         'date', jsonb_build_object('value', d::text, 'grain', 'day', 'basis', 'expression', 'text', d::text)), 'pop'
     FROM generate_series(1, ${POPULAR}) g, LATERAL (SELECT '2016-01-01'::date + (g * 7 % 3650) AS d) x`,
  );
  await db.query(
    `INSERT INTO event_participants (event_id, key, norm_name, role, date_start)
     SELECT e.id, 'Q9', 'popular person', 'actor', e.date_start FROM events e WHERE e.id LIKE 'ev\\_pop\\_%'`,
  );
}, 60_000);

afterAll(async () => {
  await store?.close();
});

/** Every page of a query (or the first `maxPages`), walked by cursor with `limit` events a page. */
async function allIds(q: EventQuery, maxPages = Infinity, limit = 7): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < Math.min(maxPages, 1000); i++) {
    const page = await store.listEvents({ ...q, limit, cursor });
    out.push(...page.events.map((e) => e.id));
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  if (maxPages <= 1000) return out;
  throw new Error('paging did not end');
}

/** The old query shape, as the oracle. */
async function oracle(where: string, params: unknown[], order: 'asc' | 'desc'): Promise<string[]> {
  const rows = await db.query<{ id: string }>(`SELECT e.id FROM events e WHERE ${where} ORDER BY e.date_start ${order}, e.id ${order}`, params);
  return rows.map((r) => r.id);
}

describe('listEvents date range', () => {
  it.each([
    ['2020', '2020', 'asc'],
    ['2020', '2020', 'desc'],
    ['2020-01', '2020-02', 'asc'],
    ['2019-12-31', '2019-12-31', 'asc'],
    ['2021', '2021', 'asc'],
  ] as const)('from=%s to=%s order=%s matches the overlap condition', async (from, to, order) => {
    const { filterBounds } = await import('../../../src/timex.js');
    const f = filterBounds(from)!;
    const t = filterBounds(to)!;
    const expected = await oracle('e.date_end >= $1::date AND e.date_start <= $2::date', [f.start, t.end], order);
    expect(expected.length).toBeGreaterThan(0);
    expect(await allIds({ from, to, order })).toEqual(expected);
  });

  it('returns events that started years before the range and overlap it', async () => {
    const ids = await allIds({ from: '2020', to: '2020', order: 'asc' });
    expect(ids.slice(0, 2)).toEqual(['ev_long_2015_2022', 'ev_long_2019_2020']);
    expect(ids).toContain('ev_long_2020_2030');
    expect(ids).not.toContain('ev_ends_2019');
    expect(ids).not.toContain('ev_starts_2021');
  });

  it('keeps from-only queries complete', async () => {
    const expected = await oracle(`e.date_end >= '2021-06-01'::date`, [], 'asc');
    const ids = await allIds({ from: '2021-06', order: 'asc' }, Infinity, 500);
    expect(ids).toEqual(expected);
    expect(await allIds({ from: '2021-06', order: 'asc' }, 3)).toEqual(expected.slice(0, 21));
    expect(ids[0]).toBe('ev_long_2015_2022');
  });
});

describe('listEvents entity', () => {
  const old = `e.id IN (SELECT ep.event_id FROM event_participants ep WHERE ep.key = $1 OR ep.norm_name = $2
    OR ep.key IN (SELECT ea.entity_id FROM entity_aliases ea WHERE ea.norm = $2))`;

  it.each([
    ['Q1', 'asc'],
    ['Q2', 'desc'],
    ['Ada Lovelace', 'asc'],
    ['ada  LOVELACE', 'desc'],
    ['グレース・ホッパー', 'asc'],
    ['Nobody Known', 'asc'],
  ] as const)('entity=%s order=%s matches the participant condition', async (entity, order) => {
    const expected = await oracle(old, [entity, matchKey(entity)], order);
    expect(await allIds({ entity, order })).toEqual(expected);
  });

  it.each([
    ['Q9', 'asc'],
    ['Popular Person', 'desc'],
  ] as const)('popular entity=%s order=%s pages like the participant condition', async (entity, order) => {
    const expected = await oracle(old, [entity, matchKey(entity)], order);
    expect(expected.length).toBe(POPULAR);
    expect(await allIds({ entity, order }, 4)).toEqual(expected.slice(0, 28));
  });

  it('popular entity with a date range matches the participant and overlap conditions', async () => {
    const expected = await oracle(`${old} AND e.date_end >= $3::date AND e.date_start <= $4::date`, ['Q9', 'q9', '2020-03-01', '2020-03-31'], 'asc');
    expect(expected.length).toBeGreaterThan(7);
    expect(await allIds({ entity: 'Q9', from: '2020-03', to: '2020-03', order: 'asc' })).toEqual(expected);
  });

  it('finds an entity by name, by alias and by id, each event once', async () => {
    const byName = await allIds({ entity: 'Ada Lovelace', order: 'asc' });
    expect(byName).toContain('ev_long_2019_2020');
    expect(byName.length).toBe(1 + EVENTS.filter((e) => e.id.startsWith('ev_day') && e.who.includes('n:ada lovelace')).length);
    const byAlias = await allIds({ entity: 'グレース・ホッパー', order: 'asc' });
    expect(byAlias).toEqual(await allIds({ entity: 'Q1', order: 'asc' }));
    expect(new Set(byAlias).size).toBe(byAlias.length);
    expect(byAlias).toContain('ev_long_2015_2022');
  });

  it('combines the entity with a date range', async () => {
    const f = '2020-01-01', t = '2020-12-31';
    const expected = await oracle(`${old} AND e.date_end >= $3::date AND e.date_start <= $4::date`, ['Q1', matchKey('Q1'), f, t], 'asc');
    expect(expected).toContain('ev_long_2015_2022');
    expect(await allIds({ entity: 'Q1', from: '2020', to: '2020', order: 'asc' })).toEqual(expected);
  });
});
