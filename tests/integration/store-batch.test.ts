/**
 * Batched store writes (`saveResults`, the store worker's group commit) against one story at a
 * time (`saveResult`): the same stories, including copies that merge into one timeline event,
 * new versions that unmerge, and a story twice in one batch, must leave the same timeline.
 * Concurrent batches over shared events and entities must not deadlock or lose anything.
 * Real PostgreSQL (own schemas) and PGlite.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import type { PgStore } from '../../src/store/pg-store.js';
import type { SaveResultItem } from '../../src/store/store.js';
import { processStory } from '../../src/pipeline/process-story.js';
import type { Story } from '../../src/types.js';
import { benchStories, loadStoryFactory } from '../../bench/lib/story-templates.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../helpers/services.js';
import { makeResult, makeStory } from '../unit/http/helpers.js';

const CORPUS_EVENTS = new URL('../../../shared/corpus/events/dev.jsonl', import.meta.url);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Stories whose events overlap: corpus stories (several languages of one event), generated ones and copies of them. */
function storiesUnderTest(n: number): Story[] {
  const out: Story[] = [];
  if (existsSync(CORPUS_EVENTS)) {
    for (const line of readFileSync(CORPUS_EVENTS, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const g = JSON.parse(line) as { id: string; lang: string; published: string | null; text: string };
      out.push({ id: `c_${g.id}`, feedId: null, url: null, guid: null, title: null, published: g.published ?? '2019-12-02T12:00:00Z', publishedRaw: null, lang: g.lang, text: g.text, contentHash: sha(g.text), source: 'jsonl' });
    }
  }
  const gen = benchStories(loadStoryFactory(), n, 7, 'batch');
  out.push(...gen);
  // Copies under other ids: the same events reported by two stories, merged into one timeline event.
  for (const s of gen.slice(0, Math.floor(n / 4))) out.push({ ...s, id: `${s.id}_copy`, feedId: 'other-feed' });
  return out;
}

/** A new version of a story: one sentence gone, so some of its events go (unmerge) or change. */
function revised(s: Story): Story {
  const cut = s.text.indexOf('.', s.text.length / 3);
  const text = cut > 0 ? s.text.slice(0, cut + 1) : s.text + ' ';
  return { ...s, text, contentHash: sha(text) };
}

/** The whole written timeline of a store, without timestamps, in a stable order. */
async function snapshot(store: PgStore, withHistory = true) {
  const db = (store as unknown as { db: { query: <T>(sql: string, p?: unknown[]) => Promise<T[]> } }).db;
  const q = (sql: string) => db.query<Record<string, unknown>>(sql);
  return {
    events: await q(`SELECT id, kind, title, date_value, date_grain, date_start::text, date_end::text, confidence, data::text, search FROM events ORDER BY id`),
    sources: await q(`SELECT event_id, story_id, story_event_id, sentence_start, sentence_end, data::text FROM event_sources ORDER BY 1, 2, 3`),
    participants: await q(`SELECT event_id, key, norm_name, role FROM event_participants ORDER BY 1, 2`),
    dates: await q(`SELECT story_id, idx, value, grain, data::text FROM temporal_expressions ORDER BY 1, 2`),
    stories: await q(`SELECT id, content_hash, processed_hash, extractor_version, detected_lang, dateline::text, reference::text,
      yield_events, yield_reason FROM stories ORDER BY id`),
    entities: await q(`SELECT id, type, name, country FROM entities ORDER BY id`),
    // History (every alias and story version ever seen) only where both stores saw the same versions.
    ...(withHistory
      ? {
          aliases: await q(`SELECT entity_id, norm, alias FROM entity_aliases ORDER BY 1, 2`),
          versions: await q(`SELECT story_id, content_hash, title, raw_text FROM story_versions ORDER BY 1, 2`),
        }
      : {}),
  };
}

/** Every live event's last change is created/updated, every gone one's is deleted. */
async function changeLogAgrees(store: PgStore): Promise<void> {
  const db = (store as unknown as { db: { query: <T>(sql: string) => Promise<T[]> } }).db;
  const last = await db.query<{ event_id: string; op: string }>(
    `SELECT DISTINCT ON (event_id) event_id, op FROM event_changes ORDER BY event_id, id DESC`,
  );
  const live = new Set((await db.query<{ id: string }>('SELECT id FROM events')).map((r) => r.id));
  const lastOp = new Map(last.map((r) => [r.event_id, r.op]));
  for (const id of live) expect(['created', 'updated']).toContain(lastOp.get(id));
  for (const [id, op] of lastOp) if (!live.has(id)) expect(op).toBe('deleted');
}

for (const backend of ['postgres', 'pglite'] as const) {
  describe(`batched store writes on ${backend}`, () => {
    const n = backend === 'postgres' ? 240 : 60;
    const schemas = backend === 'postgres' ? [uniqueSchema(), uniqueSchema(), uniqueSchema()] : [];
    const stores: PgStore[] = [];
    const open = async (i: number) => {
      const s = backend === 'postgres' ? await openStore({ databaseUrl: TEST_DATABASE_URL, schema: schemas[i]! }) : await openStore({ memory: true });
      await s.migrate();
      stores.push(s);
      return s;
    };
    const base = storiesUnderTest(n);
    // The sequence of saves: every story, then new versions of some, the last one of them twice in a row.
    const revisedOnes = base.filter((_, i) => i % 5 === 2).map(revised);
    const sequence: Story[] = [...base, ...revisedOnes, base[2]!];
    let items: SaveResultItem[];

    beforeAll(() => {
      items = sequence.map((s) => ({ result: processStory(s) }));
      // The test is only worth something if events merge across stories.
      const perEvent = new Map<string, number>();
      for (const it of items) for (const e of it.result.events) perEvent.set(e.title + e.date.value, (perEvent.get(e.title + e.date.value) ?? 0) + 1);
      expect([...perEvent.values()].filter((c) => c > 1).length).toBeGreaterThan(5);
    });
    afterAll(async () => {
      for (const s of stores) await s.close();
      for (const s of schemas) await dropSchema(s);
    });

    it('leaves the same timeline as saving one story at a time, with the same run totals', async () => {
      const one = await open(0);
      const many = await open(1);
      const runOne = await one.createRun({ kind: 'reprocess', runKey: 'k', mode: 'queue', options: {}, extractorVersion: null });
      const runMany = await many.createRun({ kind: 'reprocess', runKey: 'k', mode: 'queue', options: {}, extractorVersion: null });
      const diffsOne = [];
      for (const it of items) diffsOne.push((await one.saveResult(it.result, { runId: runOne.id })).diff);
      // Batches of 37: copies and their originals, and a story and its new version, share batches.
      const reordered = [...items.slice(0, -1)];
      const batches: SaveResultItem[][] = [];
      for (let i = 0; i < reordered.length; i += 37) batches.push(reordered.slice(i, i + 37));
      batches[batches.length - 1]!.push(items[items.length - 1]!, items[items.length - 1]!);
      const out = [];
      for (const b of batches) out.push(...(await many.saveResults(b.map((it) => ({ ...it, runId: runMany.id })))));
      expect(out).toHaveLength(items.length + 1);
      expect(batches.some((b) => new Set(b.map((it) => it.result.normalized.story.id)).size < b.length)).toBe(true);

      const a = await snapshot(one);
      const b = await snapshot(many);
      expect(a.events.length).toBeGreaterThan(n / 2);
      expect(b).toEqual(a);
      await changeLogAgrees(one);
      await changeLogAgrees(many);

      // Results come back in input order with each story's own event ids.
      for (let i = 0; i < reordered.length; i++) {
        const expected = new Set((await one.getStory(reordered[i]!.result.normalized.story.id))!.eventIds);
        if (reordered.slice(i + 1).some((x) => x.result.normalized.story.id === reordered[i]!.result.normalized.story.id)) continue;
        if (i === 2 || items[items.length - 1]!.result.normalized.story.id === reordered[i]!.result.normalized.story.id) continue;
        expect(new Set(out[i]!.eventIds)).toEqual(expected);
      }
      const r1 = (await one.getRun(runOne.id))!;
      const r2 = (await many.getRun(runMany.id))!;
      expect(r2.storiesDone).toBe(r1.storiesDone);
      expect(r2.storiesQueued).toBe(r1.storiesQueued);
      // One at a time may count an event as added then changed; a batch counts it once. Net additions agree.
      expect(r2.eventsAdded - r2.eventsRemoved).toBe(r1.eventsAdded - r1.eventsRemoved);
      expect(r2.eventsAdded - r2.eventsRemoved).toBe(a.events.length);
      expect(diffsOne.reduce((s, d) => s + d.added - d.removed, 0)).toBe(a.events.length);

      // Saving the stories' current versions again changes nothing.
      const current = new Map(items.map((it) => [it.result.normalized.story.id, it]));
      const again = await many.saveResults([...current.values()].slice(0, 40));
      expect(again.every((r) => r.diff.added + r.diff.removed + r.diff.changed === 0)).toBe(true);
      expect(await snapshot(many)).toEqual(b);
    }, 240_000);

    it.runIf(backend === 'postgres')('runs concurrent batches over shared events and entities without deadlock or loss', async () => {
      const ref = stores[0]!;
      const conc = await open(2);
      // The final version of each story, shuffled, in 8 batches written at once on a pool of connections.
      const finalItems = new Map<string, SaveResultItem>();
      for (const it of items) finalItems.set(it.result.normalized.story.id, it);
      const list = [...finalItems.values()];
      for (let i = list.length - 1; i > 0; i--) {
        const j = (i * 7919) % (i + 1);
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      const size = Math.ceil(list.length / 8);
      const chunks = Array.from({ length: 8 }, (_, k) => list.slice(k * size, (k + 1) * size));
      await Promise.all(chunks.map((c) => conc.saveResults(c)));
      // Aliases and story versions keep everything ever seen, earlier versions' too: compare the rest.
      expect(await snapshot(conc, false)).toEqual(await snapshot(ref, false));
      await changeLogAgrees(conc);
    }, 240_000);
  });
}

/** A migrated store in a schema of its own for the enclosing describe block; dropped after it. */
function storeInOwnSchema(): { get: () => PgStore; schema: string } {
  const schema = uniqueSchema();
  let store: PgStore;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
    await dropSchema(schema);
  });
  return { get: () => store, schema };
}

