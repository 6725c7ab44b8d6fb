import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { TimelineStore, StoredEvent } from '../../../src/store/store.js';
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

async function list(qs: string): Promise<{ status: number; body: { events: StoredEvent[]; nextCursor: string | null } }> {
  const r = await app.inject(`/api/events${qs}`);
  return { status: r.statusCode, body: r.json() };
}

async function bad(qs: string): Promise<{ code: string; message: string; details?: { param?: string } }> {
  const r = await app.inject(`/api/events${qs}`);
  expect(r.statusCode, qs).toBe(400);
  expect(r.headers['content-type']).toMatch(/application\/json/);
  return r.json().error;
}

describe('GET /api/events', () => {
  it('lists every event, newest first by default, with sources', async () => {
    const { status, body } = await list('');
    expect(status).toBe(200);
    expect(body.events).toHaveLength(14);
    expect(new Set(body.events.map((e) => e.id))).toEqual(new Set(seeded.eventIds));
    expect(body.nextCursor).toBeNull();
    expect(body.events[0]!.title).toBe('Aid pledged'); // 2020-01-15
    expect(body.events.at(-1)!.title).toBe('Election held'); // 2018-03-18
    expect(body.events[0]!.sources[0]!.storyId).toBe('s2');
  });

  it('order=asc reverses the order', async () => {
    const { body } = await list('?order=asc');
    expect(body.events[0]!.title).toBe('Election held');
    expect(body.events.at(-1)!.title).toBe('Aid pledged');
  });

  it('filters by kind (comma-separated and repeated)', async () => {
    const a = await list('?kind=statement,visit');
    expect(a.body.events.map((e) => e.kind).sort()).toEqual(['statement', 'statement', 'visit']);
    const b = await list('?kind=statement&kind=visit');
    expect(b.body.events.map((e) => e.id).sort()).toEqual(a.body.events.map((e) => e.id).sort());
    const c = await list('?kind=MEETING');
    expect(c.body.events.map((e) => e.title)).toEqual(['Xi Jinping meets Vladimir Putin']);
  });

  it('filters by date range with partial dates', async () => {
    const dec = await list('?from=2019-12-01&to=2019-12-31');
    expect(dec.body.events.map((e) => e.title).sort()).toEqual(
      [
        'Climate conference opens',
        'Founding anniversary year', // year grain overlaps December
        'Gas pipeline agreement signed',
        'Guterres statement on climate',
        'Guterres visits Geneva',
        'Joint statement issued',
        'Xi Jinping meets Vladimir Putin',
        '<script>alert("xss")</script> & <b>bold</b>',
      ].sort(),
    );
    const y2020 = await list('?from=2020');
    expect(y2020.body.events.map((e) => e.title)).toEqual(['Aid pledged']);
    const to2018 = await list('?to=2018-12');
    expect(to2018.body.events.map((e) => e.title)).toEqual(['Election held']);
    // A year-grain event overlaps any range inside its year.
    const oct = await list('?from=2019-10&to=2019-10');
    expect(oct.body.events.map((e) => e.title).sort()).toEqual(['Court ruling', 'Earthquake strikes', 'Founding anniversary year']);
  });

  it('filters by entity id and by name, and by free text', async () => {
    const byId = await list('?entity=Q7747');
    expect(byId.body.events.map((e) => e.title).sort()).toEqual(
      ['Election held', 'Gas pipeline agreement signed', 'Sanctions imposed', 'Xi Jinping meets Vladimir Putin', 'Xi and Putin phone call'].sort(),
    );
    const byName = await list('?entity=' + encodeURIComponent('António Guterres'));
    expect(byName.body.events).toHaveLength(4);
    const q = await list('?q=pipeline');
    expect(q.body.events.map((e) => e.title)).toEqual(['Gas pipeline agreement signed']);
    const none = await list('?entity=nobody-at-all');
    expect(none.body.events).toEqual([]);
  });

  it('pages with a cursor: no overlap, no gaps, same order as one page', async () => {
    const all = (await list('?limit=500')).body.events.map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { status, body } = await list(qs);
      expect(status).toBe(200);
      expect(body.events.length).toBeLessThanOrEqual(4);
      seen.push(...body.events.map((e) => e.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('two pages with filters keep the filter', async () => {
    const p1 = await list('?kind=statement,visit,meeting&limit=2');
    expect(p1.body.events).toHaveLength(2);
    expect(p1.body.nextCursor).toBeTruthy();
    const p2 = await list(`?kind=statement,visit,meeting&limit=2&cursor=${encodeURIComponent(p1.body.nextCursor!)}`);
    expect(p2.body.events).toHaveLength(2);
    expect(p2.body.nextCursor).toBeNull();
    const ids = [...p1.body.events, ...p2.body.events].map((e) => e.id);
    expect(new Set(ids).size).toBe(4);
    expect([...p1.body.events, ...p2.body.events].every((e) => ['statement', 'visit', 'meeting'].includes(e.kind))).toBe(true);
  });

  it('400s name the bad parameter', async () => {
    let e = await bad('?from=2019-13-45');
    expect(e.code).toBe('TL_ERR_BAD_PARAM');
    expect(e.details?.param).toBe('from');
    expect(e.message).toMatch(/"from".*2019-13-45/);

    e = await bad('?to=2019-02-30');
    expect(e.details?.param).toBe('to');
    e = await bad('?from=12/02/2019');
    expect(e.details?.param).toBe('from');
    e = await bad('?from=2020&to=2019');
    expect(e.details?.param).toBe('to');
    expect(e.message).toMatch(/before/);

    e = await bad('?kind=meeting,party');
    expect(e.details?.param).toBe('kind');
    expect(e.message).toContain('"party"');

    for (const v of ['0', '501', 'abc', '2.5']) {
      e = await bad(`?limit=${v}`);
      expect(e.details?.param, v).toBe('limit');
      expect(e.message).toContain('"limit"');
    }
    e = await bad('?order=sideways');
    expect(e.details?.param).toBe('order');
    expect(e.message).toContain('asc, desc');

    e = await bad('?knd=meeting');
    expect(e.details?.param).toBe('knd');
    expect(e.message).toMatch(/unknown query parameter "knd"/);

    e = await bad('?cursor=not-a-cursor');
    expect(e.details?.param).toBe('cursor');

    e = await bad('?q=' + 'x'.repeat(201));
    expect(e.details?.param).toBe('q');
  });

  it('empty filter values (from HTML forms) are ignored', async () => {
    const { status, body } = await list('?from=&to=&kind=&entity=&q=');
    expect(status).toBe(200);
    expect(body.events).toHaveLength(14);
  });
});

describe('GET /api/events/:id', () => {
  it('returns the event with sources and evidence', async () => {
    const id = seeded.eventIds[0]!;
    const r = await app.inject(`/api/events/${id}`);
    expect(r.statusCode).toBe(200);
    const e = r.json() as StoredEvent;
    expect(e.id).toBe(id);
    expect(e.kind).toBe('meeting');
    expect(e.participants.map((p) => p.id).sort()).toEqual(['Q15031', 'Q7747']);
    expect(e.sources).toHaveLength(1);
    expect(e.sources[0]).toMatchObject({ storyId: 's1', storyTitle: 'Xi meets Putin', storyUrl: 'https://news.example.org/s1' });
    expect(e.sources[0]!.evidence[0]!.text).toMatch(/^BEIJING/);
    expect(e.evidence[0]!.storyId).toBe('s1');
  });

  it('404s with a code for an unknown id', async () => {
    const r = await app.inject('/api/events/ev_doesnotexist');
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toMatchObject({ code: 'TL_ERR_NOT_FOUND', details: { id: 'ev_doesnotexist' } });
  });

  it('a 600-character id is a 400 or 404, never a 500', async () => {
    const r = await app.inject(`/api/events/${'a'.repeat(600)}`);
    expect([400, 404]).toContain(r.statusCode);
    expect(r.json().error.code).toMatch(/^TL_ERR_/);
  });
});
