/** The pipeline queues, one per stage, in order. */
export const QUEUE_NAMES = ['fetch', 'normalize', 'extract', 'store'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Job scheduler id of a feed: one per configured feed. */
export const schedulerIdFor = (feedId: string) => `feed.${feedId}`;
export const feedIdFromScheduler = (schedulerId: string) =>
  schedulerId.startsWith('feed.') ? schedulerId.slice(5) : null;
