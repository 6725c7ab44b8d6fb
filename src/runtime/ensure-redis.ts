import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { redisAnswers } from '../queues/redis-connection.js';

/** No Redis answers and none could be started: says what to run. */
export class RedisUnavailableError extends Error {
  readonly code = 'TL_ERR_REDIS_UNAVAILABLE';
  constructor(url: string, detail: string) {
    super(
      `no Redis answers at ${url} (${detail}).\n` +
        `  Start one:   apt-get install -y redis-server && redis-server --daemonize yes --appendonly yes --maxmemory-policy noeviction\n` +
        `  or point REDIS_URL at a running Redis (redis://host:6379).`,
    );
    this.name = 'RedisUnavailableError';
  }
}

export interface EnsuredRedis {
  url: string;
  /** The private redis-server this process started, if any. */
  child: ChildProcess | null;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Makes sure Redis answers at `url`. When it does not, the URL is on this
 * machine, and `redis-server` is installed, starts a private one under
 * `<dataDir>/redis` (AOF on, noeviction) and waits for it.
 */
export async function ensureRedis(
  url: string,
  opts: { startLocal: boolean; dataDir: string; logger: Logger },
): Promise<EnsuredRedis> {
  const none: EnsuredRedis = { url, child: null, stop: async () => {} };
  if (await redisAnswers(url)) return none;
  if (!opts.startLocal) throw new RedisUnavailableError(url, 'redis.startLocal is off');
  const u = new URL(url);
  if (!LOOPBACK.has(u.hostname)) throw new RedisUnavailableError(url, 'it is not on this machine, so no private one is started');
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new RedisUnavailableError(url, 'redis-server is not installed');
  const dir = join(opts.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = u.port || '6379';
  const child = spawn(
    'redis-server',
    ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', '', '--logfile', join(dir, 'redis.log')],
    { stdio: 'ignore' },
  );
  let exited = false;
  child.on('exit', () => (exited = true));
  for (let i = 0; i < 50 && !exited; i++) {
    if (await redisAnswers(url, 500)) {
      opts.logger.info({ url, dir, pid: child.pid }, 'started a private redis-server');
      return {
        url,
        child,
        stop: () =>
          new Promise<void>((resolve) => {
            if (exited) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new RedisUnavailableError(url, `a private redis-server did not start; see ${join(dir, 'redis.log')}`);
}
