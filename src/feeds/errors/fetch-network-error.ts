import { FeedError } from './feed-error.js';

/** What kind of transport failure it was. */
export type NetworkFailure = 'dns' | 'tls' | 'refused' | 'reset' | 'other';

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(GET|VERIFY)_|HOSTNAME_MISMATCH$)/;

/** The innermost cause with a `code` (undici wraps the socket error: "fetch failed" → cause). */
function rootCause(cause: unknown): { code: string | null; message: string } {
  let c: unknown = cause;
  let found: { code: string | null; message: string } = { code: null, message: cause instanceof Error ? cause.message : String(cause) };
  for (let depth = 0; c && depth < 5; depth++) {
    const e = c as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === 'string') found = { code: e.code, message: typeof e.message === 'string' ? e.message : found.message };
    c = e.cause;
  }
  return found;
}

/**
 * Classify a transport error code.
 *
 * @example
 * networkFailureOf('ENOTFOUND') // 'dns'
 * networkFailureOf('DEPTH_ZERO_SELF_SIGNED_CERT') // 'tls'
 * networkFailureOf('ECONNREFUSED') // 'refused'
 */
export function networkFailureOf(code: string | null): NetworkFailure {
  if (!code) return 'other';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME') return 'dns';
  if (TLS_CODE.test(code)) return 'tls';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'reset';
  return 'other';
}

/** DNS, connection refused/reset, TLS or another transport failure. */
export class FetchNetworkError extends FeedError {
  readonly code = 'TL_ERR_FETCH_NETWORK';
  /** A bad certificate does not heal within one poll; the rest may. */
  readonly retryable: boolean;
  readonly failure: NetworkFailure;
  /** The underlying error code (ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT, …), or null. */
  readonly causeCode: string | null;

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    const root = rootCause(cause);
    const failure = networkFailureOf(root.code);
    const label = { dns: 'DNS failure', tls: 'TLS failure', refused: 'connection refused', reset: 'connection reset', other: 'network error' }[failure];
    super(`${label} fetching ${url}: ${root.code ? `${root.code} ` : ''}${root.message}`.slice(0, 400), { cause });
    this.failure = failure;
    this.causeCode = root.code;
    this.retryable = failure !== 'tls';
  }
}
