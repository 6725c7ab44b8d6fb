import type { FastifyPluginAsync } from 'fastify';
import type { TimelineStore } from '../../store/store.js';
import { AppError } from '../app-error.js';
import { eventQuerySchema, joinRepeatedListParams, parseEventQuery, type RawEventQuery } from '../event-query.js';

export interface ApiEventsOptions {
  store: TimelineStore;
}

/** Path parameter schema shared by the `/:id` routes. */
export const idParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 512 } },
} as const;

/**
 * `GET /api/events` (filtered, cursor-paged list) and `GET /api/events/:id`
 * (one event with its sources and evidence).
 */
export const apiEventsPlugin: FastifyPluginAsync<ApiEventsOptions> = async (app, { store }) => {
  app.get<{ Querystring: RawEventQuery }>(
    '/api/events',
    {
      schema: { summary: 'Events, filtered, sorted by date and paged with a cursor', querystring: eventQuerySchema },
      // `kind=a&kind=b` is accepted as well as `kind=a,b`.
      preValidation: joinRepeatedListParams,
    },
    async (req) => {
      const page = await store.listEvents(parseEventQuery(req.query));
      return { events: page.events, nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: { id: string } }>('/api/events/:id', { schema: { summary: 'One event with all its sources and evidence', params: idParamsSchema } }, async (req) => {
    const event = await store.getEvent(req.params.id);
    if (!event) throw new AppError('TL_ERR_NOT_FOUND', `no event with id "${req.params.id.slice(0, 100)}"`, { id: req.params.id.slice(0, 100) });
    return event;
  });
};
