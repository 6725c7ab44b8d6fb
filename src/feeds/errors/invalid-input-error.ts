import { FeedError } from './feed-error.js';

/** The caller gave neither url nor bytes, or a URL that cannot be fetched. */
export class InvalidInputError extends FeedError {
  readonly code = 'TL_ERR_INVALID_INPUT';
  readonly retryable = false;
}
