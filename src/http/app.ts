import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { TimelineStore } from '../store/store.js';
import { TimelineMetrics } from '../metrics/timeline-metrics.js';
import { AppError } from './app-error.js';
import { addApiAccess, presentedKey, requestLogValue } from './api-access.js';
import { checkCredentials, parseBasicAuth } from './dashboard/credentials.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { addSecurityHeaders } from './security-headers.js';
import { apiEventsPlugin } from './plugins/api-events.js';
import { apiEntitiesPlugin } from './plugins/api-entities.js';
import { apiExportPlugin } from './plugins/api-export.js';
import { apiStreamPlugin } from './plugins/api-stream.js';
import { apiStoriesPlugin } from './plugins/api-stories.js';
import { apiFeedsPlugin } from './plugins/api-feeds.js';
import { apiRunsPlugin } from './plugins/api-runs.js';
import { adminLedgerPlugin } from './plugins/admin-ledger.js';
import { apiWebhooksPlugin, type WebhookControl } from './plugins/api-webhooks.js';
import { registerDocs } from './plugins/docs.js';
import { feedHealthPlugin } from './plugins/feed-health.js';
import { healthPlugin } from './plugins/health.js';
import { metricsPlugin } from './plugins/metrics.js';
import { pagePlugin } from './plugins/page.js';
import { dashboardPlugin, dashboardRewriteUrl, DEFAULT_DASHBOARD_PATH } from './plugins/dashboard.js';

/** Consumer-facing settings (config `api.*`); every field has a default. */
export interface ApiSettings {
  /** API keys; empty: the API is open. */
  keys: string[];
  /** CORS origins; empty: no CORS headers. */
  corsOrigins: string[];
  rateLimit: { enabled: boolean; max: number; windowMs: number };
  exportMaxEvents: number;
  stream: { pollMs: number; heartbeatMs: number; maxClients: number };
}

export const DEFAULT_API_SETTINGS: ApiSettings = {
  keys: [],
  corsOrigins: [],
  rateLimit: { enabled: true, max: 600, windowMs: 60_000 },
  exportMaxEvents: 10_000,
  stream: { pollMs: 1000, heartbeatMs: 15_000, maxClients: 200 },
};

export interface AppDeps {
  store: TimelineStore;
  /** BullMQ Queue instances to show in Bull Board (may be empty, e.g. in tests without Redis). */
  queues: Queue[];
  auth: { adminUser: string; adminPassword: string | null; viewerUser?: string | null; viewerPassword?: string | null };
  logger: Logger;
  /** Extra readiness checks, e.g. Redis ping. */
  checks?: Record<string, () => Promise<void>>;
  version: string;
  /** API keys, CORS, rate limits, exports and stream settings (defaults: DEFAULT_API_SETTINGS). */
  api?: Partial<ApiSettings>;
  /** Metrics for `/metrics`; default: store and queue metrics without job events. */
  metrics?: TimelineMetrics;
  /** Outgoing webhooks (for the admin ping endpoint); absent: none configured. */
  webhooks?: WebhookControl | null;
}

/** Paths the rate limit leaves alone: probes, metrics, docs and the admin pages (behind credentials). */
const unlimited = (path: string) => path === '/healthz' || path === '/readyz' || path === '/metrics' || path.startsWith('/admin/') || path.startsWith('/docs');

