import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { WEBHOOK_QUEUE } from '../queues/names.js';
import type { WebhookJobData, WebhookSettings } from './webhook-types.js';

/** Name of the webhooks queue with an optional suffix (tests isolate themselves with one). */
export const webhookQueueName = (suffix = '') => (suffix ? `${WEBHOOK_QUEUE}-${suffix}` : WEBHOOK_QUEUE);

/**
 * Deterministic job id of one delivery: the same change is enqueued once
 * per endpoint, however many dispatchers see it.
 *
 * @example
 * deliveryJobId('crm', '42') // 'wh.crm.42'
 */
export const deliveryJobId = (endpointId: string, changeId: string) => `wh.${endpointId}.${changeId}`;

/** The `webhooks` queue: retries with exponential backoff, bounded retention. */
export function createWebhookQueue(
  connection: Redis,
  opts: { prefix: string; suffix?: string; settings: Pick<WebhookSettings, 'attempts' | 'backoffMs'>; keepCompleted: { age: number; count: number }; keepFailed: { age: number; count: number } },
): Queue<WebhookJobData> {
  return new Queue<WebhookJobData>(webhookQueueName(opts.suffix), {
    connection,
    prefix: opts.prefix,
    defaultJobOptions: {
      attempts: opts.settings.attempts,
      backoff: { type: 'exponential', delay: opts.settings.backoffMs },
      removeOnComplete: opts.keepCompleted,
      removeOnFail: opts.keepFailed,
    },
  });
}
