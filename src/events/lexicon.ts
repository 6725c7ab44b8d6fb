/**
 * Loads the per-language event lexicons (config/lexicons/<lang>/*.yaml) and the
 * shared kind table, venues and series phrases into ready-to-use matchers.
 */
import { EVENT_KINDS } from '../types.js';
import type { EventKind } from '../types.js';
import { readYaml, strings, LEXICON_LANGS } from './data.js';
import { normalizeName } from './normalize.js';
import { PhraseMatcher } from './phrase-matcher.js';

/** Matcher options valid for every script (Arabic clitics, Russian case endings). */
export const MATCH_OPTIONS = { clitics: ['و', 'ف', 'ب', 'ل', 'ك'], article: 'ال', slack: 3 };

/** Extraction policy and codes of one kind (config/lexicons/kinds.yaml). */
export interface KindPolicy {
  plover: string | null;
  mode: string | null;
  cameo: string | null;
  title: string;
  titleOne?: string;
  titleNoOrd?: string;
  /** Roles named first in the title. */
  titleLead?: string[];
  seriesName?: string;
  minParticipants: number;
  seriesOrdinal: boolean;
  inheritParticipants: boolean;
  addCountry: boolean;
  personsOnly: boolean;
  mergeByDate: boolean;
  requirePerson: boolean;
  inheritFromKinds: EventKind[];
}

export interface TriggerInfo {
  kind: EventKind | null;
  role?: string;
  min?: number;
  planned?: boolean;
}

export type CueKind = 'negation' | 'hypothetical' | 'planned';

export interface OrdinalLexicon {
  position: 'before' | 'after';
  before: number;
  after: number;
  words: PhraseMatcher<number>;
  patterns: RegExp[];
  numerals: Map<string, number>;
}

/** Everything the extractor knows about one language. */
export interface LangLexicon {
  lang: string;
  triggers: PhraseMatcher<TriggerInfo>;
  cues: PhraseMatcher<CueKind>;
  cueWindow: number;
  clauseBreaks: string[];
  stopwords: Set<string>;
  titleModifiers: PhraseMatcher<true>;
  titles: PhraseMatcher<string>;
  orgHeads: PhraseMatcher<true>;
  orgMaxTokens: number;
  abbreviations: Set<string>;
  ordinals: OrdinalLexicon;
}

export interface SharedLexicon {
  kinds: Map<EventKind, KindPolicy>;
  undatedLeadSentences: number;
  maxDateTokens: number;
  coarseSameClause: boolean;
  venues: PhraseMatcher<string>;
  topics: PhraseMatcher<string>;
  relations: PhraseMatcher<string>;
}

type Raw = Record<string, unknown>;

function num(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

function loadKinds(): { kinds: Map<EventKind, KindPolicy>; lead: number; maxDateTokens: number; coarseSameClause: boolean } {
  const raw = readYaml<{ settings?: Raw; kinds?: Record<string, Raw> }>('config/lexicons/kinds.yaml') ?? {};
  const kinds = new Map<EventKind, KindPolicy>();
  for (const k of EVENT_KINDS) {
    const r = raw.kinds?.[k] ?? {};
    const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    const p: KindPolicy = {
      plover: s(r.plover),
      mode: s(r.mode),
      cameo: s(r.cameo),
      title: s(r.title) ?? `${k}: {all}`,
      minParticipants: num(r.minParticipants, 0),
      seriesOrdinal: r.seriesOrdinal === true,
      inheritParticipants: r.inheritParticipants === true,
      addCountry: r.addCountry === true,
      personsOnly: r.personsOnly === true,
      mergeByDate: r.mergeByDate === true,
      requirePerson: r.requirePerson === true,
      inheritFromKinds: strings(r.inheritFromKinds).filter(isKind),
    };
    const t1 = s(r.titleOne);
    if (t1) p.titleOne = t1;
    const tn = s(r.titleNoOrd);
    if (tn) p.titleNoOrd = tn;
    const tl = strings(r.titleLead);
    if (tl.length) p.titleLead = tl;
    const sn = s(r.seriesName);
    if (sn) p.seriesName = sn;
    kinds.set(k, p);
  }
  return {
    kinds,
    lead: num(raw.settings?.undatedLeadSentences, 3),
    maxDateTokens: num(raw.settings?.maxDateTokens, 15),
    coarseSameClause: raw.settings?.coarseSameClause !== false,
  };
}

function isKind(k: string): k is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(k);
}

