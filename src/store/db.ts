import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

/** Anything that runs parameterized SQL: a pool, a client in a transaction, or PGlite. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * The thin database seam under the store. The same SQL runs on node-postgres
 * (a real server) and on PGlite (PostgreSQL compiled to WASM, embedded).
 */
export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** Runs a multi-statement script (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` inside one transaction; rolls back if it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/** Validates a schema name so it can be interpolated as an identifier. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_RE.test(schema)) throw new Error(`invalid schema name "${schema}": use [a-z_][a-z0-9_]*`);
  return schema;
}

/** Opens a node-postgres pool; when `schema` is given, every connection uses it. */
export async function openPgDb(url: string, schema: string | null, poolSize = 10): Promise<Db> {
  if (schema) {
    checkSchemaName(schema);
    const boot = new pg.Client({ connectionString: url });
    await boot.connect();
    try {
      await boot.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await boot.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  return {
    kind: 'pg',
    async query<T>(sql: string, params?: unknown[]) {
      const r = await pool.query(sql, params as unknown[]);
      return r.rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // A checked-out client that loses its server emits 'error' on itself, not on the
      // pool: without a listener that crashes the worker. Keep the error; the failed
      // query rejects with it, and the client is discarded instead of reused.
      let broken: Error | null = null;
      const onError = (err: Error) => {
        broken = err;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const q: Queryable = {
          async query<R>(sql: string, params?: unknown[]) {
            const r = await client.query(sql, params as unknown[]);
            return r.rows as R[];
          },
        };
        const out = await fn(q);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        if (!broken) await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.off('error', onError);
        client.release(broken ?? undefined);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * Opens PGlite in `dataDir`, or in memory when `dataDir` is null, with the pg_trgm contrib
 * extension loaded (the trigram index of full-text search, created by `PgStore.migrate`).
 */
export async function openPgliteDb(dataDir: string | null, schema: string | null): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const opts = { extensions: { pg_trgm } };
  const db: PGlite = dataDir ? await PGlite.create(dataDir, opts) : await PGlite.create(opts);
  if (schema) {
    checkSchemaName(schema);
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema};`);
  }
  return {
    kind: 'pglite',
    async query<T>(sql: string, params?: unknown[]) {
      const r = await db.query<T>(sql, params as unknown[]);
      return r.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      return db.transaction(async (t) =>
        fn({
          async query<R>(sql: string, params?: unknown[]) {
            const r = await t.query<R>(sql, params as unknown[]);
            return r.rows;
          },
        }),
      );
    },
    async close() {
      await db.close();
    },
  };
}
