import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, feedsFileSchema, type AppConfig, type FeedConfig } from './schema.js';
import { ConfigError } from './config-error.js';

/** The project root (the folder holding package.json and config/). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

type Kind = 'string' | 'number' | 'boolean' | 'list' | 'nullable';

/**
 * Environment variables and the config keys they override. This table is
 * the single place the service reads `process.env` from (with TIMELINE_CONFIG).
 */
export const ENV_OVERRIDES: ReadonlyArray<{ env: string; path: string; kind: Kind; doc: string }> = [
  { env: 'HOST', path: 'server.host', kind: 'string', doc: 'address the HTTP server binds' },
  { env: 'PORT', path: 'server.port', kind: 'number', doc: 'HTTP port' },
  { env: 'TIMELINE_ROLES', path: 'server.roles', kind: 'list', doc: 'comma list of api,worker,scheduler' },
  { env: 'REDIS_URL', path: 'redis.url', kind: 'string', doc: 'Redis for the queues' },
  { env: 'REDIS_START_LOCAL', path: 'redis.startLocal', kind: 'boolean', doc: 'start a private redis-server if none answers' },
  { env: 'DATABASE_URL', path: 'database.url', kind: 'nullable', doc: 'PostgreSQL; unset means embedded PGlite' },
  { env: 'DATABASE_SCHEMA', path: 'database.schema', kind: 'nullable', doc: 'PostgreSQL schema to use' },
  { env: 'DATABASE_POOL_SIZE', path: 'database.poolSize', kind: 'number', doc: 'PostgreSQL pool size' },
  { env: 'DATA_DIR', path: 'dataDir', kind: 'string', doc: 'local data directory' },
  { env: 'ADMIN_USER', path: 'auth.adminUser', kind: 'string', doc: 'dashboard admin user' },
  { env: 'ADMIN_PASSWORD', path: 'auth.adminPassword', kind: 'nullable', doc: 'dashboard admin password' },
  { env: 'VIEWER_USER', path: 'auth.viewerUser', kind: 'string', doc: 'dashboard read-only user' },
  { env: 'VIEWER_PASSWORD', path: 'auth.viewerPassword', kind: 'nullable', doc: 'dashboard read-only password' },
  { env: 'QUEUE_PREFIX', path: 'queues.prefix', kind: 'string', doc: 'BullMQ key prefix' },
  { env: 'LOG_LEVEL', path: 'logging.level', kind: 'string', doc: 'fatal|error|warn|info|debug|trace|silent' },
  { env: 'LOG_PRETTY', path: 'logging.pretty', kind: 'boolean', doc: 'pretty logs (default: when a terminal)' },
  { env: 'TIMELINE_FEEDS', path: 'feedsFile', kind: 'string', doc: 'feeds YAML file' },
  { env: 'SEED_ON_START', path: 'seed.onStart', kind: 'boolean', doc: 'ingest bundled samples into an empty store' },
  { env: 'API_KEYS', path: 'api.keys', kind: 'list', doc: 'comma list of consumer API keys (empty: open API)' },
  { env: 'CORS_ORIGINS', path: 'api.cors.origins', kind: 'list', doc: 'comma list of allowed CORS origins, or *' },
  { env: 'RATE_LIMIT_MAX', path: 'api.rateLimit.max', kind: 'number', doc: 'API requests per window per key or address' },
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k] as Obj, v) : v;
  }
  return out;
}

function setPath(obj: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(cur[k])) cur[k] = {};
    cur = cur[k] as Obj;
  }
  cur[keys[keys.length - 1]!] = value;
}

function envValue(raw: string, kind: Kind): unknown {
  switch (kind) {
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      return raw; // the schema reports it
    case 'list':
      return raw.split(',').map((s) => s.trim()).filter(Boolean);
    case 'nullable':
      return raw === '' ? null : raw;
    default:
      return raw;
  }
}

function readYaml(file: string, label: string, problems: string[]): Obj | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${label}: cannot read ${file}: ${(err as Error).message}`);
    return null;
  }
  try {
    const v = parseYaml(text) ?? {};
    if (!isObj(v)) {
      problems.push(`${label}: ${file} must hold a YAML mapping`);
      return null;
    }
    return v;
  } catch (err) {
    problems.push(`${label}: ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    return null;
  }
}

