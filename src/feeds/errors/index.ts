export { FeedError } from './feed-error.js';
export { FetchTimeoutError } from './fetch-timeout-error.js';
export { HttpStatusError } from './http-status-error.js';
export { BodyTooLargeError } from './body-too-large-error.js';
export { TooManyRedirectsError } from './too-many-redirects-error.js';
export { FetchNetworkError } from './fetch-network-error.js';
export { FeedParseError } from './feed-parse-error.js';
export { InvalidInputError } from './invalid-input-error.js';
