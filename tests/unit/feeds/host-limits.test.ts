import { describe, expect, it } from 'vitest';
import { feedSchema } from '../../../src/config/schema.js';
import { loadConfig } from '../../../src/config/index.js';
import { hostOf, limitsFor } from '../../../src/queues/host-politeness.js';

const defaults = { concurrency: 2, requests: 10, perSec: 10, leaseMs: 60_000 };

describe('per-host limits', () => {
  it('a feed override replaces only the limits it names', () => {
    expect(limitsFor(defaults)).toEqual(defaults);
    expect(limitsFor(defaults, { concurrency: 1 })).toEqual({ ...defaults, concurrency: 1 });
    expect(limitsFor(defaults, { requests: 3, perSec: 60 })).toEqual({ ...defaults, requests: 3, perSec: 60 });
  });

  it('hosts are host[:port], lowercased; bad URLs have none', () => {
    expect(hostOf('https://News.Example.org/rss')).toBe('news.example.org');
    expect(hostOf('http://127.0.0.1:8080/feed')).toBe('127.0.0.1:8080');
    expect(hostOf('http://example.org:80/feed')).toBe('example.org');
    expect(hostOf('nonsense')).toBeNull();
  });

  it('the feed schema takes an optional politeness override and rejects unknown keys', () => {
    const f = feedSchema.parse({ id: 'x', url: 'https://x.example/rss', politeness: { concurrency: 1 } });
    expect(f.politeness).toEqual({ concurrency: 1 });
    expect(f.fullText).toBe(false);
    expect(feedSchema.safeParse({ id: 'x', url: 'https://x.example/rss', politeness: { burst: 3 } }).success).toBe(false);
    expect(feedSchema.safeParse({ id: 'x', url: 'https://x.example/rss', politeness: { concurrency: 0 } }).success).toBe(false);
  });

  it('defaults ship per-host limits and article bounds', () => {
    const c = loadConfig({ env: {}, overrides: { feeds: [] } });
    expect(c.fetch.perHost).toEqual({ concurrency: 2, requests: 10, perSec: 10, leaseMs: 60000 });
    expect(c.fetch.articlesPerPoll).toBe(10);
    expect(c.fetch.articleBudgetMs).toBe(45000);
  });

  it('the shipped feed list: Xinhua in six languages, every field valid', () => {
    const c = loadConfig({ env: {} });
    const ids = c.feeds.map((f) => f.id);
    for (const lang of ['ar', 'en', 'zh', 'fr', 'es', 'ru']) {
      expect(c.feeds.find((f) => f.id === `xinhua-${lang}`)).toMatchObject({ lang, zone: 'Asia/Shanghai', enabled: true });
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(c.feeds.length).toBeGreaterThan(6);
    for (const f of c.feeds) expect(Object.keys(f)).toEqual(expect.arrayContaining(['id', 'url', 'lang', 'zone', 'interval', 'enabled', 'fullText', 'headers']));
  });
});
