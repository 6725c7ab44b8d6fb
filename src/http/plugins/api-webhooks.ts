import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../app-error.js';
import { idParamsSchema } from './api-events.js';

/** What the API may do with the outgoing webhooks. */
export interface WebhookControl {
  /** Ids of the enabled endpoints. */
  endpointIds(): string[];
  /** Enqueues a signed `ping` delivery to an endpoint; resolves with the job id. */
  ping(endpointId: string): Promise<string>;
}

export interface ApiWebhooksOptions {
  webhooks: WebhookControl | null;
}

/**
 * `POST /api/webhooks/:id/ping`: sends a signed test delivery to one
 * configured endpoint through the webhooks queue. A write: admin credentials only
 * (enforced for every non-GET /api route by api-access.ts).
 */
export const apiWebhooksPlugin: FastifyPluginAsync<ApiWebhooksOptions> = async (app, { webhooks }) => {
  app.post<{ Params: { id: string } }>(
    '/api/webhooks/:id/ping',
    { schema: { summary: 'Send a signed test delivery to a webhook endpoint (admin)', params: idParamsSchema, security: [{ admin: [] }] } },
    async (req, reply) => {
      if (!webhooks) throw new AppError('TL_ERR_WEBHOOKS_DISABLED', 'webhooks are not available in this process (no Redis queue or no endpoints configured)');
      if (!webhooks.endpointIds().includes(req.params.id)) {
        throw new AppError('TL_ERR_NOT_FOUND', `no enabled webhook endpoint "${req.params.id.slice(0, 100)}"`);
      }
      const jobId = await webhooks.ping(req.params.id);
      return reply.code(202).send({ queued: true, jobId });
    },
  );
};
