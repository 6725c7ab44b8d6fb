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
