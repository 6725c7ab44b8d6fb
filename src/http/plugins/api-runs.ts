import type { FastifyPluginAsync } from 'fastify';
import type { RunKind, TimelineStore } from '../../store/store.js';
import { AppError } from '../app-error.js';

export interface ApiRunsOptions {
  store: TimelineStore;
}

const runsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['import', 'reprocess'] },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  },
} as const;

const runParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[0-9]{1,15}$' } },
} as const;

/**
 * `GET /api/runs`: import and reprocess runs, newest first, each with its summary
 * (stories read/queued/done/failed, events added/removed/changed). `GET /api/runs/:id`: one run.
 */
export const apiRunsPlugin: FastifyPluginAsync<ApiRunsOptions> = async (app, { store }) => {
  app.get<{ Querystring: { kind?: RunKind; limit?: number } }>(
    '/api/runs',
    { schema: { summary: 'Import and reprocess runs with their summaries', querystring: runsQuerySchema } },
    async (req) => ({ runs: await store.listRuns({ limit: req.query.limit ?? 50, ...(req.query.kind ? { kind: req.query.kind } : {}) }) }),
  );
  app.get<{ Params: { id: string } }>('/api/runs/:id', { schema: { summary: 'One import or reprocess run', params: runParamsSchema } }, async (req) => {
    const run = await store.getRun(Number(req.params.id));
    if (!run) throw new AppError('TL_ERR_NOT_FOUND', `no run with id "${req.params.id}"`, { id: req.params.id });
    return run;
  });
};
