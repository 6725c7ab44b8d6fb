import { FeedError } from './feed-error.js';

/** The server did not answer (connect/headers) or finish the body in time. */
export class FetchTimeoutError extends FeedError {
  readonly code = 'TL_ERR_FETCH_TIMEOUT';
  readonly retryable = true;

  constructor(
    readonly url: string,
    readonly phase: 'connect' | 'total',
    readonly timeoutMs: number,
  ) {
    super(`Timed out (${phase}, ${timeoutMs} ms) fetching ${url}`);
  }
}
