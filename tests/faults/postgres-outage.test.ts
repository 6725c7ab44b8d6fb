/**
 * The private PostgreSQL is stopped for 20 s mid-run: store jobs fail, retry
 * with exponential backoff, and once the server is back every story is
 * stored, exactly once, with no job failed for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../bench/lib/bench-run.js';
import { expectStoredExactlyOnce, FAULT_QUEUES, faultSetup, faultStories, waitStored } from './fault-harness.js';
import { waitFor } from '../helpers/services.js';

const N = 500;
const OUTAGE_MS = 20_000;

describe('fault: PostgreSQL down for 20 s mid-run', () => {
  let env: Awaited<ReturnType<typeof faultSetup>>;
  beforeAll(async () => {
    // 5 attempts, backoff 2 s: retries at +2, +6, +14, +30 s outlast a 20 s outage.
    env = await faultSetup({ ...FAULT_QUEUES, backoffMs: 2000 });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('retries with backoff and stores everything once the server returns', async () => {
    const { run, services } = env;
    const stories = faultStories(N, 'pg');
    run.startWorker('real');
    await run.waitWorkersReady(1);
    await run.enqueue(stories);
    await waitStored(run, 100, 120_000);
    await run.resetDb();
    await services.pg.stop();
    const down = Date.now();
    // While it is down, store jobs fail and are scheduled for retry (delayed), not failed for good.
    const store = run.queues.queues.store;
    await sleep(3000);
    // The worker process must survive its database going away (its output is the diagnostic if it did not).
    const worker = run.workers[0]!;
    expect(worker.child.exitCode === null && worker.child.signalCode === null ? 'alive' : worker.output().slice(-1500)).toBe('alive');
    await waitFor(async () => (await store.getDelayedCount()) > 0, 15_000, 'store jobs waiting to retry');
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - down)));
    expect(await run.failedCounts()).toEqual({ normalize: 0, extract: 0, store: 0 });
    await services.pg.start();
    await waitStored(run, N, 180_000);
    expect(run.workers[0]!.child.exitCode).toBeNull();
    expect(await run.failedCounts()).toEqual({ normalize: 0, extract: 0, store: 0 });
    // Retried jobs show their earlier attempts.
    const done = await store.getJobs(['completed'], 0, -1);
    const retried = done.filter((j) => j.attemptsMade > 1);
    expect(retried.length).toBeGreaterThan(0);
    await expectStoredExactlyOnce(run, stories);
  });
});
