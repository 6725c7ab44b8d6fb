import { FeedError } from './feed-error.js';

/** DNS, connection refused/reset, TLS or another transport failure. */
export class FetchNetworkError extends FeedError {
  readonly code = 'TL_ERR_FETCH_NETWORK';
  readonly retryable = true;

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`Network error fetching ${url}: ${detail}`, { cause });
  }
}
