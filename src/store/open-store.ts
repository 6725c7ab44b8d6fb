import { mkdir } from 'node:fs/promises';
import { openPgDb, openPgliteDb } from './db.js';
import { PgStore } from './pg-store.js';

export interface OpenStoreOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  databaseUrl?: string | null;
  /** PGlite data directory (used when databaseUrl is absent). */
  dataDir?: string | null;
  /** PostgreSQL schema to use (created if missing); tests use one per test. */
  schema?: string | null;
  /** In-memory PGlite, for tests and one-shot commands. */
  memory?: boolean;
  /** Pool size for a PostgreSQL server. */
  poolSize?: number;
  /** Apply migrations on open (default true). */
  migrate?: boolean;
}

/**
 * Opens the timeline store on PostgreSQL (`databaseUrl`) or embedded PGlite
 * (`dataDir`, or memory), and applies pending migrations.
 */
export async function openStore(opts: OpenStoreOptions): Promise<PgStore> {
  let store: PgStore;
  if (opts.databaseUrl) {
    store = new PgStore(await openPgDb(opts.databaseUrl, opts.schema ?? null, opts.poolSize));
  } else if (opts.memory || !opts.dataDir) {
    store = new PgStore(await openPgliteDb(null, opts.schema ?? null));
  } else {
    await mkdir(opts.dataDir, { recursive: true });
    store = new PgStore(await openPgliteDb(opts.dataDir, opts.schema ?? null));
  }
  if (opts.migrate !== false) {
    try {
      await store.migrate();
    } catch (err) {
      await store.close().catch(() => {});
      throw err;
    }
  }
  return store;
}
