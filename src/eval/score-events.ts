/**
 * Scoring of extracted events against a gold file, with the matching rule of
 * shared/corpus/README.md:
 *
 * - `kind` equal;
 * - `date.value` equal (an optional gold event with a null date matches any date);
 * - `series.ordinal` equal where the gold gives one;
 * - every gold participant (a list of aliases) matched by a system participant
 *   whose `name` or `canonical` equals a gold alias or contains one as whole
 *   words, after Unicode NFKC, removing Arabic diacritics and tatweel, and
 *   lowercasing.
 *
 * Matching is one-to-one (a maximum bipartite matching, so the order of the
 * system events never costs a match). Precision counts only system events of
 * the story's `scored_kinds`; system events that match an `optional` entry
 * count neither way.
 */
import type { TimelineEvent } from '../types.js';
import type { LineIssue } from './dates-jsonl.js';

export interface GoldEvent {
  kind: string;
  date: string | null;
  participants: string[][];
  location?: string[];
  ordinal?: number;
  planned?: boolean;
  note?: string;
}

export interface GoldStory {
  id: string;
  lang: string;
  published: string | null;
  ref: string | null;
  text: string;
  scored_kinds: string[];
  events: GoldEvent[];
  optional: GoldEvent[];
  dates: Array<{ text: string; value: string }>;
  title?: string | null;
}

/** A gold line that could not be used, 1-based (as the date evaluation reports them). */
export type GoldIssue = LineIssue;

/**
 * The comparison key of a name: NFKC, Arabic diacritics and tatweel removed, lowercase.
 *
 * @example
 * scoreKey('شِي جين بينغ') // 'شي جين بينغ'
 * scoreKey('Ｘｉ Jinping') // 'xi jinping'
 */
export function scoreKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const HAN = /\p{Script=Han}/u;

/**
 * Whether `hay` equals `needle` or contains it as whole words. Han text has no
 * word boundaries: there containment is enough.
 *
 * @example
 * containsWords('president xi jinping', 'xi jinping') // true
 * containsWords('alexis', 'xi') // false
 */
export function containsWords(hay: string, needle: string): boolean {
  if (!needle) return false;
  if (hay === needle) return true;
  const cjk = HAN.test(needle);
  let from = 0;
  for (;;) {
    const k = hay.indexOf(needle, from);
    if (k < 0) return false;
    const before = hay[k - 1];
    const after = hay[k + needle.length];
    const isW = (c: string | undefined) => c !== undefined && WORD_CHAR.test(c);
    if (cjk || (!isW(before) && !isW(after))) return true;
    from = k + 1;
  }
}

function participantMatches(aliases: string[], ev: TimelineEvent): boolean {
  const keys = aliases.filter((a) => typeof a === 'string').map(scoreKey).filter(Boolean);
  return (ev.participants ?? []).some((p) => {
    const names = [p.name, p.canonical].filter((x): x is string => typeof x === 'string').map(scoreKey);
    return names.some((n) => keys.some((a) => containsWords(n, a)));
  });
}

/**
 * Whether system event `ev` matches gold event `g` (see the module comment).
 *
 * @example
 * eventMatches({ kind: 'call', date: '2020-01-02', participants: [['Xi Jinping']] }, ev, false)
 */
export function eventMatches(g: GoldEvent, ev: TimelineEvent, optional: boolean): boolean {
  if (g.kind !== ev.kind) return false;
  if (g.date === null) {
    if (!optional) return false;
  } else if (g.date !== ev.date?.value) return false;
  if (typeof g.ordinal === 'number' && ev.series?.ordinal !== g.ordinal) return false;
  return g.participants.every((p) => participantMatches(p, ev));
}

/**
 * Maximum bipartite matching (Kuhn): gold index → system index, skipping
 * system indexes in `taken`.
 */
function maxMatching(gold: GoldEvent[], events: TimelineEvent[], optional: boolean, taken: Set<number>): Map<number, number> {
  const adj = gold.map((g) => events.map((e, k) => (!taken.has(k) && eventMatches(g, e, optional) ? k : -1)).filter((k) => k >= 0));
  const sysToGold = new Map<number, number>();
  const tryGold = (gi: number, seen: Set<number>): boolean => {
    for (const k of adj[gi]!) {
      if (seen.has(k)) continue;
      seen.add(k);
      const other = sysToGold.get(k);
      if (other === undefined || tryGold(other, seen)) {
        sysToGold.set(k, gi);
        return true;
      }
    }
    return false;
  };
  for (let gi = 0; gi < gold.length; gi++) tryGold(gi, new Set());
  const out = new Map<number, number>();
  for (const [k, gi] of sysToGold) out.set(gi, k);
  return out;
}

export interface StoryScore {
  id: string;
  lang: string;
  tp: number;
  fp: number;
  fn: number;
  falsePositives: TimelineEvent[];
  missed: GoldEvent[];
  /** System events that matched an optional gold entry (counted neither way). */
  optionalMatched: number;
}

/**
 * Scores one story's system events against its gold.
 *
 * @example
 * scoreStory(gold, events) // { id, lang, tp: 2, fp: 0, fn: 1, falsePositives: [], missed: [...], optionalMatched: 1 }
 */
