import type { FastifyPluginAsync } from 'fastify';
import { NO_EVENT_REASONS } from '../../pipeline/yield-reason.js';
import type { LedgerQuery, TimelineStore } from '../../store/store.js';
import { AppError } from '../app-error.js';
import { idParamsSchema } from './api-events.js';

export interface ApiStoriesOptions {
  store: TimelineStore;
}

/** Query of `GET /api/stories`: the recall ledger. */
export const storyLedgerQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    yielded: { type: 'string', enum: ['none', 'some'], description: 'none: stories that yielded no event; some: those that did; absent: every processed story' },
    reason: { type: 'string', enum: [...NO_EVENT_REASONS], description: 'Why no event (with yielded=none)' },
    feed: { type: 'string', minLength: 1, maxLength: 200, description: 'One feed id' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    after: { type: 'string', minLength: 1, maxLength: 512, description: 'Continue after this story id (nextAfter of the previous page)' },
  },
} as const;

/**
 * `GET /api/stories/:id`: the stored story (raw text, metadata, dateline, dates, event ids).
 * `GET /api/stories?yielded=none`: the recall ledger — processed stories with the events they
 * yielded and why none, paged by story id, with counts per feed and per reason over the whole selection.
 */
export const apiStoriesPlugin: FastifyPluginAsync<ApiStoriesOptions> = async (app, { store }) => {
  app.get<{ Querystring: LedgerQuery }>(
    '/api/stories',
    { schema: { summary: 'The recall ledger: what each processed story yielded, and why nothing', querystring: storyLedgerQuerySchema } },
    async (req) => store.listLedger(req.query),
  );

  app.get<{ Params: { id: string } }>('/api/stories/:id', { schema: { params: idParamsSchema } }, async (req) => {
    const story = await store.getStory(req.params.id);
    if (!story) throw new AppError('TL_ERR_NOT_FOUND', `no story with id "${req.params.id.slice(0, 100)}"`, { id: req.params.id.slice(0, 100) });
    return story;
  });
};
