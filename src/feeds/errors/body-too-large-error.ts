import { FeedError } from './feed-error.js';

/** The (decompressed) body went past the configured cap. */
export class BodyTooLargeError extends FeedError {
  readonly code = 'TL_ERR_BODY_TOO_LARGE';
  readonly retryable = false;

  constructor(
    readonly url: string,
    readonly maxBytes: number,
  ) {
    super(`Body of ${url} exceeds ${maxBytes} bytes`);
  }
}
