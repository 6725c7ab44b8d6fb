import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TimelineStore } from '../../../src/store/store.js';
import { makeApp, openSeededStore } from './helpers.js';

let store: TimelineStore;
let app: FastifyInstance;
let seeded: Awaited<ReturnType<typeof openSeededStore>>['seeded'];

beforeAll(async () => {
  ({ store, seeded } = await openSeededStore());
  app = await makeApp(store);
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

/** The events on the page, as [id, kind, title text] in document order. */
function articles(html: string): Array<{ id: string; kind: string; date: string }> {
  const out: Array<{ id: string; kind: string; date: string }> = [];
  const re = /<article class="ev" id="ev-([^"]+)"><div class="meta"><span class="badge k-([a-z]+)">[a-z]+<\/span><time datetime="[^"]*">([^<]*)<\/time>/g;
  for (const m of html.matchAll(re)) out.push({ id: m[1]!, kind: m[2]!, date: m[3]! });
  return out;
}

describe('GET /', () => {
  it('renders every event, grouped by date, newest first', async () => {
    const r = await app.inject('/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const evs = articles(r.body);
    expect(evs.map((e) => e.id).sort()).toEqual([...seeded.eventIds].sort());
    expect(evs[0]!.date).toBe('Wed 15 Jan 2020');
    expect(evs.at(-1)!.date).toBe('Sun 18 Mar 2018');
    const headers = [...r.body.matchAll(/<section class="day"><h2><time datetime="([^"]+)">([^<]+)<\/time>/g)].map((m) => m[1]);
    expect(headers).toEqual(['2020-01-15', '2019-12-06', '2019-12-05', '2019-12-04', '2019-12-03', '2019-12-02', '2019-12', '2019-11-20', '2019-10-01', '2019-09-10', '2019', '2018-03-18']);
    expect(r.body).toContain('Showing 14 events of 14');
  });

  it('shows a year-grain event as "2019", a month-grain one as "December 2019"', async () => {
    const evs = articles((await app.inject('/')).body);
    expect(evs.find((e) => e.id === seeded.yearEventId)).toMatchObject({ kind: 'anniversary', date: '2019' });
    expect(evs.find((e) => e.kind === 'agreement')!.date).toBe('December 2019');
  });

  it('shows participants, location and links to sources', async () => {
    const html = (await app.inject('/')).body;
    const meeting = html.slice(html.indexOf(`id="ev-${seeded.eventIds[0]}"`));
    const card = meeting.slice(0, meeting.indexOf('</article>'));
    expect(card).toContain('Xi Jinping meets Vladimir Putin');
    expect(card).toContain('Vladimir Putin');
    expect(card).toContain('Beijing');
    expect(card).toContain(`href="/api/events/${seeded.eventIds[0]}"`);
    expect(card).toContain('href="https://news.example.org/s1"');
    expect(card).toContain('href="/api/stories/s1"');
  });

  it('escapes hostile text and never links a javascript: URL', async () => {
    const r = await app.inject('/');
    const html = r.body;
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toMatch(/href="javascript:/i);
    // Only our own nonce'd scripts exist.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    const nonce = /'nonce-([^']+)'/.exec(String(r.headers['content-security-policy']))![1]!;
    expect(scripts).toEqual([`<script type="module" nonce="${nonce}">`]);
    expect(html).toContain(`<style nonce="${nonce}">`);
  });

  it('uses a fresh CSP nonce per response, without unsafe-inline', async () => {
    const a = String((await app.inject('/')).headers['content-security-policy']);
    const b = String((await app.inject('/')).headers['content-security-policy']);
    expect(a).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(a).not.toContain('unsafe-inline');
    expect(a).not.toBe(b);
  });

  it('applies filters from the query string and keeps them in the form', async () => {
    const r = await app.inject('/?kind=statement&kind=visit&from=2019-12&entity=Q311440');
    expect(r.statusCode).toBe(200);
    const evs = articles(r.body);
    expect(evs.map((e) => e.kind).sort()).toEqual(['statement', 'visit']);
    expect(r.body).toContain('value="statement" checked');
    expect(r.body).toContain('value="visit" checked');
    expect(r.body).not.toContain('value="meeting" checked');
    expect(r.body).toContain('name="from" value="2019-12"');
    expect(r.body).toContain('name="entity" value="Q311440"');
  });

  it('escapes filter values echoed into the form', async () => {
    const r = await app.inject('/?entity=' + encodeURIComponent('"><script>alert(1)</script>'));
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain('"><script>alert(1)');
    expect(r.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('links to the next page with the filters and a cursor', async () => {
    const r = await app.inject('/?limit=5&kind=statement,visit,meeting,call,conference');
    expect(articles(r.body)).toHaveLength(5);
    const next = /<a href="\/(\?[^"]+)" rel="next">/.exec(r.body);
    expect(next).not.toBeNull();
    const href = next![1]!.replaceAll('&amp;', '&');
    const params = new URLSearchParams(href);
    expect(params.get('limit')).toBe('5');
    expect(params.getAll('kind')).toEqual(['statement', 'visit', 'meeting', 'call', 'conference']);
    const r2 = await app.inject('/' + href);
    const ids1 = articles(r.body).map((e) => e.id);
    const ids2 = articles(r2.body).map((e) => e.id);
    expect(ids2).toHaveLength(1);
    expect(ids1).not.toContain(ids2[0]);
  });

  it('a bad filter renders the page with an error and status 400', async () => {
    const r = await app.inject('/?from=2019-13-45');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('role="alert"');
    expect(r.body).toContain('2019-13-45');
    expect(articles(r.body)).toEqual([]);
    const k = await app.inject('/?kind=<b>x</b>');
    expect(k.statusCode).toBe(400);
    expect(k.body).not.toContain('<b>x</b>');
  });

  it('shows an empty state', async () => {
    const r = await app.inject('/?from=2030');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('No events match these filters.');
  });
});
