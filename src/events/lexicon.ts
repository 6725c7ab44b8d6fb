/**
 * Loads the per-language event lexicons (config/lexicons/<lang>/*.yaml) and the
 * shared kind table, venues and series phrases into ready-to-use matchers.
 */
import { EVENT_KINDS } from '../types.js';
import type { EventKind } from '../types.js';
import { readYaml, strings, LEXICON_LANGS } from './data.js';
import { normalizeName } from './normalize.js';
import { PhraseMatcher, type PhraseMatch } from './phrase-matcher.js';

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
  /** Title when there is no series name ({series} would be empty). */
  titleNoSeries?: string;
  /** Title when the event has its own name ({named}), with other participants ({all}). */
  titleNamed?: string;
  /** Title when the event has its own name and no other participant. */
  titleNamedOnly?: string;
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
  /** Persons said to attend in the next sentence ("… were present") join an event that has none. */
  attendees: boolean;
  /** Participants only from the trigger's clause, when it names a person or organization. */
  clauseOnly: boolean;
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
  titles: PhraseMatcher<string>;
  orgMaxTokens: number;
  abbreviations: Set<string>;
  ordinals: OrdinalLexicon;
  /** "the two countries", "البلدين", "两国": the two countries of the story's context. */
  twoCountries: PhraseMatcher<true>;
  /** Titles may follow the name they qualify ("خالد الروضان، وزير التجارة الكويتي"). */
  postNameTitles: boolean;
  /**
   * All the whole-story phrase lists (see {@link StoryScan}; with the shared venues, topics,
   * relations) in one trie: one pass per story. `triggers`, `cues`, `titles`, `twoCountries`
   * and `ordinals.words` above are the same lists one by one.
   */
  scan: PhraseMatcher<ScanHit>;
}

/** One phrase of the combined story scan, tagged with the list it comes from. */
export type ScanHit =
  | { k: 'trigger'; v: TriggerInfo }
  | { k: 'cue'; v: CueKind }
  | { k: 'title'; v: string }
  | { k: 'titleModifier'; v: true }
  | { k: 'orgHead'; v: true }
  | { k: 'predicate'; v: true }
  | { k: 'afterPlace'; v: EventKind }
  | { k: 'twoCountries'; v: true }
  | { k: 'reporting'; v: true }
  | { k: 'attendance'; v: true }
  | { k: 'venue'; v: string }
  | { k: 'topic'; v: string }
  | { k: 'relation'; v: string }
  | { k: 'ordinal'; v: number };

/** The phrases of one story, per list (the same matches each list's own matcher would give). */
export interface StoryScan {
  triggers: PhraseMatch<TriggerInfo>[];
  cues: PhraseMatch<CueKind>[];
  titles: PhraseMatch<string>[];
  titleModifiers: PhraseMatch<true>[];
  orgHeads: PhraseMatch<true>[];
  /**
   * Verbs that predicate an event noun ("晚会31日晚在国家大剧院举行"): a date
   * between the trigger and such a verb is the event's date, and a date right
   * before the trigger noun is only its modifier ("2020年新年戏曲晚会").
   */
  predicates: PhraseMatch<true>[];
  /** Nouns that are event triggers only right after a place name ("the Paris talks" → conference). */
  afterPlace: PhraseMatch<EventKind>[];
  twoCountries: PhraseMatch<true>[];
  /** Reporting verbs ("informó hoy", "said on Monday"): a date right after one, in another clause, dates the report only. */
  reporting: PhraseMatch<true>[];
  /** Attendance verbs ("attended", "出席"): their sentence's persons attend the event before. */
  attendance: PhraseMatch<true>[];
  venues: PhraseMatch<string>[];
  topics: PhraseMatch<string>[];
  relations: PhraseMatch<string>[];
  /** Ordinal words ("sixth", "السادس"): what `ordinals.words` finds. */
  ordinals: PhraseMatch<number>[];
}

/** The list of {@link StoryScan} each kind of {@link ScanHit} goes to. */
const SCAN_LIST = {
  trigger: 'triggers', cue: 'cues', title: 'titles', titleModifier: 'titleModifiers', orgHead: 'orgHeads',
  predicate: 'predicates', afterPlace: 'afterPlace', twoCountries: 'twoCountries', reporting: 'reporting',
  attendance: 'attendance', venue: 'venues', topic: 'topics', relation: 'relations', ordinal: 'ordinals',
} as const satisfies Record<ScanHit['k'], keyof StoryScan>;

/**
 * Every listed phrase of `text` in one pass over the combined trie.
 *
 * @example
 * scanStory('Xi met Putin on Monday.', langLexicon('en')).triggers[0].payload // { kind: 'meeting' }
 */
export function scanStory(text: string, lex: LangLexicon): StoryScan {
  const out: StoryScan = {
    triggers: [], cues: [], titles: [], titleModifiers: [], orgHeads: [], predicates: [],
    afterPlace: [], twoCountries: [], reporting: [], attendance: [], venues: [], topics: [], relations: [], ordinals: [],
  };
  for (const m of lex.scan.find(text)) {
    const h = m.payload;
    // the same fields, in the same order, as each list's own matcher gives
    (out[SCAN_LIST[h.k]] as Array<PhraseMatch<ScanHit['v']>>).push({ start: m.start, end: m.end, phrase: m.phrase, payload: h.v });
  }
  return out;
}

