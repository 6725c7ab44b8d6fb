import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { WorkerContext } from '../src/queues/worker-context.js';
import { isMain } from '../src/runtime/is-main.js';
import { VERSION } from '../src/version.js';
import { deliverWebhook } from '../src/webhooks/deliver.js';
import { webhookQueueName } from '../src/webhooks/webhook-queue.js';
import { WebhookDeliveryError, type WebhookJobData } from '../src/webhooks/webhook-types.js';

/**
 * The webhook delivery worker: POSTs each job to its endpoint, signed. A 5xx,
 * 408/429 or network error fails the attempt (BullMQ retries with backoff);
 * other 4xx and unknown endpoints fail the job for good.
 */
export function startWebhookWorker(ctx: WorkerContext): Worker<WebhookJobData> {
  const settings = ctx.config.webhooks;
  const log = ctx.logger.child({ queue: 'webhooks' });
  const worker = new Worker<WebhookJobData>(
    webhookQueueName(ctx.queues.nameSuffix),
    async (job: Job<WebhookJobData>) => {
      const jlog = log.child({ jobId: job.id, endpoint: job.data.endpointId });
      const endpoint = ctx.config.webhooks.endpoints.find((e) => e.id === job.data.endpointId && e.enabled);
      if (!endpoint) throw new UnrecoverableError(`TL_ERR_WEBHOOK_UNKNOWN_ENDPOINT: no enabled webhook endpoint "${job.data.endpointId}"`);
      try {
        const status = await deliverWebhook(endpoint, { id: String(job.id), data: job.data, attempt: job.attemptsMade + 1 }, {
          timeoutMs: settings.timeoutMs,
          userAgent: `wire-timeline/${VERSION} (webhooks)`,
        });
        jlog.debug({ status }, 'webhook delivered');
        return { status };
      } catch (err) {
        if (err instanceof WebhookDeliveryError && !err.retryable) throw new UnrecoverableError(`${err.code}: ${err.message}`);
        throw err;
      }
    },
    {
      connection: ctx.connection(),
      prefix: ctx.config.queues.prefix,
      concurrency: settings.concurrency,
      lockDuration: Math.max(ctx.config.queues.lockDurationMs, settings.timeoutMs * 2),
      stalledInterval: ctx.config.queues.stalledIntervalMs,
      maxStalledCount: ctx.config.queues.maxStalledCount,
    },
  );
  worker.on('failed', (job, err) => log.warn({ jobId: job?.id, endpoint: job?.data.endpointId, attempts: job?.attemptsMade, error: { message: err.message } }, 'webhook delivery failed'));
  worker.on('error', (err) => log.error({ error: { message: err.message } }, 'webhook worker error'));
  return worker;
}

if (isMain(import.meta.url)) {
  const { loadConfig } = await import('../src/config/index.js');
  const { createLogger } = await import('../src/logger.js');
  const { startService } = await import('../src/runtime/service.js');
  const { installShutdown } = await import('../src/runtime/shutdown.js');
  const config = loadConfig();
  const logger = createLogger({ ...config.logging, name: 'worker:webhooks' });
  const handle = await startService(config, { roles: ['worker'], stages: [], webhooks: true, logger, seed: false });
  installShutdown(handle.close, logger);
}
