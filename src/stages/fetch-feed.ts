/**
 * Stage: fetch (or take) a feed's bytes, decode them, parse them into Stories.
 *
 * Errors are typed (see `src/feeds/errors/`), each with a `code` and
 * `retryable`, so a queue worker can decide retry vs. fail.
 */
import type { Story } from '../types.js';
import { decodeBytes } from '../feeds/decode.js';
import { InvalidInputError } from '../feeds/errors/invalid-input-error.js';
import { httpGet } from '../feeds/http-fetch.js';
import type { FetchOptions } from '../feeds/http-fetch.js';
import { parseFeed } from '../feeds/parse-feed.js';
import type { ItemError } from '../feeds/parse-feed.js';
import type { FeedFormat } from '../feeds/raw-feed.js';

export type { FetchOptions } from '../feeds/http-fetch.js';
export type { ItemError } from '../feeds/parse-feed.js';
export type { FeedFormat } from '../feeds/raw-feed.js';
export { readLocalInput, storyFromText } from '../feeds/local-input.js';
export type { StoryFromTextInput } from '../feeds/local-input.js';
export { canonicalUrl, contentHashOf, storyIdFor } from '../feeds/identity.js';
export { parsePublishedDate } from '../feeds/published-date.js';
export * from '../feeds/errors/index.js';

export interface FeedInput {
  /** Feed URL (http/https). Either `url` or `bytes`. */
  url?: string;
  /** Feed bytes already in hand. */
  bytes?: Uint8Array;
  /** Content-Type that came with `bytes`. */
  contentType?: string | null;
  feedId?: string | null;
  /** ISO 639-1 language configured for the feed (wins over the feed's declaration). */
  lang?: string | null;
  /** IANA zone (or fixed offset) for naive timestamps. */
  zone?: string | null;
  /** Validators from the previous fetch, for a conditional GET. */
  etag?: string | null;
  lastModified?: string | null;
  /** Per-feed request headers. */
  headers?: Record<string, string>;
}

export interface FeedFetchResult {
  status: 'ok' | 'not-modified';
  httpStatus?: number;
  etag: string | null;
  lastModified: string | null;
  finalUrl: string | null;
  format: FeedFormat;
  /** Charset the body was decoded with. */
  charset: string;
  stories: Story[];
  /** Items skipped, with the reason. */
  errors: ItemError[];
}

/**
 * Fetch a feed (or read given bytes) into Stories.
 *
 * @example
 * const r = await fetchFeed({ url: 'https://example.org/rss.xml', feedId: 'ex', zone: 'Europe/Paris', etag: prev.etag });
 * if (r.status === 'not-modified') return;
 * for (const story of r.stories) enqueue(story);
 */
export async function fetchFeed(input: FeedInput, opts: FetchOptions = {}): Promise<FeedFetchResult> {
  let bytes: Uint8Array;
  let contentType: string | null = input.contentType ?? null;
  let httpStatus: number | undefined;
  let etag: string | null = null;
  let lastModified: string | null = null;
  let finalUrl: string | null = input.url ?? null;

  if (input.bytes) {
    bytes = input.bytes;
  } else if (input.url) {
    const res = await httpGet(
      { url: input.url, etag: input.etag ?? null, lastModified: input.lastModified ?? null, headers: input.headers ?? {} },
      opts,
    );
    httpStatus = res.httpStatus;
    etag = res.etag;
    lastModified = res.lastModified;
    finalUrl = res.finalUrl;
    if (res.status === 'not-modified') {
      return { status: 'not-modified', httpStatus, etag, lastModified, finalUrl, format: 'unknown', charset: '', stories: [], errors: [] };
    }
    bytes = res.body;
    contentType = res.contentType ?? contentType;
  } else {
    throw new InvalidInputError('fetchFeed needs either url or bytes');
  }

  const decoded = decodeBytes(bytes, { contentType, kind: 'xml' });
  const feed = await parseFeed(decoded.text, {
    feedUrl: finalUrl,
    feedId: input.feedId ?? null,
    lang: input.lang ?? null,
    zone: input.zone ?? null,
    source: 'feed',
  });
  return {
    status: 'ok',
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    etag,
    lastModified,
    finalUrl,
    format: feed.format,
    charset: decoded.charset,
    stories: feed.stories,
    errors: feed.errors,
  };
}