export interface SharedLexicon {
  kinds: Map<EventKind, KindPolicy>;
  undatedLeadSentences: number;
  maxDateTokens: number;
  coarseSameClause: boolean;
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
      attendees: r.attendees === true,
      clauseOnly: r.clauseOnly === true,
      inheritFromKinds: strings(r.inheritFromKinds).filter(isKind),
    };
    const t1 = s(r.titleOne);
    if (t1) p.titleOne = t1;
    const tn = s(r.titleNoOrd);
    if (tn) p.titleNoOrd = tn;
    const tns = s(r.titleNoSeries);
    if (tns) p.titleNoSeries = tns;
    const tnm = s(r.titleNamed);
    if (tnm) p.titleNamed = tnm;
    const tno = s(r.titleNamedOnly);
    if (tno) p.titleNamedOnly = tno;
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
  const afterPlace: Array<{ phrase: string; payload: EventKind }> = [];
  for (const [k, v] of Object.entries((ev.afterPlace ?? {}) as Raw)) {
    if (typeof v === 'string' && isKind(v)) afterPlace.push({ phrase: k, payload: v });
  }
  const titlesRaw = readYaml<{ titles?: Record<string, unknown> }>(`config/lexicons/${lang}/titles.yaml`);
  const titles: Array<{ phrase: string; payload: string }> = [];
  for (const [k, v] of Object.entries(titlesRaw?.titles ?? {})) {
    if (typeof v === 'string') titles.push({ phrase: k, payload: v });
  }
  const scan: Array<{ phrase: string; payload: ScanHit }> = [];
  for (const e of trig) if (e.payload.kind) scan.push({ phrase: e.phrase, payload: { k: 'trigger', v: e.payload } });
  // "ignore" phrases shadow triggers inside them: keep them in the combined trie too
  for (const e of trig) if (!e.payload.kind) scan.push({ phrase: e.phrase, payload: { k: 'trigger', v: e.payload } });
  for (const e of cues) scan.push({ phrase: e.phrase, payload: { k: 'cue', v: e.payload } });
  for (const e of titles) scan.push({ phrase: e.phrase, payload: { k: 'title', v: e.payload } });
  for (const p of strings(ev.titleModifiers)) scan.push({ phrase: p, payload: { k: 'titleModifier', v: true } });
  for (const p of strings(ev.orgHeads)) scan.push({ phrase: p, payload: { k: 'orgHead', v: true } });
  for (const p of strings(ev.eventPredicates)) scan.push({ phrase: p, payload: { k: 'predicate', v: true } });
  for (const e of afterPlace) scan.push({ phrase: e.phrase, payload: { k: 'afterPlace', v: e.payload } });
  for (const p of strings(ev.twoCountries)) scan.push({ phrase: p, payload: { k: 'twoCountries', v: true } });
  for (const p of strings(ev.reporting)) scan.push({ phrase: p, payload: { k: 'reporting', v: true } });
  for (const p of strings(ev.attendance)) scan.push({ phrase: p, payload: { k: 'attendance', v: true } });
  const sh = sharedEntries();
  for (const e of sh.venues) scan.push({ phrase: e.phrase, payload: { k: 'venue', v: e.payload } });
  for (const e of sh.topics) scan.push({ phrase: e.phrase, payload: { k: 'topic', v: e.payload } });
  for (const e of sh.relations) scan.push({ phrase: e.phrase, payload: { k: 'relation', v: e.payload } });
  const ordRaw = readYaml<Raw>(`config/lexicons/${lang}/ordinals.yaml`) ?? {};
  const words: Array<{ phrase: string; payload: number }> = [];
  for (const [k, v] of Object.entries((ordRaw.words ?? {}) as Raw)) {
    if (typeof v === 'number') words.push({ phrase: k, payload: v });
  }
  for (const e of words) scan.push({ phrase: e.phrase, payload: { k: 'ordinal', v: e.payload } });
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
    titles: new PhraseMatcher(titles, MATCH_OPTIONS),
    orgMaxTokens: num(ev.orgMaxTokens, 0),
    abbreviations: new Set(strings(ev.abbreviations).map((a) => a.toLowerCase())),
    twoCountries: new PhraseMatcher(strings(ev.twoCountries).map((p) => ({ phrase: p, payload: true as const })), MATCH_OPTIONS),
    postNameTitles: ev.postNameTitles === true,
    scan: new PhraseMatcher(scan, MATCH_OPTIONS),
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

function multiLangEntries(file: string, section: string | null): Array<{ phrase: string; payload: string }> {
  const raw = readYaml<Raw>(file) ?? {};
  const table = (section ? raw[section] : raw) as Record<string, Record<string, unknown>> | undefined;
  const entries: Array<{ phrase: string; payload: string }> = [];
  for (const [canonical, langs] of Object.entries(table ?? {})) {
    if (!langs || typeof langs !== 'object') continue;
    for (const l of LEXICON_LANGS) for (const p of strings(langs[l])) entries.push({ phrase: p, payload: canonical });
  }
  return entries;
}

let sharedRaw: { venues: Array<{ phrase: string; payload: string }>; topics: Array<{ phrase: string; payload: string }>; relations: Array<{ phrase: string; payload: string }> } | null = null;

/** The venues, series topics and relations of every language (read once; each language's scan trie holds them). */
function sharedEntries(): NonNullable<typeof sharedRaw> {
  sharedRaw ??= {
    venues: multiLangEntries('config/lexicons/venues.yaml', null),
    topics: multiLangEntries('config/lexicons/series.yaml', 'topics'),
    relations: multiLangEntries('config/lexicons/series.yaml', 'relations'),
  };
  return sharedRaw;
}

let shared: SharedLexicon | null = null;
const langs = new Map<string, LangLexicon | null>();

/** The kind table and its settings (loaded once). */
export function sharedLexicon(): SharedLexicon {
  if (!shared) {
    const { kinds, lead, maxDateTokens, coarseSameClause } = loadKinds();
    shared = {
      kinds,
      undatedLeadSentences: lead,
      maxDateTokens,
      coarseSameClause,
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
