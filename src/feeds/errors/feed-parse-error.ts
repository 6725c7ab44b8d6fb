import { FeedError } from './feed-error.js';

/** The body is not a feed that can be read, even tolerantly. */
export class FeedParseError extends FeedError {
  readonly code = 'TL_ERR_FEED_PARSE';
  readonly retryable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
