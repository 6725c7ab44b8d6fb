import type { FastifyPluginAsync } from 'fastify';
import type { TimelineStore } from '../../store/store.js';

export interface ApiFeedsOptions {
  store: TimelineStore;
}

/** `GET /api/feeds`: `{ feeds }`, the fetch state of every configured feed. */
export const apiFeedsPlugin: FastifyPluginAsync<ApiFeedsOptions> = async (app, { store }) => {
  app.get('/api/feeds', async () => ({ feeds: await store.listFeeds() }));
};
