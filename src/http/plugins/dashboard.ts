import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import fastifyBasicAuth from '@fastify/basic-auth';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import { AppError } from '../app-error.js';
import { sendError, toAppError } from '../error-handler.js';
import { checkCredentials, parseBasicAuth, type DashboardAuth } from '../dashboard/credentials.js';
import { redactJobData } from '../dashboard/redact.js';

/*
 * Access model.
 *
 * Bull Board decides read-only per queue adapter, not per request, so two
 * boards are built over the same Queue objects:
 *   - the full board at `basePath` (default /admin/queues), admin credentials only;
 *   - a read-only board (adapters with `readOnlyMode: true`) at `basePath + '-readonly'`,
 *     whose UI is told its base path is `basePath`.
 * `dashboardRewriteUrl` (installed as fastify's `rewriteUrl`) sends requests to
 * `basePath/...` that carry valid *viewer* credentials to the read-only board,
 * so viewers and admins use the same URL and viewers get a UI without action
 * buttons. As a second line, the read-only board answers 403 to any method
 * other than GET/HEAD, and Bull Board itself refuses actions on read-only queues.
 * Every board request is authenticated again inside its own scope, so the
 * rewrite only routes and never grants anything.
 */

export const DEFAULT_DASHBOARD_PATH = '/admin/queues';

/** Where the read-only board is mounted internally. */
export const readonlyPath = (basePath: string): string => `${basePath}-readonly`;

const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; " +
  "font-src 'self' https://fonts.gstatic.com data:; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; base-uri 'self'; frame-ancestors 'none'";

export interface DashboardOptions {
  queues: Queue[];
  auth: DashboardAuth;
  /** Default /admin/queues. */
  basePath?: string;
}

const viewerEnabled = (auth: DashboardAuth) => Boolean(auth.adminPassword && auth.viewerUser && auth.viewerPassword);

const under = (url: string, base: string) => url === base || url.startsWith(base + '/') || url.startsWith(base + '?');

/**
 * A fastify `rewriteUrl` function that routes viewer requests for the
 * dashboard to the read-only board. Other URLs pass through unchanged.
 *
 * @example
 * const app = Fastify({ rewriteUrl: dashboardRewriteUrl(auth) });
 */
export function dashboardRewriteUrl(
  auth: DashboardAuth,
  basePath: string = DEFAULT_DASHBOARD_PATH,
): (req: { url?: string; headers: IncomingHttpHeaders }) => string {
  return (req) => {
    const url = req.url ?? '/';
    if (!viewerEnabled(auth) || !under(url, basePath)) return url;
    const creds = parseBasicAuth(req.headers.authorization);
    if (!creds || checkCredentials(auth, creds.user, creds.pass) !== 'viewer') return url;
    return readonlyPath(basePath) + url.slice(basePath.length);
  };
}

interface BoardOptions {
  queues: Queue[];
  auth: DashboardAuth;
  readOnly: boolean;
  /** Base path the UI uses in its links and API calls. */
  uiBasePath: string;
}

/** One Bull Board in its own encapsulated scope, behind Basic auth. */
const boardPlugin: FastifyPluginAsync<BoardOptions> = async (scope, opts) => {
  await scope.register(fastifyBasicAuth, {
    authenticate: { realm: 'wire-timeline queues' },
    validate: async (user, pass) => {
      const role = checkCredentials(opts.auth, user, pass);
      if (!role) throw new Error('invalid credentials');
      if (!opts.readOnly && role !== 'admin') {
        throw Object.assign(new Error('viewer credentials give read-only access'), { statusCode: 403 });
      }
    },
  });

  scope.addHook('onRequest', (req, reply, done) => {
    scope.basicAuth(req, reply, (err?: Error) => {
      if (err) {
        const appErr = toAppError(err, req);
        if (appErr.code === 'TL_ERR_UNAUTHORIZED') {
          // Do not tell a prober whether the header was absent or the password wrong.
          sendError(reply, new AppError('TL_ERR_UNAUTHORIZED', 'authentication required: use the dashboard credentials (HTTP Basic)'));
        } else {
          sendError(reply, appErr);
        }
        return;
      }
      if (opts.readOnly && req.method !== 'GET' && req.method !== 'HEAD') {
        sendError(reply, new AppError('TL_ERR_FORBIDDEN', 'read-only access: these credentials cannot change queues or jobs'));
        return;
      }
      reply.header('content-security-policy', DASHBOARD_CSP);
      reply.header('cache-control', 'no-store');
      done();
    });
  });

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(opts.uiBasePath);
  createBullBoard({
    queues: opts.queues.map((q) => {
      const adapter = new BullMQAdapter(q, { readOnlyMode: opts.readOnly });
      // Story texts are large: the UI shows them cut down (the jobs are untouched).
      adapter.setFormatter('data', (data: unknown) => redactJobData(data));
      adapter.setFormatter('returnValue', (data: unknown) => redactJobData(data));
      return adapter;
    }),
    // @bull-board/fastify pins its own copy of @bull-board/api's typings; the runtime contract is the same.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: opts.readOnly ? 'wire-timeline queues (read-only)' : 'wire-timeline queues' } },
  });
  await scope.register(serverAdapter.registerPlugin());
};

/**
 * The Bull Board dashboard behind HTTP Basic auth (admin: full access,
 * viewer: read-only). Without an admin password every dashboard URL answers
 * 503 `TL_ERR_DASHBOARD_DISABLED`.
 */
export const dashboardPlugin: FastifyPluginAsync<DashboardOptions> = async (app, opts) => {
  const basePath = opts.basePath ?? DEFAULT_DASHBOARD_PATH;
  if (!opts.auth.adminPassword) {
    const disabled = async () => {
      throw new AppError(
        'TL_ERR_DASHBOARD_DISABLED',
        'the queue dashboard is disabled: set ADMIN_PASSWORD (and optionally ADMIN_USER, VIEWER_USER, VIEWER_PASSWORD) to enable it',
      );
    };
    for (const p of [basePath, `${basePath}/*`, readonlyPath(basePath), `${readonlyPath(basePath)}/*`]) app.all(p, disabled);
    return;
  }
  await app.register(boardPlugin, { prefix: basePath, queues: opts.queues, auth: opts.auth, readOnly: false, uiBasePath: basePath });
  if (viewerEnabled(opts.auth)) {
    await app.register(boardPlugin, {
      prefix: readonlyPath(basePath),
      queues: opts.queues,
      auth: opts.auth,
      readOnly: true,
      uiBasePath: basePath,
    });
  }
};
