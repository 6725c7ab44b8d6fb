/**
 * The PostgreSQL store on a real server (its own schema) and on PGlite:
 * idempotent writes, replacement on reprocessing, cross-story merging,
 * filters and cursor paging.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { PgStore } from '../../src/store/pg-store.js';
import { InvalidQueryError } from '../../src/store/store-errors.js';
import type { Story, StoryResult, TimelineEvent } from '../../src/types.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../helpers/services.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function story(id: string, text: string, extra: Partial<Story> = {}): Story {
  return {
    id,
    feedId: 'f1',
    url: `http://fixture.invalid/${id}`,
    guid: null,
    title: `title ${id}`,
    published: '2019-12-02T12:00:00.000Z',
    publishedRaw: 'Mon, 02 Dec 2019 20:00:00 +0800',
    lang: 'en',
    text,
    contentHash: sha(text),
    source: 'feed',
    ...extra,
  };
}

const xi = { name: 'Xi Jinping', canonical: 'Xi Jinping', id: 'Q15031', country: 'CHN', type: 'person' as const };
const xiAr = { name: 'شي جين بينغ', canonical: 'Xi Jinping', id: 'Q15031', country: 'CHN', type: 'person' as const };
const patrushev = { name: 'Nikolai Patrushev', canonical: 'Nikolai Patrushev', id: 'Q367392', country: 'RUS', type: 'person' as const };

function event(storyId: string, over: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    id: `se_${storyId}_${over.kind ?? 'meeting'}_${over.date?.value ?? '2019-12-02'}`,
    kind: 'meeting',
    title: 'Xi Jinping meets Nikolai Patrushev',
    date: { value: '2019-12-02', grain: 'day', basis: 'expression', text: 'today' },
    participants: [xi, patrushev],
    location: { name: 'Beijing', canonical: 'Beijing', country: 'CHN' },
    evidence: [{ storyId, text: 'Xi met Patrushev.', start: 0, end: 17 }],
    confidence: 0.8,
    codes: { plover: 'CONSULT', cameo: '04' },
    ...over,
  };
}

function result(s: Story, events: TimelineEvent[]): StoryResult {
  return {
    normalized: {
      story: s,
      lang: s.lang ?? 'en',
      dateline: null,
      reference: { instant: s.published, zone: 'Asia/Shanghai', date: '2019-12-02', basis: 'published' },
      dates: [{ text: 'today', start: 0, end: 5, value: '2019-12-02', grain: 'day' }],
      sentences: [{ start: 0, end: s.text.length }],
    },
    events,
    extractorVersion: 'test-1',
  };
}

for (const backend of ['postgres', 'pglite'] as const) {
  describe(`PgStore on ${backend}`, () => {
    const schema = backend === 'postgres' ? uniqueSchema() : null;
    let store: PgStore;

    beforeAll(async () => {
      store = backend === 'postgres' ? await openStore({ databaseUrl: TEST_DATABASE_URL, schema }) : await openStore({ memory: true });
    });
    afterAll(async () => {
      await store?.close();
      if (schema) await dropSchema(schema);
    });

    it('migrates idempotently', async () => {
      await store.migrate();
      await store.migrate();
      expect(await store.countStories()).toBe(0);
    });

    it('keeps raw stories and reports created, changed and unchanged', async () => {
      const a = story('s_a', 'first text');
      const r1 = await store.saveStories([a, story('s_b', 'other text')]);
      expect(r1).toEqual({ created: ['s_a', 's_b'], changed: [], unchanged: [] });
      const r2 = await store.saveStories([a, story('s_b', 'other text, updated')]);
      expect(r2).toEqual({ created: [], changed: ['s_b'], unchanged: ['s_a'] });
      const stored = await store.getStory('s_b');
      expect(stored?.text).toBe('other text, updated');
      expect(await store.countStories()).toBe(2);
    });

    it('writes a story result idempotently', async () => {
      const s = story('s_one', 'Xi met Patrushev today.');
      const first = await store.saveResult(result(s, [event('s_one')]));
      const eventsAfterFirst = await store.countEvents();
      const second = await store.saveResult(result(s, [event('s_one')]));
      expect(second.eventIds).toEqual(first.eventIds);
      expect(await store.countEvents()).toBe(eventsAfterFirst);
      const ev = await store.getEvent(first.eventIds[0]!);
      expect(ev?.sources).toHaveLength(1);
      expect(ev?.sources[0]?.evidence).toHaveLength(1);
      const st = await store.getStory('s_one');
      expect(st?.dates).toHaveLength(1);
      expect(st?.eventIds).toEqual(first.eventIds);
      expect(st?.extractorVersion).toBe('test-1');
    });

    it('merges the same event from two stories in two languages, and unmerges on reprocessing', async () => {
      const en = story('s_en', 'Xi met Patrushev in Beijing.');
      const ar = story('s_ar', 'التقى شي باتروشيف في بكين.', { lang: 'ar' });
      const { eventIds: [idEn] } = await store.saveResult(result(en, [event('s_en')]));
      const { eventIds: [idAr] } = await store.saveResult(result(ar, [event('s_ar', { participants: [xiAr, patrushev], confidence: 0.9 })]));
      expect(idAr).toBe(idEn);
      const merged = await store.getEvent(idEn!);
      // s_one reported the same meeting earlier, so three stories back it now.
      expect(merged?.sources.map((s) => s.storyId).sort()).toEqual(['s_ar', 's_en', 's_one']);
      expect(merged!.confidence).toBeGreaterThan(0.9);

      // Reprocess the Arabic story with a different extraction: its source leaves the merged event.
      await store.saveResult(result(ar, [event('s_ar', { kind: 'call', participants: [xiAr, patrushev] })]));
      const after = await store.getEvent(idEn!);
      expect(after?.sources.map((s) => s.storyId)).not.toContain('s_ar');

      // Reprocessing with no events at all removes orphaned timeline events.
      const { eventIds: [callId] } = await store.saveResult(result(ar, [event('s_ar', { kind: 'call' })]));
      await store.saveResult(result(ar, []));
      expect(await store.getEvent(callId!)).toBeNull();
    });

    it('filters by date range, kind, entity alias in any language, and text', async () => {
      const s = story('s_more', 'Various events.');
      await store.saveResult(
        result(s, [
          event('s_more', { kind: 'anniversary', date: { value: '2019', grain: 'year', basis: 'expression' }, title: '70th anniversary of China–Russia relations', participants: [{ name: 'China', id: 'Q148', type: 'country' }, { name: 'Russia', id: 'Q159', type: 'country' }] }),
          event('s_more', { kind: 'visit', date: { value: '2020-01-15', grain: 'day', basis: 'expression' }, title: 'Patrushev visits Beijing', participants: [patrushev] }),
        ]),
      );
      const dec = await store.listEvents({ from: '2019-12-01', to: '2019-12-31' });
      // The year-grain anniversary overlaps December 2019.
      expect(dec.events.map((e) => e.kind).sort()).toEqual(['anniversary', 'meeting']);
      expect((await store.listEvents({ kind: ['visit'] })).events.map((e) => e.title)).toEqual(['Patrushev visits Beijing']);
      expect((await store.listEvents({ from: '2020' })).events.map((e) => e.kind)).toEqual(['visit']);
      // By Arabic alias, by id, and by canonical name.
      const byArabic = await store.listEvents({ entity: 'شي جين بينغ' });
      expect(byArabic.events.map((e) => e.kind)).toEqual(['meeting']);
      expect((await store.listEvents({ entity: 'Q367392' })).events.map((e) => e.kind).sort()).toEqual(['meeting', 'visit']);
      expect((await store.listEvents({ q: 'anniversary' })).events.map((e) => e.kind)).toEqual(['anniversary']);
      await expect(store.listEvents({ from: '2019-13-45' })).rejects.toBeInstanceOf(InvalidQueryError);
    });

    it('pages with a cursor without gaps or overlaps', async () => {
      const s = story('s_many', 'Many events.');
      const many = Array.from({ length: 23 }, (_, i) =>
        event('s_many', {
          id: `se_many_${i}`,
          kind: 'statement',
          date: { value: `2018-01-${String(i + 1).padStart(2, '0')}`, grain: 'day', basis: 'expression' },
          participants: [{ name: `Speaker ${i}` }],
          title: `statement ${i}`,
        }),
      );
      await store.saveResult(result(s, many));
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const r = await store.listEvents({ kind: ['statement'], limit: 5, cursor, order: 'asc' });
        seen.push(...r.events.map((e) => e.title));
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
      }
      expect(seen).toEqual(many.map((e) => e.title));
      await expect(store.listEvents({ cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidQueryError);
    });

    it('never stores an event whose date is not a calendar value', async () => {
      const s = story('s_bad', 'Bad date.');
      const r = await store.saveResult(result(s, [event('s_bad', { date: { value: 'FUTURE_REF', grain: 'day', basis: 'expression' } })]));
      expect(r.eventIds).toEqual([]);
    });

    it('keeps feed fetch state', async () => {
      await store.syncFeeds([{ id: 'f1', url: 'http://fixture.invalid/feed', lang: 'en', zone: null, enabled: true }]);
      await store.recordFetch({ feedId: 'f1', at: '2019-12-02T12:00:00Z', ok: false, status: 'error', error: 'TL_ERR_FETCH_TIMEOUT: slow' });
      await store.recordFetch({ feedId: 'f1', at: '2019-12-02T12:05:00Z', ok: false, status: 'error', error: 'again' });
      let f = await store.getFeed('f1');
      expect(f?.consecutiveFailures).toBe(2);
      expect(f?.lastError).toBe('again');
      await store.recordFetch({ feedId: 'f1', at: '2019-12-02T12:10:00Z', ok: true, status: 'ok', etag: '"abc"', items: 7 });
      f = await store.getFeed('f1');
      expect(f).toMatchObject({ consecutiveFailures: 0, lastError: null, etag: '"abc"', itemsLastPoll: 7, status: 'ok' });
      // A feed removed from the configuration is disabled, not forgotten.
      await store.syncFeeds([]);
      expect((await store.getFeed('f1'))?.enabled).toBe(false);
    });
  });
}
