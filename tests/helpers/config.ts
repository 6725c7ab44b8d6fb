import { loadConfig, type AppConfig } from '../../src/config/index.js';
import { TEST_REDIS_URL } from './services.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge, so `extra: { queues: { attempts: 1 } }` keeps the test's unique prefix. */
function merge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(out[k]) ? merge(out[k] as Obj, v) : v;
  return out;
}

/** A validated config for a test: real services, its own prefix, schema and data dir. */
export function testConfig(o: {
  prefix: string;
  dataDir: string;
  databaseUrl?: string | null;
  schema?: string | null;
  feeds?: Array<Record<string, unknown>>;
  extra?: Record<string, unknown>;
}): AppConfig {
  return loadConfig({
    env: {},
    overrides: merge(
      {
        server: { host: '127.0.0.1', port: 0 },
        redis: { url: TEST_REDIS_URL, startLocal: false },
        database: { url: o.databaseUrl ?? null, schema: o.schema ?? null },
        auth: { adminPassword: 'test-admin-pass', viewerPassword: 'test-viewer-pass' },
        queues: { prefix: o.prefix, backoffMs: 200, lockDurationMs: 5000, stalledIntervalMs: 1000 },
        seed: { onStart: false, paths: [] },
        logging: { level: 'silent', pretty: false },
        dataDir: o.dataDir,
        feeds: o.feeds ?? [],
      },
      o.extra ?? {},
    ),
  });
}
