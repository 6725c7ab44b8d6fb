import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/index.js';
import type { NormalizedStory, Story, StoryResult } from '../types.js';
import { storyJobId } from './job-ids.js';
import { QUEUE_NAMES, type QueueName } from './names.js';

/** Job payloads of each queue. */
export interface FetchJobData {
  feedId: string;
}
export interface NormalizeJobData {
  story: Story;
  /** The import or reprocess run the job belongs to (its summary is updated by the store stage). */
  runId?: number;
}
export interface ExtractJobData {
  normalized: NormalizedStory;
  runId?: number;
}
export interface StoreJobData {
  result: StoryResult;
  runId?: number;
}

/** A run's jobs get their own ids, so a story already processed once is processed again in the run. */
const runSuffix = (runId: number | null | undefined) => (runId != null ? `.r${runId}` : '');
export interface JobDataByQueue {
  fetch: FetchJobData;
  normalize: NormalizeJobData;
  extract: ExtractJobData;
  store: StoreJobData;
}

export type QueueSettings = Pick<AppConfig['queues'], 'prefix' | 'attempts' | 'backoffMs' | 'keepCompleted' | 'keepFailed'>;

/** Default options of every job: retries with exponential backoff, bounded retention. */
export function defaultJobOptions(s: QueueSettings): JobsOptions {
  return {
    attempts: s.attempts,
    backoff: { type: 'exponential', delay: s.backoffMs },
    removeOnComplete: { age: s.keepCompleted.age, count: s.keepCompleted.count },
    removeOnFail: { age: s.keepFailed.age, count: s.keepFailed.count },
  };
}

/**
 * The four pipeline queues (fetch → normalize → extract → store) on one
 * Redis connection. Producers use it to enqueue; the dashboard shows it.
 */
export class PipelineQueues {
  readonly queues: { [K in QueueName]: Queue<JobDataByQueue[K]> };

  constructor(
    connection: Redis,
    readonly settings: QueueSettings,
    /** Suffix appended to every queue name (tests use a unique one). */
    readonly nameSuffix = '',
  ) {
    const opts = { connection, prefix: settings.prefix, defaultJobOptions: defaultJobOptions(settings) };
    this.queues = {
      fetch: new Queue<FetchJobData>(this.queueName('fetch'), opts),
      normalize: new Queue<NormalizeJobData>(this.queueName('normalize'), opts),
      extract: new Queue<ExtractJobData>(this.queueName('extract'), opts),
      store: new Queue<StoreJobData>(this.queueName('store'), opts),
    };
  }

  queueName(stage: QueueName): string {
    return this.nameSuffix ? `${stage}-${this.nameSuffix}` : stage;
  }

  list(): Queue[] {
    return QUEUE_NAMES.map((n) => this.queues[n] as Queue);
  }

  /** Enqueues stories for normalization, one deterministic job per story version. */
  async enqueueStories(stories: Story[], opts: { runId?: number | null } = {}): Promise<number> {
    if (stories.length === 0) return 0;
    const runId = opts.runId ?? null;
    const jobs = await this.queues.normalize.addBulk(
      stories.map((story) => ({
        name: 'normalize',
        data: runId != null ? { story, runId } : { story },
        opts: { jobId: storyJobId('normalize', story) + runSuffix(runId) },
      })),
    );
    return jobs.length;
  }

  async enqueueExtract(normalized: NormalizedStory, runId?: number | null): Promise<void> {
    await this.queues.extract.add(
      'extract',
      runId != null ? { normalized, runId } : { normalized },
      { jobId: storyJobId('extract', normalized.story) + runSuffix(runId) },
    );
  }

  async enqueueStore(result: StoryResult, runId?: number | null): Promise<void> {
    await this.queues.store.add(
      'store',
      runId != null ? { result, runId } : { result },
      { jobId: `${storyJobId('store', result.normalized.story)}.${result.extractorVersion.replace(/[^\w-]/g, '')}${runSuffix(runId)}` },
    );
  }

  /** Jobs waiting on the normalize queue (what a bulk producer holds back on). */
  async normalizeBacklog(): Promise<number> {
    const c = await this.queues.normalize.getJobCounts('waiting', 'prioritized', 'delayed');
    return (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.list().map((q) => q.close()));
  }
}
