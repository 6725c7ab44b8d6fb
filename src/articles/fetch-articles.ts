/**
 * Full text for `fullText` feeds: for items that carry only a summary, fetch
 * the article page (under the per-host politeness of the fetch queue) and
 * replace the summary with the page's main text.
 *
 * Runs inside the feed's fetch job, bounded per poll (count and time): the
 * story is saved once, already with its full text, so it is normalized and
 * extracted once, never first as a summary and again as an article.
 */
import { decodeBytes } from '../feeds/decode.js';
import { FeedError } from '../feeds/errors/feed-error.js';
import { httpGet, type FetchOptions } from '../feeds/http-fetch.js';
import { contentHashOf } from '../feeds/identity.js';
import { parsePublishedDate } from '../feeds/published-date.js';
import type { Logger } from '../logger.js';
import type { HostLimits, HostPoliteness } from '../queues/host-politeness.js';
import type { Story } from '../types.js';
import { extractArticle } from './article-page.js';

/** An item whose text is shorter than this is taken for a summary. */
export const SUMMARY_MAX_CHARS = 1200;

const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

export interface FetchArticlesOptions {
  /** Article pages fetched at most in this call; further summaries wait for the next poll. */
  maxArticles: number;
  /** Time the whole call may take; pages not reached wait for the next poll. */
  budgetMs: number;
  fetch: FetchOptions;
  /** Extra request headers for one article URL (e.g. the feed's headers, for its own host only). */
  headersFor?: (url: string) => Record<string, string>;
  politeness?: HostPoliteness | null;
  limits?: HostLimits | null;
  /** Stories already stored (any version): their page was handled on an earlier poll. */
  isKnown: (id: string) => Promise<boolean>;
  log: Logger;
  /** Injected clock for tests. */
  now?: () => number;
}

export interface FetchArticlesResult {
  /** Stories to save: full text where fetched, the summary where the page failed. */
  stories: Story[];
  fetched: number;
  /** Pages that failed or held no article: the summary is kept. */
  fallback: number;
  /** Summaries left for the next poll (cap, time budget or a busy host). */
  deferred: number;
  /** Items already stored, left alone. */
  known: number;
}

/**
 * Whether an item of a fullText feed needs its article page.
 *
 * @example
 * needsArticle({ url: 'https://x.example/a', text: 'Short summary.' } as Story) // true
 * needsArticle({ url: null, text: 'Short summary.' } as Story) // false
 */
export function needsArticle(story: Pick<Story, 'url' | 'text'>): boolean {
  return story.url !== null && /^https?:\/\//.test(story.url) && story.text.length < SUMMARY_MAX_CHARS;
}

/** The story with the article page's text (and its date when the feed gave none). */
export function storyWithArticle(story: Story, page: { title: string | null; text: string; publishedRaw: string | null }): Story {
  const title = story.title ?? page.title;
  const publishedRaw = story.publishedRaw ?? page.publishedRaw;
  const published = story.published ?? parsePublishedDate(page.publishedRaw, { zone: story.zone ?? null, lang: story.lang });
  return { ...story, title, text: page.text, publishedRaw, published, contentHash: contentHashOf(title, page.text) };
}

/**
 * Replace summaries by article text, politely and within bounds.
 *
 * @example
 * const r = await fetchArticles(feedStories, { maxArticles: 10, budgetMs: 45000, fetch: config.fetch, isKnown, log });
 * await store.saveStories(r.stories);
 */
export async function fetchArticles(stories: Story[], opts: FetchArticlesOptions): Promise<FetchArticlesResult> {
  const now = opts.now ?? Date.now;
  const deadline = now() + opts.budgetMs;
  const out: Story[] = [];
  const result = { fetched: 0, fallback: 0, deferred: 0, known: 0 };
  let attempted = 0;
  for (const story of stories) {
    if (!needsArticle(story)) {
      out.push(story);
      continue;
    }
    if (await opts.isKnown(story.id)) {
      result.known++;
      continue;
    }
    const left = deadline - now();
    if (attempted >= opts.maxArticles || left <= 0) {
      result.deferred++;
      continue;
    }
    let release: (() => Promise<void>) | null = null;
    if (opts.politeness && opts.limits) {
      const slot = await opts.politeness.acquireWithin(story.url!, opts.limits, left);
      if (!slot.granted) {
        result.deferred++;
        continue;
      }
      release = slot.release;
    }
    attempted++;
    try {
      const timeoutMs = Math.max(1000, Math.min(opts.fetch.timeoutMs ?? 30_000, deadline - now()));
      const headers = { ...(opts.headersFor?.(story.url!) ?? {}), Accept: HTML_ACCEPT };
      const res = await httpGet({ url: story.url!, headers }, { ...opts.fetch, timeoutMs });
      const html = decodeBytes(res.body, { contentType: res.contentType, kind: 'html' }).text;
      const page = extractArticle(html, res.finalUrl, { lang: story.lang, published: story.published });
      if (page) {
        out.push(storyWithArticle(story, page));
        result.fetched++;
      } else {
        opts.log.debug({ url: story.url }, 'article page holds no article; keeping the summary');
        out.push(story);
        result.fallback++;
      }
    } catch (err) {
      const code = err instanceof FeedError ? err.code : 'TL_ERR_ARTICLE';
      opts.log.debug({ url: story.url, error: { code, message: (err as Error).message } }, 'article page failed; keeping the summary');
      out.push(story);
      result.fallback++;
    } finally {
      await release?.().catch(() => undefined);
    }
  }
  return { stories: out, ...result };
}
