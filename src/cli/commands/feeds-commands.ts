import { syncFeedSchedulers } from '../../queues/feed-scheduler.js';
import { PipelineQueues } from '../../queues/pipeline-queues.js';
import { createRedis, redisAnswers } from '../../queues/redis-connection.js';
import { RedisUnavailableError } from '../../runtime/ensure-redis.js';
import { commandContext, openConfiguredStore } from './context.js';

export async function feedsListCommand(opts: { json?: boolean }): Promise<void> {
  const { config } = commandContext();
  const store = await openConfiguredStore(config);
  try {
    const state = new Map((await store.listFeeds()).map((f) => [f.id, f]));
    for (const f of config.feeds) {
      const s = state.get(f.id);
      const row = {
        id: f.id,
        url: f.url,
        lang: f.lang,
        interval: f.interval,
        enabled: f.enabled,
        status: s?.status ?? null,
        lastSuccessAt: s?.lastSuccessAt ?? null,
        consecutiveFailures: s?.consecutiveFailures ?? 0,
        lastError: s?.lastError ?? null,
      };
      process.stdout.write(
        opts.json
          ? JSON.stringify(row) + '\n'
          : `${row.id.padEnd(16)} ${String(row.lang ?? '-').padEnd(3)} ${String(row.interval).padEnd(5)} ${row.enabled ? 'on ' : 'off'} ${row.status ?? 'never fetched'}${row.lastError ? ' — ' + row.lastError : ''}\n`,
      );
    }
  } finally {
    await store.close();
  }
}

export async function feedsSyncCommand(): Promise<void> {
  const { config } = commandContext();
  if (!(await redisAnswers(config.redis.url))) throw new RedisUnavailableError(config.redis.url, 'feeds sync updates the job schedulers in Redis');
  const store = await openConfiguredStore(config);
  const conn = createRedis(config.redis.url, 'queue');
  const queues = new PipelineQueues(conn, config.queues);
  try {
    await store.syncFeeds(config.feeds);
    const r = await syncFeedSchedulers(queues.queues.fetch, config.feeds);
    process.stdout.write(`schedulers: ${r.upserted.length} in place, removed: ${r.removed.join(', ') || 'none'}\n`);
  } finally {
    await queues.close();
    conn.disconnect();
    await store.close();
  }
}
