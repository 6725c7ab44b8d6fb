/**
 * The event extractor: trigger phrases per language, participants with titles
 * and coreference, dates from the normalizer's temporal expressions, series
 * ordinals, location and venue; then per-story merging of duplicates.
 */
import { createHash } from 'node:crypto';
import type {
  EventDate,
  EventKind,
  ExtractionDiagnostics,
  Grain,
  NormalizedStory,
  Participant,
  Sentence,
  TemporalExpression,
  TimelineEvent,
} from '../types.js';
import { timexBounds } from '../timex.js';
import { getEntity } from '../gazetteer/entities.js';
import { langLexicon, scanStory, sharedLexicon, type CueKind, type KindPolicy, type LangLexicon, type TriggerInfo } from './lexicon.js';
import { isCjk, normalizeName } from './normalize.js';
import { analyseParticipants, type StoryMention, type StoryParticipants } from './participants.js';
import { longestNonOverlapping, type PhraseMatch } from './phrase-matcher.js';
import { findPlaces } from './places-bridge.js';
import { clauseBreakOffsets, clauseIndex, ordinalSuffix, splitSentences, tokensBetween } from './text-utils.js';

/** Stories longer than this are read up to this length only. */
const MAX_TEXT = 200_000;

interface Draft {
  kind: EventKind;
  date: EventDate;
  participants: Participant[];
  keys: string[];
  location?: TimelineEvent['location'];
  series?: { name?: string; ordinal?: number; originYear?: number };
  evidence: TimelineEvent['evidence'];
  confidence: number;
  planned: boolean;
  order: number;
  /** The event's own name ("Paris Agreement"), when it has one. */
  named?: { surface: string; english: string };
}

const VALID_VALUE = /^(\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?)?|\d{4}-W\d{2}|\d{4}-Q[1-4]|\d{3}|\d{2})$/;

function usableDate(t: TemporalExpression): boolean {
  return typeof t?.value === 'string' && VALID_VALUE.test(t.value) && typeof t.start === 'number' && typeof t.end === 'number';
}

/** Event date from an expression: wall-clock values are kept to their day. */
function dateFromExpression(t: TemporalExpression): EventDate {
  let value = t.value;
  let grain: Grain = t.grain;
  if (value.includes('T')) {
    value = value.slice(0, 10);
    grain = 'day';
  }
  const d: EventDate = { value, grain, text: t.text, basis: 'expression' };
  if (t.mod) d.mod = t.mod;
  return d;
}

const COARSE = new Set<Grain>(['year', 'decade', 'century']);

