import { Redis, type RedisOptions } from 'ioredis';

/**
 * Opens an ioredis connection for BullMQ. Workers need
 * `maxRetriesPerRequest: null` (blocking commands); queues that only add
 * jobs fail fast instead, so a producer does not hang when Redis is down.
 */
export function createRedis(url: string, kind: 'worker' | 'queue' = 'worker', extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: kind === 'worker' ? null : 3,
    enableReadyCheck: true,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 5000),
    ...extra,
  });
}

/** Pings Redis at `url` once; resolves false when nothing answers within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const r = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}
