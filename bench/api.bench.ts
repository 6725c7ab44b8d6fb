/**
 * `npm run bench` (bench/api.bench.ts): latency of `GET /api/events` on a large
 * store. Loads N events (default 1,000,000, with ≈0.7·N stories and their
 * sources, participants and entities; bench/lib/event-loader.ts) into a
 * unique PostgreSQL schema, then measures p50/p95/p99 of API requests through
 * the real app: `buildApp` from src/http/app.ts with the real PgStore,
 * requests made with fastify's `inject()` (no sockets: the figures are app +
 * store + PostgreSQL time). Target: p99 ≤ 20 ms. For every request kind it
 * also records which tables PostgreSQL read by sequential scan (from
 * pg_stat_user_tables), to point at a missing index. The schema is dropped at
 * the end. Writes bench/results/<YYYY-MM-DD>-api.json.
 *
 * Options: --events N (1000000) --repeat R (200) --quick (20000 events, 30 repeats)
 * --case-seconds S (20: time budget per request kind, at least 5 requests each)
 * --no-write --keep (keep the schema) --database-url URL
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/http/app.js';
import { silentLogger } from '../src/logger.js';
import { openPgDb } from '../src/store/db.js';
import { PgStore } from '../src/store/pg-store.js';
import { ExplainingDb, type CapturedPlan } from './lib/explaining-db.js';
import { loadEvents } from './lib/event-loader.js';
import { machineInfo } from './lib/machine.js';
import { writeBenchResult } from './lib/results.js';
import { percentile, round, table } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    repeat: { type: 'string' },
    quick: { type: 'boolean' },
    'no-write': { type: 'boolean' },
    keep: { type: 'boolean' },
    'database-url': { type: 'string' },
    'case-seconds': { type: 'string' },
  },
});
const quick = Boolean(values.quick);
const N = Number(values.events ?? (quick ? 20_000 : 1_000_000));
const REPEAT = Number(values.repeat ?? (quick ? 30 : 200));
const DATABASE_URL = values['database-url'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const TARGET_MS = 20;
/** Time budget per request kind (after at least 5 requests). */
const CASE_SECONDS = Number(values['case-seconds'] ?? 20);
const SEED = 42;
const schema = `wtapi_${randomBytes(5).toString('hex')}`;
const log = (s: string) => console.log(`[bench:api ${new Date().toISOString().slice(11, 19)}] ${s}`);

const admin = new pg.Client({ connectionString: DATABASE_URL });
await admin.connect();
let dropped = false;
const drop = async () => {
  if (dropped || values.keep) return;
  dropped = true;
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
};
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    log(`${sig}: dropping ${schema}`);
    void drop().finally(() => process.exit(130));
  });
}

type SeqStats = Map<string, { seq: number; seqTup: number; idx: number }>;
async function tableStats(c: pg.Client): Promise<SeqStats> {
  // Statistics are flushed by backends at transaction end (and at most once a second in PostgreSQL 15).
  await c.query('SELECT pg_stat_clear_snapshot()');
  const r = await c.query(
    `SELECT relname, seq_scan::bigint AS seq, seq_tup_read::bigint AS tup, COALESCE(idx_scan, 0)::bigint AS idx
     FROM pg_stat_user_tables WHERE schemaname = $1`,
    [schema],
  );
  return new Map(r.rows.map((x) => [x.relname as string, { seq: Number(x.seq), seqTup: Number(x.tup), idx: Number(x.idx) }]));
}
function seqDelta(a: SeqStats, b: SeqStats): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [t, s] of b) {
    const d = s.seqTup - (a.get(t)?.seqTup ?? 0);
    // Rows read by sequential scans on a table, beyond a tiny table's worth.
    if (d > 1000) out[t] = d;
  }
  return out;
}

