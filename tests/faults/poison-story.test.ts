/**
 * A poisoned story among normal ones: text PostgreSQL cannot hold (NUL and a
 * lone UTF-16 surrogate). Its job fails for good with a reason after its
 * attempts; a merely pathological but valid story (60 k characters of nested
 * brackets and digit runs) is stored; every other story flows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHashOf, storyIdFor } from '../../src/feeds/identity.js';
import type { Story } from '../../src/types.js';
import { FAULT_QUEUES, faultSetup, faultStories, waitStored } from './fault-harness.js';
import { waitFor } from '../helpers/services.js';

const N = 300;

function storyOf(tag: string, title: string, text: string): Story {
  const url = `https://bench.invalid/poison/${tag}`;
  const contentHash = contentHashOf(title, text);
  return { id: storyIdFor({ url, contentHash }), feedId: null, url, guid: null, title, published: '2019-12-02T12:00:00Z', publishedRaw: null, lang: 'en', text, contentHash, source: 'file' };
}

describe('fault: a poisoned story', () => {
  let env: Awaited<ReturnType<typeof faultSetup>>;
  beforeAll(async () => {
    env = await faultSetup({ ...FAULT_QUEUES, backoffMs: 200, attempts: 2 });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('fails with a reason while the rest flow', async () => {
    const { run } = env;
    const normal = faultStories(N, 'poison');
    const poison = storyOf('nul', 'Poison', `BEIJING, Dec. 2 (Xinhua) -- Xi Jinping met Vladimir Putin on Monday.\u0000\ud800 ${'\u0000'.repeat(50)}`);
    let weird = '';
    for (let i = 0; weird.length < 60_000; i++) weird += `${'('.repeat(40)}${'9'.repeat(200)} ${'[{'.repeat(30)}2019-12-0${i % 9} ${')'.repeat(40)}`;
    const pathological = storyOf('weird', 'Pathological', `BEIJING, Dec. 2 (Xinhua) -- ${weird}`);
    const all = [...normal.slice(0, N / 2), poison, pathological, ...normal.slice(N / 2)];
    run.startWorker('real');
    await run.waitWorkersReady(1);
    await run.enqueue(all);
    await waitStored(run, N + 1, 180_000);
    const failed = await waitFor(async () => {
      const q = run.queues.queues;
      const jobs = [...(await q.normalize.getFailed()), ...(await q.extract.getFailed()), ...(await q.store.getFailed())];
      return jobs.length ? jobs : null;
    }, 60_000, 'the poisoned job to fail for good');
    expect(failed).toHaveLength(1);
    const job = failed[0]!;
    expect(job.id).toContain(poison.id);
    expect(job.attemptsMade).toBe(2);
    expect(job.failedReason).toMatch(/\S/);
    const db = await run.db();
    const stored = await db.query('SELECT id FROM stories WHERE processed_at IS NOT NULL');
    const ids = new Set(stored.rows.map((r) => r.id as string));
    expect(ids.has(poison.id)).toBe(false);
    expect(ids.has(pathological.id)).toBe(true);
    for (const s of normal) expect(ids.has(s.id)).toBe(true);
    console.log(`poisoned job ${job.id} failed after ${job.attemptsMade} attempts: ${job.failedReason}`);
  });
});
