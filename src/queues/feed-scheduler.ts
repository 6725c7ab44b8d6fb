import type { Queue } from 'bullmq';
import { parseInterval, type FeedConfig } from '../config/index.js';
import type { FetchJobData } from './pipeline-queues.js';
import { feedIdFromScheduler, schedulerIdFor } from './names.js';

export interface SchedulerSyncResult {
  upserted: string[];
  removed: string[];
}

/**
 * Makes the fetch queue's job schedulers match the feed configuration: one
 * scheduler per enabled feed (`upsertJobScheduler`, which also updates a
 * changed interval), and schedulers of removed or disabled feeds deleted.
 * Idempotent: running it twice changes nothing.
 */
export async function syncFeedSchedulers(queue: Queue<FetchJobData>, feeds: FeedConfig[]): Promise<SchedulerSyncResult> {
  const wanted = new Map(feeds.filter((f) => f.enabled).map((f) => [schedulerIdFor(f.id), f]));
  const upserted: string[] = [];
  for (const [schedulerId, feed] of wanted) {
    const every = parseInterval(feed.interval)!;
    await queue.upsertJobScheduler(
      schedulerId,
      { every },
      // Scheduled jobs get the queue's retry and retention policy explicitly.
      { name: 'fetch', data: { feedId: feed.id }, opts: { ...queue.defaultJobOptions } },
    );
    upserted.push(feed.id);
  }
  const removed: string[] = [];
  const existing = await queue.getJobSchedulers(0, -1, true);
  for (const s of existing) {
    const id = s.key;
    if (feedIdFromScheduler(id) !== null && !wanted.has(id)) {
      await queue.removeJobScheduler(id);
      removed.push(feedIdFromScheduler(id)!);
    }
  }
  return { upserted, removed };
}
