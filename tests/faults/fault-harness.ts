/**
 * Shared pieces of the fault tests: a pipeline run (worker processes, queues,
 * schema) on private Redis and PostgreSQL, and the checks that every story
 * was stored exactly once.
 */
import { expect } from 'vitest';
import { BenchRun, sleep } from '../../bench/lib/bench-run.js';
import { benchStories, loadStoryFactory } from '../../bench/lib/story-templates.js';
import { timelineEventId } from '../../src/store/merge-events.js';
import { normalizeStory } from '../../src/stages/normalize-story.js';
import { extractEvents } from '../../src/stages/extract-events.js';
import { timexBounds } from '../../src/timex.js';
import type { Story } from '../../src/types.js';
import { startPrivateServices } from '../helpers/private-services.js';

const FAULT_SEED = 11;

/** Short locks so a killed worker's jobs come back quickly; small retries. */
export const FAULT_QUEUES = { lockDurationMs: 5000, stalledIntervalMs: 1000, backoffMs: 1000, attempts: 5 };

export async function faultSetup(queues: Record<string, unknown> = FAULT_QUEUES) {
  const services = await startPrivateServices();
  const run = new BenchRun({ redisUrl: services.redis.url, databaseUrl: services.pg.url, queues, label: 'wtf' });
  await run.migrate();
  return {
    services,
    run,
    async teardown() {
      await run.cleanup().catch(() => {});
      await services.remove();
    },
  };
}

export function faultStories(n: number, tag: string): Story[] {
  return benchStories(loadStoryFactory(), n, FAULT_SEED, tag);
}

/** Waits until `n` stories are stored, failing early if a worker process dies unexpectedly. */
export async function waitStored(run: BenchRun, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stored = 0;
  while (Date.now() < deadline) {
    // A worker that exited by itself (not killed by the test) is a failure, with its output as the reason.
    const crashed = run.workers.find((w) => w.child.exitCode !== null);
    if (crashed) throw new Error(`a worker process exited with ${crashed.child.exitCode}: ${crashed.output().slice(-1500)}`);
    stored = await run.processedCount().catch(() => stored);
    if (stored >= n) return;
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs} ms with ${stored}/${n} stories stored`);
}

/**
 * Exactly-once checks on the run's schema: `stories` holds each story once and
 * processed; every timeline event is referenced; no story has two copies of
 * one of its events; and for a sample of stories the stored events are
 * exactly those the extractor yields for them.
 */
export async function expectStoredExactlyOnce(run: BenchRun, stories: Story[], sampleEvery = 10): Promise<void> {
  const db = await run.db();
  const ids = stories.map((s) => s.id);
  const r = await db.query(
    'SELECT count(*)::int AS n, count(processed_at)::int AS p, count(DISTINCT id)::int AS d FROM stories WHERE id = ANY($1::text[])',
    [ids],
  );
  expect(r.rows[0]).toEqual({ n: stories.length, p: stories.length, d: stories.length });
  const dupSources = await db.query(
    // One story event under two timeline events would be a duplicate the primary key cannot catch.
    `SELECT story_id, story_event_id, count(*)::int AS n FROM event_sources GROUP BY 1, 2 HAVING count(*) > 1 LIMIT 5`,
  );
  expect(dupSources.rows).toEqual([]);
  const orphans = await db.query('SELECT count(*)::int AS n FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id)');
  expect(orphans.rows[0].n).toBe(0);
  // A sample, recomputed here: the same timeline events, each with exactly one source row per story event.
  for (let i = 0; i < stories.length; i += sampleEvery) {
    const s = stories[i]!;
    const events = extractEvents(normalizeStory(s, { zone: s.zone ?? null })).filter((e) => timexBounds(e.date.value));
    const rows = await db.query('SELECT event_id FROM event_sources WHERE story_id = $1 ORDER BY event_id', [s.id]);
    expect(rows.rows.map((x) => x.event_id as string)).toEqual(events.map((e) => timelineEventId(e)).sort());
  }
}
