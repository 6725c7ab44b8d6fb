/**
 * The event extractor: trigger phrases per language, participants with titles
 * and coreference, dates from the normalizer's temporal expressions, series
 * ordinals, location and venue; then per-story merging of duplicates.
 */
import { createHash } from 'node:crypto';
import type {
  EventDate,
  EventKind,
  Grain,
  NormalizedStory,
  Participant,
  Sentence,
  TemporalExpression,
  TimelineEvent,
} from '../types.js';
import { timexBounds } from '../timex.js';
import { getEntity } from '../gazetteer/entities.js';
import { langLexicon, sharedLexicon, type CueKind, type KindPolicy, type LangLexicon, type TriggerInfo } from './lexicon.js';
import { isCjk, normalizeName } from './normalize.js';
import { analyseParticipants, type StoryParticipants } from './participants.js';
import { longestNonOverlapping, type PhraseMatch } from './phrase-matcher.js';
import { findPlaces } from './places-bridge.js';
import { clauseBreakOffsets, clauseIndex, countTokens, ordinalSuffix, splitSentences } from './text-utils.js';

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
): TemporalExpression | null {
  let best: TemporalExpression | null = null;
  let bestScore = Infinity;
  const tc = clauseIndex(breaks, trig.start - sentStart);
  for (const d of dates) {
    const between = d.end <= trig.start ? text.slice(d.end, trig.start) : d.start >= trig.end ? text.slice(trig.end, d.start) : '';
    if (countTokens(between) > opts.maxTokens) continue;
    if (opts.coarseSameClause && COARSE.has(d.grain) && clauseIndex(breaks, d.start - sentStart) !== tc) continue;
    const dist = d.end <= trig.start ? trig.start - d.end : d.start >= trig.end ? d.start - trig.end + 5 : 0;
    const dc = clauseIndex(breaks, d.start - sentStart);
    // a bare year is often a modifier ("the 2020 campaign", "2020年新年晚会"): finer expressions win
    const score = dist + (dc === tc ? 0 : 1000) + (COARSE.has(d.grain) ? 15 : 0);
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
      if (countTokens(text.slice(c.end, trig.start)) <= window) return true;
    } else if (after && c.start >= trig.end) {
      if (countTokens(text.slice(trig.end, c.start)) <= Math.min(3, window)) return true;
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

function findOrdinals(sentence: string, offset: number, lex: LangLexicon): OrdinalHit[] {
  const out: OrdinalHit[] = [];
  for (const m of lex.ordinals.words.find(sentence)) out.push({ start: m.start + offset, end: m.end + offset, value: m.payload });
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
      d = countTokens(text.slice(h.end, trig.start));
      if (d > lex.ordinals.before) continue;
    } else if (h.start >= trig.end) {
      d = countTokens(text.slice(trig.end, h.start));
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
  if (tpl.includes('{b}') && names.length < 2 && pol.titleOne) tpl = pol.titleOne;
  if (tpl.includes('{ord}') && !d.series?.ordinal && pol.titleNoOrd) tpl = pol.titleNoOrd;
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

function mergeDrafts(drafts: Draft[], kinds: Map<EventKind, KindPolicy>): Draft[] {
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

/**
 * Extracts timeline events from a normalized story.
 *
 * @example
 * extractEvents(normalized) // [{ kind: 'meeting', title: 'Xi Jinping meets Nikolai Patrushev', ... }]
 */
export function extractStoryEvents(n: NormalizedStory): TimelineEvent[] {
  if (!n || !n.story || typeof n.story.text !== 'string') return [];
  const text = n.story.text.length > MAX_TEXT ? n.story.text.slice(0, MAX_TEXT) : n.story.text;
  if (!text.trim()) return [];
  const storyId = n.story.id ?? '';
  const lex = langLexicon(n.lang ?? n.story.lang);
  const shared = sharedLexicon();
  const sentences: Sentence[] = (Array.isArray(n.sentences) && n.sentences.length ? n.sentences : splitSentences(text, lex.abbreviations)).filter(
    (s) => s.end <= text.length && s.start < s.end,
  );
  const triggersAll = longestNonOverlapping(lex.triggers.find(text));
  const triggerStarts = new Set(triggersAll.filter((t) => t.payload.kind).map((t) => t.start));
  const sp: StoryParticipants = analyseParticipants(text, lex, triggerStarts);
  const cuesAll = lex.cues.find(text);
  const venuesAll = longestNonOverlapping(shared.venues.find(text));
  const topicsAll = longestNonOverlapping(shared.topics.find(text));
  const relationsAll = longestNonOverlapping(shared.relations.find(text));
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
  const lastByKind = new Map<EventKind, { parts: Participant[]; order: number; date: EventDate }>();
  let order = 0;
  sentences.forEach((s, si) => {
    const stext = text.slice(s.start, s.end);
    const trigs = triggersAll.filter((t) => t.start >= s.start && t.end <= s.end && t.payload.kind);
    if (!trigs.length) return;
    const breaks = clauseBreakOffsets(stext, lex.clauseBreaks);
    const cues = cuesAll.filter((c) => c.start >= s.start && c.end <= s.end);
    const sdates = dates.filter((d) => d.start >= s.start && d.end <= s.end);
    const smentions = sp.mentions.filter((m) => m.start >= s.start && m.end <= s.end);
    const ordinals = findOrdinals(stext, s.start, lex);
    const places = findPlaces(stext);
    const venue = venuesAll.find((v) => v.start >= s.start && v.end <= s.end);
    for (const t of trigs) {
      const info = t.payload;
      const kind = info.kind;
      if (!kind) continue;
      const pol = shared.kinds.get(kind);
      if (!pol) continue;
      if (sp.titleSpans.some((ts) => t.start >= ts.start && t.end <= ts.end)) continue;
      if (smentions.some((m) => !m.adjective && t.start >= m.start && t.end <= m.end && m.type !== 'person')) continue;
      if (venuesAll.some((v) => t.start >= v.start && t.end <= v.end)) continue;
      if (cueApplies(cues, ['negation', 'hypothetical'], t, text, breaks, s.start, lex.cueWindow, false)) continue;
      // date
      const dopts = { maxTokens: shared.maxDateTokens, coarseSameClause: shared.coarseSameClause };
      let dexp = chooseDate(sdates, t, breaks, s.start, text, dopts);
      if (!dexp) {
        // same-kind triggers of one sentence describe one event: share the date
        for (const o of trigs) {
          if (o === t || o.payload.kind !== kind) continue;
          dexp = chooseDate(sdates, o, breaks, s.start, text, dopts);
          if (dexp) break;
        }
      }
      let date: EventDate;
      if (dexp) date = dateFromExpression(dexp);
      else if (refDate && si < shared.undatedLeadSentences) {
        date = { value: refDate, grain: 'day', basis: ref.basis === 'dateline' ? 'dateline' : 'published' };
      } else {
        // "the two sides signed ...": the date of the meeting/visit/call it follows
        let src: { date: EventDate; order: number } | undefined;
        for (const k of pol.inheritFromKinds) {
          const c = lastByKind.get(k);
          if (c && (!src || c.order > src.order)) src = c;
        }
        if (!src) continue;
        date = { value: src.date.value, grain: src.date.grain, basis: 'computed' };
      }
      // participants
      const seen = new Set<string>();
      let parts: Participant[] = [];
      const adjCountries: Participant[] = [];
      for (const m of smentions) {
        if (m.adjective) {
          adjCountries.push({ ...m.participant, name: m.participant.canonical ?? m.participant.name });
          continue;
        }
        const key = m.key.startsWith('u:') || m.type !== 'country' ? m.key : `c:${m.key}`;
        if (seen.has(key)) continue;
        seen.add(key);
        parts.push({ ...m.participant });
      }
      if (kind === 'conference' || kind === 'election') {
        const named = namedEvent(text, t);
        if (named && !seen.has(`u:${normalizeName(named)}`)) parts.unshift({ name: named, type: 'organization' });
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
      // location
      let location: TimelineEvent['location'] | undefined;
      const inDateline = (x: { start: number; end: number }) => !!dl && s.start + x.start < dl.end && dl.start < s.start + x.end;
      const near = (x: { start: number }) => Math.abs(s.start + x.start - t.start);
      const pl = places.filter((x) => !inDateline(x)).sort((a, b) => near(a) - near(b))[0];
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
          for (const o of trigs) {
            if (o === t || o.payload.kind !== kind) continue;
            ord = ordinalFor(ordinals, o, text, lex);
            if (ord !== null) break;
          }
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
      drafts.push(draft);
      if (!planned && parts.some((p) => p.type === 'person' || p.type === 'organization')) {
        lastByKind.set(kind, { parts: parts.filter((p) => p.type === 'person' || p.type === 'organization'), order: draft.order, date: draft.date });
      }
    }
  });

  const merged = mergeDrafts(drafts, shared.kinds);
  const events: TimelineEvent[] = [];
  const ids = new Set<string>();
  for (const d of merged) {
    const pol = shared.kinds.get(d.kind)!;
    const id = eventId(storyId, d);
    if (ids.has(id)) continue;
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

