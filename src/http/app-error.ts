/**
 * Coded HTTP errors. Every error the API returns has the shape
 * `{ error: { code, message, details? } }`; the code is stable, the message is for humans.
 */

export const ERROR_CODES = {
  TL_ERR_BAD_PARAM: 400,
  TL_ERR_BAD_REQUEST: 400,
  TL_ERR_UNAUTHORIZED: 401,
  TL_ERR_FORBIDDEN: 403,
  TL_ERR_NOT_FOUND: 404,
  TL_ERR_METHOD_NOT_ALLOWED: 405,
  TL_ERR_PAYLOAD_TOO_LARGE: 413,
  TL_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  TL_ERR_RATE_LIMITED: 429,
  TL_ERR_TOO_MANY_STREAMS: 503,
  TL_ERR_WEBHOOKS_DISABLED: 503,
  TL_ERR_INTERNAL: 500,
  TL_ERR_NOT_READY: 503,
  TL_ERR_DASHBOARD_DISABLED: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/**
 * An error that drives an HTTP response: its code picks the status.
 *
 * @example
 * throw new AppError('TL_ERR_NOT_FOUND', 'no event with id "x"');
 * // -> 404 { error: { code: 'TL_ERR_NOT_FOUND', message: 'no event with id "x"' } }
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = ERROR_CODES[code];
    this.details = details;
  }

  /** The response body for this error. */
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }

  /** A 400 naming the bad parameter. */
  static badParam(param: string, message: string, details?: Record<string, unknown>): AppError {
    return new AppError('TL_ERR_BAD_PARAM', message, { param, ...details });
  }
}
