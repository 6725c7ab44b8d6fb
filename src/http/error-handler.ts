import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { StoreError, InvalidQueryError } from '../store/store-errors.js';
import { AppError, type ErrorCode } from './app-error.js';

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

const CONTEXT_NAMES: Record<string, string> = {
  querystring: 'query parameter',
  params: 'path parameter',
  body: 'body field',
  headers: 'header',
};

const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'TL_ERR_UNAUTHORIZED',
  403: 'TL_ERR_FORBIDDEN',
  404: 'TL_ERR_NOT_FOUND',
  405: 'TL_ERR_METHOD_NOT_ALLOWED',
  413: 'TL_ERR_PAYLOAD_TOO_LARGE',
  415: 'TL_ERR_UNSUPPORTED_MEDIA_TYPE',
  429: 'TL_ERR_RATE_LIMITED',
};

const clip = (v: unknown): unknown => (typeof v === 'string' && v.length > 100 ? v.slice(0, 100) + '…' : v);

/** Names of the properties a route schema allows in a given context, for "unknown parameter" messages. */
function allowedNames(req: FastifyRequest, context: string): string[] {
  const schema = (req.routeOptions.schema as Record<string, unknown> | undefined)?.[context] as
    | { properties?: Record<string, unknown> }
    | undefined;
  return schema?.properties ? Object.keys(schema.properties) : [];
}

/** Turns a fastify/ajv validation failure into a coded 400 that names the bad parameter. */
function fromValidation(err: FastifyError, req: FastifyRequest): AppError {
  const first = (err.validation?.[0] ?? {}) as AjvError;
  const context = err.validationContext ?? 'querystring';
  const what = CONTEXT_NAMES[context] ?? context;
  const params = first.params ?? {};
  let name = (first.instancePath ?? '').replace(/^\//, '').split('/')[0] ?? '';
  if (!name && typeof params.missingProperty === 'string') name = params.missingProperty;
  if (!name && typeof params.additionalProperty === 'string') {
    const p = params.additionalProperty;
    const allowed = allowedNames(req, context);
    return AppError.badParam(p, `unknown ${what} "${clip(p)}"${allowed.length ? `; allowed: ${allowed.join(', ')}` : ''}`);
  }
  let reason = first.message ?? 'is invalid';
  if (first.keyword === 'enum' && Array.isArray(params.allowedValues)) reason = `must be one of: ${params.allowedValues.join(', ')}`;
  if (first.keyword === 'required') reason = 'is required';
  const source = context === 'params' ? req.params : context === 'querystring' ? req.query : undefined;
  const value = name && source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
  return AppError.badParam(name, `${what} "${name}" ${reason}`, value === undefined ? undefined : { value: clip(value) });
}

/**
 * Maps any thrown error to a coded `AppError`. Unknown errors become a
 * generic 500 so that internals never leak to clients.
 */
export function toAppError(err: unknown, req: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof InvalidQueryError) return AppError.badParam(err.param, err.message);
  if (err instanceof StoreError && err.code === 'TL_ERR_NOT_FOUND') return new AppError('TL_ERR_NOT_FOUND', err.message);
  const fe = err as FastifyError;
  if (fe && Array.isArray(fe.validation)) return fromValidation(fe, req);
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    return new AppError(STATUS_CODES[status] ?? 'TL_ERR_BAD_REQUEST', fe.message || 'bad request');
  }
  return new AppError('TL_ERR_INTERNAL', 'internal error');
}

/** Sends an error as a coded JSON response. */
export function sendError(reply: FastifyReply, err: AppError): FastifyReply {
  return reply.code(err.statusCode).type('application/json; charset=utf-8').send(err.toBody());
}

/** The single error handler of the app (set on the root instance). */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appErr = toAppError(err, req);
  if (appErr.statusCode >= 500 && appErr.code === 'TL_ERR_INTERNAL') {
    req.log.error({ err }, 'request failed');
  }
  return sendError(reply, appErr);
}

/** The not-found handler: a coded 404 for unknown routes. */
export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(reply, new AppError('TL_ERR_NOT_FOUND', `no route ${req.method} ${clip(req.url.split('?')[0])}`));
}
