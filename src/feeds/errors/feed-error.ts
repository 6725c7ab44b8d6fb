/**
 * Base class of every error raised while fetching or reading a feed.
 * A queue worker reads `code` and `retryable` to decide retry vs. fail.
 *
 * @example
 * try { await fetchFeed({ url }) } catch (e) {
 *   if (e instanceof FeedError && e.retryable) requeue();
 * }
 */
export abstract class FeedError extends Error {
  /** Stable machine-readable code, e.g. `TL_ERR_FETCH_TIMEOUT`. */
  abstract readonly code: string;
  /** Whether trying again later may succeed. */
  abstract readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