/**
 * Builds the HTTP app (API, live stream, exports, OpenAPI docs, timeline
 * page, health, metrics, Bull Board and the feed-health page). It does not
 * listen: the caller does, or tests use `app.inject()`.
 *
 * @example
 * const app = await buildApp({ store, queues: [], auth: { adminUser: 'admin', adminPassword: null }, logger, version: '0.1.0' });
 * await app.listen({ port: 3000, host: '0.0.0.0' });
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const api: ApiSettings = { ...DEFAULT_API_SETTINGS, ...deps.api };
  const app = Fastify({
    // Request logs carry the URL: never the `?apiKey=` of the live stream.
    loggerInstance: deps.logger.child({}, { serializers: { req: requestLogValue } }),
    // Unknown query parameters are a 400 naming them, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    // Viewer requests for the dashboard go to its read-only board (see plugins/dashboard.ts).
    rewriteUrl: dashboardRewriteUrl(deps.auth, DEFAULT_DASHBOARD_PATH),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 600 },
  }) as unknown as FastifyInstance;

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  addSecurityHeaders(app);
  addApiAccess(app, { keys: api.keys, auth: deps.auth });
  // PostgreSQL text cannot hold NUL: refuse it in any parameter (a 400) before a query fails on it (a 500).
  app.addHook('preValidation', async (req) => {
    for (const bag of [req.params, req.query] as unknown[]) {
      if (!bag || typeof bag !== 'object') continue;
      for (const [k, v] of Object.entries(bag)) {
        if ((Array.isArray(v) ? v : [v]).some((x) => typeof x === 'string' && x.includes('\u0000'))) {
          throw AppError.badParam(k, `parameter "${k.slice(0, 40)}" contains a NUL character`);
        }
      }
    }
  });

  if (api.corsOrigins.length) {
    await app.register(fastifyCors, {
      origin: api.corsOrigins.includes('*') ? '*' : api.corsOrigins,
      methods: ['GET', 'HEAD', 'OPTIONS'],
      allowedHeaders: ['X-API-Key', 'Authorization', 'Last-Event-ID', 'Content-Type'],
      exposedHeaders: ['Content-Disposition', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'Retry-After'],
      maxAge: 600,
    });
  }
  if (api.rateLimit.enabled) {
    await app.register(fastifyRateLimit, {
      global: true,
      max: api.rateLimit.max,
      timeWindow: api.rateLimit.windowMs,
      // Per API key when one is presented (hashed: keys never sit in memory tables), else per client address.
      keyGenerator: (req) => {
        const key = presentedKey(req as never);
        return key ? 'k:' + createHash('sha256').update(key).digest('hex').slice(0, 32) : 'ip:' + req.ip;
      },
      // The admin pages are exempt only once signed in: guessing their credentials stays limited.
      allowList: (req) => {
        const path = req.url.split('?', 1)[0]!;
        if (!unlimited(path)) return false;
        if (!path.startsWith('/admin/')) return true;
        const creds = parseBasicAuth(req.headers.authorization);
        return creds !== null && checkCredentials(deps.auth, creds.user, creds.pass) !== null;
      },
      errorResponseBuilder: (_req, ctx) =>
        new AppError('TL_ERR_RATE_LIMITED', `rate limit exceeded: at most ${ctx.max} requests per ${ctx.after}; retry later`),
    });
  }
  await registerDocs(app, { version: deps.version });

  const metrics = deps.metrics ?? new TimelineMetrics({ store: deps.store, queues: deps.queues, processMetrics: false });

  await app.register(healthPlugin, { store: deps.store, version: deps.version, ...(deps.checks ? { checks: deps.checks } : {}) });
  await app.register(metricsPlugin, { metrics });
  await app.register(apiEventsPlugin, { store: deps.store });
  await app.register(apiStreamPlugin, { store: deps.store, ...api.stream });
  await app.register(apiExportPlugin, { store: deps.store, maxEvents: api.exportMaxEvents });
  await app.register(apiEntitiesPlugin, { store: deps.store });
  await app.register(apiStoriesPlugin, { store: deps.store });
  await app.register(apiFeedsPlugin, { store: deps.store });
  await app.register(apiRunsPlugin, { store: deps.store });
  await app.register(apiWebhooksPlugin, { webhooks: deps.webhooks ?? null });
  await app.register(pagePlugin, { store: deps.store, version: deps.version });
  await app.register(dashboardPlugin, { queues: deps.queues, auth: deps.auth, basePath: DEFAULT_DASHBOARD_PATH });
  await app.register(feedHealthPlugin, { store: deps.store, auth: deps.auth, version: deps.version });
  await app.register(adminLedgerPlugin, { store: deps.store, auth: deps.auth, version: deps.version });

  return app;
}