function describeIssues(issues: z.core.$ZodIssue[], prefix: string, sources: Map<string, string>): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push(`${path ? path + '.' : ''}${key}: unknown key`);
      continue;
    }
    const src = sources.get(issue.path.map(String).join('.'));
    out.push(`${path || '(root)'}: ${issue.message}${src ? ` (from ${src})` : ''}`);
  }
  return out;
}

export interface LoadConfigOptions {
  /** Environment to read; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Project root; defaults to the package folder. */
  root?: string;
  /** Extra overrides applied last (used by CLI flags and tests). */
  overrides?: Obj;
}

/**
 * Loads `config/defaults.yaml`, the file named by TIMELINE_CONFIG, the
 * environment overrides and `overrides`, then validates everything at once.
 * Throws one ConfigError naming every bad key.
 */
export function loadConfig(opts: LoadConfigOptions = {}): AppConfig {
  const env = opts.env ?? process.env;
  const root = opts.root ?? PROJECT_ROOT;
  const problems: string[] = [];
  const sources = new Map<string, string>();

  let merged: Obj = readYaml(resolve(root, 'config/defaults.yaml'), 'defaults', problems) ?? {};
  const userFile = env.TIMELINE_CONFIG;
  if (userFile) {
    const file = isAbsolute(userFile) ? userFile : resolve(process.cwd(), userFile);
    const user = readYaml(file, 'TIMELINE_CONFIG', problems);
    if (user) {
      // Feeds may be given inline in a user config file.
      merged = deepMerge(merged, user);
      const walk = (o: Obj, p: string[]) => {
        for (const [k, v] of Object.entries(o)) {
          if (isObj(v)) walk(v, [...p, k]);
          else sources.set([...p, k].join('.'), `${file}`);
        }
      };
      walk(user, []);
    }
  }
  for (const o of ENV_OVERRIDES) {
    const raw = env[o.env];
    if (raw === undefined) continue;
    if (raw === '' && o.kind !== 'nullable') continue;
    setPath(merged, o.path, envValue(raw, o.kind));
    sources.set(o.path, `${o.env}=${JSON.stringify(raw.length > 60 ? raw.slice(0, 60) + '…' : raw)}`);
  }
  if (opts.overrides) merged = deepMerge(merged, opts.overrides);

  const inlineFeeds = merged.feeds;
  delete merged.feeds;
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) problems.push(...describeIssues(parsed.error.issues, '', sources));

  let feeds: FeedConfig[] = [];
  const feedsRaw: Obj | null =
    inlineFeeds !== undefined
      ? { feeds: inlineFeeds }
      : parsed.success
        ? readYaml(resolve(root, parsed.data.feedsFile), 'feeds', problems)
        : null;
  if (feedsRaw) {
    const f = feedsFileSchema.safeParse(feedsRaw);
    if (!f.success) problems.push(...describeIssues(f.error.issues, 'feeds file', new Map()));
    else feeds = f.data.feeds;
    problems.push(...duplicateFeedIds(feedsRaw.feeds));
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const cfg = parsed.data;
  return {
    ...cfg,
    dataDir: resolve(root, cfg.dataDir),
    feedsFile: resolve(root, cfg.feedsFile),
    seed: { ...cfg.seed, paths: cfg.seed.paths.map((p) => resolve(root, p)) },
    feeds,
    root,
  };
}

function duplicateFeedIds(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of list) {
    const id = isObj(f) && typeof f.id === 'string' ? f.id : null;
    if (id === null) continue;
    if (seen.has(id)) out.push(`feeds file: feed id "${id}" is used twice`);
    seen.add(id);
  }
  return out;
}

/** Re-reads only the feeds file (for live feed-registry reloads). */
export function loadFeeds(file: string): FeedConfig[] {
  const problems: string[] = [];
  if (!existsSync(file)) throw new ConfigError([`feeds: ${file} does not exist`]);
  const raw = readYaml(file, 'feeds', problems);
  if (!raw) throw new ConfigError(problems);
  const f = feedsFileSchema.safeParse(raw);
  const problemsAll = [...(f.success ? [] : describeIssues(f.error.issues, 'feeds file', new Map())), ...duplicateFeedIds(raw.feeds)];
  if (problemsAll.length || !f.success) throw new ConfigError(problemsAll);
  return f.data.feeds;
}
