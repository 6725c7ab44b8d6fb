import type { Db, Queryable } from '../db.js';

/** The trigram index serving `q=` (`events.search LIKE '%…%'`). */
export const SEARCH_INDEX = 'events_search_trgm_idx';

/** What `ensureSearchIndex` found or did. */
export type SearchIndexState = 'present' | 'created' | 'unavailable';

/** Runs `stmt` inside a savepoint; a failure rolls back to it and is returned instead of aborting the transaction. */
async function tryInSavepoint(q: Queryable, stmt: string): Promise<Error | null> {
  await q.query('SAVEPOINT tl_search_index');
  try {
    await q.query(stmt);
    await q.query('RELEASE SAVEPOINT tl_search_index');
    return null;
  } catch (err) {
    await q.query('ROLLBACK TO SAVEPOINT tl_search_index');
    return err as Error;
  }
}

/** The quoted schema pg_trgm is installed in, or null when it is not installed in this database. */
async function trigramSchema(q: Queryable): Promise<string | null> {
  const rows = await q.query<{ nsp: string }>(
    `SELECT quote_ident(n.nspname) AS nsp FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm'`,
  );
  return rows[0]?.nsp ?? null;
}

/**
 * Makes sure `events.search` has a trigram GIN index (migration 006's step in TypeScript, run by
 * `PgStore.migrate` at every start until it succeeds), so substring search is index-driven.
 * The pg_trgm extension is per database while stores live in schemas of one database (tests,
 * benchmarks) that are dropped with CASCADE: it is installed in `public`, never in the store's
 * schema, and the operator class is referenced with its schema. When the extension is missing and
 * cannot be created (no privilege, or PGlite opened without its contrib), the store works without
 * the index (`q=` then scans) and a warning with code TL_ERR_NO_TRGM is emitted.
 * `lock` is taken first (the migration advisory lock: one creator at a time in the database).
 *
 * @example
 * await ensureSearchIndex(db, 'SELECT pg_advisory_xact_lock(123)') // 'created', then 'present'
 */
export async function ensureSearchIndex(db: Db, lock: string): Promise<SearchIndexState> {
  const exists = async (q: Queryable) =>
    (await q.query<{ ok: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS ok`, [SEARCH_INDEX]))[0]?.ok === true;
  if (await exists(db)) return 'present';
  const failure = await db.tx(async (q): Promise<Error | 'present' | null> => {
    await q.query(lock);
    if (await exists(q)) return 'present';
    let nsp = await trigramSchema(q);
    if (!nsp) {
      const err = await tryInSavepoint(q, 'CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
      nsp = await trigramSchema(q); // another database user may have created it meanwhile
      if (!nsp) return err ?? new Error('pg_trgm is not installed');
    }
    return tryInSavepoint(q, `CREATE INDEX IF NOT EXISTS ${SEARCH_INDEX} ON events USING gin (search ${nsp}.gin_trgm_ops)`);
  });
  if (failure === 'present') return 'present';
  if (failure) {
    process.emitWarning(`no trigram index for full-text search (q= scans events): ${failure.message}`, { code: 'TL_ERR_NO_TRGM' });
    return 'unavailable';
  }
  return 'created';
}
