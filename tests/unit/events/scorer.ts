/**
 * The events dev-corpus matching rule (see shared/corpus/README.md):
 * kind equal, date.value equal (an optional gold event with a null date
 * matches any date), series.ordinal equal where the gold gives one, every gold
 * participant matched by a system participant whose name, canonical or alias
 * equals a gold alias or contains one as whole words (after NFKC, Arabic
 * diacritics/tatweel removed, lowercase). One-to-one; precision counts only
 * system events of the scored kinds; matches of optional events count neither way.
 */
import type { TimelineEvent } from '../../../src/types.js';
import type { GoldEvent, GoldStory } from './corpus-fixture.js';

export function scoreKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .toLowerCase()
    .trim();
}

function containsWords(hay: string, needle: string): boolean {
  if (!needle) return false;
  if (hay === needle) return true;
  let from = 0;
  for (;;) {
    const k = hay.indexOf(needle, from);
    if (k < 0) return false;
    const before = hay[k - 1];
    const after = hay[k + needle.length];
    const isW = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}\p{M}]/u.test(c);
    const cjk = /[\p{Script=Han}]/u.test(needle);
    if (cjk || (!isW(before) && !isW(after))) return true;
    from = k + 1;
  }
}

function participantMatches(gold: string[], ev: TimelineEvent): boolean {
  const aliases = gold.map(scoreKey);
  return ev.participants.some((p) => {
    const names = [p.name, p.canonical, p.id].filter((x): x is string => typeof x === 'string').map(scoreKey);
    return names.some((n) => aliases.some((a) => containsWords(n, a)));
  });
}

export function eventMatches(g: GoldEvent, ev: TimelineEvent, optional: boolean): boolean {
  if (g.kind !== ev.kind) return false;
  if (g.date === null) {
    if (!optional) return false;
  } else if (g.date !== ev.date.value) return false;
  if (typeof g.ordinal === 'number' && ev.series?.ordinal !== g.ordinal) return false;
  return g.participants.every((p) => participantMatches(p, ev));
}

export interface StoryScore {
  id: string;
  tp: number;
  fp: number;
  fn: number;
  falsePositives: TimelineEvent[];
  missed: GoldEvent[];
}

export function scoreStory(gold: GoldStory, events: TimelineEvent[]): StoryScore {
  const scored = new Set(gold.scored_kinds);
  const used = new Set<number>();
  let tp = 0;
  const missed: GoldEvent[] = [];
  for (const g of gold.events) {
    const i = events.findIndex((e, k) => !used.has(k) && eventMatches(g, e, false));
    if (i >= 0) {
      used.add(i);
      tp++;
    } else missed.push(g);
  }
  for (const g of gold.optional ?? []) {
    const i = events.findIndex((e, k) => !used.has(k) && eventMatches(g, e, true));
    if (i >= 0) used.add(i);
  }
  const falsePositives = events.filter((e, k) => !used.has(k) && scored.has(e.kind));
  return { id: gold.id, tp, fp: falsePositives.length, fn: missed.length, falsePositives, missed };
}

export function prf(scores: StoryScore[]): { p: number; r: number; f1: number; tp: number; fp: number; fn: number } {
  const tp = scores.reduce((a, s) => a + s.tp, 0);
  const fp = scores.reduce((a, s) => a + s.fp, 0);
  const fn = scores.reduce((a, s) => a + s.fn, 0);
  const p = tp + fp ? tp / (tp + fp) : 1;
  const r = tp + fn ? tp / (tp + fn) : 1;
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  return { p, r, f1, tp, fp, fn };
}
