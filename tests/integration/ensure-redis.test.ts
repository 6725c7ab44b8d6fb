import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { redisAnswers } from '../../src/queues/redis-connection.js';
import { ensureRedis, RedisUnavailableError } from '../../src/runtime/ensure-redis.js';
import { tempDir, freePort } from '../helpers/services.js';

const hasRedisServer = !spawnSync('redis-server', ['--version']).error;


describe('ensureRedis', () => {
  it.skipIf(!hasRedisServer)('starts a private redis-server under the data dir when none answers, and stops it', async () => {
    const dir = tempDir();
    const url = `redis://127.0.0.1:${await freePort()}`;
    try {
      expect(await redisAnswers(url)).toBe(false);
      const r = await ensureRedis(url, { startLocal: true, dataDir: dir.path, logger: silentLogger() });
      expect(r.child).not.toBeNull();
      expect(await redisAnswers(url)).toBe(true);
      await r.stop();
      expect(await redisAnswers(url)).toBe(false);
    } finally {
      dir.remove();
    }
  });

  it('says what to run when no Redis answers and none may be started', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const err = await ensureRedis(url, { startLocal: false, dataDir: '/nonexistent', logger: silentLogger() }).catch((e) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect(err.message).toMatch(/apt-get install -y redis-server/);
    expect(err.message).toMatch(/REDIS_URL/);
  });

  it('never starts a private server for a remote URL', async () => {
    const err = await ensureRedis('redis://192.0.2.1:6379', { startLocal: true, dataDir: '/nonexistent', logger: silentLogger() }).catch((e) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect(err.message).toMatch(/not on this machine/);
  }, 20_000);
});
