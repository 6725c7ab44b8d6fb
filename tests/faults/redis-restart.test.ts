/**
 * The private Redis (AOF, appendfsync always) is killed outright mid-run and
 * started again on the same port and directory: the workers reconnect and
 * every queued story is stored, exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../bench/lib/bench-run.js';
import { expectStoredExactlyOnce, faultSetup, faultStories, waitStored } from './fault-harness.js';

const N = 1200;

describe('fault: Redis restarted mid-run', () => {
  let env: Awaited<ReturnType<typeof faultSetup>>;
  beforeAll(async () => {
    env = await faultSetup();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('loses nothing after the workers reconnect', async () => {
    const { run, services } = env;
    const stories = faultStories(N, 'redis');
    run.startWorker('real');
    await run.waitWorkersReady(1);
    await run.enqueue(stories);
    await waitStored(run, 200, 120_000);
    await services.redis.kill();
    const atKill = await run.processedCount();
    expect(atKill).toBeLessThan(N);
    await sleep(3000);
    await services.redis.start();
    // The same worker process, never restarted, finishes the queue.
    await waitStored(run, N, 180_000);
    expect(run.workers[0]!.child.exitCode).toBeNull();
    expect(await run.failedCounts()).toEqual({ normalize: 0, extract: 0, store: 0 });
    await expectStoredExactlyOnce(run, stories);
  });
});
