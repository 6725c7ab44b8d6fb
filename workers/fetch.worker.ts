/**
 * Fetch queue worker: polls one feed per job (jobs come from the per-feed
 * job schedulers), keeps the raw stories, and enqueues the new or changed
 * ones for normalization. Run alone: `node bin/run-ts.js workers/fetch.worker.ts`.
 *
 * Every request is polite per host (see src/queues/host-politeness.ts): when
 * the feed's host is busy the job is postponed with `moveToDelayed` +
 * `DelayedError`, which costs no attempt. Outcomes recorded in the store:
 * `ok`, `not-modified`, `gone` (404/410: no retry within this poll; the
 * scheduler keeps polling at the feed's interval, so a feed that comes back
 * recovers by itself) and `error` (the reason in `lastError`; retryable
 * errors retry with backoff, others wait for the next scheduled poll).
 */
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { fetchArticles } from '../src/articles/fetch-articles.js';
import { FeedError } from '../src/feeds/errors/feed-error.js';
import { fetchFeed, HttpStatusError } from '../src/stages/fetch-feed.js';
import { HostPoliteness, hostOf, limitsFor } from '../src/queues/host-politeness.js';
import { schedulerIdFor } from '../src/queues/names.js';
import { createStageWorker, type WorkerContext } from '../src/queues/worker-context.js';
import type { FetchJobData } from '../src/queues/pipeline-queues.js';
import type { Logger } from '../src/logger.js';
import { isMain } from '../src/runtime/is-main.js';
import { runWorkerMain } from '../src/runtime/worker-main.js';

/** HTTP statuses worth retrying within one poll; others wait for the next scheduled poll. */
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
/** Statuses that mean the feed is not there any more. */
const GONE_STATUS = new Set([404, 410]);

export interface FetchJobDeps {
  /** Per-host limits shared through Redis; without it requests are not limited (CLI, tests of one feed). */
  politeness?: HostPoliteness | null;
  /** The job's lock token, needed to postpone it. */
  token?: string;
}

/** Next run of the feed's job scheduler, ISO 8601, or null when it has none. */
async function nextRunOf(ctx: WorkerContext, feedId: string): Promise<string | null> {
  try {
    const s = await ctx.queues.queues.fetch.getJobScheduler(schedulerIdFor(feedId));
    return typeof s?.next === 'number' ? new Date(s.next).toISOString() : null;
  } catch {
    return null;
  }
}

export async function processFetchJob(ctx: WorkerContext, job: Job<FetchJobData>, log: Logger, deps: FetchJobDeps = {}) {
  const feed = ctx.feeds().find((f) => f.id === job.data.feedId);
  if (!feed || !feed.enabled) {
    log.info('feed is no longer configured or enabled; skipping');
    return { skipped: true };
  }
  const limits = limitsFor(ctx.config.fetch.perHost, feed.politeness);
  const politeness = deps.politeness ?? null;
  let release: (() => Promise<void>) | null = null;
  if (politeness) {
    const slot = await politeness.acquire(feed.url, limits);
    if (!slot.granted) {
      if (deps.token) {
        log.debug({ host: slot.host, reason: slot.reason, retryInMs: slot.retryInMs }, 'host busy; fetch postponed');
        await job.moveToDelayed(Date.now() + slot.retryInMs, deps.token);
        throw new DelayedError();
      }
      const waited = await politeness.acquireWithin(feed.url, limits, ctx.config.fetch.timeoutMs);
      if (!waited.granted) throw new Error(`host ${waited.host} stayed busy (${waited.reason})`);
      release = waited.release;
    } else {
      release = slot.release;
    }
  }

  const state = await ctx.store.getFeed(feed.id);
  const at = new Date().toISOString();
  try {
    let res;
    try {
      res = await fetchFeed(
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
    } finally {
      await release?.().catch(() => undefined);
    }
    if (res.status === 'not-modified') {
      await ctx.store.recordFetch({ feedId: feed.id, at, ok: true, status: 'not-modified', items: 0, nextRunAt: await nextRunOf(ctx, feed.id) });
      log.debug('not modified');
      return { notModified: true };
    }
    let stories = res.stories;
    let articles: { fetched: number; fallback: number; deferred: number } | null = null;
    if (feed.fullText) {
      // Stories already stored keep their article text: one lookup for the whole feed.
      const known = new Set(await ctx.store.existingStoryIds(stories.map((s) => s.id)));
      const r = await fetchArticles(stories, {
        maxArticles: ctx.config.fetch.articlesPerPoll,
        budgetMs: ctx.config.fetch.articleBudgetMs,
        fetch: ctx.config.fetch,
        // Per-feed headers (API keys, cookies) go only to the feed's own host.
        headersFor: (url) => (hostOf(url) === hostOf(feed.url) ? feed.headers : {}),
        politeness,
        limits,
        isKnown: async (id) => known.has(id),
        log,
      });
      stories = r.stories;
      articles = { fetched: r.fetched, fallback: r.fallback, deferred: r.deferred };
    }
    const saved = await ctx.store.saveStories(stories);
    const fresh = new Set([...saved.created, ...saved.changed]);
    const enqueued = await ctx.queues.enqueueStories(stories.filter((s) => fresh.has(s.id)));
    await ctx.store.recordFetch({
      feedId: feed.id,
      at,
      ok: true,
      status: res.errors.length ? `ok (${res.errors.length} bad items skipped)` : 'ok',
      etag: res.etag,
      lastModified: res.lastModified,
      items: res.stories.length,
      nextRunAt: await nextRunOf(ctx, feed.id),
    });
    log.info(
      { items: res.stories.length, created: saved.created.length, changed: saved.changed.length, enqueued, ...(articles ? { articles } : {}) },
      'feed fetched',
    );
    return { items: res.stories.length, created: saved.created.length, changed: saved.changed.length, ...(articles ? { articles } : {}) };
  } catch (err) {
    const e = err as Error & { code?: string; status?: number };
    const message = `${e.code ?? e.name}: ${e.message}`.slice(0, 500);
    const gone = e instanceof HttpStatusError && GONE_STATUS.has(e.status);
    if (politeness && e instanceof HttpStatusError && e.retryAfterMs) await politeness.blockHost(feed.url, e.retryAfterMs).catch(() => undefined);
    await ctx.store
      .recordFetch({ feedId: feed.id, at, ok: false, status: gone ? 'gone' : 'error', error: message, nextRunAt: await nextRunOf(ctx, feed.id) })
      .catch(() => {});
    // The worker's 'failed' handler logs the failure once at warn level.
    log.debug({ error: { message, code: e.code } }, 'feed fetch failed');
    if (typeof e.status === 'number' && !RETRYABLE_STATUS.has(e.status)) throw new UnrecoverableError(message);
    if (e instanceof FeedError && !e.retryable) throw new UnrecoverableError(message);
    throw err;
  }
}

export function startFetchWorker(ctx: WorkerContext) {
  const politeness = new HostPoliteness(ctx.connection(), ctx.config.queues.prefix);
  return createStageWorker(ctx, 'fetch', (job, log, token) => processFetchJob(ctx, job, log, { politeness, ...(token ? { token } : {}) }));
}

if (isMain(import.meta.url)) await runWorkerMain(['fetch']);