describe('batched store writes: a value PostgreSQL refuses', () => {
  const own = storeInOwnSchema();
  const schema = own.schema;

  it('fails the whole batch and writes nothing of it', async () => {
    const store = own.get();
    const stories = benchStories(loadStoryFactory(), 5, 11, 'bad');
    const items = stories.map((s) => ({ result: processStory(s) }));
    items[3]!.result.normalized.story = { ...items[3]!.result.normalized.story, title: 'bad\u0000title' };
    await expect(store.saveResults(items)).rejects.toMatchObject({ code: expect.stringMatching(/^22/) });
    expect(await store.countStories()).toBe(0);
    expect(await store.countEvents()).toBe(0);
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    try {
      // Nothing left locked or half-written: the same batch without the bad value goes in.
      items[3]!.result.normalized.story = stories[3]!;
      await store.saveResults(items);
      expect(await store.countStories()).toBe(5);
      const r = await c.query(`SELECT count(*)::int AS n FROM ${schema}.stories WHERE processed_at IS NOT NULL`);
      expect(r.rows[0].n).toBe(5);
      const v = await c.query(`SELECT count(*)::int AS n FROM ${schema}.story_versions`);
      expect(v.rows[0].n).toBe(5);
    } finally {
      await c.end();
    }
  });
});

