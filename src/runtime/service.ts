import { unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import type { Queue, Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { loadFeeds, type AppConfig, type FeedConfig, type Role } from '../config/index.js';
import { buildApp } from '../http/app.js';
import type { Logger } from '../logger.js';
import { syncFeedSchedulers } from '../queues/feed-scheduler.js';
import { QUEUE_NAMES, type QueueName } from '../queues/names.js';
import { PipelineQueues } from '../queues/pipeline-queues.js';
import { createRedis } from '../queues/redis-connection.js';
import type { WorkerContext } from '../queues/worker-context.js';
import { openStore } from '../store/open-store.js';
import type { PgStore } from '../store/pg-store.js';
import { WORKER_STARTERS, startWebhookWorker } from '../../workers/index.js';
import { TimelineMetrics } from '../metrics/timeline-metrics.js';
import { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { createWebhookQueue } from '../webhooks/webhook-queue.js';
import type { WebhookJobData } from '../webhooks/webhook-types.js';
import { resolveAdminPassword } from './admin-secret.js';
import { ensureRedis, type EnsuredRedis } from './ensure-redis.js';
import { seedIfEmpty } from './seed.js';
import { VERSION } from '../version.js';

export { VERSION };

export interface ServiceOptions {
  roles: Role[];
  /** Worker stages to run (default: all four) when the worker role is on. */
  stages?: QueueName[];
  logger: Logger;
  /** Suffix for queue names (tests isolate themselves with it). */
  queueSuffix?: string;
  /** Seed an empty store from the samples (default: config.seed.onStart). */
  seed?: boolean;
  /** Watch the feeds file and resync schedulers on change (default true). */
  watchFeeds?: boolean;
  /**
   * Run the webhook delivery worker when the worker role is on (default: when
   * endpoints are configured and `stages` is not given).
   */
  webhooks?: boolean;
}

export interface ServiceHandle {
  config: AppConfig;
  store: PgStore;
  queues: PipelineQueues;
  /** The outgoing webhook delivery queue. */
  webhookQueue: Queue<WebhookJobData>;
  workers: Worker[];
  app: FastifyInstance | null;
  /** Base URL of the HTTP server when the api role runs. */
  url: string | null;
  adminPassword: string;
  /** Resyncs feeds and schedulers from the feeds file (what `timeline feeds sync` does). */
  syncFeeds(): Promise<{ upserted: string[]; removed: string[] }>;
  close(): Promise<void>;
}

/**
 * Starts the roles this process runs: `worker` (the four stage workers),
 * `scheduler` (per-feed job schedulers, kept in step with the feeds file)
 * and `api` (HTTP API, timeline page and dashboard). One process runs all
 * three by default; split them across processes with `--role`.
 */
export async function startService(config: AppConfig, opts: ServiceOptions): Promise<ServiceHandle> {
  const { logger } = opts;
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) {
      try {
        await c();
      } catch (err) {
        logger.warn({ error: { message: (err as Error).message } }, 'error while shutting down');
      }
    }
  };
  try {
    const redis: EnsuredRedis = await ensureRedis(config.redis.url, {
      startLocal: config.redis.startLocal,
      dataDir: config.dataDir,
      logger,
    });
    closers.push(() => redis.stop());

    if (!config.database.url && opts.roles.length < 3) {
      logger.warn('running a subset of roles on embedded PGlite: only one process can open it; set DATABASE_URL to split roles across processes');
    }
    const store = await openStore({
      databaseUrl: config.database.url,
      dataDir: join(config.dataDir, 'pglite'),
      schema: config.database.schema,
      poolSize: config.database.poolSize,
    });
    closers.push(() => store.close());
    logger.info({ store: store.kind }, 'store ready');

    const connections: Redis[] = [];
    const connection = () => {
      const c = createRedis(config.redis.url, 'worker');
      c.on('error', (err) => logger.debug({ error: { message: err.message } }, 'redis connection error'));
      connections.push(c);
      return c;
    };
    closers.push(async () => {
      for (const c of connections) c.disconnect();
    });
    const queueConnection = connection();
    const queues = new PipelineQueues(queueConnection, config.queues, opts.queueSuffix ?? '');
    closers.push(() => queues.close());
    const webhookQueue = createWebhookQueue(queueConnection, {
      prefix: config.queues.prefix,
      suffix: opts.queueSuffix ?? '',
      settings: config.webhooks,
      keepCompleted: config.queues.keepCompleted,
      keepFailed: config.queues.keepFailed,
    });
    closers.push(() => webhookQueue.close());
    const allQueues = [...queues.list(), webhookQueue as Queue];
    const enabledEndpoints = () => config.webhooks.endpoints.filter((e) => e.enabled);

    let feeds: FeedConfig[] = config.feeds;
    const syncFeeds = async () => {
      await store.syncFeeds(feeds);
      if (!opts.roles.includes('scheduler')) return { upserted: [], removed: [] };
      const r = await syncFeedSchedulers(queues.queues.fetch, feeds);
      logger.info({ scheduled: r.upserted.length, removed: r.removed }, 'feed schedulers in sync');
      return r;
    };

    if (opts.seed ?? config.seed.onStart) await seedIfEmpty(store, config.seed.paths, logger);

    const ctx: WorkerContext = { config, logger, store, queues, connection, feeds: () => feeds };
    const workers: Worker[] = [];
    if (opts.roles.includes('worker')) {
      const stages = opts.stages ?? QUEUE_NAMES;
      const webhooks = opts.webhooks ?? (enabledEndpoints().length > 0 && !opts.stages);
      for (const stage of stages) workers.push(WORKER_STARTERS[stage](ctx));
      if (webhooks) workers.push(startWebhookWorker(ctx));
      // Close workers first: they finish their active jobs before the queues go.
      closers.push(() => Promise.all(workers.map((w) => w.close())));
      logger.info({ stages, webhooks }, 'workers started');
    }

    if (opts.roles.includes('scheduler')) {
      // Webhook deliveries are enqueued from the event change log, and the log is pruned.
      if (enabledEndpoints().length) {
        const cursorRedis = connection();
        const dispatcher = new WebhookDispatcher({
          store,
          queue: webhookQueue,
          redis: cursorRedis,
          cursorKey: `${config.queues.prefix}:${webhookQueue.name}:cursor`,
          endpoints: enabledEndpoints,
          pollMs: config.webhooks.pollMs,
          logger: logger.child({ component: 'webhook-dispatcher' }),
        });
        dispatcher.start();
        closers.push(() => dispatcher.stop());
      }
      const prune = () =>
        void store
          .pruneEventChanges(config.api.stream.retentionHours * 3600)
          .catch((err) => logger.warn({ error: { message: (err as Error).message } }, 'event change log prune failed'));
      const pruneTimer = setInterval(prune, 3_600_000);
      pruneTimer.unref();
      closers.push(async () => clearInterval(pruneTimer));
    }

    await syncFeeds();
    if (opts.roles.includes('scheduler') && opts.watchFeeds !== false) {
      const file = config.feedsFile;
      watchFile(file, { interval: 2000 }, () => {
        try {
          feeds = loadFeeds(file);
          void syncFeeds().catch((err) => logger.error({ error: { message: (err as Error).message } }, 'feed resync failed'));
        } catch (err) {
          logger.error({ error: { message: (err as Error).message } }, 'feeds file changed but is invalid; keeping the previous feeds');
        }
      });
      closers.push(async () => unwatchFile(file));
    }

    const admin = resolveAdminPassword(config.auth.adminPassword, config.dataDir);
    let app: FastifyInstance | null = null;
    let url: string | null = null;
    if (opts.roles.includes('api')) {
      const suffix = opts.queueSuffix ? `-${opts.queueSuffix}` : '';
      const metrics = new TimelineMetrics({
        store,
        queues: allQueues,
        queueLabel: (q) => (suffix && q.name.endsWith(suffix) ? q.name.slice(0, -suffix.length) : q.name),
      });
      metrics.watchJobs(connection, logger, queues.queueName('fetch'));
      closers.push(() => metrics.close());
      app = await buildApp({
        store,
        queues: allQueues,
        metrics,
        api: {
          keys: config.api.keys,
          corsOrigins: config.api.cors.origins,
          rateLimit: config.api.rateLimit,
          exportMaxEvents: config.api.exportMaxEvents,
          stream: config.api.stream,
        },
        webhooks: enabledEndpoints().length
          ? {
              endpointIds: () => enabledEndpoints().map((e) => e.id),
              ping: async (id) => {
                const at = new Date().toISOString();
                const job = await webhookQueue.add('ping', { endpointId: id, type: 'ping', body: JSON.stringify({ id: `ping-${Date.now()}`, type: 'ping', at }) });
                return String(job.id);
              },
            }
          : null,
        auth: {
          adminUser: config.auth.adminUser,
          adminPassword: admin.password,
          viewerUser: config.auth.viewerUser,
          viewerPassword: config.auth.viewerPassword,
        },
        logger,
        checks: {
          redis: async () => {
            await queueConnection.ping();
          },
        },
        version: VERSION,
      });
      closers.push(() => app!.close());
      const address = await app.listen({ host: config.server.host, port: config.server.port });
      url = address;
      logger.info(
        {
          url: address,
          dashboard: `${address}/admin/queues`,
          adminUser: config.auth.adminUser,
          ...(admin.file ? { adminPasswordFile: admin.file } : {}),
        },
        admin.generated
          ? `timeline at ${address}/ — dashboard at ${address}/admin/queues (user ${config.auth.adminUser}, generated password in ${admin.file})`
          : `timeline at ${address}/ — dashboard at ${address}/admin/queues`,
      );
    }

    return { config, store, queues, webhookQueue, workers, app, url, adminPassword: admin.password, syncFeeds, close };
  } catch (err) {
    await close();
    throw err;
  }
}