function chooseDate(
  dates: TemporalExpression[],
  trig: { start: number; end: number },
  breaks: number[],
  sentStart: number,
  text: string,
  opts: { maxTokens: number; coarseSameClause: boolean },
  predicates: ReadonlyArray<{ start: number }> = [],
  reporting: ReadonlyArray<{ end: number }> = [],
): TemporalExpression | null {
  let best: TemporalExpression | null = null;
  let bestScore = Infinity;
  const tc = clauseIndex(breaks, trig.start - sentStart);
  for (const d of dates) {
    const gap = d.end <= trig.start ? tokensBetween(text, d.end, trig.start, opts.maxTokens) : d.start >= trig.end ? tokensBetween(text, trig.end, d.start, opts.maxTokens) : 0;
    if (gap > opts.maxTokens) continue;
    if (opts.coarseSameClause && COARSE.has(d.grain) && clauseIndex(breaks, d.start - sentStart) !== tc) continue;
    const dist = d.end <= trig.start ? trig.start - d.end : d.start >= trig.end ? d.start - trig.end + 5 : 0;
    const dc = clauseIndex(breaks, d.start - sentStart);
    // "…, informó hoy una fuente": the day of the report, not of an event in another clause
    if (dc !== tc && reporting.some((r) => r.end <= d.start && tokensBetween(text, r.end, d.start, 1) <= 1)) continue;
    // "晚会31日晚在国家大剧院举行": a date between the event noun and its predicate is the event's date
    const predicated =
      d.start >= trig.end &&
      dc === tc &&
      predicates.some((p) => p.start >= d.end && clauseIndex(breaks, p.start - sentStart) === tc && tokensBetween(text, d.end, p.start, 8) <= 8);
    // a bare year is often a modifier ("the 2020 campaign", "2020年新年晚会"): finer expressions win
    const score = dist + (dc === tc ? 0 : 1000) + (COARSE.has(d.grain) ? 15 : 0) - (predicated ? 500 : 0);
    if (score < bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function cueApplies(
  cues: PhraseMatch<CueKind>[],
  kinds: CueKind[],
  trig: { start: number; end: number },
  text: string,
  breaks: number[],
  sentStart: number,
  window: number,
  after: boolean,
): boolean {
  const tc = clauseIndex(breaks, trig.start - sentStart);
  for (const c of cues) {
    if (!kinds.includes(c.payload)) continue;
    if (clauseIndex(breaks, c.start - sentStart) !== tc) continue;
    if (c.end <= trig.start) {
      if (tokensBetween(text, c.end, trig.start, window) <= window) return true;
    } else if (after && c.start >= trig.end) {
      if (tokensBetween(text, trig.end, c.start, Math.min(3, window)) <= Math.min(3, window)) return true;
    }
  }
  return false;
}

function chineseNumber(s: string, numerals: Map<string, number>): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let cur = 0;
  for (const ch of s) {
    const v = numerals.get(ch);
    if (v === undefined) return null;
    if (v === 10 || v === 100) {
      total += (cur || 1) * v;
      cur = 0;
    } else cur = cur * 10 + v;
  }
  return total + cur || null;
}

interface OrdinalHit {
  start: number;
  end: number;
  value: number;
}

/** Ordinal words and patterns in `sentence`; `words`: the ordinal words already found in it (the story scan's). */
function findOrdinals(sentence: string, offset: number, lex: LangLexicon, words: PhraseMatch<number>[]): OrdinalHit[] {
  const out: OrdinalHit[] = [];
  for (const m of words) out.push({ start: m.start + offset, end: m.end + offset, value: m.payload });
  for (const re of lex.ordinals.patterns) {
    re.lastIndex = 0;
    let guard = 0;
    for (let m = re.exec(sentence); m && guard < 1000; m = re.exec(sentence), guard++) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      const v = chineseNumber(m[1] ?? '', lex.ordinals.numerals);
      if (v !== null && v > 0 && v < 2000) out.push({ start: m.index + offset, end: m.index + m[0].length + offset, value: v });
    }
  }
  return out;
}

function ordinalFor(hits: OrdinalHit[], trig: { start: number; end: number }, text: string, lex: LangLexicon): number | null {
  let best: number | null = null;
  let bestD = Infinity;
  for (const h of hits) {
    let d: number;
    if (h.end <= trig.start) {
      d = tokensBetween(text, h.end, trig.start, lex.ordinals.before);
      if (d > lex.ordinals.before) continue;
    } else if (h.start >= trig.end) {
      d = tokensBetween(text, trig.end, h.start, lex.ordinals.after);
      if (d > lex.ordinals.after) continue;
    } else d = 0;
    if (d < bestD) {
      bestD = d;
      best = h.value;
    }
  }
  return best;
}

/** "Republican National Convention": capitalized words ending with a capitalized trigger. */
function namedEvent(text: string, t: { start: number; end: number }): string | null {
  const word = text.slice(t.start, t.end);
  if (!/^\p{Lu}/u.test(word)) return null;
  const before = /((?:\p{Lu}[\p{L}'-]*\s+){1,5})$/u.exec(text.slice(Math.max(0, t.start - 80), t.start));
  if (!before?.[1]) return null;
  const words = before[1].trim().split(/\s+/);
  // drop a sentence-initial article
  while (words.length && /^(The|A|An|La|Le|El|Les|Los|Las)$/.test(words[0]!)) words.shift();
  if (!words.length) return null;
  return `${words.join(' ')} ${word}`;
}

/**
 * An agreement named after a place: "巴黎协定", "اتفاق باريس", "l'accord de Paris",
 * "el Acuerdo de París" → Paris Agreement (English name from the place gazetteer).
 */
function namedAgreement(
  text: string,
  t: { start: number; end: number },
  english: string,
  places: ReturnType<typeof findPlaces>,
): { surface: string; english: string } | null {
  const before = text.slice(Math.max(0, t.start - 30), t.start);
  const b = before.replace(/[\s《「“"]+$/u, '');
  if (b) {
    const end = t.start - (before.length - b.length);
    const hit = places.find((p) => p.end === end && p.start >= t.start - 30);
    if (hit) return { surface: text.slice(hit.start, t.end), english: `${hit.place.name} ${english}` };
  }
  const afterRaw = text.slice(t.end, t.end + 40);
  const lead = /^(?:\s+(?:de|of|du)\s+|\s+d['’]|\s+)/iu.exec(afterRaw);
  if (lead) {
    const start = t.end + lead[0].length;
    const hit = places.find((p) => p.start === start);
    if (hit) return { surface: text.slice(t.start, hit.end), english: `${hit.place.name} ${english}` };
  }
  return null;
}

function displayName(p: Participant): string {
  return p.canonical ?? p.name;
}

function renderTitle(kind: EventKind, pol: KindPolicy, d: Draft): string {
  const lead = pol.titleLead ?? [];
  const rank = (p: Participant) => (p.role && lead.includes(p.role) ? 0 : 1);
  const ordered = [...d.participants].sort((x, y) => rank(x) - rank(y));
  const names = ordered.filter((p) => p.type !== 'country' || d.participants.every((q) => q.type === 'country')).map(displayName);
  const all = ordered.map(displayName);
  const loc = d.location?.canonical ?? d.location?.name ?? '';
  const series = d.series?.name ?? (d.participants.filter((p) => p.type === 'country').map(displayName).join('–') || '');
  let tpl = pol.title;
  const named = d.named;
  if (named && pol.titleNamed) {
    const others = ordered.filter((p) => p.canonical !== named.english && p.name !== named.surface).map(displayName);
    tpl = (others.length ? pol.titleNamed : pol.titleNamedOnly ?? pol.titleNamed)
      .replace('{named}', named.english)
      .replace('{all}', others.length === 2 ? others.join(' and ') : others.join(', '));
  }
  if (tpl.includes('{b}') && names.length < 2 && pol.titleOne) tpl = pol.titleOne;
  if (tpl.includes('{ord}') && !d.series?.ordinal && pol.titleNoOrd) tpl = pol.titleNoOrd;
  if (tpl.includes('{series}') && !series && pol.titleNoSeries) tpl = pol.titleNoSeries;
  let out = tpl
    .replace('{a}', names[0] ?? all[0] ?? '')
    .replace('{b}', names.slice(1).join(' and '))
    .replace('{all}', all.length === 2 ? all.join(' and ') : all.join(', '))
    .replace('{loc}', loc)
    .replace('{series}', series)
    .replace('{ord}', d.series?.ordinal ? ordinalSuffix(d.series.ordinal) : '');
  out = out
    .replace(/\s+(in|of|with|on)\s*$/i, '')
    .replace(/[:,]\s*$/, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  if (!out) out = kind;
  return out.charAt(0).toUpperCase() + out.slice(1);
}

function eventId(storyId: string, d: Draft): string {
  const h = createHash('sha256');
  h.update([storyId, d.kind, d.date.value, [...d.keys].sort().join(','), String(d.series?.ordinal ?? '')].join('|'));
  return h.digest('hex').slice(0, 16);
}

function subsetKeys(a: string[], b: string[]): boolean {
  return a.every((k) => b.includes(k));
}

function mergeDrafts(drafts: Draft[], kinds: Map<EventKind, KindPolicy>, diag: ExtractionDiagnostics): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    const pol = kinds.get(d.kind);
    const target = out.find((o) => {
      if (o.kind !== d.kind || o.date.value !== d.date.value) return false;
      if (o.series?.ordinal && d.series?.ordinal && o.series.ordinal !== d.series.ordinal) return false;
      const ko = o.keys.filter((k) => !k.startsWith('c:'));
      const kd = d.keys.filter((k) => !k.startsWith('c:'));
      if (pol?.mergeByDate) return true;
      if (!ko.length || !kd.length) return ko.length === kd.length;
      return subsetKeys(ko, kd) || subsetKeys(kd, ko);
    });
    if (!target) {
      out.push(d);
      continue;
    }
    diag.duplicates++;
    for (const p of d.participants) {
      const key = participantKey(p);
      if (!target.keys.includes(key)) {
        target.keys.push(key);
        target.participants.push(p);
      } else if (p.role) {
        const tp = target.participants.find((q) => participantKey(q) === key);
        if (tp && rolePriority(p.role) > rolePriority(tp.role)) tp.role = p.role;
      }
    }
    if (d.series) target.series = { ...d.series, ...target.series };
    if (d.named && !target.named) target.named = d.named;
    if (!target.location && d.location) target.location = d.location;
    else if (target.location && d.location?.venue && !target.location.venue) target.location.venue = d.location.venue;
    if (d.date.basis === 'expression' && target.date.basis !== 'expression') target.date = d.date;
    target.planned = target.planned && d.planned;
    for (const ev of d.evidence) if (!target.evidence.some((e) => e.start === ev.start)) target.evidence.push(ev);
    target.confidence = Math.min(0.98, Math.max(target.confidence, d.confidence) + 0.05);
  }
  return out;
}

/** Roles read from a trigger ("co-chaired") outrank roles inferred from the location. */
function rolePriority(role: string | undefined): number {
  if (role === 'co-chair' || role === 'chair' || role === 'signatory') return 3;
  if (role === 'host' || role === 'visitor') return 2;
  return role ? 1 : 0;
}

function participantKey(p: Participant): string {
  if (p.type === 'country' && p.id) return `c:${p.id}`;
  return p.id ?? `u:${normalizeName(p.name)}`;
}

function assignRoles(parts: Participant[], info: TriggerInfo, kind: EventKind, locCountry: string | undefined): void {
  const persons = parts.filter((p) => p.type === 'person' || p.type === 'organization');
  if (info.role === 'co-chair' || info.role === 'signatory') {
    for (const p of persons) p.role = info.role;
    return;
  }
  if (info.role === 'chair' || info.role === 'host') {
    if (persons[0]) persons[0].role = info.role;
    for (const p of persons.slice(1)) p.role = info.role === 'host' ? 'visitor' : 'participant';
    return;
  }
  if ((kind === 'meeting' || kind === 'visit') && locCountry && persons.length >= 2) {
    const home = persons.filter((p) => p.country === locCountry);
    if (home.length && home.length < persons.length) {
      for (const p of persons) p.role = p.country === locCountry ? 'host' : 'visitor';
      return;
    }
  }
  if (kind === 'visit') for (const p of persons) p.role = 'visitor';
}

const DAY_MS = 86_400_000;
const NONE: never[] = [];

/**
 * Splits span items by the sentence that contains them (sentences sorted and
 * disjoint); an item across a sentence boundary belongs to none. Linear after
 * a binary search per item; keeps the items' order.
 *
 * @example
 * bySentence([{ start: 12, end: 15 }], [{ start: 0, end: 10 }, { start: 11, end: 20 }]) // [undefined, [{ start: 12, end: 15 }]]
 */
export function bySentence<T extends { start: number; end: number }>(items: readonly T[], sentences: readonly Sentence[]): Array<T[] | undefined> {
  const out: Array<T[] | undefined> = new Array(sentences.length);
  for (const it of items) {
    let lo = 0;
    let hi = sentences.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sentences[mid]!.start <= it.start) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k < 0 || it.end > sentences[k]!.end) continue;
    (out[k] ??= []).push(it);
  }
  return out;
}
/** How many sentences after an undated lead may give its day. */
const LEAD_FOLLOW = 2;

/**
 * The lead's date given by the next sentence: wire leads often leave the day
 * to the second sentence ("… announced a grant. The announcement came during a
 * press conference on Monday, April 21st"). Taken only when the next sentence
 * reports no other kind of event and names a day of the week before the reference date.
 */
function leadDateFromNext(
  following: Sentence[],
  dates: TemporalExpression[],
  triggers: PhraseMatch<TriggerInfo>[],
  kind: EventKind,
  refDate: string,
): TemporalExpression | null {
  const ref = Date.parse(`${refDate}T00:00:00Z`);
  for (const next of following) {
    const other = triggers.some(
      (t) => t.start >= next.start && t.end <= next.end && t.payload.kind && t.payload.kind !== kind && t.payload.kind !== 'statement',
    );
    if (other) return null;
    for (const d of dates) {
      if (d.start < next.start || d.end > next.end || d.grain !== 'day' || !/^\d{4}-\d{2}-\d{2}$/.test(d.value)) continue;
      const v = Date.parse(`${d.value}T00:00:00Z`);
      if (v <= ref && ref - v <= 7 * DAY_MS) return d;
    }
  }
  return null;
}

/**
 * Adds the triggers that count only right after a place name ("the Paris
 * talks" → conference), where no other trigger overlaps.
 */
function withAfterPlace(
  trigs: PhraseMatch<TriggerInfo>[],
  text: string,
  afterPlace: PhraseMatch<EventKind>[],
  places: () => ReturnType<typeof findPlaces>,
): PhraseMatch<TriggerInfo>[] {
  const extra: PhraseMatch<TriggerInfo>[] = [];
  for (const m of afterPlace) {
    if (trigs.some((t) => t.start < m.end && m.start < t.end)) continue;
    const win = text.slice(Math.max(0, m.start - 40), m.start);
    const trimmed = win.replace(/\s+$/, '');
    if (trimmed.length === win.length || !trimmed) continue;
    const end = m.start - (win.length - trimmed.length);
    if (!places().some((p) => p.end === end)) continue;
    extra.push({ start: m.start, end: m.end, phrase: m.phrase, payload: { kind: m.payload } });
  }
  if (!extra.length) return trigs;
  return [...trigs, ...extra].sort((a, b) => a.start - b.start);
}

/**
 * "…晚会31日晚在国家大剧院举行。党和国家领导人习近平…一起观看演出": the persons of the next
 * sentence when it says they attended and reports no event of its own.
 */
function attendeesAfter(
  triggers: PhraseMatch<TriggerInfo>[] | undefined,
  attendance: PhraseMatch<true>[] | undefined,
  mentions: StoryMention[] | undefined,
): Participant[] {
  if (!attendance?.length || !mentions?.length) return [];
  if (triggers?.some((t) => t.payload.kind && t.payload.kind !== 'statement')) return [];
  return mentions.filter((m) => m.type === 'person' && !m.adjective).map((m) => ({ ...m.participant }));
}

/** Whether a chair verb heads a trigger of another kind within a few tokens ("chaired the conference"). */
function chairsOtherKind(t: PhraseMatch<TriggerInfo>, trigs: PhraseMatch<TriggerInfo>[], kind: EventKind, text: string): boolean {
  for (const o of trigs) {
    if (o.start < t.end || !o.payload.kind) continue;
    if (tokensBetween(text, t.end, o.start, 3) > 3) break;
    if (o.payload.kind !== kind && o.payload.kind !== 'statement') return true;
    return false;
  }
  return false;
}

/** Countries in story order: named, adjectival, and those of the persons named. */
function countryPositions(sp: StoryParticipants): Array<{ pos: number; p: Participant }> {
  const out: Array<{ pos: number; p: Participant }> = [];
  for (const m of sp.mentions) {
    const id = m.type === 'country' ? m.participant.id : m.participant.country;
    if (!id) continue;
    const e = getEntity(id);
    if (!e || e.type !== 'country') continue;
    out.push({ pos: m.start, p: { name: e.name, canonical: e.name, id: e.id, country: e.id, type: 'country' } });
  }
  return out;
}

/** The two distinct countries named or implied last before `pos`, oldest first; [] when fewer. */
function lastTwoCountries(trail: Array<{ pos: number; p: Participant }>, pos: number): Participant[] {
  const out: Participant[] = [];
  for (let i = trail.length - 1; i >= 0 && out.length < 2; i--) {
    const c = trail[i]!;
    if (c.pos >= pos || out.some((o) => o.id === c.p.id)) continue;
    out.unshift(c.p);
  }
  return out.length === 2 ? out : [];
}

/**
 * Extracts timeline events from a normalized story.
 *
 * @example
 * extractEvents(normalized) // [{ kind: 'meeting', title: 'Xi Jinping meets Nikolai Patrushev', ... }]
 */
export function extractStoryEvents(n: NormalizedStory): TimelineEvent[] {
  return extractStoryEventsWithDiagnostics(n).events;
}

/** Empty diagnostics: nothing seen yet. */
export function emptyDiagnostics(): ExtractionDiagnostics {
  return { triggers: 0, negatedOrHypothetical: 0, undated: 0, duplicates: 0 };
}

/**
 * Extracts timeline events and counts what happened on the way: triggers
 * matched inside sentences, candidates dropped as negated or hypothetical,
 * candidates dropped for want of a date, candidates merged into another event.
 *
 * @example
 * extractStoryEventsWithDiagnostics(normalized).diagnostics
 * // { triggers: 3, negatedOrHypothetical: 1, undated: 0, duplicates: 1 }
 */
export function extractStoryEventsWithDiagnostics(n: NormalizedStory): { events: TimelineEvent[]; diagnostics: ExtractionDiagnostics } {
  const diag = emptyDiagnostics();
  const events = extractInto(n, diag);
  return { events, diagnostics: diag };
}

function extractInto(n: NormalizedStory, diag: ExtractionDiagnostics): TimelineEvent[] {
  if (!n || !n.story || typeof n.story.text !== 'string') return [];
  const text = n.story.text.length > MAX_TEXT ? n.story.text.slice(0, MAX_TEXT) : n.story.text;
  if (!text.trim()) return [];
  const storyId = n.story.id ?? '';
  const lex = langLexicon(n.lang ?? n.story.lang);
  const shared = sharedLexicon();
  // sorted and disjoint (a sentence overlapping the one before it is dropped)
  const sentences: Sentence[] = [];
  for (const s of (Array.isArray(n.sentences) && n.sentences.length ? n.sentences : splitSentences(text, lex.abbreviations))
    .filter((s) => s && s.end <= text.length && s.start >= 0 && s.start < s.end)
    .sort((a, b) => a.start - b.start)) {
    const prev = sentences[sentences.length - 1];
    if (!prev || s.start >= prev.end) sentences.push(s);
  }
  const scan = scanStory(text, lex);
  let placesAll: ReturnType<typeof findPlaces> | null = null;
  const storyPlaces = () => (placesAll ??= findPlaces(text));
  const triggersAll = withAfterPlace(longestNonOverlapping(scan.triggers), text, scan.afterPlace, storyPlaces);
  const triggerStarts = new Set(triggersAll.filter((t) => t.payload.kind).map((t) => t.start));
  const sp: StoryParticipants = analyseParticipants(text, lex, triggerStarts, scan);
  const cuesAll = scan.cues;
  const venuesAll = longestNonOverlapping(scan.venues);
  const topicsAll = longestNonOverlapping(scan.topics);
  const relationsAll = longestNonOverlapping(scan.relations);
  const predicatesAll = scan.predicates;
  const reportingAll = scan.reporting;
  const twoAll = scan.twoCountries;
  const countryTrail = countryPositions(sp);
  const dl = n.dateline;
  const dates = (Array.isArray(n.dates) ? n.dates : []).filter(
    (d) => usableDate(d) && d.role !== 'dateline' && !(dl && d.start >= dl.start && d.end <= dl.end),
  );
  const ref = n.reference;
  const refDate = ref && typeof ref.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(ref.date) ? ref.date : null;
  let mainCountry: Participant | null = null;
  let bestW = 0;
  for (const { weight, participant } of sp.countryWeight.values()) {
    if (weight > bestW) {
      bestW = weight;
      mainCountry = participant;
    }
  }
  if (dl?.country && !mainCountry) {
    const e = getEntity(dl.country);
    if (e) mainCountry = { name: e.name, canonical: e.name, id: e.id, country: e.id, type: 'country' };
  }

  const drafts: Draft[] = [];
  const leadCache = new Map<EventKind, TemporalExpression | null>();
  // each list split by sentence once (items across a sentence boundary belong to none)
  const trigBy = bySentence(triggersAll, sentences);
  const cuesBy = bySentence(cuesAll, sentences);
  const datesBy = bySentence(dates, sentences);
  const mentionsBy = bySentence(sp.mentions, sentences);
  const venuesBy = bySentence(venuesAll, sentences);
  const predicatesBy = bySentence(predicatesAll, sentences);
  const reportingBy = bySentence(reportingAll, sentences);
  const twoBy = bySentence(twoAll, sentences);
  const attendanceBy = bySentence(scan.attendance, sentences);
  let placesBy: Array<ReturnType<typeof findPlaces> | undefined> | null = null;
  let ordinalsBy: Array<OrdinalHit[] | undefined> | null = null;
  const lastByKind = new Map<EventKind, { parts: Participant[]; order: number; date: EventDate }>();
  let order = 0;
  sentences.forEach((s, si) => {
    const trigs = (trigBy[si] ?? NONE).filter((t) => t.payload.kind);
    if (!trigs.length) return;
    const stext = text.slice(s.start, s.end);
    diag.triggers += trigs.length;
    const breaks = clauseBreakOffsets(stext, lex.clauseBreaks);
    const cues = cuesBy[si] ?? NONE;
    const sdates = datesBy[si] ?? NONE;
    const smentions = mentionsBy[si] ?? NONE;
    ordinalsBy ??= bySentence(findOrdinals(text, 0, lex, scan.ordinals), sentences);
    const ordinals = ordinalsBy[si] ?? NONE;
    placesBy ??= bySentence(storyPlaces(), sentences);
    const places = (placesBy[si] ?? NONE).map((x) => ({ ...x, start: x.start - s.start, end: x.end - s.start }));
    const venue = (venuesBy[si] ?? NONE)[0];
    const siblingDate = new Map<EventKind, TemporalExpression | null>();
    const siblingOrd = new Map<EventKind, number | null>();
    const spreds = predicatesBy[si] ?? NONE;
    const sreporting = reportingBy[si] ?? NONE;
    // "the two countries": the last two countries named or implied before it
    const two = (twoBy[si] ?? NONE)[0];
    const pairCountries = two ? lastTwoCountries(countryTrail, two.start) : [];
    for (const t of trigs) {
      const info = t.payload;
      const kind = info.kind;
      if (!kind) continue;
      const pol = shared.kinds.get(kind);
      if (!pol) continue;
      if (sp.titleSpans.some((ts) => t.start >= ts.start && t.end <= ts.end)) continue;
      if (smentions.some((m) => !m.adjective && t.start >= m.start && t.end <= m.end && m.type !== 'person')) continue;
      if (venuesAll.some((v) => t.start >= v.start && t.end <= v.end)) continue;
      // "موسكو 21 مارس 2023 (عينة)": words of the dateline are no trigger
      if (dl && t.start >= dl.start && t.end <= dl.end) continue;
      // "who chaired the conference": chairing another kind of event is that event's role, not a meeting
      if ((info.role === 'chair' || info.role === 'co-chair') && chairsOtherKind(t, trigs, kind, text)) continue;
      if (cueApplies(cues, ['negation', 'hypothetical'], t, text, breaks, s.start, lex.cueWindow, false)) {
        diag.negatedOrHypothetical++;
        continue;
      }
      // date
      const dopts = { maxTokens: shared.maxDateTokens, coarseSameClause: shared.coarseSameClause };
      let dexp = chooseDate(sdates, t, breaks, s.start, text, dopts, spreds, sreporting);
      if (!dexp) {
        // same-kind triggers of one sentence describe one event: share the date
        // (t itself has none, so the first dated sibling is the same for every undated one)
        if (!siblingDate.has(kind)) {
          let found: TemporalExpression | null = null;
          for (const o of trigs) {
            if (o === t || o.payload.kind !== kind) continue;
            found = chooseDate(sdates, o, breaks, s.start, text, dopts, spreds, sreporting);
            if (found) break;
          }
          siblingDate.set(kind, found);
        }
        dexp = siblingDate.get(kind) ?? null;
      }
      let date: EventDate;
      let leadNext: TemporalExpression | null = null;
      if (!dexp && si === 0 && refDate) {
        if (!leadCache.has(kind)) leadCache.set(kind, leadDateFromNext(sentences.slice(1, 1 + LEAD_FOLLOW), dates, triggersAll, kind, refDate));
        leadNext = leadCache.get(kind) ?? null;
      }
      if (dexp) date = dateFromExpression(dexp);
      else if (leadNext) date = { value: leadNext.value, grain: 'day', text: leadNext.text, basis: 'computed' };
      else if (refDate && si < shared.undatedLeadSentences) {
        date = { value: refDate, grain: 'day', basis: ref.basis === 'dateline' ? 'dateline' : 'published' };
      } else {
        // "the two sides signed ...": the date of the meeting/visit/call it follows
        let src: { date: EventDate; order: number } | undefined;
        for (const k of pol.inheritFromKinds) {
          const c = lastByKind.get(k);
          if (c && (!src || c.order > src.order)) src = c;
        }
        if (!src) {
          diag.undated++;
          continue;
        }
        date = { value: src.date.value, grain: src.date.grain, basis: 'computed' };
      }
      // participants
      const seen = new Set<string>();
      let parts: Participant[] = [];
      const adjCountries: Participant[] = [];
      // "X was re-elected president, as Russian President Putin sent congratulations": an
      // election's or appointment's participants are those of its own clause
      let pool = smentions;
      if (pol.clauseOnly) {
        const tc = clauseIndex(breaks, t.start - s.start);
        const own = smentions.filter((m) => clauseIndex(breaks, m.start - s.start) === tc);
        if (own.some((m) => !m.adjective && (m.type === 'person' || m.type === 'organization'))) pool = own;
      }
      for (const m of pool) {
        if (m.adjective) {
          adjCountries.push({ ...m.participant, name: m.participant.canonical ?? m.participant.name });
          continue;
        }
        const key = m.key.startsWith('u:') || m.type !== 'country' ? m.key : `c:${m.key}`;
        if (seen.has(key)) continue;
        seen.add(key);
        parts.push({ ...m.participant });
      }
      for (const c of pairCountries) {
        if (seen.has(`c:${c.id}`)) continue;
        seen.add(`c:${c.id}`);
        parts.push({ ...c });
      }
      let eventName: Draft['named'];
      if (kind === 'conference' || kind === 'election' || kind === 'agreement') {
        const n1 = namedEvent(text, t);
        const n2 = !n1 && kind === 'agreement' ? namedAgreement(text, t, 'Agreement', storyPlaces()) : null;
        if (n1) eventName = { surface: n1, english: n1 };
        else if (n2) eventName = n2;
        if (eventName && !seen.has(`u:${normalizeName(eventName.surface)}`)) {
          const np: Participant = { name: eventName.surface, type: 'organization' };
          if (eventName.english !== eventName.surface) np.canonical = eventName.english;
          parts.unshift(np);
        }
      }
      if (pol.attendees && !parts.some((p) => p.type === 'person')) {
        for (const p of attendeesAfter(trigBy[si + 1], attendanceBy[si + 1], mentionsBy[si + 1])) {
          const key = participantKey(p);
          if (seen.has(key)) continue;
          seen.add(key);
          parts.push(p);
        }
      }
      const persons = parts.filter((p) => p.type === 'person');
      if (pol.requirePerson && !persons.length) continue;
      if (pol.personsOnly && persons.length >= 2) parts = persons;
      if (!parts.some((p) => p.type === 'person' || p.type === 'organization')) {
        const from = pol.inheritParticipants ? [kind, ...pol.inheritFromKinds] : pol.inheritFromKinds;
        let prev: Participant[] | undefined;
        let prevOrder = -1;
        for (const k of from) {
          const cand = lastByKind.get(k);
          if (cand && cand.order > prevOrder) {
            prev = cand.parts;
            prevOrder = cand.order;
          }
        }
        if (prev) parts = [...prev.map((p) => ({ ...p, role: undefined })), ...parts].map((p) => {
          const { role, ...rest } = p;
          return role ? p : rest;
        });
      }
      // "Xi Jinping was re-elected president and Russia welcomed the vote": the country of an
      // election or appointment is the (first) office-holder's, not any country in the clause
      let officeCountry: Participant | null = null;
      if (pol.clauseOnly) {
        const holder = parts.find((p) => p.type === 'person' && p.country);
        const e = holder?.country ? getEntity(holder.country) : null;
        if (e && e.type === 'country') {
          officeCountry = { name: e.name, canonical: e.name, id: e.id, country: e.id, type: 'country' };
          parts = parts.filter((p) => p.type !== 'country' || p.id === e.id);
        }
      }
      // location
      let location: TimelineEvent['location'] | undefined;
      // the place nearest the trigger, outside the dateline
      let pl: (typeof places)[number] | undefined;
      let plDist = Infinity;
      for (const x of places) {
        if (dl && s.start + x.start < dl.end && dl.start < s.start + x.end) continue;
        const dist = Math.abs(s.start + x.start - t.start);
        if (dist < plDist) {
          plDist = dist;
          pl = x;
        }
      }
      if (pl) {
        location = { name: stext.slice(pl.start, pl.end), canonical: pl.place.name };
        if (pl.place.country) location.country = pl.place.country;
      } else if (pol.addCountry || kind === 'visit') {
        // no place gazetteer hit: a country named in the sentence is the location
        const c = smentions
          .filter((m) => m.type === 'country' && !m.adjective && !(dl && m.start < dl.end && dl.start < m.end))
          .sort((a, b) => Math.abs(a.start - t.start) - Math.abs(b.start - t.start))[0];
        if (c?.participant.id) location = { name: c.participant.name, canonical: c.participant.canonical ?? c.participant.name, country: c.participant.id };
      }
      if (!location && dl?.place) {
        location = { name: dl.place };
        if (dl.placeCanonical) location.canonical = dl.placeCanonical;
        if (dl.country) location.country = dl.country;
      }
      if (officeCountry && location?.country !== officeCountry.id) {
        location = { name: officeCountry.name, canonical: officeCountry.canonical ?? officeCountry.name, country: officeCountry.id! };
      }
      if (officeCountry && !parts.some((p) => p.type === 'country')) parts.push({ ...officeCountry });
      if (venue) {
        location = location ?? { name: text.slice(venue.start, venue.end) };
        location.venue = venue.payload;
      }
      if (pol.addCountry && !parts.some((p) => p.type === 'country')) {
        const locEntity = location?.country ? getEntity(location.country) : null;
        const locC: Participant | null = locEntity
          ? { name: locEntity.name, canonical: locEntity.name, id: locEntity.id, country: locEntity.id, type: 'country' }
          : null;
        const c = locC ?? adjCountries[0] ?? mainCountry;
        if (c) parts.push({ ...c, canonical: c.canonical ?? c.name });
      }
      if (kind === 'visit' && location?.country) {
        parts = parts.filter((p) => !(p.type === 'country' && p.id === location?.country));
      }
      const minP = info.min ?? pol.minParticipants;
      if (parts.length < minP) continue;
      assignRoles(parts, info, kind, location?.country);
      // series
      let series: Draft['series'];
      if (pol.seriesOrdinal) {
        let ord = ordinalFor(ordinals, t, text, lex);
        if (ord === null) {
          // "主持召开…第八次会议", "ترأسا … الاجتماع السادس": the ordinal sits on a sibling trigger
          if (!siblingOrd.has(kind)) {
            let found: number | null = null;
            for (const o of trigs) {
              if (o === t || o.payload.kind !== kind) continue;
              found = ordinalFor(ordinals, o, text, lex);
              if (found !== null) break;
            }
            siblingOrd.set(kind, found);
          }
          ord = siblingOrd.get(kind) ?? null;
        }
        const countries = parts.filter((p) => p.type === 'country').map(displayName);
        const sentCountries = smentions.filter((m) => m.type === 'country' && !m.adjective).map((m) => m.participant.canonical ?? m.participant.name);
        const cs = [...new Set(countries.length ? countries : sentCountries)].join('–');
        let name: string | undefined;
        const firstSame = trigs.find((o) => o.payload.kind === kind) ?? t;
        const from = Math.min(t.start, firstSame.start);
        const topic = topicsAll.find((x) => x.start >= from && x.end <= s.end);
        const relation = relationsAll.find((x) => x.start >= s.start && x.end <= s.end);
        if (pol.seriesName) {
          if (pol.seriesName.includes('{topic}') && topic) name = pol.seriesName.replace('{topic}', topic.payload);
          else if (pol.seriesName.includes('{relation}') && relation) name = pol.seriesName.replace('{relation}', relation.payload);
          if (name) name = name.replace('{countries}', cs).replace(/\s{2,}/g, ' ').trim();
        }
        if (ord !== null || name) {
          series = {};
          if (name) series.name = name;
          if (ord !== null) series.ordinal = ord;
          if (kind === 'anniversary' && ord !== null) {
            const y = Number(date.value.slice(0, 4));
            if (/^\d{4}/.test(date.value) && y - ord > 0) series.originYear = y - ord;
          }
        }
      }
      // planned
      let planned = !!info.planned || cueApplies(cues, ['planned'], t, text, breaks, s.start, lex.cueWindow, true);
      if (!planned && refDate) {
        const b = timexBounds(date.value);
        if (b && b.start > refDate) planned = true;
      }
      let confidence = 0.5;
      if (date.basis === 'expression') confidence += 0.15;
      if (parts.some((p) => p.id && p.type !== 'country')) confidence += 0.1;
      if (info.role || /\s/.test(t.phrase) || isCjk(t.phrase[0])) confidence += 0.05;
      if (planned) confidence -= 0.1;
      if (si >= shared.undatedLeadSentences) confidence -= 0.05;
      const draft: Draft = {
        kind,
        date,
        participants: parts,
        keys: parts.map(participantKey),
        evidence: [{ storyId, text: stext, start: s.start, end: s.end }],
        confidence: Math.max(0.05, Math.min(0.95, confidence)),
        planned,
        order: order++,
      };
      if (location) draft.location = location;
      if (series) draft.series = series;
      if (eventName) draft.named = eventName;
      drafts.push(draft);
      if (!planned && parts.some((p) => p.type === 'person' || p.type === 'organization')) {
        lastByKind.set(kind, { parts: parts.filter((p) => p.type === 'person' || p.type === 'organization'), order: draft.order, date: draft.date });
      }
    }
  });

  const merged = mergeDrafts(drafts, shared.kinds, diag);
  const events: TimelineEvent[] = [];
  const ids = new Set<string>();
  for (const d of merged) {
    const pol = shared.kinds.get(d.kind)!;
    const id = eventId(storyId, d);
    if (ids.has(id)) {
      diag.duplicates++;
      continue;
    }
    ids.add(id);
    // host first
    d.participants.sort((a, b) => (a.role === 'host' || a.role === 'chair' ? -1 : 0) - (b.role === 'host' || b.role === 'chair' ? -1 : 0));
    const ev: TimelineEvent = {
      id,
      kind: d.kind,
      title: renderTitle(d.kind, pol, d),
      date: d.date,
      participants: d.participants,
      evidence: d.evidence,
      confidence: Math.round(d.confidence * 100) / 100,
    };
    if (d.location) ev.location = d.location;
    if (d.series) ev.series = d.series;
    const codes: NonNullable<TimelineEvent['codes']> = {};
    if (pol.plover) codes.plover = pol.plover;
    if (pol.cameo) codes.cameo = pol.cameo;
    if (pol.mode) codes.mode = pol.mode;
    if (Object.keys(codes).length) ev.codes = codes;
    if (d.planned) ev.planned = true;
    if (n.lang) ev.lang = n.lang;
    events.push(ev);
  }
  return events;
}

