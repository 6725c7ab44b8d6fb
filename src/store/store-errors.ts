/** Base class of store errors; `code` is the API error code they map to. */
export class StoreError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A query parameter the store cannot use; the API answers 400. */
export class InvalidQueryError extends StoreError {
  constructor(
    readonly param: string,
    readonly value: string,
    reason: string,
  ) {
    super('TL_ERR_BAD_PARAM', `invalid ${param} "${value.slice(0, 100)}": ${reason}`);
  }
}

/** A pagination cursor that was not issued by this store. */
export class InvalidCursorError extends InvalidQueryError {
  constructor(cursor: string) {
    super('cursor', cursor, 'not a cursor returned by a previous page');
  }
}

/** Node socket and DNS error codes: the database cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

/**
 * Whether an error says the database is unavailable or refusing work for now (so every
 * statement would fail alike), rather than something about the data one statement was given:
 * a refused, lost or timed-out connection (Node's network codes, node-pg's "Connection
 * terminated" and pool timeouts) and the SQLSTATE classes 08 (connection), 25006 (read-only
 * transaction, e.g. a standby after failover), 53 (resources), 55P03 (lock timeout),
 * 57 (operator intervention, query canceled) and 58 (system).
 *
 * @example
 * isUnavailableError({ code: '57P01' }) // true: the server is shutting down
 * isUnavailableError({ code: 'ECONNREFUSED' }) // true
 * isUnavailableError({ code: '22P05' }) // false: untranslatable character, the data's fault
 * isUnavailableError(new TypeError("Cannot read properties of undefined")) // false
 */
export function isUnavailableError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code)) return true;
  if (/^(08|53|57|58)/.test(code) || code === '25006' || code === '55P03') return true;
  const msg = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(msg);
}