try {
  const machine = await machineInfo(null, DATABASE_URL);
  log(`machine: ${machine.cores} cores, ${machine.ramGiB} GiB, ${machine.cpuModel}; node ${machine.node}, postgres ${machine.postgres}; load ${machine.load1}`);
  // The real store, on a Db that can EXPLAIN the statements the store sends (off while timing).
  const xdb = new ExplainingDb(await openPgDb(DATABASE_URL, schema, 10));
  const store = new PgStore(xdb);
  await store.migrate();
  const db = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
  await db.connect();
  log(`loading ${N} events into schema ${schema}`);
  let lastLog = Date.now();
  const corpus = await loadEvents(db, N, SEED, (done) => {
    if (Date.now() - lastLog > 20_000) (lastLog = Date.now()), log(`  ${done}/${N} events`);
  });
  log(`loaded in ${corpus.seconds} s: ${corpus.events} events, ${corpus.stories} stories, ${corpus.sources} sources, ${corpus.participants} participants, ${corpus.entities} entities`);
  const size = (await db.query(`SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS s FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`, [schema])).rows[0].s;

  const app = await buildApp({
    store,
    queues: [],
    auth: { adminUser: 'admin', adminPassword: 'bench-only-password' },
    logger: silentLogger(),
    version: 'bench',
    api: { rateLimit: { enabled: false, max: 1_000_000, windowMs: 60_000 } },
  });
  await app.ready();
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    if (res.statusCode !== 200) throw new Error(`GET ${url} → ${res.statusCode}: ${res.body.slice(0, 300)}`);
    return res.json() as { events: Array<{ id: string }>; nextCursor: string | null };
  };

  // Deep cursors, reached by walking pages as a client would.
  const walk = async (base: string, pages: number, limit: number) => {
    let cursor: string | null = null;
    const cursors: Array<{ depth: number; cursor: string }> = [];
    for (let i = 1; i <= pages; i++) {
      const page = await get(`${base}${base.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      cursor = page.nextCursor;
      if (!cursor) break;
      cursors.push({ depth: i * limit, cursor });
    }
    return cursors;
  };
  const deepPages = quick ? 10 : 200;
  const mainCursors = await walk('/api/events', deepPages, 500);
  const deepest = mainCursors[mainCursors.length - 1];
  const mid = mainCursors[Math.floor(mainCursors.length / 2)];
  const entityCursors = await walk(`/api/events?entity=${encodeURIComponent(corpus.popularEntity.id)}&order=asc`, quick ? 3 : 20, 200);
  const entityDeep = entityCursors[entityCursors.length - 1];
  log(`walked ${mainCursors.length} pages of 500 (deepest cursor at ${deepest?.depth ?? 0} events) and ${entityCursors.length} entity pages of 200`);

  const y = 2019;
  const cases: Array<{ name: string; url: string }> = [
    { name: 'first page', url: '/api/events' },
    { name: 'first page, asc', url: '/api/events?order=asc' },
    ...(mid ? [{ name: `cursor page at ${mid.depth}`, url: `/api/events?cursor=${encodeURIComponent(mid.cursor)}` }] : []),
    ...(deepest ? [{ name: `cursor page at ${deepest.depth}`, url: `/api/events?cursor=${encodeURIComponent(deepest.cursor)}` }] : []),
    { name: 'kind=meeting', url: '/api/events?kind=meeting' },
    { name: 'kind=meeting,visit + month', url: `/api/events?kind=meeting,visit&from=${y}-03&to=${y}-03` },
    { name: 'one day (from=to)', url: `/api/events?from=${y}-03-15&to=${y}-03-15` },
    { name: 'one year, asc', url: `/api/events?from=${y}&to=${y}&order=asc` },
    { name: `entity timeline (${corpus.popularEntity.name}, ${corpus.popularEntity.events} events, by id)`, url: `/api/events?entity=${encodeURIComponent(corpus.popularEntity.id)}&order=asc` },
    ...(entityDeep ? [{ name: `entity timeline, cursor at ${entityDeep.depth}`, url: `/api/events?entity=${encodeURIComponent(corpus.popularEntity.id)}&order=asc&cursor=${encodeURIComponent(entityDeep.cursor)}` }] : []),
    ...(corpus.popularEntity.aliasOtherScript ? [{ name: 'entity timeline (name in another script)', url: `/api/events?entity=${encodeURIComponent(corpus.popularEntity.aliasOtherScript)}` }] : []),
    { name: `entity timeline (minor entity, ${corpus.rareEntity.events} events, by name)`, url: `/api/events?entity=${encodeURIComponent(corpus.rareEntity.name)}` },
    { name: 'entity + year', url: `/api/events?entity=${encodeURIComponent(corpus.popularEntity.id)}&from=${y}&to=${y}` },
    { name: 'full text q=', url: `/api/events?q=${encodeURIComponent(corpus.rareEntity.name.split(' ').slice(0, 2).join(' '))}` },
  ];

  const results = [];
  for (const c of cases) {
    const w0 = Date.now();
    for (let i = 0; i < 3 && Date.now() - w0 < CASE_SECONDS * 100; i++) await get(c.url); // warm (one try only when slow)
    await new Promise((r) => setTimeout(r, 1100)); // let the warm-up's statistics flush
    const before = await tableStats(admin);
    const times: number[] = [];
    let n = 0;
    const c0 = Date.now();
    // At least 5 requests; then up to REPEAT within the case's time budget (slow kinds at 1 M events take seconds each).
    for (let i = 0; i < REPEAT && (i < 5 || Date.now() - c0 < CASE_SECONDS * 1000); i++) {
      const t0 = performance.now();
      const page = await get(c.url);
      times.push(performance.now() - t0);
      n = page.events.length;
    }
    await new Promise((r) => setTimeout(r, 1100));
    const seq = seqDelta(before, await tableStats(admin));
    // One more request with EXPLAIN ANALYZE of each statement: the slowest one's plan.
    xdb.captured.length = 0;
    xdb.capture = true;
    await get(c.url);
    xdb.capture = false;
    const worst: CapturedPlan | undefined = [...xdb.captured].sort((a, b) => b.executionMs - a.executionMs)[0];
    const row = {
      name: c.name,
      url: c.url.length > 160 ? c.url.slice(0, 160) + '…' : c.url,
      events: n,
      requests: times.length,
      p50ms: round(percentile(times, 50), 1),
      p95ms: round(percentile(times, 95), 1),
      p99ms: round(percentile(times, 99), 1),
      maxMs: round(percentile(times, 100), 1),
      meetsTarget: (percentile(times, 99) ?? Infinity) <= TARGET_MS,
      seqScanRowsPerRequest: Object.fromEntries(Object.entries(seq).map(([t, d]) => [t, Math.round(d / times.length)])),
      slowestStatement: worst && { executionMs: worst.executionMs, suspects: worst.suspects, plan: worst.outline.slice(0, 24), sql: worst.sql.slice(0, 1200) },
    };
    results.push(row);
    log(`${c.name}: p50 ${row.p50ms} p99 ${row.p99ms} ms (${n} events)${Object.keys(seq).length ? ' seq scans: ' + JSON.stringify(row.seqScanRowsPerRequest) : ''}`);
    if (!row.meetsTarget && worst) log(`  slowest statement ${worst.executionMs} ms under EXPLAIN ANALYZE${worst.suspects.length ? '; suspects: ' + worst.suspects.join(' | ') : ''}`);
  }
  await app.close();
  await store.close();
  await db.end();

  console.log(`\nGET /api/events on ${N} events (${size}), up to ${REPEAT} requests each (${CASE_SECONDS} s budget) via app.inject(); target p99 ≤ ${TARGET_MS} ms`);
  console.log(
    table([
      ['request', 'events', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'ok', 'seq-scanned rows/request'],
      ...results.map((r) => [r.name, String(r.events), String(r.requests), String(r.p50ms), String(r.p95ms), String(r.p99ms), r.meetsTarget ? 'yes' : 'NO', JSON.stringify(r.seqScanRowsPerRequest)]),
    ]),
  );
  const result = {
    date: new Date().toISOString(),
    machine,
    params: { events: N, repeat: REPEAT, caseSeconds: CASE_SECONDS, quick, seed: SEED, targetMs: TARGET_MS, via: 'fastify inject() on buildApp + PgStore (pg pool of 10)' },
    corpus: { ...corpus, size },
    results,
  };
  if (!values['no-write']) log(`wrote ${writeBenchResult(`${result.date.slice(0, 10)}${quick ? '-quick' : ''}-api.json`, result)}`);
} finally {
  await drop();
  await admin.end();
}
