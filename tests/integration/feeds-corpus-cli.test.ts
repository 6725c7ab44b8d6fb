/**
 * The real feeds in ../shared/corpus/feeds/ through the `timeline feed` command
 * (real processes for the first file, the same command in-process for the rest):
 * a file and the same bytes served over HTTP with a wrong Content-Type
 * charset give the same stories; counts, titles and raw dates are checked
 * against what the file itself holds (read here with a deliberately simple
 * reader: item blocks, their <title> and date elements).
 * Skipped, with a message, when the corpus is absent.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const CORPUS_FEEDS = new URL('../../../shared/corpus/feeds/', import.meta.url).pathname;
const hasCorpus = existsSync(CORPUS_FEEDS);
if (!hasCorpus) console.warn(`[feeds-corpus-cli.test] corpus not found at ${CORPUS_FEEDS}: corpus CLI checks are SKIPPED`);
const files = hasCorpus ? readdirSync(CORPUS_FEEDS).filter((f) => /\.(xml|rss|atom|rdf)$/i.test(f)).sort() : [];

/** The charset the file declares (every corpus feed declares one), else utf-8. */
function declaredCharset(bytes: Buffer): string {
  return /<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(bytes.subarray(0, 300).toString('latin1'))?.[1]?.toLowerCase() ?? 'utf-8';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
function textOf(raw: string): string {
  let s = raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1');
  // Titles may be entity-escaped HTML: unescape, drop tags, unescape what was inside.
  for (let i = 0; i < 2; i++) {
    s = s
      .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, n: string) => ENTITIES[n]!)
      .replace(/<[^>]*>/g, '');
  }
  return s.replace(/\s+/g, ' ').trim();
}

/** What the file holds, item by item: title and the raw date string. */
function itemsOf(text: string): Array<{ title: string | null; date: string | null }> {
  const blocks = text.match(/<(item|entry)[\s>][\s\S]*?<\/\1>/g) ?? [];
  return blocks.map((b) => {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/.exec(b)?.[1];
    let date: string | null = null;
    for (const tag of ['pubDate', 'dc:date', 'published', 'updated']) {
      const m = new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`).exec(b);
      if (m && m[1]!.trim()) {
        date = m[1]!.trim();
        break;
      }
    }
    return { title: title === undefined ? null : textOf(title) || null, date };
  });
}

interface Row {
  id: string;
  url: string | null;
  title: string | null;
  published: string | null;
  publishedRaw: string | null;
  lang: string | null;
  text: string;
}

function feedCli(source: string): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/timeline.js', 'feed', source, '--json'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`timeline feed ${source} exited ${code}: ${err.slice(0, 500)}`));
      resolve(out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row));
    });
  });
}

/** The same command in this process (no start-up cost): stdout captured while it runs. */
async function feedInProcess(source: string): Promise<Row[]> {
  const { feedCommand } = await import('../../src/cli/commands/feed-command.js');
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    await feedCommand(source, { json: true });
  } finally {
    process.stdout.write = write;
  }
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
}

describe.skipIf(!hasCorpus)('corpus feeds: timeline feed FILE --json equals the URL result', () => {
  let server: Server;
  let base = '';
  const results = new Map<string, { file: Row[]; url: Row[] }>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const file = decodeURIComponent((req.url ?? '/').replace(/^\/wrong\//, '').split('?')[0]!);
      if (!files.includes(file)) {
        res.writeHead(404);
        return void res.end();
      }
      const bytes = readFileSync(join(CORPUS_FEEDS, file));
      // A lying header: UTF-8 for legacy charsets, Latin-1 for UTF-8 feeds.
      const wrong = declaredCharset(bytes) === 'utf-8' ? 'iso-8859-1' : 'utf-8';
      res.writeHead(200, { 'content-type': `text/xml; charset=${wrong}` });
      res.end(bytes);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Each CLI start costs about a second of CPU: real processes for one file, the command in-process for the rest.
    const [first, ...rest] = files;
    const [file, url] = await Promise.all([feedCli(join(CORPUS_FEEDS, first!)), feedCli(`${base}/wrong/${encodeURIComponent(first!)}`)]);
    results.set(first!, { file, url });
    for (const f of rest) results.set(f, { file: await feedInProcess(join(CORPUS_FEEDS, f)), url: await feedInProcess(`${base}/wrong/${encodeURIComponent(f)}`) });
  }, 60_000);

  afterAll(async () => {
    await new Promise<void>((ok) => server?.close(() => ok()));
  });

  it.each(files)('%s', (f) => {
    const { file, url } = results.get(f)!;
    expect(url).toEqual(file);

    const bytes = readFileSync(join(CORPUS_FEEDS, f));
    const expected = itemsOf(iconv.decode(bytes, declaredCharset(bytes)));
    expect(expected.length).toBeGreaterThan(0);
    expect(file).toHaveLength(expected.length);
    expect(file.map((r) => r.title)).toEqual(expected.map((e) => e.title));
    expect(file.map((r) => r.publishedRaw)).toEqual(expected.map((e) => e.date));
    for (const r of file) {
      expect(`${r.title ?? ''}\n${r.text}`).not.toMatch(/\uFFFD|Ã[\u0080-\u00BF]|â€/);
      if (r.publishedRaw) expect(r.published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/);
    }
  });
});
