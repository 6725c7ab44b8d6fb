import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, deflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BodyTooLargeError,
  FeedParseError,
  FetchNetworkError,
  FetchTimeoutError,
  HttpStatusError,
  InvalidInputError,
  TooManyRedirectsError,
  fetchFeed,
} from '../../../src/stages/fetch-feed.js';
import type { FeedFetchResult } from '../../../src/stages/fetch-feed.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const CORPUS_FEEDS = resolve(repoRoot, '../shared/corpus/feeds');
const FIXTURES = resolve(repoRoot, 'tests/fixtures/feeds');
const hasCorpus = existsSync(CORPUS_FEEDS);
if (!hasCorpus) console.warn(`[fetch-feed.test] corpus not found at ${CORPUS_FEEDS}: corpus feed tests are SKIPPED`);

/** Charset each corpus feed is really in, by file-name marker; default utf-8. */
function trueCharset(file: string): string {
  if (/gb2312|gbk|gb18030/i.test(file)) return 'gb2312';
  if (/windows-?1251|cp1251/i.test(file)) return 'windows-1251';
  if (/iso-?8859-?1\b|latin-?1/i.test(file)) return 'iso-8859-1';
  return 'utf-8';
}

interface Served {
  body: Uint8Array | string;
  contentType?: string;
  status?: number;
  headers?: Record<string, string>;
}

let server: Server;
let base = '';
const sockets = new Set<Socket>();
let lastHeaders: IncomingHttpHeaders = {};
const routes = new Map<string, Served>();

function arabicFeed(charset: string): Uint8Array {
  const template = readFileSync(join(FIXTURES, 'arabic.rss.xml.txt'), 'utf8').replace('@CHARSET@', charset);
  return new Uint8Array(iconv.encode(template, charset));
}

function send(res: ServerResponse, s: Served): void {
  res.writeHead(s.status ?? 200, { ...(s.contentType ? { 'Content-Type': s.contentType } : {}), ...s.headers });
  res.end(s.body);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    lastHeaders = req.headers;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const redirect = /^\/redirect\/(\d+)$/.exec(path);
    if (redirect) {
      const n = Number(redirect[1]);
      res.writeHead(n % 2 === 0 ? 302 : 301, { Location: n > 1 ? `/redirect/${n - 1}` : `${base}/fixture/atom-xml-base.atom.xml` });
      res.end();
      return;
    }
    if (path === '/loop') {
      res.writeHead(302, { Location: '/loop' });
      res.end();
      return;
    }
    if (path === '/hang') return; // never answers: connect/header timeout
    if (path === '/slow-body') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
      return; // body never finishes: total timeout
    }
    if (path === '/huge') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = (): void => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
      return;
    }
    if (path === '/conditional') {
      const body = readFileSync(join(FIXTURES, 'atom-xml-base.atom.xml'));
      if (req.headers['if-none-match'] === '"v1"' || req.headers['if-modified-since'] === 'Mon, 15 Mar 2021 10:00:00 GMT') {
        res.writeHead(304, { ETag: '"v1"' });
        res.end();
        return;
      }
      send(res, { body, contentType: 'application/atom+xml', headers: { ETag: '"v1"', 'Last-Modified': 'Mon, 15 Mar 2021 10:00:00 GMT' } });
      return;
    }
    const enc = /^\/(gzip|deflate|br)\/(.+)$/.exec(path);
    if (enc) {
      const raw = readFileSync(join(CORPUS_FEEDS, decodeURIComponent(enc[2] ?? '')));
      const body = enc[1] === 'gzip' ? gzipSync(raw) : enc[1] === 'br' ? brotliCompressSync(raw) : deflateSync(raw);
      send(res, { body, contentType: 'text/xml', headers: { 'Content-Encoding': enc[1] ?? '' } });
      return;
    }
    const corpus = /^\/corpus\/(.+)$/.exec(path);
    if (corpus) {
      const file = decodeURIComponent(corpus[1] ?? '');
      const mode = url.searchParams.get('ct');
      const right = trueCharset(file);
      const wrong = right === 'utf-8' ? 'iso-8859-1' : 'utf-8';
      const contentType = mode === 'none' ? 'application/rss+xml' : `text/xml; charset=${mode === 'wrong' ? wrong : right}`;
      send(res, { body: readFileSync(join(CORPUS_FEEDS, file)), contentType });
      return;
    }
    const fixture = /^\/fixture\/(.+)$/.exec(path);
    if (fixture) {
      send(res, { body: readFileSync(join(FIXTURES, decodeURIComponent(fixture[1] ?? ''))), contentType: 'application/xml' });
      return;
    }
    const route = routes.get(path);
    if (route) {
      send(res, route);
      return;
    }
    res.writeHead(404);
    res.end('not found');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  routes.set('/ar-1256', { body: arabicFeed('windows-1256'), contentType: 'application/rss+xml; charset=windows-1256' });
  routes.set('/ar-1256-nolabel', { body: arabicFeed('windows-1256'), contentType: 'application/rss+xml' });
  routes.set('/ar-1256-lying', { body: arabicFeed('windows-1256'), contentType: 'text/xml; charset=UTF-8' });
  routes.set('/ar-8859-6', { body: arabicFeed('iso-8859-6'), contentType: 'text/xml; charset=iso-8859-6' });
  routes.set('/ar-8859-6-nolabel', { body: arabicFeed('iso-8859-6') });
  routes.set('/429', { status: 429, body: 'slow down', headers: { 'Retry-After': '120' } });
  routes.set('/503', { status: 503, body: 'busy', headers: { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() } });
  routes.set('/404', { status: 404, body: 'gone' });
  routes.set('/not-a-feed', { body: '<html><body><p>Hello</p></body></html>', contentType: 'text/html' });
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((ok) => server.close(() => ok()));
});

