/**
 * Story-level participant analysis: gazetteer mentions, titles with nationality
 * ("الرئيس الصيني شي جين بينغ" → Xi Jinping, President, CHN), unknown names read
 * after a title, organizations named by a head noun, and coreference (surnames,
 * "the Russian official", "الرئيس الصيني").
 */
import type { Participant } from '../types.js';
import { findEntityMentions, type Entity } from '../gazetteer/entities.js';
import type { LangLexicon, StoryScan } from './lexicon.js';
import { MATCH_OPTIONS, scanStory } from './lexicon.js';
import { normalizeName, unitClassOf, UNIT_CJK, UNIT_WORD } from './normalize.js';
import { PhraseMatcher, longestNonOverlapping } from './phrase-matcher.js';

export type MentionType = 'person' | 'organization' | 'country';

/** A participant mention in the story. */
export interface StoryMention {
  start: number;
  end: number;
  /** Stable key: entity id, or `u:` + normalized name for unknown names. */
  key: string;
  type: MentionType;
  participant: Participant;
  /** Country named only by an adjective ("الروسي", "Chinese"): not a participant by itself. */
  adjective?: boolean;
}

/** The result of analysing one story. */
export interface StoryParticipants {
  mentions: StoryMention[];
  /** Spans covered by titles (with their complements): triggers there are ignored. */
  titleSpans: Array<{ start: number; end: number }>;
  /** Country keys weighted by mentions (names 2, adjectives 1). */
  countryWeight: Map<string, { weight: number; participant: Participant }>;
}

/** Known titles that name nobody by themselves (Mr., Dr.): no coreference. */
const WEAK_TITLES = new Set(['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Democrat', 'Republican', 'Candidate']);

/** Joiners allowed inside an organization's or a person's name. */
const NAME_JOINERS = new Set(['في', 'of', 'de', 'del', 'la', 'al', 'bin', 'ibn', 'van', 'von', 'der', 'le', 'du', 'el', 'و']);

function participantOf(e: Entity, surface: string): Participant {
  const p: Participant = { name: surface, canonical: e.name, id: e.id, type: e.type };
  if (e.country) p.country = e.country;
  return p;
}

interface Token {
  start: number;
  end: number;
  text: string;
}

/** Class bits (UNIT_WORD, UNIT_CJK) of the code unit at `k` of `text`, 0 outside it. */
function clsAt(text: string, k: number): number {
  return k >= 0 && k < text.length ? unitClassOf(text.charCodeAt(k)) : 0;
}

/** A word character that is not CJK at `k` (`isWordChar(text[k]) && !isCjk(text[k])`). */
const plainWordAt = (text: string, k: number): boolean => (clsAt(text, k) & (UNIT_WORD | UNIT_CJK)) === UNIT_WORD;

/** Reads word tokens from `pos`, stopping at punctuation other than . - ' inside names. */
function tokensFrom(text: string, pos: number, max: number, limit: number): Token[] {
  const out: Token[] = [];
  let i = pos;
  while (out.length < max && i < limit) {
    while (i < limit && text.charCodeAt(i) === 0x20) i++;
    if (i >= limit || !plainWordAt(text, i)) break;
    const s = i;
    for (; i < limit; i++) {
      const c = clsAt(text, i);
      if ((c & UNIT_CJK) !== 0) break;
      if ((c & UNIT_WORD) !== 0) continue;
      const u = text.charCodeAt(i);
      // . - ' inside a name, before a word character
      if ((u === 0x2e || u === 0x2d || u === 0x27) && (clsAt(text, i + 1) & UNIT_WORD) !== 0) continue;
      break;
    }
    if (text[i] === '.' && /^\p{Lu}\p{Ll}?$/u.test(text.slice(s, i))) i++; // initials "H." "Jr."
    out.push({ start: s, end: i, text: text.slice(s, i) });
    if (i < limit && text[i] !== ' ') break;
  }
  return out;
}

function isArabic(s: string): boolean {
  return /[\u0600-\u06FF]/.test(s);
}

