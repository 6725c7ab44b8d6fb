import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { TimelineStore } from '../../store/store.js';
import { AppError } from '../app-error.js';
import { checkCredentials, parseBasicAuth, type DashboardAuth } from '../dashboard/credentials.js';
import { sendError } from '../error-handler.js';
import { renderFeedHealth } from '../page/render-feed-health.js';
import { DEFAULT_DASHBOARD_PATH } from './dashboard.js';

export interface FeedHealthOptions {
  store: TimelineStore;
  auth: DashboardAuth;
  version: string;
}

export const FEED_HEALTH_PATH = '/admin/feeds';

/**
 * `GET /admin/feeds`: the feed-health page next to the queue dashboard,
 * behind the same HTTP Basic credentials (admin or viewer: it only reads).
 */
export const feedHealthPlugin: FastifyPluginAsync<FeedHealthOptions> = async (app, opts) => {
  app.get(FEED_HEALTH_PATH, async (req, reply) => {
    if (!opts.auth.adminPassword) {
      throw new AppError('TL_ERR_DASHBOARD_DISABLED', 'the admin pages are disabled: set ADMIN_PASSWORD to enable them');
    }
    const creds = parseBasicAuth(req.headers.authorization);
    if (!creds || !checkCredentials(opts.auth, creds.user, creds.pass)) {
      reply.header('www-authenticate', 'Basic realm="wire-timeline queues"');
      return sendError(reply, new AppError('TL_ERR_UNAUTHORIZED', 'authentication required: use the dashboard credentials (HTTP Basic)'));
    }
    const nonce = randomBytes(16).toString('base64');
    const html = renderFeedHealth(await opts.store.listFeeds(), { now: new Date(), nonce, version: opts.version, queuesPath: DEFAULT_DASHBOARD_PATH });
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
      .send(html);
  });
};
