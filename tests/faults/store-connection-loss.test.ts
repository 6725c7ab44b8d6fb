/**
 * The store's database seam (src/store/db.ts) when PostgreSQL goes away in
 * the middle of a transaction: the transaction must reject and the process
 * must live on (a worker process would otherwise die and leave its jobs to
 * the stalled check), and the pool must work again once the server is back.
 * This is the deterministic form of what tests/faults/postgres-outage.test.ts
 * hits by chance: a connection lost while a client is checked out for a
 * transaction, between two of its statements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../bench/lib/bench-run.js';
import { openPgDb, type Db } from '../../src/store/db.js';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-services.js';

describe('fault: PostgreSQL lost in the middle of a store transaction', () => {
  let pg: PrivatePostgres;
  let db: Db;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
    db = await openPgDb(pg.url, null, 2);
  });
  afterAll(async () => {
    await db?.close().catch(() => {});
    await pg?.remove();
  });

  it('rejects the transaction, keeps the process alive, and recovers', async () => {
    const tx = db.tx(async (q) => {
      await q.query('SELECT 1');
      await sleep(2000); // the server goes away here, while this client is checked out
      await q.query('SELECT 2');
    });
    const outcome = tx.then(
      () => 'committed',
      (err: Error) => `rejected: ${err.message}`,
    );
    await sleep(300);
    await pg.stop();
    expect(await outcome).toMatch(/^rejected: /);
    await pg.start();
    expect(await db.query<{ x: number }>('SELECT 1 AS x')).toEqual([{ x: 1 }]);
  });
});
