/**
 * Accuracy of the date normalizer on the shared dev corpus (skipped when absent).
 * Matching rule: spans overlap and the value is identical (one-to-one).
 * Run with `--reporter verbose` to see one test per case and every miss.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeDates } from '../../../src/dates/index.js';
import { normalizeStory } from '../../../src/stages/normalize-story.js';
import type { TemporalExpression } from '../../../src/types.js';

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'corpus');
const DATES = join(CORPUS, 'dates', 'dev.jsonl');
const EVENTS = join(CORPUS, 'events', 'dev.jsonl');

interface Gold {
  text: string;
  value: string;
}

/** Scores system expressions against gold ones: [correct, misses described]. */
function score(text: string, gold: Gold[], got: TemporalExpression[]): { correct: number; misses: string[] } {
  const used = new Set<number>();
  const misses: string[] = [];
  let correct = 0;
  let from = 0;
  for (const g of gold) {
    let s = text.indexOf(g.text, from);
    if (s < 0) s = text.indexOf(g.text);
    from = s + 1;
    const e = s + g.text.length;
    const k = got.findIndex((x, i) => !used.has(i) && x.start < e && x.end > s && x.value === g.value);
    if (k >= 0) {
      used.add(k);
      correct++;
    } else {
      const near = got.filter((x) => x.start < e && x.end > s).map((x) => `"${x.text}"=${x.value}`);
      misses.push(`"${g.text}" want ${g.value}, got ${near.length ? near.join(', ') : 'nothing'}`);
    }
  }
  return { correct, misses };
}

const readJsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

interface DateCase { id: string; lang: string; ref: string | null; text: string; expect: Gold[] }
interface EventCase { id: string; lang: string; published: string | null; ref: string | null; text: string; dates: Gold[] }

const present = existsSync(DATES) && existsSync(EVENTS);
if (!present) console.warn(`[corpus] ${CORPUS} not found: corpus accuracy tests skipped`);

describe.skipIf(!present)('date corpus accuracy', () => {
  const dateCases = present ? readJsonl<DateCase>(DATES) : [];
  const eventCases = present ? readJsonl<EventCase>(EVENTS) : [];
  const totals = { dates: [0, 0], events: [0, 0], eventsRef: [0, 0] };

  // One test over every case: per-case misses are printed, the measured accuracy is asserted.
  it('meets the measured accuracy (dates ≥ 0.95, events ≥ 0.9)', () => {
    for (const c of dateCases) {
      const r = score(c.text, c.expect, normalizeDates(c.text, { lang: c.lang, ref: c.ref }));
      totals.dates[0]! += r.correct;
      totals.dates[1]! += c.expect.length;
      if (r.misses.length) console.log(`[dates] ${c.id}: ${r.misses.join('; ')}`);
    }
    for (const c of eventCases) {
      const n = normalizeStory({
        id: c.id, feedId: null, url: null, guid: null, title: null, published: c.published, publishedRaw: null,
        lang: c.lang, text: c.text, contentHash: '', source: 'jsonl',
      });
      const r = score(c.text, c.dates, n.dates);
      totals.events[0]! += r.correct;
      totals.events[1]! += c.dates.length;
      if (r.misses.length) console.log(`[events] ${c.id}: ${r.misses.join('; ')}`);
      // The same with the corpus reference instant given directly.
      const r2 = score(c.text, c.dates, normalizeDates(c.text, { lang: c.lang, ref: c.ref, dateline: n.dateline }));
      totals.eventsRef[0]! += r2.correct;
      totals.eventsRef[1]! += c.dates.length;
    }
    const [dc, dt] = totals.dates as [number, number];
    const [ec, et] = totals.events as [number, number];
    const [rc, rt] = totals.eventsRef as [number, number];
    console.log(`[corpus] dates/dev.jsonl: ${dc}/${dt} = ${(dc / dt).toFixed(3)}; events dates via normalizeStory: ${ec}/${et} = ${(ec / et).toFixed(3)}; via ref: ${rc}/${rt}`);
    expect(dt).toBeGreaterThan(0);
    expect(dc / dt).toBeGreaterThanOrEqual(0.95);
    expect(ec / et).toBeGreaterThanOrEqual(0.9);
  });
});