export function scoreStory(gold: GoldStory, events: TimelineEvent[]): StoryScore {
  const scored = new Set(gold.scored_kinds);
  const required = maxMatching(gold.events, events, false, new Set());
  const used = new Set(required.values());
  const missed = gold.events.filter((_, gi) => !required.has(gi));
  const opt = maxMatching(gold.optional ?? [], events, true, used);
  for (const k of opt.values()) used.add(k);
  const falsePositives = events.filter((e, k) => !used.has(k) && scored.has(e.kind));
  return {
    id: gold.id,
    lang: gold.lang,
    tp: required.size,
    fp: falsePositives.length,
    fn: missed.length,
    falsePositives,
    missed,
    optionalMatched: opt.size,
  };
}

export interface Prf {
  p: number;
  r: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

/**
 * Micro-averaged precision, recall and F1 (an empty denominator counts as 1).
 *
 * @example
 * prf([{ tp: 9, fp: 1, fn: 1, ... }]) // { p: 0.9, r: 0.9, f1: 0.9, tp: 9, fp: 1, fn: 1 }
 */
export function prf(scores: ReadonlyArray<Pick<StoryScore, 'tp' | 'fp' | 'fn'>>): Prf {
  const tp = scores.reduce((a, s) => a + s.tp, 0);
  const fp = scores.reduce((a, s) => a + s.fp, 0);
  const fn = scores.reduce((a, s) => a + s.fn, 0);
  const p = tp + fp ? tp / (tp + fp) : 1;
  const r = tp + fn ? tp / (tp + fn) : 1;
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  return { p, r, f1, tp, fp, fn };
}

/**
 * Overall and per-language figures.
 *
 * @example
 * summarize(scores) // { overall: { p, r, f1, ... }, byLang: { ar: {...}, en: {...} } }
 */
export function summarize(scores: StoryScore[]): { overall: Prf; byLang: Record<string, Prf & { stories: number }> } {
  const langs = [...new Set(scores.map((s) => s.lang))].sort();
  const byLang: Record<string, Prf & { stories: number }> = {};
  for (const l of langs) {
    const of = scores.filter((s) => s.lang === l);
    byLang[l] = { ...prf(of), stories: of.length };
  }
  return { overall: prf(scores), byLang };
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function goldEventIssue(e: unknown, where: string): string | null {
  if (!isObj(e)) return `${where} is not an object`;
  if (typeof e.kind !== 'string' || !e.kind) return `${where}: "kind" must be a string`;
  if (e.date !== null && typeof e.date !== 'string') return `${where}: "date" must be a string or null`;
  if (!Array.isArray(e.participants) || !e.participants.every((p) => Array.isArray(p) && p.length > 0 && p.every((a) => typeof a === 'string')))
    return `${where}: "participants" must be a list of non-empty alias lists`;
  if (e.ordinal !== undefined && e.ordinal !== null && typeof e.ordinal !== 'number') return `${where}: "ordinal" must be a number`;
  return null;
}

/**
 * Parses the lines of an events gold file (one story per line, blank lines
 * skipped). Unusable lines are reported, never thrown.
 *
 * @example
 * parseEventsGold(['{"id":"a","lang":"en","text":"…","scored_kinds":["meeting"],"events":[]}'])
 * // { stories: [{ id: 'a', ... }], issues: [] }
 */
export function parseEventsGold(lines: readonly string[]): { stories: GoldStory[]; issues: GoldIssue[] } {
  const stories: GoldStory[] = [];
  const issues: GoldIssue[] = [];
  const ids = new Set<string>();
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch {
      issues.push({ line, message: 'invalid JSON' });
      return;
    }
    if (!isObj(obj)) return void issues.push({ line, message: 'not a JSON object' });
    if (typeof obj.id !== 'string' || !obj.id) return void issues.push({ line, message: '"id" must be a non-empty string' });
    if (ids.has(obj.id)) return void issues.push({ line, message: `duplicate id ${obj.id}` });
    if (typeof obj.text !== 'string') return void issues.push({ line, message: '"text" must be a string' });
    if (obj.lang !== undefined && obj.lang !== null && typeof obj.lang !== 'string') return void issues.push({ line, message: '"lang" must be a string' });
    for (const k of ['published', 'ref'] as const) {
      if (obj[k] !== undefined && obj[k] !== null && typeof obj[k] !== 'string') return void issues.push({ line, message: `"${k}" must be a string or null` });
    }
    if (!Array.isArray(obj.scored_kinds) || !obj.scored_kinds.every((k) => typeof k === 'string'))
      return void issues.push({ line, message: '"scored_kinds" must be a list of kinds' });
    if (!Array.isArray(obj.events)) return void issues.push({ line, message: '"events" must be a list' });
    const optional = obj.optional === undefined || obj.optional === null ? [] : obj.optional;
    if (!Array.isArray(optional)) return void issues.push({ line, message: '"optional" must be a list' });
    for (const [list, name] of [
      [obj.events, 'events'],
      [optional, 'optional'],
    ] as const) {
      for (let j = 0; j < list.length; j++) {
        const bad = goldEventIssue(list[j], `${name}[${j}]`);
        if (bad) return void issues.push({ line, message: bad });
      }
    }
    ids.add(obj.id);
    stories.push({
      id: obj.id,
      lang: typeof obj.lang === 'string' && obj.lang ? obj.lang : 'und',
      published: typeof obj.published === 'string' ? obj.published : null,
      ref: typeof obj.ref === 'string' ? obj.ref : null,
      title: typeof obj.title === 'string' ? obj.title : null,
      text: obj.text,
      scored_kinds: obj.scored_kinds as string[],
      events: obj.events as GoldEvent[],
      optional: optional as GoldEvent[],
      dates: Array.isArray(obj.dates) ? (obj.dates as GoldStory['dates']) : [],
    });
  });
  return { stories, issues };
}
