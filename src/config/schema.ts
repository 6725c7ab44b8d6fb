import { z } from 'zod';

const intervalRe = /^(\d+)(ms|s|m|h|d)?$/;

/**
 * Parses a poll interval: `30s`, `15m`, `2h`, `1d`, `500ms`, or a number of seconds.
 *
 * @example
 * parseInterval('15m') // 900000
 * parseInterval(60)    // 60000
 * parseInterval('soon') // null
 */
export function parseInterval(v: string | number): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? Math.round(v * 1000) : null;
  const m = intervalRe.exec(String(v).trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h' | 'd'];
  const ms = n * unit;
  return ms > 0 ? ms : null;
}

const isZone = (z: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: z });
    return true;
  } catch {
    return false;
  }
};

export const feedSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, . _ - (max 64)'),
    url: z.string().url().refine((u) => /^https?:/i.test(u), 'must be http(s)'),
    lang: z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639-1 code such as ar, en, zh').nullable().default(null),
    zone: z.string().refine(isZone, 'an IANA time zone such as Asia/Shanghai').nullable().default(null),
    interval: z
      .union([z.string(), z.number()])
      .default('15m')
      .refine((v) => {
        const ms = parseInterval(v);
        return ms !== null && ms >= 10_000;
      }, 'an interval such as 30s, 15m, 2h (at least 10s)'),
    enabled: z.boolean().default(true),
    fullText: z.boolean().default(false),
    headers: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const feedsFileSchema = z.object({ feeds: z.array(feedSchema).default([]) }).strict();

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const retention = z.object({ age: positiveInt, count: positiveInt }).strict();

export const ROLES = ['api', 'worker', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1),
        port,
        roles: z.array(z.enum(ROLES)).min(1),
      })
      .strict(),
    redis: z
      .object({
        url: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL'),
        startLocal: z.boolean(),
      })
      .strict(),
    database: z
      .object({
        url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').nullable(),
        schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lowercase SQL identifier').nullable(),
        poolSize: positiveInt.max(200),
      })
      .strict(),
    auth: z
      .object({
        adminUser: z.string().min(1),
        adminPassword: z.string().min(8, 'at least 8 characters').nullable(),
        viewerUser: z.string().min(1),
        viewerPassword: z.string().min(8, 'at least 8 characters').nullable(),
      })
      .strict(),
    queues: z
      .object({
        prefix: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -'),
        attempts: positiveInt.max(100),
        backoffMs: positiveInt,
        keepCompleted: retention,
        keepFailed: retention,
        lockDurationMs: positiveInt.min(1000),
        stalledIntervalMs: positiveInt.min(1000),
        maxStalledCount: z.coerce.number().int().min(0),
        concurrency: z
          .object({ fetch: positiveInt.max(256), normalize: positiveInt.max(256), extract: positiveInt.max(256), store: positiveInt.max(256) })
          .strict(),
      })
      .strict(),
    fetch: z
      .object({
        timeoutMs: positiveInt,
        connectTimeoutMs: positiveInt,
        maxBytes: positiveInt,
        maxRedirects: z.coerce.number().int().min(0).max(20),
      })
      .strict(),
    seed: z.object({ onStart: z.boolean(), paths: z.array(z.string()) }).strict(),
    logging: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
        pretty: z.union([z.boolean(), z.literal('auto')]),
      })
      .strict(),
    feedsFile: z.string().min(1),
    dataDir: z.string().min(1),
  })
  .strict();

export type FeedConfig = z.infer<typeof feedSchema>;
export type AppConfigBase = z.infer<typeof configSchema>;
export interface AppConfig extends AppConfigBase {
  feeds: FeedConfig[];
  /** Project root all relative paths are resolved against. */
  root: string;
}
