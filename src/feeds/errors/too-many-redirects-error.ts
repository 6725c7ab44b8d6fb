import { FeedError } from './feed-error.js';

/** The redirect chain was longer than the cap (or looped). */
export class TooManyRedirectsError extends FeedError {
  readonly code = 'TL_ERR_TOO_MANY_REDIRECTS';
  readonly retryable = false;

  constructor(
    readonly url: string,
    readonly maxRedirects: number,
  ) {
    super(`More than ${maxRedirects} redirects fetching ${url}`);
  }
}
