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

/**
 * Whether a database error may be caused by the data one statement was given (a value
 * PostgreSQL refuses, a constraint), rather than by the connection or the server's state.
 * Errors without a SQLSTATE (a refused or lost connection, a timeout) and the classes 08
 * (connection), 40 (transaction rollback), 53 (resources), 57 (operator intervention) and
 * 58 (system) are not.
 *
 * @example
 * mayBeDataError({ code: '22P05' }) // true: untranslatable character
 * mayBeDataError({ code: '57P01' }) // false: the server is shutting down
 * mayBeDataError(new Error('connect ECONNREFUSED')) // false
 */
export function mayBeDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|40|53|57|58)/.test(code);
}
