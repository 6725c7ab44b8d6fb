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
    /** Overrides `fetch.perHost` for requests made for this feed (its host's shared counters). */
    politeness: z
      .object({ concurrency: z.coerce.number().int().min(1).max(64), requests: z.coerce.number().int().min(1), perSec: z.coerce.number().int().min(1) })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

export const feedsFileSchema = z.object({ feeds: z.array(feedSchema).default([]) }).strict();

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const retention = z.object({ age: positiveInt, count: positiveInt }).strict();

/** HTTP API for consumers: optional API keys, CORS, rate limits, exports and the live stream. */
const apiSchema = z
  .object({
    /** When non-empty, every /api route needs one of these keys (X-API-Key or Authorization: Bearer). */
    keys: z.array(z.string().min(16, 'at least 16 characters')).default([]),
    cors: z
      .object({
        /** Allowed origins (exact, e.g. https://example.org), or ['*']; empty disables CORS. */
        origins: z.array(z.string().regex(/^(\*|https?:\/\/[^/\s]+)$/, 'an origin such as https://example.org, or *')).default([]),
      })
      .strict()
      .default({ origins: [] }),
    rateLimit: z
      .object({ enabled: z.boolean(), max: positiveInt, windowMs: positiveInt.min(1000) })
      .strict()
      .default({ enabled: true, max: 600, windowMs: 60_000 }),
    /** Most events one export returns. */
    exportMaxEvents: positiveInt.max(1_000_000).default(10_000),
    stream: z
      .object({
        /** How often the change log is polled for the live stream. */
        pollMs: positiveInt.min(50).max(60_000),
        heartbeatMs: positiveInt.min(1000),
        /** How long event changes stay resumable (and deliverable to webhooks). */
        retentionHours: positiveInt,
        maxClients: positiveInt,
      })
      .strict()
      .default({ pollMs: 1000, heartbeatMs: 15_000, retentionHours: 168, maxClients: 200 }),
  })
  .strict();

const WEBHOOK_OPS = ['created', 'updated', 'deleted'] as const;

/** Outgoing webhooks: every event change is POSTed, signed, to each endpoint through the `webhooks` queue. */
const webhooksSchema = z
  .object({
    endpoints: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, . _ - (max 64)'),
            url: z.string().url().refine((u) => /^https?:/i.test(u), 'must be http(s)'),
            /** HMAC-SHA256 key of the signature header. */
            secret: z.string().min(16, 'at least 16 characters'),
            events: z.array(z.enum(WEBHOOK_OPS)).min(1).default([...WEBHOOK_OPS]),
            /** Only events of these kinds; empty means all. */
            kinds: z.array(z.string()).default([]),
            enabled: z.boolean().default(true),
          })
          .strict(),
      )
      .default([])
      .refine((eps) => new Set(eps.map((e) => e.id)).size === eps.length, 'endpoint ids must be unique'),
    attempts: positiveInt.max(100).default(10),
    backoffMs: positiveInt.default(2000),
    timeoutMs: positiveInt.default(10_000),
    concurrency: positiveInt.max(64).default(4),
    /** How often the dispatcher reads the change log. */
    pollMs: positiveInt.min(50).max(60_000).default(1000),
  })
  .strict();

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
        /**
         * Group commit of the store stage: stories per transaction, and how long a lone one waits for company.
         * At most 200: a transaction holds an advisory lock per story and per event it touches, and
         * PostgreSQL's lock table is shared (max_locks_per_transaction × max_connections).
         */
        storeBatch: z.object({ maxSize: positiveInt.max(200), maxWaitMs: z.coerce.number().int().min(0).max(1000) }).strict(),
      })
      .strict(),
    fetch: z
      .object({
        timeoutMs: positiveInt,
        connectTimeoutMs: positiveInt,
        maxBytes: positiveInt,
        maxRedirects: z.coerce.number().int().min(0).max(20),
        /** Politeness per host, shared by all workers through Redis. */
        perHost: z
          .object({
            concurrency: z.coerce.number().int().min(1).max(64),
            requests: positiveInt,
            perSec: positiveInt,
            leaseMs: z.coerce.number().int().min(1000),
          })
          .strict(),
        /** Article pages fetched at most per poll of a `fullText` feed, and the time they may take together. */
        articlesPerPoll: z.coerce.number().int().min(0).max(200),
        articleBudgetMs: z.coerce.number().int().min(1000),
      })
      .strict(),
    seed: z.object({ onStart: z.boolean(), paths: z.array(z.string()) }).strict(),
    import: z
      .object({
        chunkSize: positiveInt.max(10_000),
        highWater: positiveInt,
      })
      .strict(),
    logging: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
        pretty: z.union([z.boolean(), z.literal('auto')]),
      })
      .strict(),
    feedsFile: z.string().min(1),
    dataDir: z.string().min(1),
    api: apiSchema,
    webhooks: webhooksSchema,
  })
  .strict();

export type FeedConfig = z.infer<typeof feedSchema>;
export type AppConfigBase = z.infer<typeof configSchema>;
export interface AppConfig extends AppConfigBase {
  feeds: FeedConfig[];
  /** Project root all relative paths are resolved against. */
  root: string;
}
