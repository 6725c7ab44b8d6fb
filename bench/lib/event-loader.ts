/**
 * Bulk-loads a large synthetic timeline into the real schema for the API
 * benchmark: stories, entities with aliases, events, their sources and
 * participants, in jsonb_to_recordset batches (one multi-row statement per
 * table per batch). Participants follow a skewed distribution: a few
 * gazetteer persons appear in many events (as on a real wire), thousands of
 * minor ones in few. Deterministic for a given seed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { parse } from 'yaml';
import { seededRandom } from '../../src/eval/fuzz-inputs.js';
import { participantKey } from '../../src/store/merge-events.js';
import { matchKey } from '../../src/text/match-key.js';
import { BENCH_LANGS } from './story-templates.js';

const GAZ = fileURLToPath(new URL('../../config/gazetteer/', import.meta.url));
const KINDS = ['meeting', 'visit', 'call', 'agreement', 'statement', 'conference', 'election', 'appointment', 'attack', 'protest', 'disaster', 'aid'];
const FIRST_YEAR = 2000;
const YEARS = 26;

export interface LoadedCorpus {
  events: number;
  stories: number;
  sources: number;
  participants: number;
  entities: number;
  /** The most frequent entity, and one with few events, for timeline queries. */
  popularEntity: { id: string; name: string; events: number; aliasOtherScript: string | null };
  rareEntity: { id: string; name: string; events: number };
  seconds: number;
}

interface Person {
  id: string;
  name: string;
  country: string | null;
  aliases: string[];
}

function gazetteerPersons(): Person[] {
  const y = parse(readFileSync(GAZ + 'entities.yaml', 'utf8')) as {
    persons: Array<{ id: string; name: string; country?: string; aliases?: Record<string, string[]> }>;
  };
  return y.persons.map((p) => ({ id: p.id, name: p.name, country: p.country ?? null, aliases: Object.values(p.aliases ?? {}).flat() }));
}

function gazetteerPlaces(): Array<{ name: string; country: string }> {
  const y = parse(readFileSync(GAZ + 'places.yaml', 'utf8')) as { places: Array<{ name: string; country: string }> };
  return y.places.map((p) => ({ name: p.name, country: p.country }));
}

