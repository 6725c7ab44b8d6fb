/**
 * The `timeline` command as a user runs it: a real process, real PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/logger.js';
import { openStore } from '../../src/store/open-store.js';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { dropRedisPrefix, dropSchema, freePort, tempDir, TEST_DATABASE_URL, TEST_REDIS_URL, uniqueSchema } from '../helpers/services.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SEED = new URL('../../../shared/corpus/seed/xinhua-ar-2019-12-02.txt', import.meta.url).pathname;
const hasSeed = existsSync(SEED);
if (!hasSeed) console.warn(`[cli.test] ../shared/corpus is absent: the seed checks are skipped`);

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function timeline(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/timeline.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr: stderr.replace(/npm warn.*\n/g, '') }));
    child.stdin.end(opts.input ?? '');
  });
}

const lines = (s: string) => s.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);


describe('timeline CLI', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('has --help on every command', async () => {
    for (const args of [['--help'], ['serve', '--help'], ['ingest', '--help'], ['feed', '--help'], ['dates', '--help'], ['extract', '--help'], ['feeds', '--help'], ['feeds', 'sync', '--help']]) {
      const r = await timeline(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: timeline/);
    }
  });

  it('dates --jsonl writes one line per input line, with errors in place', async () => {
    const input = [
      JSON.stringify({ id: 'ok', lang: 'en', text: 'The talks were held on Dec. 2, 2019 in Beijing.', ref: '2019-12-02T20:15:00+08:00' }),
      '{broken',
      JSON.stringify({ id: 'no-text', lang: 'en' }),
      JSON.stringify({ id: 'bad-ref', text: 'today', ref: 'yesterday' }),
      JSON.stringify({ id: 'ar', lang: 'ar', text: 'قال الرئيس اليوم (الاثنين) إنه', ref: '2019-12-02T20:15:00+08:00' }),
    ].join('\n');
    const r = await timeline(['dates', '--jsonl'], { input });
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(5);
    expect(out.map((o) => o.id)).toEqual(['ok', null, 'no-text', 'bad-ref', 'ar']);
    const dec2 = out[0]!.dates.find((d: any) => d.value === '2019-12-02');
    expect(dec2).toBeTruthy();
    const text = 'The talks were held on Dec. 2, 2019 in Beijing.';
    expect(text.slice(dec2.start, dec2.end)).toBe(dec2.text);
    expect(out[1]!.error).toMatch(/not valid JSON/);
    expect(out[2]!.error).toMatch(/missing "text"/);
    expect(out[3]!.error).toMatch(/"ref" must be an ISO 8601 instant/);
    expect(out[4]!.dates.map((d: any) => d.value)).toContain('2019-12-02');
  });

  it.skipIf(!hasSeed)('extract --jsonl gives the seed events in the Event JSON shape, one line per input', async () => {
    const { readFileSync } = await import('node:fs');
    const seedText = readFileSync(SEED, 'utf8');
    const input = [JSON.stringify({ id: 'seed', text: seedText }), JSON.stringify({ id: 'bad', text: 42 })].join('\n');
    const r = await timeline(['extract', '--jsonl'], { input });
    expect(r.code).toBe(0);
    const [seed, bad] = lines(r.stdout);
    expect(Object.keys(seed!).sort()).toEqual(['dateline', 'dates', 'events', 'id', 'lang']);
    expect(seed).toMatchObject({ id: 'seed', lang: 'ar', dateline: { date: '2019-12-02', zone: 'Asia/Shanghai' } });
    for (const e of seed!.events) {
      expect(e).toMatchObject({ id: expect.any(String), kind: expect.any(String), title: expect.any(String), confidence: expect.any(Number) });
      expect(e.date).toMatchObject({ value: expect.any(String), grain: expect.any(String), basis: expect.any(String) });
      for (const ev of e.evidence) expect(seedText.slice(ev.start, ev.end)).toBe(ev.text);
    }
    const byKind = (k: string) => seed!.events.filter((e: any) => e.kind === k);
    expect(byKind('meeting').map((e: any) => [e.date.value, e.series?.ordinal ?? null]).sort()).toEqual([
      ['2019-12-02', null],
      ['2019-12-02', 6],
    ]);
    expect(byKind('anniversary')).toEqual([expect.objectContaining({ date: expect.objectContaining({ value: '2019', grain: 'year' }), series: expect.objectContaining({ ordinal: 70 }) })]);
    expect(bad).toEqual({ id: 'bad', error: '"text" must be a string' });
  });

  it('feed --json prints each story as the pipeline reads it', async () => {
    const r = await timeline(['feed', 'tests/fixtures/pipeline/wire.rss.xml', '--json']);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(3);
    for (const s of out) expect(Object.keys(s).sort()).toEqual(['id', 'lang', 'published', 'publishedRaw', 'text', 'title', 'url']);
    expect(out[0]).toMatchObject({ title: 'Xi meets Putin in Moscow', publishedRaw: 'Tue, 21 Mar 2023 18:30:00 +0300' });
    expect(Date.parse(out[0]!.published)).toBe(Date.parse('2023-03-21T15:30:00Z'));
    expect(out[0]!.published).toMatch(/[+-]\d{2}:\d{2}$|Z$/);
    expect(out[0]!.text).toMatch(/^MOSCOW, March 21 \(Fixture\) -- Chinese President Xi Jinping met/);
    expect(out[0]!.text).not.toMatch(/<p>/);
    expect(out[1]).toMatchObject({ title: 'شي يلتقي بوتين في موسكو' });
    expect(out[2]).toMatchObject({ published: null, publishedRaw: 'the day after never' });
  });

  it('fails with one clear error for bad configuration', async () => {
    const r = await timeline(['serve'], { env: { PORT: 'eighty', LOG_LEVEL: 'loud' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid configuration \(2 problems\)/);
    expect(r.stderr).toMatch(/server\.port.*PORT="eighty"/);
    expect(r.stderr).toMatch(/logging\.level.*LOG_LEVEL="loud"/);
  });

  it('serve says what to run when no Redis answers', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const r = await timeline(['serve'], {
      env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_START_LOCAL: 'false', DATA_DIR: dir.path },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Redis answers at redis:\/\/127\.0\.0\.1:\d+/);
    expect(r.stderr).toMatch(/apt-get install -y redis-server/);
  });

  it.skipIf(!hasSeed)('ingest runs the stages inline; the API then shows the Xi–Patrushev meeting', async () => {
    const schema = uniqueSchema();
    cleanups.push(() => dropSchema(schema));
    const env = { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema };
    const r = await timeline(['ingest', SEED, '--json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [summary] = lines(r.stdout);
    expect(summary).toMatchObject({ input: SEED, stories: 1, failed: [] });
    expect(summary!.events).toBeGreaterThan(0);

    // Ingesting again replaces, never duplicates.
    await timeline(['ingest', SEED, '--json'], { env });

    const store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
    cleanups.unshift(() => store.close());
    expect(await store.countStories()).toBe(1);
    const app = await buildApp({ store, queues: [], auth: { adminUser: 'admin', adminPassword: null }, logger: silentLogger(), version: 'test' });
    cleanups.unshift(() => app.close());
    const res = await app.inject({ method: 'GET', url: '/api/events?from=2019-12-02&to=2019-12-02&kind=meeting' });
    expect(res.statusCode).toBe(200);
    const { events } = res.json() as { events: Array<{ date: { value: string }; participants: Array<{ canonical?: string; name: string }> }> };
    const xiPatrushev = events.filter((e) => {
      const names = e.participants.map((p) => p.canonical ?? p.name);
      return e.date.value === '2019-12-02' && names.includes('Xi Jinping') && names.includes('Nikolai Patrushev');
    });
    expect(xiPatrushev).toHaveLength(1);
  });

  it('ingest --queue enqueues the stories on the normalize queue, once per story version', async () => {
    const prefix = `wt_cli_${Date.now().toString(36)}`;
    cleanups.push(() => dropRedisPrefix(prefix));
    const env = { QUEUE_PREFIX: prefix, REDIS_URL: TEST_REDIS_URL };
    const r1 = await timeline(['ingest', '--queue', 'tests/fixtures/pipeline/wire.rss.xml', '--json'], { env });
    expect(r1.code).toBe(0);
    expect(lines(r1.stdout)[0]).toMatchObject({ stories: 3, enqueued: 3 });
    await timeline(['ingest', '--queue', 'tests/fixtures/pipeline/wire.rss.xml', '--json'], { env });
    const conn = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const q = new Queue('normalize', { connection: conn, prefix });
    try {
      expect(await q.getJobCountByTypes('waiting', 'delayed', 'active', 'completed')).toBe(3);
    } finally {
      await q.close();
      conn.disconnect();
    }
  });

  it('ingest reports a missing file and goes on with the others', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const r = await timeline(['ingest', 'no/such/file.txt', 'tests/fixtures/pipeline/wire.rss.xml', '--json'], { env: { DATA_DIR: dir.path } });
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out[0]).toMatchObject({ input: 'no/such/file.txt', error: expect.any(String) });
    expect(out[1]).toMatchObject({ input: 'tests/fixtures/pipeline/wire.rss.xml', stories: 3 });
  });
});
