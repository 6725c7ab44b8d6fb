/**
 * Fetch queue worker: polls one feed per job (jobs come from the per-feed
 * job schedulers), keeps the raw stories, and enqueues the new or changed
 * ones for normalization. Run alone: `node bin/run-ts.js workers/fetch.worker.ts`.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { fetchFeed } from '../src/stages/fetch-feed.js';
import { createStageWorker, type WorkerContext } from '../src/queues/worker-context.js';
import type { FetchJobData } from '../src/queues/pipeline-queues.js';
import type { Logger } from '../src/logger.js';
import { isMain } from '../src/runtime/is-main.js';
import { runWorkerMain } from '../src/runtime/worker-main.js';

/** HTTP statuses worth retrying within one poll; others wait for the next scheduled poll. */
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export async function processFetchJob(ctx: WorkerContext, job: Job<FetchJobData>, log: Logger) {
  const feed = ctx.feeds().find((f) => f.id === job.data.feedId);
  if (!feed || !feed.enabled) {
    log.info('feed is no longer configured or enabled; skipping');
    return { skipped: true };
  }
  const state = await ctx.store.getFeed(feed.id);
  const at = new Date().toISOString();
  try {
    const res = await fetchFeed(
      {
        url: feed.url,
        feedId: feed.id,
        lang: feed.lang,
        zone: feed.zone,
        etag: state?.etag ?? null,
        lastModified: state?.lastModified ?? null,
        headers: feed.headers,
      },
      ctx.config.fetch,
    );
    if (res.status === 'not-modified') {
      await ctx.store.recordFetch({ feedId: feed.id, at, ok: true, status: 'not-modified', items: 0 });
      log.debug('not modified');
      return { notModified: true };
    }
    const saved = await ctx.store.saveStories(res.stories);
    const fresh = new Set([...saved.created, ...saved.changed]);
    const enqueued = await ctx.queues.enqueueStories(res.stories.filter((s) => fresh.has(s.id)));
    await ctx.store.recordFetch({
      feedId: feed.id,
      at,
      ok: true,
      status: res.errors.length ? `ok (${res.errors.length} bad items skipped)` : 'ok',
      etag: res.etag,
      lastModified: res.lastModified,
      items: res.stories.length,
    });
    log.info({ items: res.stories.length, created: saved.created.length, changed: saved.changed.length, enqueued }, 'feed fetched');
    return { items: res.stories.length, created: saved.created.length, changed: saved.changed.length };
  } catch (err) {
    const e = err as Error & { code?: string; status?: number };
    const message = `${e.code ?? e.name}: ${e.message}`.slice(0, 500);
    await ctx.store.recordFetch({ feedId: feed.id, at, ok: false, status: 'error', error: message }).catch(() => {});
    // The worker's 'failed' handler logs the failure once at warn level.
    log.debug({ error: { message, code: e.code } }, 'feed fetch failed');
    if (typeof e.status === 'number' && !RETRYABLE_STATUS.has(e.status)) throw new UnrecoverableError(message);
    throw err;
  }
}

export function startFetchWorker(ctx: WorkerContext) {
  return createStageWorker(ctx, 'fetch', (job, log) => processFetchJob(ctx, job, log));
}

if (isMain(import.meta.url)) await runWorkerMain(['fetch']);
