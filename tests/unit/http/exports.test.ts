import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import type { StoredEvent, TimelineStore } from '../../../src/store/store.js';
import { CSV_COLUMNS, defuseCell, toCsv } from '../../../src/http/export/formats.js';
import { makeApp, makeResult, makeStory, openSeededStore } from './helpers.js';

let store: TimelineStore;
let app: FastifyInstance;
let seeded: Awaited<ReturnType<typeof openSeededStore>>['seeded'];

beforeAll(async () => {
  ({ store, seeded } = await openSeededStore());
  // A title with every CSV special: comma, quote, line break, and a formula prefix.
  const s6 = makeStory('s6', 'Tricky', 'Tricky text, with "quotes"\nand lines.');
  await store.saveStories([s6]);
  await store.saveResult(
    makeResult(s6, [{ kind: 'statement', title: '=HYPERLINK("http://x") says "no", then\nleaves', value: '2017-05-04', grain: 'day', participants: [{ name: 'Ann, "the" Spokeswoman' }] }]),
  );
  app = await makeApp(store, { api: { exportMaxEvents: 100 } });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

/** A strict RFC 4180 parser, to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (cell !== '') throw new Error(`stray quote at ${i}`);
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (c === '\n') {
      throw new Error(`bare LF outside quotes at ${i}`);
    } else cell += c;
    i++;
  }
  if (quoted) throw new Error('unterminated quote');
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

describe('GET /api/events/export', () => {
  it('NDJSON: one event per line, the same events as the list, any filter applies', async () => {
    const r = await app.inject('/api/events/export?format=ndjson');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(r.headers['content-disposition']).toBe('attachment; filename="timeline-events.ndjson"');
    const lines = r.body.trimEnd().split('\n').map((l) => JSON.parse(l) as StoredEvent);
    expect(lines).toHaveLength(15);
    expect(new Set(lines.map((e) => e.id))).toEqual(new Set([...seeded.eventIds, lines.find((e) => e.kind === 'statement' && e.title.startsWith('='))!.id]));
    expect(lines[0]!.date.value).toBe('2017-05-04'); // oldest first by default
    const calls = (await app.inject('/api/events/export?format=ndjson&kind=call&country=RUS')).body.trim().split('\n');
    expect(calls.map((l) => JSON.parse(l).title)).toEqual(['Xi and Putin phone call']);
    expect((await app.inject('/api/events/export?format=ndjson&kind=call&from=2030')).body).toBe('');
  });

  it('pages through the store past one page and stops at the limit', async () => {
    const r = await app.inject('/api/events/export?format=ndjson&limit=3');
    expect(r.body.trim().split('\n')).toHaveLength(3);
  });

  it('CSV: a header, one row per event, quotes, commas and line breaks escaped, formulas defused', async () => {
    const r = await app.inject('/api/events/export?format=csv');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.body.startsWith('\ufeff')).toBe(true);
    const rows = parseCsv(r.body.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(16);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const tricky = rows.find((row) => row[col('date')] === '2017-05-04')!;
    expect(tricky[col('title')]).toBe(`'=HYPERLINK("http://x") says "no", then\nleaves`);
    expect(tricky[col('participants')]).toBe('Ann, "the" Spokeswoman');
    const meeting = rows.find((row) => row[col('title')] === 'Xi Jinping meets Vladimir Putin')!;
    expect(meeting[col('participants')]).toBe('Xi Jinping; Vladimir Putin');
    expect(meeting[col('participant_ids')]).toBe('Q15031; Q7747');
    expect(meeting[col('source_urls')]).toBe('https://news.example.org/s1');
    expect(meeting[col('grain')]).toBe('day');
    const month = rows.find((row) => row[col('grain')] === 'month')!;
    expect([month[col('date_start')], month[col('date_end')]]).toEqual(['2019-12-01', '2019-12-31']);
  });

  it('CSV of no events is just the header', async () => {
    const r = await app.inject('/api/events/export?format=csv&from=2030');
    expect(parseCsv(r.body.slice(1))).toEqual([[...CSV_COLUMNS]]);
  });

  it('PLOVER-style records: type and mode from the codes, source and target actors, publications', async () => {
    const r = await app.inject('/api/events/export?format=plover&kind=meeting');
    const recs = r.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({
      event_id: seeded.eventIds[0],
      event_date: '2019-12-02',
      date_precision: 'day',
      source_actor: 'Xi Jinping',
      source_actor_id: 'Q15031',
      source_country: 'CHN',
      target_actor: 'Vladimir Putin',
      target_country: 'RUS',
      location: 'Beijing',
      country: 'CHN',
      confidence: 0.8,
    });
    expect(recs[0].publications).toEqual([expect.objectContaining({ story_id: 's1', url: 'https://news.example.org/s1', feed: 'test-feed' })]);
    expect(recs[0].evidence[0]).toContain('BEIJING');
  });

  it('TimelineJS: every slide has start_date.year, month/day as precise as the event, a headline and text', async () => {
    const r = await app.inject('/api/events/export?format=timelinejs');
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const doc = r.json();
    expect(doc.title.text.headline).toBe('wire-timeline');
    expect(doc.events).toHaveLength(15);
    for (const ev of doc.events) {
      expect(Number.isInteger(ev.start_date.year)).toBe(true);
      expect(typeof ev.text.headline).toBe('string');
      expect(ev.text.headline.length).toBeGreaterThan(0);
      expect(typeof ev.text.text).toBe('string');
      expect(ev.unique_id).toMatch(/^[\w-]+$/);
    }
    const year = doc.events.find((e: { group: string }) => e.group === 'anniversary');
    expect(year.start_date).toEqual({ year: 2019, display_date: '2019' });
    expect(year.end_date).toEqual({ year: 2019 });
    const month = doc.events.find((e: { group: string }) => e.group === 'agreement');
    expect(month.start_date).toMatchObject({ year: 2019, month: 12 });
    expect(month.start_date.day).toBeUndefined();
    const day = doc.events.find((e: { text: { headline: string } }) => e.text.headline === 'Xi Jinping meets Vladimir Putin');
    expect(day.start_date).toMatchObject({ year: 2019, month: 12, day: 2 });
    // Hostile titles are escaped: TimelineJS renders headline as HTML.
    const hostile = doc.events.find((e: { group: string }) => e.group === 'protest');
    expect(hostile.text.headline).not.toContain('<script>');
    expect(hostile.text.headline).toContain('&lt;script&gt;');
  });

  it('iCalendar: parses with ical.js, all-day events spanning each event date, stable UIDs', async () => {
    const r = await app.inject('/api/events/export?format=ics&kind=meeting,agreement,anniversary');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const comp = new ICAL.Component(ICAL.parse(r.body));
    const vevents = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(vevents).toHaveLength(3);
    const by = new Map(vevents.map((v) => [v.summary, v]));
    const meeting = by.get('Xi Jinping meets Vladimir Putin')!;
    expect(meeting.startDate.isDate).toBe(true);
    expect(meeting.startDate.toString()).toBe('2019-12-02');
    expect(meeting.endDate.toString()).toBe('2019-12-03');
    expect(meeting.location).toContain('Beijing');
    expect(meeting.uid).toBe(`${seeded.eventIds[0]}@wire-timeline`);
    expect(meeting.description).toContain('Source: Xi meets Putin <https://news.example.org/s1>');
    const month = by.get('Gas pipeline agreement signed')!;
    expect([month.startDate.toString(), month.endDate.toString()]).toEqual(['2019-12-01', '2020-01-01']);
    const year = by.get('Founding anniversary year')!;
    expect([year.startDate.toString(), year.endDate.toString()]).toEqual(['2019-01-01', '2020-01-01']);
  });

  it('a bad or missing format is a 400 naming it', async () => {
    const none = await app.inject('/api/events/export');
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details.param).toBe('format');
    const bad = await app.inject('/api/events/export?format=xlsx');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('ndjson, csv, plover, timelinejs, ics');
    expect((await app.inject('/api/events/export?format=csv&kind=party')).json().error.details.param).toBe('kind');
  });
});

describe('CSV helpers', () => {
  it('defuses formula prefixes only', () => {
    expect(defuseCell('=1+1')).toBe("'=1+1");
    expect(defuseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(defuseCell('-2')).toBe("'-2");
    expect(defuseCell('2019-12-02')).toBe('2019-12-02');
  });
  it('writes CRLF records', () => {
    expect(toCsv([], true)).toBe(CSV_COLUMNS.join(',') + '\r\n');
  });
});
