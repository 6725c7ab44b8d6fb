import type { FastifyPluginAsync } from 'fastify';
import type { TimelineStore } from '../../store/store.js';
import { AppError } from '../app-error.js';
import { eventQuerySchema, joinRepeatedListParams, parseEventQuery, type RawEventQuery } from '../event-query.js';
import { idParamsSchema } from './api-events.js';

export interface ApiEntitiesOptions {
  store: TimelineStore;
}

const entitySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    type: { type: ['string', 'null'] },
    name: { type: 'string' },
    country: { type: ['string', 'null'] },
    aliases: { type: 'array', items: { type: 'object', properties: { alias: { type: 'string' }, lang: { type: ['string', 'null'] } } } },
    events: { type: 'integer', description: 'Timeline events the entity takes part in' },
  },
} as const;

const { entity: _entity, ...timelineQueryProps } = eventQuerySchema.properties;
const entityTimelineQuerySchema = { ...eventQuerySchema, properties: timelineQueryProps };

/**
 * `GET /api/entities?q=` (search by id or any alias, in any language),
 * `GET /api/entities/:id` and `GET /api/entities/:id/events` (the entity's
 * timeline, with every event filter but `entity`).
 */
export const apiEntitiesPlugin: FastifyPluginAsync<ApiEntitiesOptions> = async (app, { store }) => {
  app.get<{ Querystring: { q?: string; limit: number } }>(
    '/api/entities',
    {
      schema: {
        summary: 'Search entities by id or by any alias, in any language',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: { type: 'string', maxLength: 200, description: 'An id, or part of a name in any language; empty lists the most frequent' },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
          },
        },
        response: { 200: { type: 'object', properties: { entities: { type: 'array', items: entitySchema } } } },
      },
    },
    async (req) => ({ entities: await store.searchEntities(req.query.q ?? '', req.query.limit) }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/entities/:id',
    { schema: { summary: 'One entity with its aliases', params: idParamsSchema, response: { 200: entitySchema } } },
    async (req) => {
      const entity = await store.getEntity(req.params.id);
      if (!entity) throw new AppError('TL_ERR_NOT_FOUND', `no entity with id "${req.params.id.slice(0, 100)}"`);
      return entity;
    },
  );

  app.get<{ Params: { id: string }; Querystring: RawEventQuery }>(
    '/api/entities/:id/events',
    {
      schema: { summary: "The entity's timeline: its events, filtered and paged like /api/events", params: idParamsSchema, querystring: entityTimelineQuerySchema },
      preValidation: joinRepeatedListParams,
    },
    async (req) => {
      const entity = await store.getEntity(req.params.id);
      if (!entity) throw new AppError('TL_ERR_NOT_FOUND', `no entity with id "${req.params.id.slice(0, 100)}"`);
      const page = await store.listEvents({ ...parseEventQuery(req.query), entity: entity.id });
      return { entity: { id: entity.id, name: entity.name, type: entity.type, country: entity.country }, events: page.events, nextCursor: page.nextCursor };
    },
  );
};
