import { FeedError } from './feed-error.js';

/** Statuses worth retrying later (rate limits, gateway trouble, overload). */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

/** The server answered with a non-success status. */
export class HttpStatusError extends FeedError {
  readonly code = 'TL_ERR_HTTP_STATUS';
  readonly retryable: boolean;

  /**
   * @param status HTTP status code.
   * @param retryAfterMs Delay asked by `Retry-After` (429/503), or null.
   */
  constructor(
    readonly url: string,
    readonly status: number,
    readonly retryAfterMs: number | null = null,
  ) {
    super(`HTTP ${status} fetching ${url}`);
    this.retryable = RETRYABLE_STATUSES.has(status);
  }
}