function loadLang(lang: string): LangLexicon | null {
  const ev = readYaml<Raw>(`config/lexicons/${lang}/events.yaml`);
  if (!ev) return null;
  const trig: Array<{ phrase: string; payload: TriggerInfo }> = [];
  const triggers = (ev.triggers ?? {}) as Record<string, unknown>;
  for (const [kind, list] of Object.entries(triggers)) {
    if (!isKind(kind) || !Array.isArray(list)) continue;
    for (const item of list) {
      if (typeof item === 'string') trig.push({ phrase: item, payload: { kind } });
      else if (item && typeof item === 'object' && typeof (item as Raw).p === 'string') {
        const o = item as Raw;
        const info: TriggerInfo = { kind };
        if (typeof o.role === 'string') info.role = o.role;
        if (typeof o.min === 'number') info.min = o.min;
        if (o.planned === true) info.planned = true;
        trig.push({ phrase: o.p as string, payload: info });
      }
    }
  }
  // phrases that look like triggers but are not ("de acuerdo con")
  for (const p of strings(ev.ignore)) trig.push({ phrase: p, payload: { kind: null } });

  const cues: Array<{ phrase: string; payload: CueKind }> = [];
  for (const k of ['negation', 'hypothetical', 'planned'] as const) {
    for (const p of strings(ev[k])) cues.push({ phrase: p, payload: k });
  }
  const titlesRaw = readYaml<{ titles?: Record<string, unknown> }>(`config/lexicons/${lang}/titles.yaml`);
  const titles: Array<{ phrase: string; payload: string }> = [];
  for (const [k, v] of Object.entries(titlesRaw?.titles ?? {})) {
    if (typeof v === 'string') titles.push({ phrase: k, payload: v });
  }
  const ordRaw = readYaml<Raw>(`config/lexicons/${lang}/ordinals.yaml`) ?? {};
  const words: Array<{ phrase: string; payload: number }> = [];
  for (const [k, v] of Object.entries((ordRaw.words ?? {}) as Raw)) {
    if (typeof v === 'number') words.push({ phrase: k, payload: v });
  }
  const patterns: RegExp[] = [];
  for (const p of strings(ordRaw.patterns)) {
    try {
      patterns.push(new RegExp(p, 'gu'));
    } catch {
      /* a broken pattern is skipped */
    }
  }
  const numerals = new Map<string, number>();
  for (const [k, v] of Object.entries((ordRaw.numerals ?? {}) as Raw)) if (typeof v === 'number') numerals.set(k, v);
  const win = (ordRaw.window ?? {}) as Raw;
  return {
    lang,
    triggers: new PhraseMatcher(trig, MATCH_OPTIONS),
    cues: new PhraseMatcher(cues, MATCH_OPTIONS),
    cueWindow: num(ev.cueWindow, 4),
    clauseBreaks: strings(ev.clauseBreaks),
    stopwords: new Set(strings(ev.stopwords).map(normalizeName)),
    titleModifiers: new PhraseMatcher(strings(ev.titleModifiers).map((p) => ({ phrase: p, payload: true as const })), MATCH_OPTIONS),
    titles: new PhraseMatcher(titles, MATCH_OPTIONS),
    orgHeads: new PhraseMatcher(strings(ev.orgHeads).map((p) => ({ phrase: p, payload: true as const })), MATCH_OPTIONS),
    orgMaxTokens: num(ev.orgMaxTokens, 0),
    abbreviations: new Set(strings(ev.abbreviations).map((a) => a.toLowerCase())),
    ordinals: {
      position: ordRaw.position === 'after' ? 'after' : 'before',
      before: num(win.before, 3),
      after: num(win.after, 1),
      words: new PhraseMatcher(words, MATCH_OPTIONS),
      patterns,
      numerals,
    },
  };
}

function multiLang(file: string, section: string | null): PhraseMatcher<string> {
  const raw = readYaml<Raw>(file) ?? {};
  const table = (section ? raw[section] : raw) as Record<string, Record<string, unknown>> | undefined;
  const entries: Array<{ phrase: string; payload: string }> = [];
  for (const [canonical, langs] of Object.entries(table ?? {})) {
    if (!langs || typeof langs !== 'object') continue;
    for (const l of LEXICON_LANGS) for (const p of strings(langs[l])) entries.push({ phrase: p, payload: canonical });
  }
  return new PhraseMatcher(entries, MATCH_OPTIONS);
}

let shared: SharedLexicon | null = null;
const langs = new Map<string, LangLexicon | null>();

/** The kind table, venues and series phrases (loaded once). */
export function sharedLexicon(): SharedLexicon {
  if (!shared) {
    const { kinds, lead, maxDateTokens, coarseSameClause } = loadKinds();
    shared = {
      kinds,
      undatedLeadSentences: lead,
      maxDateTokens,
      coarseSameClause,
      venues: multiLang('config/lexicons/venues.yaml', null),
      topics: multiLang('config/lexicons/series.yaml', 'topics'),
      relations: multiLang('config/lexicons/series.yaml', 'relations'),
    };
  }
  return shared;
}

/**
 * The lexicon of `lang` (falls back to English when the language has none).
 *
 * @example
 * langLexicon('ar').lang  // 'ar'
 * langLexicon('xx').lang  // 'en'
 */
export function langLexicon(lang: string | null | undefined): LangLexicon {
  const l = typeof lang === 'string' ? lang.toLowerCase().slice(0, 2) : 'en';
  if (!langs.has(l)) langs.set(l, (LEXICON_LANGS as readonly string[]).includes(l) ? loadLang(l) : null);
  const lex = langs.get(l);
  if (lex) return lex;
  if (!langs.has('en')) langs.set('en', loadLang('en'));
  const en = langs.get('en');
  if (!en) throw new Error('English event lexicon missing (config/lexicons/en/events.yaml)');
  return en;
}

/** Loads every language now (module init), so extraction stays pure and fast. */
export function preloadLexicons(): void {
  sharedLexicon();
  for (const l of LEXICON_LANGS) langLexicon(l);
}
