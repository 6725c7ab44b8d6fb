/** The pipeline queues, one per stage, in order. */
export const QUEUE_NAMES = ['fetch', 'normalize', 'extract', 'store'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Job scheduler id of a feed: one per configured feed. */
export const schedulerIdFor = (feedId: string) => `feed.${feedId}`;
export const feedIdFromScheduler = (schedulerId: string) =>
  schedulerId.startsWith('feed.') ? schedulerId.slice(5) : null;

/** The outgoing webhook delivery queue (not a pipeline stage). */
export const WEBHOOK_QUEUE = 'webhooks' as const;

/** Every queue the service runs: the pipeline stages, then webhooks (dashboard and metrics list them all). */
export const ALL_QUEUE_NAMES = [...QUEUE_NAMES, WEBHOOK_QUEUE] as const;