describe('batched store writes next to other writers (review findings)', () => {
  const own = storeInOwnSchema();

  it('a fetch saving new stories in another order never deadlocks against store batches inserting them', async () => {
    const store = own.get();
    const ents = Array.from({ length: 6 }, (_, i) => ({ name: `Person ${i}`, id: `Q${i}`, type: 'person' as const }));
    const errors: string[] = [];
    for (let round = 0; round < 20; round++) {
      const stories = Array.from({ length: 20 }, (_, i) => makeStory(`n${round}_${i}`, 't', `text ${round} ${i}`));
      const item = (s: Story, j: number) => ({
        result: makeResult(s, [{ kind: 'meeting', title: `m ${j % 5}`, value: `2019-12-0${1 + (j % 3)}`, grain: 'day', participants: [ents[j % 6]!, ents[(j + round) % 6]!] }]),
      });
      const tasks: Array<Promise<unknown>> = [store.saveStories([...stories].reverse()).catch((e) => errors.push(`saveStories ${e.code ?? e.message}`))];
      for (let b = 0; b < 4; b++) {
        const order = stories.map((s, j) => ({ s, j, r: Math.sin(j * 31 + b * 7 + round) })).sort((x, y) => x.r - y.r).slice(0, 12);
        tasks.push(store.saveResults(order.map(({ s, j }) => item(s, j))).catch((e) => errors.push(`saveResults ${e.code ?? e.message}`)));
      }
      await Promise.all(tasks);
    }
    expect(errors).toEqual([]);
  }, 120_000);

  it("counts an event in a run's summary even when a story of the live feeds shared its batch and touched it first", async () => {
    const store = own.get();
    const run = await store.createRun({ kind: 'reprocess', runKey: 'mix', mode: 'queue', options: {}, extractorVersion: null });
    const ev = { kind: 'visit' as const, title: 'Guterres visits Geneva', value: '2019-12-05', grain: 'day' as const };
    const live = makeResult(makeStory('mix_live', 'live', 'live text'), [ev]);
    const ofRun = makeResult(makeStory('mix_run', 'run', 'run text'), [ev]);
    const [a, b] = await store.saveResults([{ result: live }, { result: ofRun, runId: run.id }]);
    expect(a!.eventIds).toEqual(b!.eventIds);
    expect(a!.diff.added).toBe(1);
    expect(b!.diff.added).toBe(1);
    const r = (await store.getRun(run.id))!;
    expect(r.storiesDone).toBe(1);
    expect(r.eventsAdded + r.eventsChanged).toBe(1);
  });
});