function assertSaneStories(r: FeedFetchResult): void {
  expect(r.status).toBe('ok');
  expect(r.stories.length).toBeGreaterThan(0);
  for (const s of r.stories) {
    expect(s.id).toMatch(/^s_[0-9a-f]{24}$/);
    expect(s.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.source).toBe('feed');
    if (s.url !== null) expect(s.url).toMatch(/^https?:\/\/[^/]+\//);
    if (s.url !== null) expect(s.url).not.toContain('127.0.0.1');
    if (s.published !== null) expect(s.published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    const all = `${s.title ?? ''}\n${s.text}`;
    expect(all).not.toContain('\uFFFD');
    expect(all).not.toMatch(/Ã[\u0080-\u00BF]|Â[\u0080-\u00BF©®]|â€/); // UTF-8 read as latin-1
  }
}

describe.skipIf(!hasCorpus)('fetchFeed over HTTP: corpus feeds', () => {
  const files = hasCorpus ? readdirSync(CORPUS_FEEDS).filter((f) => /\.(xml|rss|atom|rdf)$/i.test(f)).sort() : [];

  describe.each(['right', 'wrong', 'none'])('Content-Type charset %s', (mode) => {
    it.each(files)('%s', async (file) => {
      const r = await fetchFeed({ url: `${base}/corpus/${encodeURIComponent(file)}?ct=${mode}` });
      assertSaneStories(r);
      expect(r.httpStatus).toBe(200);
      expect(r.format).not.toBe('unknown');
    });
  });

  const has = (marker: string): string | undefined => files.find((f) => f.includes(marker));

  it.skipIf(!has('qq-news'))('GB2312 qq feed: Chinese titles, naive times read in the feed zone', async () => {
    for (const mode of ['right', 'wrong', 'none']) {
      const r = await fetchFeed({ url: `${base}/corpus/${encodeURIComponent(has('qq-news') ?? '')}?ct=${mode}`, zone: 'Asia/Shanghai' });
      expect(r.charset).toBe('gb18030');
      expect(r.stories).toHaveLength(20);
      expect(r.stories[0]?.title).toBe('习近平为何如此强调崇尚英雄？');
      expect(r.stories[0]?.publishedRaw).toBe('2018-09-18 14:38:10');
      expect(r.stories[0]?.published).toBe('2018-09-18T14:38:10+08:00');
      expect(r.stories[0]?.lang).toBe('zh');
    }
  });

  it.skipIf(!has('oren-ru'))('windows-1251 feed: Cyrillic, yandex:full-text preferred over description', async () => {
    const r = await fetchFeed({ url: `${base}/corpus/${encodeURIComponent(has('oren-ru') ?? '')}?ct=wrong`, lang: 'ru' });
    expect(r.charset).toBe('windows-1251');
    expect(r.stories).toHaveLength(10);
    expect(r.stories[0]?.title).toBe('В Бузулуке главные стройплощадки – детсад и Ледовый дворец');
    expect(r.stories[0]?.text.startsWith('В Бузулуке обсудили вопросы')).toBe(true);
    expect(r.stories[0]?.text.length).toBeGreaterThan(400);
    expect(r.stories[0]?.published).toBe('2014-01-22T20:31:31+06:00');
    expect(r.stories[0]?.lang).toBe('ru');
  });

  it.skipIf(!has('folha'))('ISO-8859-1 RSS 0.91 folha feed with a leading newline: Portuguese accents', async () => {
    const r = await fetchFeed({ url: `${base}/corpus/${encodeURIComponent(has('folha') ?? '')}?ct=none` });
    expect(r.format).toBe('rss');
    expect(r.charset).toBe('windows-1252');
    expect(r.stories).toHaveLength(4);
    expect(r.stories[0]?.title).toBe('Vida de jogador: trocando seis por nada');
    expect(r.stories[0]?.text).toContain('situação dos clubes em que estão');
    expect(r.stories[0]?.published).toBeNull();
    expect(r.stories[0]?.lang).toBe('pt');
  });

  it.skipIf(!has('reuters'))('FeedBurner feed: origLink used, tracking params dropped, flare removed', async () => {
    const r = await fetchFeed({ url: `${base}/corpus/${encodeURIComponent(has('reuters') ?? '')}?ct=right` });
    expect(r.stories).toHaveLength(10);
    for (const s of r.stories) {
      expect(s.url).toMatch(/^http:\/\/www\.reuters\.com\/article\//);
      expect(s.url).not.toContain('feedType');
      expect(s.text).not.toMatch(/feedflare|feedburner|http/);
    }
    expect(r.stories[0]?.url).toBe(
      'http://www.reuters.com/article/us-northkorea-missiles-usa/u-s-general-says-north-korea-not-demonstrated-all-components-of-icbm-idUSKBN1FJ23Z',
    );
    expect(r.stories[0]?.published).toBe('2018-01-30T12:29:57-05:00');
  });

  it.skipIf(!has('tpm-'))('Atom with relative links: made absolute', async () => {
    const r = await fetchFeed({ url: `${base}/corpus/${encodeURIComponent(has('tpm-') ?? '')}?ct=right` });
    expect(r.format).toBe('atom');
    expect(r.stories).toHaveLength(4);
    expect(r.stories[0]?.url).toBe('http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist');
    expect(r.stories[0]?.published).toBe('2017-11-08T18:15:58-05:00');
  });

  it.skipIf(!has('craigslist'))('RDF 1.0 with dc:date and no pubDate', async () => {
    const r = await fetchFeed({ url: `${base}/corpus/${encodeURIComponent(has('craigslist') ?? '')}?ct=right` });
    expect(r.format).toBe('rdf');
    expect(r.stories).toHaveLength(3);
    expect(r.stories.every((s) => s.published !== null && s.publishedRaw !== null)).toBe(true);
    expect(r.stories[0]?.published).toBe('2015-12-19T02:11:33-08:00');
  });

  it.skipIf(!has('guardian'))('Guardian: HTML descriptions reduced, pubDate normalized', async () => {
    const r = await fetchFeed({ url: `${base}/corpus/${encodeURIComponent(has('guardian') ?? '')}?ct=wrong` });
    expect(r.charset).toBe('utf-8');
    expect(r.stories).toHaveLength(5);
    expect(r.stories[0]?.text).toContain('The president’s ‘new American moment’ speech');
    expect(r.stories[0]?.text).not.toContain('<p>');
    expect(r.stories[0]?.published).toBe('2018-01-31T07:26:05+00:00');
  });

  it.each(['gzip', 'deflate', 'br'])('%s-encoded body', async (encoding) => {
    const file = has('oren-ru') ?? files[0] ?? '';
    const r = await fetchFeed({ url: `${base}/${encoding}/${encodeURIComponent(file)}` });
    assertSaneStories(r);
    expect(lastHeaders['accept-encoding']).toBe('gzip, deflate, br');
  });
});

describe('fetchFeed over HTTP: own fixtures', () => {
  it.each(['/ar-1256', '/ar-1256-nolabel', '/ar-1256-lying', '/ar-8859-6', '/ar-8859-6-nolabel'])('Arabic feed %s', async (path) => {
    const r = await fetchFeed({ url: `${base}${path}` });
    expect(r.stories).toHaveLength(2);
    expect(r.stories[0]?.title).toBe('الرئيس يستقبل وزير الخارجية');
    expect(r.stories[1]?.text).toBe('افتتح معرض الكتاب الدولي أبوابه أمس.');
    expect(r.stories[0]?.published).toBe('2019-12-02T20:15:00+03:00');
    expect(r.stories[0]?.lang).toBe('ar');
  });

  it('sends the User-Agent, per-feed headers and Accept-Encoding', async () => {
    await fetchFeed({ url: `${base}/fixture/html-in-title.rss.xml`, headers: { 'X-Api-Key': 'k1' } });
    expect(lastHeaders['user-agent']).toMatch(/^wire-timeline\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/wire-timeline\)$/);
    expect(lastHeaders['x-api-key']).toBe('k1');
    expect(lastHeaders['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('conditional GET: validators returned, then 304 → not-modified', async () => {
    const first = await fetchFeed({ url: `${base}/conditional` });
    expect(first.status).toBe('ok');
    expect(first.etag).toBe('"v1"');
    expect(first.lastModified).toBe('Mon, 15 Mar 2021 10:00:00 GMT');
    const second = await fetchFeed({ url: `${base}/conditional`, etag: first.etag });
    expect(lastHeaders['if-none-match']).toBe('"v1"');
    expect(second).toMatchObject({ status: 'not-modified', httpStatus: 304, stories: [], etag: '"v1"' });
    const third = await fetchFeed({ url: `${base}/conditional`, lastModified: first.lastModified });
    expect(third.status).toBe('not-modified');
  });

  it('follows a redirect chain within the cap and reports the final URL', async () => {
    const r = await fetchFeed({ url: `${base}/redirect/3` });
    expect(r.finalUrl).toBe(`${base}/fixture/atom-xml-base.atom.xml`);
    expect(r.stories).toHaveLength(3);
  });

  it('refuses a redirect chain over the cap, and loops', async () => {
    await expect(fetchFeed({ url: `${base}/redirect/4` }, { maxRedirects: 3 })).rejects.toBeInstanceOf(TooManyRedirectsError);
    await expect(fetchFeed({ url: `${base}/redirect/6` })).rejects.toMatchObject({ code: 'TL_ERR_TOO_MANY_REDIRECTS', retryable: false });
    await expect(fetchFeed({ url: `${base}/loop` })).rejects.toBeInstanceOf(TooManyRedirectsError);
  });

  it('times out a server that never answers (connect/header timeout)', async () => {
    const t0 = Date.now();
    const err = await fetchFeed({ url: `${base}/hang` }, { connectTimeoutMs: 150, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect(err).toMatchObject({ code: 'TL_ERR_FETCH_TIMEOUT', phase: 'connect', retryable: true });
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('times out a body that never finishes (total timeout)', async () => {
    const err = await fetchFeed({ url: `${base}/slow-body` }, { connectTimeoutMs: 1000, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect(err).toMatchObject({ phase: 'total' });
  });

  it('aborts a body past the size cap', async () => {
    const err = await fetchFeed({ url: `${base}/huge` }, { maxBytes: 256 * 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect(err).toMatchObject({ code: 'TL_ERR_BODY_TOO_LARGE', maxBytes: 256 * 1024, retryable: false });
  });

  it('429 and 503 carry Retry-After; 404 is not retryable', async () => {
    const e429 = await fetchFeed({ url: `${base}/429` }).catch((e: unknown) => e);
    expect(e429).toBeInstanceOf(HttpStatusError);
    expect(e429).toMatchObject({ code: 'TL_ERR_HTTP_STATUS', status: 429, retryAfterMs: 120_000, retryable: true });
    const e503 = (await fetchFeed({ url: `${base}/503` }).catch((e: unknown) => e)) as HttpStatusError;
    expect(e503.status).toBe(503);
    expect(e503.retryAfterMs).toBeGreaterThan(50_000);
    expect(e503.retryAfterMs).toBeLessThanOrEqual(60_000);
    await expect(fetchFeed({ url: `${base}/404` })).rejects.toMatchObject({ status: 404, retryAfterMs: null, retryable: false });
  });

  it('typed errors for a non-feed body, bad input and a refused connection', async () => {
    await expect(fetchFeed({ url: `${base}/not-a-feed` })).rejects.toBeInstanceOf(FeedParseError);
    await expect(fetchFeed({})).rejects.toBeInstanceOf(InvalidInputError);
    await expect(fetchFeed({ url: 'file:///etc/passwd' })).rejects.toMatchObject({ code: 'TL_ERR_INVALID_INPUT' });
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((ok) => closed.close(() => ok()));
    await expect(fetchFeed({ url: `http://127.0.0.1:${port}/x` })).rejects.toBeInstanceOf(FetchNetworkError);
  });

  it('bytes input needs no network', async () => {
    const r = await fetchFeed({ bytes: arabicFeed('windows-1256'), contentType: 'text/xml', feedId: 'ar-test', zone: 'Asia/Riyadh' });
    expect(r).toMatchObject({ status: 'ok', etag: null, lastModified: null, finalUrl: null, format: 'rss', charset: 'windows-1256' });
    expect(r.stories[0]?.feedId).toBe('ar-test');
    expect(r.stories[0]?.zone).toBe('Asia/Riyadh');
    expect(r.stories[0]?.url).toBe('http://arabic.example.net/news/1001');
  });
});
