import type { FastifyPluginAsync } from 'fastify';
import type { TimelineStore } from '../../store/store.js';
import { sendAdminPage } from '../dashboard/admin-page.js';
import type { DashboardAuth } from '../dashboard/credentials.js';
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
  app.get(FEED_HEALTH_PATH, async (req, reply) =>
    sendAdminPage(req, reply, opts.auth, async (nonce) =>
      renderFeedHealth(await opts.store.listFeeds(), { now: new Date(), nonce, version: opts.version, queuesPath: DEFAULT_DASHBOARD_PATH }),
    ),
  );
};