/**
 * Whether an Arabic word starts with the article, alone or after a clitic ("الروضان",
 * "للمالية", "والقانونية"): such a word starts no personal name.
 *
 * @example
 * hasArabicArticle('والقانونية') // true
 * hasArabicArticle('خالد')       // false
 */
function hasArabicArticle(word: string): boolean {
  return /^(?:[وفبكل]?ال|لل)/.test(normalizeName(word));
}

/** An unknown person's name read right after a title, or null. */
function readUnknownName(text: string, pos: number, limit: number, lex: LangLexicon, blocked: (i: number) => boolean): Token | null {
  const toks = tokensFrom(text, pos, 5, limit);
  const first = toks[0];
  if (!first || blocked(first.start)) return null;
  const picked: Token[] = [];
  if (isArabic(first.text)) {
    // "للمالية", "والقانونية": an article (after a clitic) starts no personal name
    if (hasArabicArticle(first.text)) return null;
    for (const t of toks.slice(0, 3)) {
      const n = normalizeName(t.text);
      if (lex.stopwords.has(n) || blocked(t.start) || /\d/.test(t.text) || n.length < 2) break;
      picked.push(t);
      if (text[t.end] !== ' ') break;
    }
  } else {
    for (const t of toks) {
      const lower = t.text.toLowerCase();
      if (blocked(t.start)) break;
      if (/^\p{Lu}/u.test(t.text) && !lex.stopwords.has(lower)) picked.push(t);
      else if (NAME_JOINERS.has(lower) && picked.length) continue;
      else break;
    }
  }
  const last = picked[picked.length - 1];
  if (!picked.length || !last) return null;
  if (!isArabic(first.text)) {
    const after = toks[picked.length];
    if (after && /^\p{Lu}/u.test(after.text) && after.start === last.end + 1) return null;
  }
  const start = picked[0]!.start;
  return { start, end: last.end, text: text.slice(start, last.end) };
}

/**
 * An unknown Arabic personal name right before a title ("التقى خالد الروضان، وزير …"):
 * two or three words, none a stopword, trigger, known name or title, the first
 * without the article. Null when there is none.
 */
function nameBefore(text: string, titleStart: number, lex: LangLexicon, blocked: (i: number) => boolean): Token | null {
  let i = titleStart;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '،' || text[i - 1] === ',')) i--;
  if (i === titleStart && i > 0) return null;
  const toks: Token[] = [];
  let end = i;
  while (toks.length < 3 && end > 0) {
    let s = end;
    while (s > 0 && plainWordAt(text, s - 1)) s--;
    if (s === end) break;
    const w = text.slice(s, end);
    const n = normalizeName(w);
    if (!isArabic(w) || lex.stopwords.has(n) || blocked(s) || /\d/.test(w) || n.length < 2) break;
    toks.unshift({ start: s, end, text: w });
    if (s === 0 || text[s - 1] !== ' ') break;
    end = s - 1;
  }
  // the name's first word carries no article ("الروضان" may end a name, never start it)
  while (toks.length && hasArabicArticle(toks[0]!.text)) toks.shift();
  if (toks.length < 2) return null;
  const start = toks[0]!.start;
  return { start, end: i, text: text.slice(start, i) };
}

/** "وزير التجارة الكويتي": the nationality after a one-word portfolio, else undefined. */
function portfolioCountry(text: string, from: number, ents: ReturnType<typeof findEntityMentions>, absorbed: Set<number>): string | undefined {
  const toks = tokensFrom(text, from, 2, Math.min(text.length, from + 60));
  const second = toks[1];
  if (!second) return undefined;
  const k = ents.findIndex((e) => e.form === 'adjective' && e.start === second.start);
  if (k < 0) return undefined;
  absorbed.add(k);
  return ents[k]!.entity.id;
}

