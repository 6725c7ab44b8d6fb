import { Job, QueueEvents, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from 'pino';
import type { TimelineStore } from '../store/store.js';

/** Job states reported per queue. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

export interface TimelineMetricsOptions {
  store: TimelineStore;
  queues: Queue[];
  /** Queue name → label (e.g. strips a test suffix); default the name itself. */
  queueLabel?: (q: Queue) => string;
  /** Node process metrics (CPU, memory, event loop); default true. */
  processMetrics?: boolean;
}

/**
 * `read`, called once for every gauge collected in the same scrape: the
 * pending result is shared, and forgotten on the next tick.
 */
function sharedPerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => (pending ??= read().finally(() => setTimeout(() => (pending = null), 0)));
}

/**
 * Prometheus metrics of the service, in a registry of their own:
 *
 * - `timeline_queue_jobs{queue,state}`: queue depth by state (read at scrape time);
 * - `timeline_job_duration_seconds{queue}`: processing time of completed jobs (histogram,
 *   fed by BullMQ queue events once `watchJobs` is called, so it covers workers in any process);
 * - `timeline_stories_total`, `timeline_events_total`, `timeline_stories_last_minute`,
 *   `timeline_events_last_minute`: store totals and what arrived in the last minute
 *   (use `rate(timeline_events_total[5m]) * 60` for a smoothed per-minute figure);
 * - `timeline_fetch_errors_total{feed}`: failed fetch attempts seen since start;
 * - `timeline_feed_consecutive_failures{feed}`, `timeline_feed_last_success_timestamp_seconds{feed}`:
 *   per-feed health from the store.
 */
export class TimelineMetrics {
  readonly registry = new Registry();
  private readonly jobDuration: Histogram<'queue'>;
  private readonly fetchErrors: Counter<'feed'>;
  private readonly events: QueueEvents[] = [];
  /** The `queue` label of a queue (options' queueLabel, else its name). */
  private readonly label: (q: Queue) => string;

  constructor(private readonly opts: TimelineMetricsOptions) {
    this.label = opts.queueLabel ?? ((q: Queue) => q.name);
    const label = this.label;
    const reg = this.registry;
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: reg, prefix: 'timeline_process_' });

    new Gauge({
      name: 'timeline_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'],
      registers: [reg],
      async collect() {
        this.reset();
        await Promise.all(
          opts.queues.map(async (q) => {
            const counts = await q.getJobCounts(...JOB_STATES);
            for (const s of JOB_STATES) this.set({ queue: label(q), state: s }, counts[s] ?? 0);
          }),
        );
      },
    });
    this.jobDuration = new Histogram({
      name: 'timeline_job_duration_seconds',
      help: 'Processing time of completed jobs',
      labelNames: ['queue'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [reg],
    });
    this.fetchErrors = new Counter({ name: 'timeline_fetch_errors_total', help: 'Failed fetch attempts by feed (since this process started)', labelNames: ['feed'], registers: [reg] });

    // The four store gauges share one query per scrape.
    const readActivity = sharedPerScrape(() => opts.store.activity());
    const storeGauge = (name: string, help: string, pick: (a: Awaited<ReturnType<TimelineStore['activity']>>) => number) =>
      new Gauge({
        name,
        help,
        registers: [reg],
        async collect() {
          this.set(pick(await readActivity()));
        },
      });
    storeGauge('timeline_stories_total', 'Stories in the store', (a) => a.stories);
    storeGauge('timeline_events_total', 'Timeline events in the store', (a) => a.events);
    storeGauge('timeline_stories_last_minute', 'Stories first seen in the last minute', (a) => a.storiesLastMinute);
    storeGauge('timeline_events_last_minute', 'Timeline events created in the last minute', (a) => a.eventsLastMinute);

    const readFeeds = sharedPerScrape(() => opts.store.listFeeds());
    new Gauge({
      name: 'timeline_feed_consecutive_failures',
      help: 'Consecutive failed fetches of each feed (0 when the last one succeeded)',
      labelNames: ['feed'],
      registers: [reg],
      async collect() {
        this.reset();
        for (const f of await readFeeds()) if (f.enabled) this.set({ feed: f.id }, f.consecutiveFailures);
      },
    });
    new Gauge({
      name: 'timeline_feed_last_success_timestamp_seconds',
      help: 'Unix time of the last successful fetch of each feed',
      labelNames: ['feed'],
      registers: [reg],
      async collect() {
        this.reset();
        for (const f of await readFeeds()) if (f.enabled && f.lastSuccessAt) this.set({ feed: f.id }, Date.parse(f.lastSuccessAt) / 1000);
      },
    });
  }

  /** Records one completed job's processing time. */
  observeJob(queue: string, processedOn: number | undefined, finishedOn: number | undefined): void {
    if (typeof processedOn === 'number' && typeof finishedOn === 'number' && finishedOn >= processedOn) {
      this.jobDuration.observe({ queue }, (finishedOn - processedOn) / 1000);
    }
  }

  /** Counts one failed fetch attempt of a feed. */
  countFetchError(feedId: string): void {
    this.fetchErrors.inc({ feed: feedId.slice(0, 64) });
  }

  /**
   * Follows completed and failed jobs of every queue through BullMQ queue
   * events (one blocking connection per queue), for job durations and fetch errors.
   */
  watchJobs(connection: () => Redis, log: Logger, fetchQueueName?: string): void {
    const label = this.label;
    for (const q of this.opts.queues) {
      const qe = new QueueEvents(q.name, { connection: connection(), prefix: q.opts.prefix });
      qe.on('error', (err) => log.debug({ error: { message: err.message } }, 'queue events error'));
      qe.on('completed', ({ jobId }) => {
        void Job.fromId(q, jobId)
          .then((job) => job && this.observeJob(label(q), job.processedOn, job.finishedOn))
          .catch(() => {});
      });
      if (q.name === fetchQueueName) {
        qe.on('failed', ({ jobId }) => {
          void Job.fromId(q, jobId)
            .then((job) => {
              const feed = (job?.data as { feedId?: unknown } | undefined)?.feedId;
              if (typeof feed === 'string') this.countFetchError(feed);
            })
            .catch(() => {});
        });
      }
      this.events.push(qe);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.events.splice(0).map((e) => e.close().catch(() => {})));
  }
}
