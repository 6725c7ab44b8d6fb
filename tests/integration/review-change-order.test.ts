/**
 * The event change log is read by id (SSE Last-Event-ID, webhook cursor).
 * Ids come from a sequence at INSERT time, but transactions commit in any
 * order: a change committed later with a lower id than one a reader already
 * passed would be skipped forever. The log must hand out ids in commit order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgDb, type Db } from '../../src/store/db.js';
import { openStore } from '../../src/store/open-store.js';
import type { PgStore } from '../../src/store/pg-store.js';
import { listEventChanges, recordEventChanges } from '../../src/store/queries/event-changes.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../helpers/services.js';

describe('event change log ids follow commit order (PostgreSQL, two connections)', () => {
  const schema = uniqueSchema();
  let store: PgStore;
  let db: Db;

  beforeAll(async () => {
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema, poolSize: 2 });
    db = await openPgDb(TEST_DATABASE_URL, schema, 4);
  });
  afterAll(async () => {
    await db?.close();
    await store?.close();
    await dropSchema(schema);
  });

  it('a reader that resumes after the first visible change never misses a change committed later', async () => {
    let releaseA!: () => void;
    const aHolds = new Promise<void>((r) => (releaseA = r));
    let aWrote!: () => void;
    const aWroteP = new Promise<void>((r) => (aWrote = r));
    // A writes its change first (takes the lower sequence value) but commits last.
    const txA = db.tx(async (q) => {
      await recordEventChanges(q, { created: [], updated: [], deleted: ['ev_a'] });
      aWrote();
      await aHolds;
    });
    await aWroteP;
    // B writes and commits while A is still open.
    const txB = db.tx((q) => recordEventChanges(q, { created: [], updated: [], deleted: ['ev_b'] }));
    await Promise.race([txB, new Promise((r) => setTimeout(r, 300))]);

    // A streaming client reads now and remembers where it got to.
    const seen = await listEventChanges(db, '0', 100);
    const cursor = seen.at(-1)?.id ?? '0';
    releaseA();
    await Promise.all([txA, txB]);

    // It resumes after its cursor: together it must have got both changes.
    const resumed = await listEventChanges(db, cursor, 100);
    const all = [...seen, ...resumed].map((c) => c.eventId);
    expect(all.sort()).toEqual(['ev_a', 'ev_b']);
  }, 15_000);
});
