/**
 * Builds NormalizedStory objects for the events dev corpus: with the real
 * `normalizeStory` when it exists and works, else by hand from the gold
 * `dates` annotations (a stand-in for the date normalizer).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GoldStory } from '../../../src/eval/score-events.js';
import type { NormalizedStory, Story, TemporalExpression } from '../../../src/types.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '..', '..', '..');
export const CORPUS = resolve(REPO, '..', 'shared', 'corpus');
export const EVENTS_DEV = resolve(CORPUS, 'events', 'dev.jsonl');
export const SEED = resolve(CORPUS, 'seed', 'xinhua-ar-2019-12-02.txt');
export const corpusAvailable = existsSync(EVENTS_DEV);

export type { GoldEvent, GoldStory } from '../../../src/eval/score-events.js';

export function readGold(): GoldStory[] {
  return readFileSync(EVENTS_DEV, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldStory);
}

export function storyOf(g: GoldStory): Story {
  return {
    id: g.id,
    feedId: null,
    url: null,
    guid: null,
    title: null,
    published: g.published,
    publishedRaw: g.published,
    lang: g.lang,
    text: g.text,
    contentHash: g.id,
    source: 'jsonl',
  };
}

function grainOf(v: string): TemporalExpression['grain'] {
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return 'day';
  if (/^\d{4}-\d{2}$/.test(v)) return 'month';
  if (/^\d{4}$/.test(v)) return 'year';
  if (/^\d{3}$/.test(v)) return 'decade';
  if (/W/.test(v)) return 'week';
  if (/Q/.test(v)) return 'quarter';
  return 'day';
}

/** A NormalizedStory made by hand from the gold annotations. */
export function fixtureNormalized(g: GoldStory): NormalizedStory {
  const dates: TemporalExpression[] = [];
  let from = 0;
  const used: Array<[number, number]> = [];
  for (const d of g.dates ?? []) {
    let k = g.text.indexOf(d.text, from);
    while (k >= 0 && used.some(([s, e]) => k < e && s < k + d.text.length)) k = g.text.indexOf(d.text, k + 1);
    if (k < 0) k = g.text.indexOf(d.text);
    if (k < 0) continue;
    used.push([k, k + d.text.length]);
    from = k + d.text.length;
    dates.push({ text: d.text, start: k, end: k + d.text.length, value: d.value, grain: grainOf(d.value) });
  }
  dates.sort((a, b) => a.start - b.start);
  const refDate = g.ref ? g.ref.slice(0, 10) : null;
  // the seed has no ref: its dateline date is the first annotated expression
  const first = dates[0];
  const datelineDate = !refDate && first && first.start < 40 && first.grain === 'day' ? first.value : null;
  return {
    story: storyOf(g),
    lang: g.lang,
    dateline: null,
    reference: {
      instant: g.ref,
      zone: g.ref ? g.ref.slice(19) || 'UTC' : 'UTC',
      date: refDate ?? datelineDate,
      basis: refDate ? 'published' : datelineDate ? 'dateline' : 'none',
    },
    dates,
    sentences: [],
  };
}

type NormalizeFn = (s: Story) => NormalizedStory;

/** The real normalizeStory when present, else null. */
export async function loadNormalizeStory(): Promise<NormalizeFn | null> {
  const path = resolve(REPO, 'src', 'stages', 'normalize-story.ts');
  if (!existsSync(path)) return null;
  try {
    const mod = (await import(path)) as { normalizeStory?: unknown };
    return typeof mod.normalizeStory === 'function' ? (mod.normalizeStory as NormalizeFn) : null;
  } catch {
    return null;
  }
}
