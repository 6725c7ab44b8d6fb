/**
 * Per-host politeness shared by every worker through Redis: at most
 * `concurrency` requests in flight to one host (a lease semaphore, a sorted
 * set of lease tokens scored by expiry, so a crashed worker's lease runs out)
 * and at most `requests` per `perSec` seconds (rate-limiter-flexible's
 * RateLimiterRedis, a fixed window per host).
 *
 * Open-source BullMQ has no group limits: a job that finds its host busy is
 * postponed by the caller with `job.moveToDelayed` + `DelayedError`, which
 * costs no attempt.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** Limits applied to one host. */
export interface HostLimits {
  /** Requests in flight at once, across all workers. */
  concurrency: number;
  /** Requests allowed per window. */
  requests: number;
  /** Window length in seconds. */
  perSec: number;
  /** A lease not released after this long expires (crashed worker). */
  leaseMs: number;
}

/** A granted slot: release it when the request is done. */
export interface HostSlotGranted {
  granted: true;
  host: string;
  release: () => Promise<void>;
}

/** A refused slot: try again in `retryInMs`. */
export interface HostSlotBusy {
  granted: false;
  host: string;
  /** `blocked`: the host asked us to wait (Retry-After). */
  reason: 'concurrency' | 'rate' | 'blocked';
  retryInMs: number;
}

export type HostSlot = HostSlotGranted | HostSlotBusy;

/** Polling step while a concurrency slot is taken (leases are usually short). */
const BUSY_RETRY_MS = 250;

/**
 * KEYS[1] lease set, KEYS[2] the host's block key (Retry-After); ARGV:
 * leaseMs, limit, token. Uses the Redis clock, so workers on machines with
 * skewed clocks agree. Returns {1, 0} when granted, {2, ms} while the host is
 * blocked, else {0, ms until the oldest lease would expire}.
 */
const ACQUIRE_LUA = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {2, blocked} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local leaseMs = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], leaseMs)
  return {1, 0}
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(first[2]) - now}
`;

/**
 * The host politeness applies to (`host[:port]`, lowercased), or null for a
 * URL that does not parse.
 *
 * @example
 * hostOf('https://News.example.org:8443/rss') // 'news.example.org:8443'
 * hostOf('not a url') // null
 */
export function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host.toLowerCase() || null;
  } catch {
    return null;
  }
}

/**
 * The limits of a feed: the configured per-host defaults with the feed's
 * optional `politeness` override on top.
 *
 * @example
 * limitsFor({ concurrency: 2, requests: 10, perSec: 10, leaseMs: 60000 }, { concurrency: 1 })
 * // { concurrency: 1, requests: 10, perSec: 10, leaseMs: 60000 }
 */
export function limitsFor(defaults: HostLimits, override?: Partial<Omit<HostLimits, 'leaseMs'>> | null): HostLimits {
  const out = { ...defaults };
  for (const k of ['concurrency', 'requests', 'perSec'] as const) {
    const v = override?.[k];
    if (typeof v === 'number' && v > 0) out[k] = v;
  }
  return out;
}

export class HostPoliteness {
  private readonly limiters = new Map<string, RateLimiterRedis>();

  /**
   * @param redis A non-blocking ioredis connection (not a Worker's blocking one).
   * @param prefix Key prefix (the queue prefix), so keys live next to the queues.
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private leaseKey(host: string): string {
    return `${this.prefix}:polite:lease:${host}`;
  }

  private blockKey(host: string): string {
    return `${this.prefix}:polite:block:${host}`;
  }

  /**
   * Keeps every worker away from `url`'s host for `ms` (a 429/503 with
   * `Retry-After`). A longer block already in place is kept.
   */
  async blockHost(url: string, ms: number): Promise<void> {
    const host = hostOf(url);
    if (!host || !(ms > 0)) return;
    const key = this.blockKey(host);
    const current = await this.redis.pttl(key);
    if (current < ms) await this.redis.set(key, '1', 'PX', Math.ceil(ms));
  }

  private limiter(limits: HostLimits): RateLimiterRedis {
    const key = `${limits.requests}/${limits.perSec}`;
    let l = this.limiters.get(key);
    if (!l) {
      // One key space for every limit pair: feeds of one host share its counter.
      l = new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `${this.prefix}:polite:rate`, points: limits.requests, duration: limits.perSec });
      this.limiters.set(key, l);
    }
    return l;
  }

  /**
   * Takes a slot for a request to `url`'s host now, or says how long to wait.
   *
   * @example
   * const slot = await politeness.acquire(feed.url, limits);
   * if (!slot.granted) return postpone(slot.retryInMs);
   * try { await fetch(...) } finally { await slot.release(); }
   */
  async acquire(url: string, limits: HostLimits): Promise<HostSlot> {
    const host = hostOf(url) ?? 'invalid';
    const token = randomBytes(8).toString('hex');
    const key = this.leaseKey(host);
    const [ok, wait] = (await this.redis.eval(ACQUIRE_LUA, 2, key, this.blockKey(host), limits.leaseMs, limits.concurrency, token)) as [number, number];
    if (ok === 2) return { granted: false, host, reason: 'blocked', retryInMs: wait };
    if (ok !== 1) {
      return { granted: false, host, reason: 'concurrency', retryInMs: Math.max(50, Math.min(BUSY_RETRY_MS, wait)) };
    }
    let released = false;
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      await this.redis.zrem(key, token);
    };
    try {
      await this.limiter(limits).consume(host, 1);
    } catch (err) {
      await release();
      if (err instanceof RateLimiterRes) return { granted: false, host, reason: 'rate', retryInMs: Math.max(50, err.msBeforeNext) };
      throw err;
    }
    return { granted: true, host, release };
  }

  /**
   * Like `acquire`, but waits (polling) while the wait fits in `maxWaitMs`.
   * Returns the last refusal when it does not.
   */
  async acquireWithin(url: string, limits: HostLimits, maxWaitMs: number): Promise<HostSlot> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const slot = await this.acquire(url, limits);
      if (slot.granted) return slot;
      const jitter = Math.floor(Math.random() * 50);
      if (Date.now() + slot.retryInMs + jitter > deadline) return slot;
      await new Promise((r) => setTimeout(r, slot.retryInMs + jitter));
    }
  }
}
