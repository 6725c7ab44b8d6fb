import type { FastifyPluginAsync } from 'fastify';
import type { TimelineMetrics } from '../../metrics/timeline-metrics.js';

export interface MetricsOptions {
  metrics: TimelineMetrics;
}

/** `GET /metrics`: Prometheus text exposition of the service metrics. */
export const metricsPlugin: FastifyPluginAsync<MetricsOptions> = async (app, { metrics }) => {
  app.get('/metrics', { schema: { summary: 'Prometheus metrics' }, config: { rateLimit: false } as never }, async (_req, reply) => {
    const body = await metrics.registry.metrics();
    reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store');
    return body;
  });
};