/** An organization named by a head noun ("محكمة في مدينة ميونيخ"): head + following tokens. */
function readOrg(text: string, head: { start: number; end: number }, lex: LangLexicon, stopAt: (i: number) => boolean): Token {
  const toks = tokensFrom(text, head.end, lex.orgMaxTokens, text.length);
  let end = head.end;
  const kept: Token[] = [];
  for (const t of toks) {
    const n = normalizeName(t.text);
    if (stopAt(t.start) || /\d/.test(t.text)) break;
    if (lex.stopwords.has(n) && !NAME_JOINERS.has(n)) break;
    kept.push(t);
  }
  while (kept.length && NAME_JOINERS.has(normalizeName(kept[kept.length - 1]!.text))) kept.pop();
  const last = kept[kept.length - 1];
  if (last) end = last.end;
  return { start: head.start, end, text: text.slice(head.start, end) };
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Finds every participant mention of a story, with titles and coreference.
 *
 * @example
 * analyseParticipants('قال الرئيس الصيني شي جين بينغ ...', langLexicon('ar'), new Set())
 *   .mentions[0].participant // { name: 'شي جين بينغ', canonical: 'Xi Jinping', title: 'President', country: 'CHN', ... }
 */
export function analyseParticipants(text: string, lex: LangLexicon, triggerStarts: Set<number>, scan: StoryScan = scanStory(text, lex)): StoryParticipants {
  const ents = findEntityMentions(text, lex.lang);
  const titles = longestNonOverlapping(scan.titles).filter(
    (t) => !ents.some((e) => e.entity.type === 'person' && e.form !== 'adjective' && overlaps(e, t)),
  );
  const mentions: StoryMention[] = [];
  const titleSpans: Array<{ start: number; end: number }> = [];
  const absorbed = new Set<number>(); // indexes into ents absorbed by a title
  const firstFull = new Map<string, number>();
  for (const e of ents) {
    if (e.form === 'name' && !firstFull.has(e.entity.id)) firstFull.set(e.entity.id, e.start);
  }
  // organizations named by a head noun, not overlapping gazetteer names
  const heads = longestNonOverlapping(scan.orgHeads).filter((h) => !ents.some((e) => overlaps(e, h)));
  const orgs: Token[] = [];
  for (const h of heads) {
    const o = readOrg(text, h, lex, (i) => triggerStarts.has(i) || ents.some((e) => e.start === i && e.entity.type !== 'country'));
    orgs.push(o);
  }
  const entAt = (pos: number, slackChars: number) =>
    ents.findIndex((e) => e.start >= pos && e.start <= pos + slackChars);
  const orgAt = (pos: number, slackChars: number) => orgs.findIndex((o) => o.start >= pos && o.start <= pos + slackChars);
  const mods = longestNonOverlapping(scan.titleModifiers);
  const boundTitle = new Map<number, { title: string; country?: string }>(); // ent index → title
  const unknown: StoryMention[] = [];
  const titleOnly: Array<{ start: number; end: number; title: string; country?: string }> = [];

  const blockedAt = (i: number): boolean =>
    triggerStarts.has(i) ||
    ents.some((x) => x.start <= i && i < x.end && x.entity.type !== 'country') ||
    titles.some((x) => x.start <= i && i < x.end) ||
    heads.some((x) => x.start <= i && i < x.end);
  let lastTitle: string | null = null;
  for (const t of titles) {
    if (t.payload === '@counterpart') {
      // "نظيره الروسي", "his Russian counterpart": the title of the previous titled person
      if (!lastTitle) continue;
      t.payload = lastTitle;
    } else lastTitle = t.payload;
    let p = t.end;
    let country: string | undefined;
    let complement = false;
    // "Chinese President Xi Jinping": a nationality right before the title
    const pre = ents.findIndex((e) => e.form === 'adjective' && e.end <= t.start && t.start - e.end <= 2);
    if (pre >= 0 && !/\p{L}/u.test(text.slice(ents[pre]!.end, t.start))) {
      country = ents[pre]!.entity.id;
      absorbed.add(pre);
    }
    for (let guard = 0; guard < 8; guard++) {
      let q = p;
      while (q < text.length && text[q] === ' ') q++;
      const ei = entAt(q, 2);
      const e = ei >= 0 ? ents[ei] : undefined;
      if (e && (e.form === 'adjective' || (e.entity.type === 'country' && e.start === q && lex.lang !== 'en')) && e.start - q <= 2) {
        country = e.entity.id;
        absorbed.add(ei);
        p = e.end;
        continue;
      }
      if (e && e.entity.type === 'organization' && e.start - q <= 2) {
        if (e.entity.country) country = e.entity.country;
        absorbed.add(ei);
        p = e.end;
        complement = true;
        continue;
      }
      const oi = orgAt(q, 2);
      const o = oi >= 0 ? orgs[oi] : undefined;
      if (o && o.start - q <= 2) {
        orgs.splice(oi, 1);
        p = o.end;
        complement = true;
        continue;
      }
      const m = mods.find((x) => x.start >= q && x.start <= q + 1);
      if (m) {
        p = m.end;
        continue;
      }
      break;
    }
    titleSpans.push({ start: t.start, end: p });
    let q = p;
    while (q < text.length && text[q] === ' ') q++;
    const ei = entAt(q, 1);
    const e = ei >= 0 ? ents[ei] : undefined;
    if (e && e.entity.type === 'person') {
      const bound: { title: string; country?: string } = { title: t.payload };
      if (country) bound.country = country;
      boundTitle.set(ei, bound);
      continue;
    }
    const name = readUnknownName(text, q, text.length, lex, (i) => blockedAt(i) || blockedAt(i + 1));
    if (name) {
      const p2: Participant = { name: name.text, type: 'person', title: t.payload };
      if (country) p2.country = country;
      unknown.push({ start: name.start, end: name.end, key: `u:${normalizeName(name.text)}`, type: 'person', participant: p2 });
      continue;
    }
    if (lex.postNameTitles && !t.phrase.startsWith('@')) {
      // "خالد الروضان، وزير التجارة الكويتي": the title follows the name
      country ??= portfolioCountry(text, p, ents, absorbed);
      const before = nameBefore(text, t.start, lex, blockedAt);
      const ei2 = ents.findIndex((e) => e.entity.type === 'person' && e.form !== 'adjective' && e.end <= t.start && /^[\s،,]*$/.test(text.slice(e.end, t.start)));
      if (ei2 >= 0 && !boundTitle.has(ei2)) {
        const bound: { title: string; country?: string } = { title: t.payload };
        if (country) bound.country = country;
        boundTitle.set(ei2, bound);
        continue;
      }
      if (before) {
        const p2: Participant = { name: before.text, type: 'person', title: t.payload };
        if (country) p2.country = country;
        unknown.push({ start: before.start, end: before.end, key: `u:${normalizeName(before.text)}`, type: 'person', participant: p2 });
        continue;
      }
    }
    // a bare title refers back to someone only when definite ("the President",
    // "الرئيس الصيني") and not followed by what it heads ("رئيس لجنة ...")
    const before = text.slice(Math.max(0, t.start - 4), t.start).toLowerCase();
    const definite = /the\s+$/.test(before) || normalizeName(text.slice(t.start, t.start + 2)) === 'ال' || country !== undefined;
    if (complement || !definite) continue;
    const only: { start: number; end: number; title: string; country?: string } = { start: t.start, end: p, title: t.payload };
    if (country) only.country = country;
    titleOnly.push(only);
  }

  const countryWeight = new Map<string, { weight: number; participant: Participant }>();
  const capWordAround = (e: { start: number; end: number }): boolean => {
    const prev = /(\p{Lu}[\p{L}.'-]*)\s+$/u.exec(text.slice(Math.max(0, e.start - 40), e.start));
    const next = /^\s+(\p{Lu}[\p{L}'-]*\.?)/u.exec(text.slice(e.end, e.end + 40));
    const prevOk = prev && !lex.stopwords.has(prev[1]!.toLowerCase()) && !titles.some((t) => t.end >= e.start - prev[0].length && t.end <= e.start);
    const sentenceStartPrev = prev && /[.!?]\s*$/.test(text.slice(Math.max(0, e.start - prev[0].length - 3), e.start - prev[0].length));
    const nextIsTitle = next && titles.some((t) => t.start === e.end + next[0].length - next[1]!.length);
    return !!((prevOk && !sentenceStartPrev) || (next && !nextIsTitle && !lex.stopwords.has(next[1]!.toLowerCase())));
  };
  ents.forEach((e, i) => {
    if (e.entity.type === 'country' && /^[\p{Script=Latin}]/u.test(e.text) && capWordAround(e)) return;
    if (e.entity.type === 'country') {
      const w = countryWeight.get(e.entity.id) ?? { weight: 0, participant: participantOf(e.entity, e.entity.name) };
      w.weight += e.form === 'adjective' ? 1 : 2;
      countryWeight.set(e.entity.id, w);
    }
    if (absorbed.has(i)) return;
    if (e.entity.type === 'organization' && titleSpans.some((s) => overlaps(s, e))) return;
    if (e.form === 'short' && (firstFull.get(e.entity.id) ?? Infinity) > e.start) return;
    const p = participantOf(e.entity, e.text);
    const b = boundTitle.get(i);
    if (b) {
      p.title = b.title;
      if (b.country) p.country = b.country;
    } else if (e.entity.titles?.[0] && e.entity.type === 'person') p.title = e.entity.titles[0];
    const m: StoryMention = { start: e.start, end: e.end, key: e.entity.id, type: e.entity.type, participant: p };
    if (e.form === 'adjective') m.adjective = true;
    mentions.push(m);
  });
  for (const o of orgs) {
    if (titleSpans.some((s) => overlaps(s, o)) || mentions.some((m) => m.type !== 'country' && overlaps(m, o))) continue;
    for (let k = mentions.length - 1; k >= 0; k--) {
      const m = mentions[k]!;
      if (m.type === 'country' && m.start >= o.start && m.end <= o.end) mentions.splice(k, 1);
    }
    mentions.push({ start: o.start, end: o.end, key: `u:${normalizeName(o.text)}`, type: 'organization', participant: { name: o.text, type: 'organization' } });
  }
  // unknown persons and their later surnames
  const surnames: Array<{ phrase: string; payload: StoryMention }> = [];
  for (const u of unknown) {
    if (mentions.some((m) => overlaps(m, u))) continue;
    mentions.push(u);
    const parts = u.participant.name.split(/\s+/);
    const last = parts[parts.length - 1];
    if (parts.length >= 2 && last && last.replace(/[^\p{L}\p{N}]/gu, '').length >= 3) surnames.push({ phrase: last.replace(/[.,]$/, ''), payload: u });
  }
  if (surnames.length) {
    const sm = new PhraseMatcher(surnames, MATCH_OPTIONS);
    for (const s of longestNonOverlapping(sm.find(text))) {
      if (s.start < s.payload.start || mentions.some((m) => overlaps(m, s))) continue;
      if (!isArabic(s.phrase) && !/^\p{Lu}/u.test(text.slice(s.start, s.end))) continue;
      mentions.push({ ...s.payload, start: s.start, end: s.end, participant: { ...s.payload.participant } });
    }
  }
  // title-only mentions ("الرئيس الصيني", "the President") → the latest person with that title/country
  mentions.sort((a, b) => a.start - b.start);
  for (const t of titleOnly) {
    if (WEAK_TITLES.has(t.title) || mentions.some((m) => overlaps(m, t))) continue;
    let best: StoryMention | undefined;
    for (const m of mentions) {
      if (m.start >= t.start) break;
      if (m.type !== 'person') continue;
      const titleOk = m.participant.title === t.title;
      const countryOk = t.country !== undefined && m.participant.country === t.country;
      if ((titleOk && (t.country === undefined || countryOk)) || (countryOk && t.title === 'Official')) best = m;
    }
    if (best) mentions.push({ ...best, start: t.start, end: t.end, participant: { ...best.participant } });
  }
  mentions.sort((a, b) => a.start - b.start);
  return { mentions, titleSpans, countryWeight };
}
