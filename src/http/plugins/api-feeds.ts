import type { FastifyPluginAsync } from 'fastify';
import type { TimelineStore } from '../../store/store.js';

export interface ApiFeedsOptions {
  store: TimelineStore;
}

const isoOrNull = (description: string) => ({ type: ['string', 'null'], format: 'date-time', description });

/**
 * JSON shape of one feed in `GET /api/feeds` (the admin feed-health page reads it).
 * Times are ISO 8601 instants; null when it has not happened (yet).
 */
export const FEED_HEALTH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'url', 'lang', 'zone', 'enabled', 'status', 'lastFetchAt', 'lastSuccessAt', 'lastError', 'consecutiveFailures', 'itemsLastPoll', 'nextRunAt'],
  properties: {
    id: { type: 'string', description: 'feed id from config/feeds.yaml' },
    url: { type: 'string' },
    lang: { type: ['string', 'null'], description: 'ISO 639-1 language configured for the feed' },
    zone: { type: ['string', 'null'], description: 'IANA zone configured for the feed' },
    enabled: { type: 'boolean', description: 'false for feeds disabled or removed from the feeds file' },
    status: {
      type: ['string', 'null'],
      description:
        'outcome of the last fetch: "ok", "ok (N bad items skipped)", "not-modified", "gone" (HTTP 404/410: no retries; still polled at its interval), "error" (see lastError); null before the first fetch',
    },
    lastFetchAt: isoOrNull('last fetch attempt'),
    lastSuccessAt: isoOrNull('last successful fetch (ok or not-modified)'),
    lastError: { type: ['string', 'null'], description: 'reason of the last failure, "TL_ERR_… : message"; null after a success' },
    consecutiveFailures: { type: 'integer', minimum: 0, description: 'failed attempts since the last success' },
    itemsLastPoll: { type: ['integer', 'null'], description: 'items in the feed at the last successful poll (0 when not modified)' },
    nextRunAt: isoOrNull('next scheduled poll (from the job scheduler), as of the last fetch'),
    etag: { type: ['string', 'null'], description: 'validator kept for the next conditional GET' },
    lastModified: { type: ['string', 'null'], description: 'validator kept for the next conditional GET' },
  },
} as const;

/** `GET /api/feeds`: `{ feeds }`, the fetch state (health) of every known feed, by id. */
export const apiFeedsPlugin: FastifyPluginAsync<ApiFeedsOptions> = async (app, { store }) => {
  app.get(
    '/api/feeds',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['feeds'],
            properties: { feeds: { type: 'array', items: FEED_HEALTH_SCHEMA } },
          },
        },
      },
    },
    async () => ({ feeds: await store.listFeeds() }),
  );
};
