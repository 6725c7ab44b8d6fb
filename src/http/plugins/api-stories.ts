import type { FastifyPluginAsync } from 'fastify';
import type { TimelineStore } from '../../store/store.js';
import { AppError } from '../app-error.js';
import { idParamsSchema } from './api-events.js';

export interface ApiStoriesOptions {
  store: TimelineStore;
}

/** `GET /api/stories/:id`: the stored story (raw text, metadata, dateline, dates, event ids). */
export const apiStoriesPlugin: FastifyPluginAsync<ApiStoriesOptions> = async (app, { store }) => {
  app.get<{ Params: { id: string } }>('/api/stories/:id', { schema: { params: idParamsSchema } }, async (req) => {
    const story = await store.getStory(req.params.id);
    if (!story) throw new AppError('TL_ERR_NOT_FOUND', `no story with id "${req.params.id.slice(0, 100)}"`, { id: req.params.id.slice(0, 100) });
    return story;
  });
};
