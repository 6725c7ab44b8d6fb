import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseInterval } from '../../src/config/index.js';

describe('loadConfig', () => {
  it('loads the shipped defaults and feeds', () => {
    const c = loadConfig({ env: {} });
    expect(c.server.port).toBe(8080);
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.database.url).toBeNull();
    expect(c.feeds.map((f) => f.id)).toEqual(expect.arrayContaining(['xinhua-ar', 'xinhua-en', 'xinhua-zh', 'xinhua-fr', 'xinhua-es', 'xinhua-ru']));
  });

  it('applies environment overrides', () => {
    const c = loadConfig({ env: { PORT: '9090', DATABASE_URL: 'postgres://u@h/db', LOG_LEVEL: 'debug', TIMELINE_ROLES: 'api,worker' } });
    expect(c.server.port).toBe(9090);
    expect(c.database.url).toBe('postgres://u@h/db');
    expect(c.logging.level).toBe('debug');
    expect(c.server.roles).toEqual(['api', 'worker']);
  });

  it('reads API keys, CORS origins and the rate limit from the environment', () => {
    const c = loadConfig({ env: { API_KEYS: 'k-0123456789abcdef, k-fedcba9876543210', CORS_ORIGINS: 'https://a.example', RATE_LIMIT_MAX: '42' } });
    expect(c.api.keys).toEqual(['k-0123456789abcdef', 'k-fedcba9876543210']);
    expect(c.api.cors.origins).toEqual(['https://a.example']);
    expect(c.api.rateLimit.max).toBe(42);
    expect(() => loadConfig({ env: { RATE_LIMIT_MAX: 'lots' } })).toThrow(/RATE_LIMIT_MAX/);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ env: { DATABASE_URL: '' } }).database.url).toBeNull();
  });

  it('reports every bad key in one error, naming its source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-cfg-'));
    const file = join(dir, 'local.yaml');
    writeFileSync(file, 'server:\n  prot: 1\nqueues:\n  attempts: 0\nbogus: true\n');
    let err: unknown;
    try {
      loadConfig({ env: { TIMELINE_CONFIG: file, PORT: 'eighty', REDIS_URL: 'http://nope', LOG_LEVEL: 'loud' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/server\.prot: unknown key/);
    expect(problems).toMatch(/bogus: unknown key/);
    expect(problems).toMatch(/queues\.attempts/);
    expect(problems).toMatch(/server\.port.*PORT="eighty"/);
    expect(problems).toMatch(/redis\.url.*REDIS_URL/);
    expect(problems).toMatch(/logging\.level.*LOG_LEVEL="loud"/);
    expect((err as ConfigError).problems).toHaveLength(6);
  });

  it('validates feeds: bad zone, bad interval, duplicate ids', () => {
    let err: unknown;
    try {
      loadConfig({
        env: {},
        overrides: {
          feeds: [
            { id: 'a', url: 'https://example.org/a.xml', zone: 'Mars/Olympus', interval: '1s' },
            { id: 'a', url: 'https://example.org/b.xml' },
            { id: 'c', url: 'ftp://example.org/c.xml', colour: 'red' },
          ],
        },
      });
    } catch (e) {
      err = e;
    }
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/feeds\.0\.zone/);
    expect(problems).toMatch(/feeds\.0\.interval/);
    expect(problems).toMatch(/feeds\.2\.url/);
    expect(problems).toMatch(/feeds\.2\.colour: unknown key/);
    expect(problems).toMatch(/feed id "a" is used twice/);
  });
});

describe('parseInterval', () => {
  it.each([
    ['15m', 900_000],
    ['30s', 30_000],
    ['2h', 7_200_000],
    ['500ms', 500],
    [60, 60_000],
  ] as const)('%s → %d ms', (v, ms) => expect(parseInterval(v)).toBe(ms));
  it.each(['soon', '', '-5m', 0])('rejects %j', (v) => expect(parseInterval(v)).toBeNull());
});