const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const dayOf = (n: number) => new Date(Date.UTC(FIRST_YEAR, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Loads `n` events (and ≈0.7·n stories, ≈1.35 sources and ≈2.3 participants
 * per event) into the schema `db` points at. `onProgress` is called after each batch.
 */
export async function loadEvents(db: pg.Client, n: number, seed: number, onProgress?: (done: number) => void, batch = 5000): Promise<LoadedCorpus> {
  const t0 = Date.now();
  // Bulk-load settings for this session only: no per-row FK triggers (the data is consistent by
  // construction), no wait for WAL flush; secondary indexes are dropped and rebuilt after the load.
  await db.query(`SET session_replication_role = replica`);
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  const secondary = (
    await db.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename IN ('stories', 'events', 'event_sources', 'event_participants', 'entity_aliases')
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    )
  ).rows;
  for (const ix of secondary) await db.query(`DROP INDEX ${ix.indexname}`);
  const rnd = seededRandom(seed);
  const gaz = gazetteerPersons();
  const places = gazetteerPlaces();
  const minor = Math.max(200, Math.round(n / 50));
  const persons: Person[] = [...gaz];
  for (let i = 0; i < minor; i++) persons.push({ id: `bench-p${i}`, name: `Official ${i.toString(36)} ${['Rahman', 'Ivanov', 'Chen', 'Dubois', 'García', 'Smith'][i % 6]}`, country: null, aliases: [] });

  // Entities and aliases first, as the store keeps them.
  for (let i = 0; i < persons.length; i += batch) {
    const chunk = persons.slice(i, i + batch);
    await db.query(
      `INSERT INTO entities (id, type, name, country) SELECT x.id, 'person', x.name, x.country
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, country text) ON CONFLICT DO NOTHING`,
      [JSON.stringify(chunk)],
    );
    const aliases = chunk.flatMap((p) => [p.name, ...p.aliases].map((a) => ({ entity_id: p.id, norm: matchKey(a), alias: a })));
    const seen = new Set<string>();
    const uniq = aliases.filter((a) => a.norm && !seen.has(a.entity_id + '\u0001' + a.norm) && seen.add(a.entity_id + '\u0001' + a.norm));
    await db.query(
      `INSERT INTO entity_aliases (entity_id, norm, alias) SELECT x.entity_id, x.norm, x.alias
       FROM jsonb_to_recordset($1::jsonb) AS x(entity_id text, norm text, alias text) ON CONFLICT DO NOTHING`,
      [JSON.stringify(uniq)],
    );
  }

  // Skewed choice: 30% of participants are gazetteer persons, Zipf-weighted; the rest minor officials, uniform.
  const zipf = gaz.map((_, i) => 1 / (i + 1));
  const zsum = zipf.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  zipf.reduce((a, w, i) => ((cum[i] = (a + w) / zsum), a + w), 0);
  const pickPerson = (): Person => {
    if (rnd() < 0.3) {
      const r = rnd();
      let lo = 0, hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! < r) lo = mid + 1;
        else hi = mid;
      }
      return gaz[lo]!;
    }
    return persons[gaz.length + Math.floor(rnd() * minor)]!;
  };

  const nStories = Math.max(1, Math.round(n * 0.7));
  const storyId = (i: number) => `s_bench${hex('story' + seed + ':' + i).slice(0, 20)}`;
  let storiesDone = 0;
  let sources = 0, participants = 0;
  const counts = new Map<string, number>();

  for (let i0 = 0; i0 < n; i0 += batch) {
    const m = Math.min(batch, n - i0);
    // The stories this batch needs (stories are spread over the batches in order).
    const storyUpTo = Math.min(nStories, Math.round(((i0 + m) / n) * nStories));
    const storyFrom = storiesDone;
    const storyRows = [];
    for (let s = storyFrom; s < storyUpTo; s++) {
      const lang = BENCH_LANGS[s % BENCH_LANGS.length]!;
      const text = `Synthetic wire story ${s} (${lang}). `.repeat(12);
      storyRows.push({
        id: storyId(s), feed_id: `bench-${lang}`, url: `https://bench.invalid/api/${s}`, title: `Story ${s}`, lang,
        published_at: `${dayOf(Math.floor((s / nStories) * YEARS * 365))}T12:00:00Z`, raw_text: text, content_hash: hex(text + s), source: 'feed',
      });
    }
    if (storyRows.length) {
      await db.query(
        `INSERT INTO stories (id, feed_id, url, title, lang, published_at, raw_text, content_hash, source, processed_at, processed_hash, detected_lang)
         SELECT x.id, x.feed_id, x.url, x.title, x.lang, x.published_at, x.raw_text, x.content_hash, x.source, now(), x.content_hash, x.lang
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, feed_id text, url text, title text, lang text, published_at timestamptz,
           raw_text text, content_hash text, source text)`,
        [JSON.stringify(storyRows)],
      );
    }
    storiesDone = storyUpTo;
    const evRows = [], srcRows = [], partRows = [];
    for (let i = i0; i < i0 + m; i++) {
      const kind = KINDS[Math.floor(rnd() * KINDS.length)]!;
      const day = Math.floor(rnd() * YEARS * 365);
      const monthGrain = rnd() < 0.05;
      const dStart = dayOf(day);
      const value = monthGrain ? dStart.slice(0, 7) : dStart;
      const start = monthGrain ? `${value}-01` : dStart;
      const end = monthGrain ? new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)), 0)).toISOString().slice(0, 10) : dStart;
      const np = rnd() < 0.3 ? 3 : 2;
      const ps = new Map<string, Person>();
      while (ps.size < np) {
        const p = pickPerson();
        ps.set(p.id, p);
      }
      const place = places[Math.floor(rnd() * places.length)]!;
      const parts = [...ps.values()].map((p, k) => ({ name: p.name, canonical: p.name, id: p.id, role: k === 0 ? 'host' : 'guest', country: p.country ?? undefined }));
      const title = `${parts[0]!.name} ${kind} ${parts[1]!.name}`;
      const id = `ev_${hex(`ev${seed}:${i}`).slice(0, 24)}`;
      const nSrc = rnd() < 0.05 ? 3 : rnd() < 0.3 ? 2 : 1;
      const srcStories = new Set<string>();
      const anchor = Math.min(nStories - 1, Math.floor((i / n) * nStories));
      srcStories.add(storyId(Math.min(anchor, Math.max(0, storiesDone - 1))));
      while (srcStories.size < nSrc) srcStories.add(storyId(Math.floor(rnd() * storiesDone)));
      const evidenceText = `${title} in ${place.name} on ${value}, officials said, discussing cooperation and regional issues.`;
      const event = {
        id, kind, title, date: { value, grain: monthGrain ? 'month' : 'day', text: value, basis: 'expression' },
        participants: parts, location: { name: place.name, canonical: place.name, country: place.country },
        evidence: [...srcStories].map((sid) => ({ storyId: sid, text: evidenceText, start: 0, end: evidenceText.length })),
        confidence: +(0.5 + rnd() * 0.5).toFixed(2), codes: { plover: 'CONSULT', cameo: '04' },
      };
      evRows.push({
        id, kind, title, date_value: value, date_grain: event.date.grain, date_start: start, date_end: end, confidence: event.confidence,
        data: event, search: matchKey([title, kind, ...parts.map((p) => p.name), place.name, evidenceText].join(' ')),
      });
      for (const [k, sid] of [...srcStories].entries()) {
        srcRows.push({ event_id: id, story_id: sid, story_event_id: `se_${hex(id + sid).slice(0, 16)}`, sentence_start: 0, sentence_end: evidenceText.length, evidence: [event.evidence[k]], data: { ...event, id: `se_${k}` } });
      }
      for (const p of parts) {
        partRows.push({ event_id: id, key: participantKey(p), norm_name: matchKey(p.canonical), role: p.role, date_start: start });
        counts.set(p.id, (counts.get(p.id) ?? 0) + 1);
      }
    }
    await db.query(
      `INSERT INTO events (id, kind, title, date_value, date_grain, date_start, date_end, confidence, data, search)
       SELECT x.id, x.kind, x.title, x.date_value, x.date_grain, x.date_start, x.date_end, x.confidence, x.data, x.search
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, kind text, title text, date_value text, date_grain text, date_start date,
         date_end date, confidence real, data jsonb, search text)`,
      [JSON.stringify(evRows)],
    );
    await db.query(
      `INSERT INTO event_sources (event_id, story_id, story_event_id, sentence_start, sentence_end, evidence, data)
       SELECT x.event_id, x.story_id, x.story_event_id, x.sentence_start, x.sentence_end, x.evidence, x.data
       FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, story_id text, story_event_id text, sentence_start int,
         sentence_end int, evidence jsonb, data jsonb)`,
      [JSON.stringify(srcRows)],
    );
    await db.query(
      `INSERT INTO event_participants (event_id, key, norm_name, role, date_start)
       SELECT x.event_id, x.key, x.norm_name, x.role, x.date_start
       FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, key text, norm_name text, role text, date_start date)`,
      [JSON.stringify(partRows)],
    );
    sources += srcRows.length;
    participants += partRows.length;
    onProgress?.(i0 + m);
  }
  for (const ix of secondary) await db.query(ix.indexdef);
  await db.query(`RESET session_replication_role`);
  await db.query('ANALYZE');
  const byCount = [...counts].sort((a, b) => b[1] - a[1]);
  const popular = gaz.find((p) => p.id === byCount[0]![0])!;
  // The minor entity with the fewest events (at least one).
  const rareId = [...byCount].reverse().find(([id]) => id.startsWith('bench-p'))?.[0];
  const rare = persons.find((p) => p.id === rareId) ?? persons[gaz.length]!;
  return {
    events: n,
    stories: nStories,
    sources,
    participants,
    entities: persons.length,
    popularEntity: { id: popular.id, name: popular.name, events: counts.get(popular.id) ?? 0, aliasOtherScript: popular.aliases.find((a) => /[^\u0000-\u024f]/.test(a)) ?? null },
    rareEntity: { id: rare.id, name: rare.name, events: counts.get(rare.id) ?? 0 },
    seconds: +((Date.now() - t0) / 1000).toFixed(1),
  };
}
