/**
 * kill -9 of a worker process in the middle of 5,000 stories: its jobs come
 * back as stalled and are finished by the others; every story is stored once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStoredExactlyOnce, faultSetup, faultStories, waitStored } from './fault-harness.js';

const N = 5000;

describe('fault: a worker process killed with SIGKILL mid-run', () => {
  let env: Awaited<ReturnType<typeof faultSetup>>;
  beforeAll(async () => {
    env = await faultSetup();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it(`stores all ${N} stories exactly once`, async () => {
    const { run } = env;
    const stories = faultStories(N, 'kill');
    const a = run.startWorker('real');
    run.startWorker('real');
    await run.waitWorkersReady(2);
    await run.enqueue(stories);
    await waitStored(run, 600, 120_000);
    // The victim is busy: it holds active jobs when it dies.
    const q = run.queues.queues;
    const active = (await Promise.all([q.normalize, q.extract, q.store].map((x) => x.getActiveCount()))).reduce((a, b) => a + b, 0);
    a.child.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    const atKill = await run.processedCount();
    expect(atKill).toBeLessThan(N);
    expect(active).toBeGreaterThan(0);
    // A replacement joins, as an orchestrator would start one.
    run.startWorker('real');
    await waitStored(run, N, 240_000);
    // No job may have failed for good (a job run again after the kill must succeed).
    expect(await run.failedCounts()).toEqual({ normalize: 0, extract: 0, store: 0 });
    await expectStoredExactlyOnce(run, stories);
  });
});
