import Fastify, { type FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { TimelineStore } from '../store/store.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { addSecurityHeaders } from './security-headers.js';
import { apiEventsPlugin } from './plugins/api-events.js';
import { apiStoriesPlugin } from './plugins/api-stories.js';
import { apiFeedsPlugin } from './plugins/api-feeds.js';
import { healthPlugin } from './plugins/health.js';
import { pagePlugin } from './plugins/page.js';
import { dashboardPlugin, dashboardRewriteUrl, DEFAULT_DASHBOARD_PATH } from './plugins/dashboard.js';

export interface AppDeps {
  store: TimelineStore;
  /** BullMQ Queue instances to show in Bull Board (may be empty, e.g. in tests without Redis). */
  queues: Queue[];
  auth: { adminUser: string; adminPassword: string | null; viewerUser?: string | null; viewerPassword?: string | null };
  logger: Logger;
  /** Extra readiness checks, e.g. Redis ping. */
  checks?: Record<string, () => Promise<void>>;
  version: string;
}

/**
 * Builds the HTTP app (API, timeline page, health, Bull Board). It does not
 * listen: the caller does, or tests use `app.inject()`.
 *
 * @example
 * const app = await buildApp({ store, queues: [], auth: { adminUser: 'admin', adminPassword: null }, logger, version: '0.1.0' });
 * await app.listen({ port: 3000, host: '0.0.0.0' });
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
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

  await app.register(healthPlugin, { store: deps.store, version: deps.version, ...(deps.checks ? { checks: deps.checks } : {}) });
  await app.register(apiEventsPlugin, { store: deps.store });
  await app.register(apiStoriesPlugin, { store: deps.store });
  await app.register(apiFeedsPlugin, { store: deps.store });
  await app.register(pagePlugin, { store: deps.store, version: deps.version });
  await app.register(dashboardPlugin, { queues: deps.queues, auth: deps.auth, basePath: DEFAULT_DASHBOARD_PATH });

  return app;
}
