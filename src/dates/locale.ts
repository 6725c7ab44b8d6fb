import { readDataYaml } from '../data-files.js';
/**
 * Loads the per-language date vocabulary in `src/dates/locales/<lang>/dates.yaml`
 * (once, at module init) and compiles it into a phrase trie per language.
 * Adding a language means adding a folder; the code does not change.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Grain, TemporalMod } from '../types.js';
import { foldKey } from './fold.js';
import { hasHoliday } from './holidays.js';

const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'locales');

export type Unit = 'day' | 'week' | 'weekend' | 'month' | 'quarter' | 'year' | 'decade';
export type PartOfDay = 'morning' | 'noon' | 'afternoon' | 'evening' | 'night';

/** What a lexicon phrase means; a phrase may carry several. */
export type Cat =
  | { c: 'month' | 'hmonth'; v: number; ctx?: boolean }
  | { c: 'weekday'; v: number; wk?: number }
  | { c: 'ordinal' | 'number' | 'relday' | 'relBefore' | 'relAfter' | 'halfPhrase' | 'numeral'; v: number }
  | { c: 'decadeWord'; v: number }
  | { c: 'unit'; unit: Unit; count?: number }
  | { c: 'relPhrase'; unit: Unit; v: number; mod?: TemporalMod }
  | { c: 'modBefore' | 'modAfter'; mod: TemporalMod }
  | { c: 'pod'; pod: PartOfDay }
  | { c: 'season'; s: string }
  | { c: 'holiday'; id: string }
  | {
      c:
        | 'ordSuffix' | 'connector' | 'dayNoun' | 'yearNoun' | 'yearSuffix' | 'hijriSuffix'
        | 'agoBefore' | 'agoAfter' | 'laterBefore' | 'laterAfter' | 'am' | 'pm'
        | 'clockNoun' | 'clockLinker' | 'hourMark' | 'minuteMark' | 'localTime'
        | 'quarterNoun' | 'halfNoun' | 'quarterPrefix' | 'halfPrefix'
        | 'decadeSuffix' | 'decadePrefix' | 'decadeMark' | 'yearMark' | 'monthMark' | 'dayMark'
        | 'rangeFrom' | 'rangeTo' | 'rangeAnd' | 'future' | 'futureAfter' | 'nameHead' | 'past' | 'clauseBreak'
        | 'notYearBefore' | 'notYearAfter' | 'reldayBlocker' | 'equivalent' | 'inert' | 'singleUnit' | 'article';
    };

/**
 * Bit of each category in a token's two 32-bit masks (0–31 in `lo`, 32–63 in `hi`), so the
 * grammar tests a category with one AND instead of a search. Written out as a literal so
 * the engine keeps it a fast constant object.
 */
export const CAT_BIT: Readonly<Record<Cat['c'], number>> = {
  month: 0, hmonth: 1, weekday: 2, ordinal: 3, number: 4, relday: 5, relBefore: 6, relAfter: 7,
  halfPhrase: 8, numeral: 9, decadeWord: 10, unit: 11, relPhrase: 12, modBefore: 13, modAfter: 14, pod: 15,
  season: 16, holiday: 17, ordSuffix: 18, connector: 19, dayNoun: 20, yearNoun: 21, yearSuffix: 22,
  hijriSuffix: 23, agoBefore: 24, agoAfter: 25, laterBefore: 26, laterAfter: 27, am: 28, pm: 29,
  clockNoun: 30, clockLinker: 31, hourMark: 32, minuteMark: 33, localTime: 34, quarterNoun: 35, halfNoun: 36,
  quarterPrefix: 37, halfPrefix: 38, decadeSuffix: 39, decadePrefix: 40, decadeMark: 41, yearMark: 42,
  monthMark: 43, dayMark: 44, rangeFrom: 45, rangeTo: 46, rangeAnd: 47, future: 48, past: 49,
  clauseBreak: 50, notYearBefore: 51, notYearAfter: 52, reldayBlocker: 53, equivalent: 54, inert: 55, futureAfter: 56, nameHead: 57, singleUnit: 58, article: 59,
};

/** The low mask (bits 0–31) of a list of categories. @example maskLo([{ c: 'month', v: 1 }]) // 1 */
export function maskLo(cats: readonly Cat[]): number {
  let m = 0;
  for (const c of cats) if (CAT_BIT[c.c] < 32) m |= 1 << CAT_BIT[c.c];
  return m;
}

/** The high mask (bits 32–63) of a list of categories. */
export function maskHi(cats: readonly Cat[]): number {
  let m = 0;
  for (const c of cats) if (CAT_BIT[c.c] >= 32) m |= 1 << (CAT_BIT[c.c] - 32);
  return m;
}

export interface TrieNode {
  next: Map<string, TrieNode>;
  cats: Cat[] | null;
}

/**
 * The phrase trie as flat arrays, for the tokenizer's hot loop: node 0 is "no node",
 * node 1 the root; `trans[node * width + alpha[codeUnit]]` is the next node.
 */
export interface FlatTrie {
  /** Per UTF-16 code unit: its column (1-based), 0 when no phrase uses it. */
  alpha: Uint16Array;
  width: number;
  trans: Uint16Array | Uint32Array;
  /** Cats of the phrases ending at each node, or null. */
  cats: Array<Cat[] | null>;
  /** `maskLo` / `maskHi` of each node's cats. */
  lo: Int32Array;
  hi: Int32Array;
  /** Column of the (collapsed) space. */
  space: number;
}

export interface CompiledLocale {
  lang: string;
  trie: TrieNode;
  flat: FlatTrie;
  /** Longest phrase in characters (bounds the trie walk). */
  maxLen: number;
  proclitics: string[];
  /** Per code unit, 1 when a proclitic starts with it; null without proclitics. */
  procliticFirst: Uint8Array | null;
  articleContraction: { proclitic: string; article: string } | null;
  futurePrefix: { prefix: string; next: Set<string>; minLength: number; exceptions: Set<string> } | null;
  futureSuffix: { suffixes: string[]; folded: string[]; minLength: number; exceptions: Set<string> } | null;
  /** Future endings read without accents, in texts that have none (see es/dates.yaml). */
  unaccentedFuture: {
    /** Any of the accents (one native scan of the text). */
    accentRe: RegExp; suffixes: string[]; notSuffixes: string[]; minLength: number;
    triggers: Set<string>; clitics: Set<string>; exceptions: Set<string>;
  } | null;
  numeralChars: Map<string, number>;
  /** Per code unit, 1 when it is one of `numeralChars` (a table read, no string made); null without numerals. */
  numeralCodes: Uint8Array | null;
  numeralFollowers: Set<string>;
  bareMonthNeedsCapital: boolean;
  /** Case tells names: a capitalized holiday right after a capitalized name word is part of the name ("Tariq Ramadan"). */
  holidayNameCheck: boolean;
}

type Raw = Record<string, unknown>;

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' || typeof x === 'number').map(String) : []);
const asMap = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function readLocaleFiles(): Map<string, Raw> {
  const out = new Map<string, Raw>();
  for (const lang of readdirSync(LOCALES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    const dir = join(LOCALES_DIR, lang);
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));
    const merged: Raw = {};
    for (const f of files) Object.assign(merged, asMap(readDataYaml(join(dir, f))));
    out.set(lang, merged);
  }
  return out;
}

const RAW = readLocaleFiles();

function add(root: TrieNode, phrase: string, cat: Cat, maxLen: { n: number }): void {
  const key = foldKey(phrase);
  if (!key) return;
  let node = root;
  for (const ch of key) {
    let nx = node.next.get(ch);
    if (!nx) {
      nx = { next: new Map(), cats: null };
      node.next.set(ch, nx);
    }
    node = nx;
  }
  (node.cats ??= []).push(cat);
  if (key.length > maxLen.n) maxLen.n = key.length;
}

function compile(lang: string, raw: Raw): CompiledLocale {
  const trie: TrieNode = { next: new Map(), cats: null };
  const ml = { n: 0 };
  const put = (phrases: unknown, cat: Cat) => {
    for (const p of asList(phrases)) add(trie, p, cat, ml);
  };
  const needCtx = new Set(asList(raw.monthsNeedContext).map(foldKey));
  const months = Array.isArray(raw.months) ? raw.months : [];
  months.forEach((names, idx) => {
    for (const n of asList(names)) add(trie, n, { c: 'month', v: idx + 1, ctx: needCtx.has(foldKey(n)) }, ml);
  });
  const hmonths = Array.isArray(raw.hijriMonths) ? raw.hijriMonths : [];
  hmonths.forEach((names, idx) => put(names, { c: 'hmonth', v: idx + 1 }));
  const weekdays = Array.isArray(raw.weekdays) ? raw.weekdays : [];
  const prefixes = asMap(raw.weekdayPrefixes);
  weekdays.forEach((names, idx) => {
    for (const n of asList(names)) {
      add(trie, n, { c: 'weekday', v: idx + 1 }, ml);
      for (const [p, wk] of Object.entries(prefixes)) add(trie, p + n, { c: 'weekday', v: idx + 1, wk: Number(wk) }, ml);
    }
  });
  const numbered = (key: string, c: 'ordinal' | 'number' | 'relday' | 'decadeWord' | 'halfPhrase') => {
    for (const [n, names] of Object.entries(asMap(raw[key]))) {
      const v = Number(n);
      if (Number.isFinite(v)) put(c === 'halfPhrase' ? [n] : names, { c, v } as Cat);
    }
  };
  numbered('ordinals', 'ordinal');
  numbered('numbers', 'number');
  numbered('relativeDays', 'relday');
  numbered('decadeWords', 'decadeWord');
  for (const [p, v] of Object.entries(asMap(raw.halfPhrases))) add(trie, p, { c: 'halfPhrase', v: Number(v) }, ml);
  for (const [unit, names] of Object.entries(asMap(raw.units))) put(names, { c: 'unit', unit: unit as Unit });
  for (const [p, uv] of Object.entries(asMap(raw.unitCounts))) {
    const a = asList(uv);
    if (a.length === 2) add(trie, p, { c: 'unit', unit: a[0] as Unit, count: Number(a[1]) }, ml);
  }
  for (const [p, uv] of Object.entries(asMap(raw.relativePhrases))) {
    const a = asList(uv);
    if (a.length === 2 || a.length === 3) {
      const cat: Cat = { c: 'relPhrase', unit: a[0] as Unit, v: Number(a[1]) };
      if (a[2]) cat.mod = a[2] as TemporalMod;
      add(trie, p, cat, ml);
    }
  }
  for (const [id, names] of Object.entries(asMap(raw.holidays))) {
    if (hasHoliday(id)) put(names, { c: 'holiday', id });
  }
  for (const [p, v] of Object.entries(asMap(raw.relativeBefore))) add(trie, p, { c: 'relBefore', v: Number(v) }, ml);
  for (const [p, v] of Object.entries(asMap(raw.relativeAfter))) add(trie, p, { c: 'relAfter', v: Number(v) }, ml);
  for (const [mod, names] of Object.entries(asMap(raw.modBefore))) put(names, { c: 'modBefore', mod: mod as TemporalMod });
  for (const [mod, names] of Object.entries(asMap(raw.modAfter))) put(names, { c: 'modAfter', mod: mod as TemporalMod });
  for (const [pod, names] of Object.entries(asMap(raw.partsOfDay))) put(names, { c: 'pod', pod: pod as PartOfDay });
  for (const [s, names] of Object.entries(asMap(raw.seasons))) put(names, { c: 'season', s });
  const mer = asMap(raw.meridiem);
  put(mer.am, { c: 'am' });
  put(mer.pm, { c: 'pm' });
  const simple: Array<[string, Cat['c']]> = [
    ['ordinalSuffixes', 'ordSuffix'], ['connectors', 'connector'], ['dayNouns', 'dayNoun'], ['yearNouns', 'yearNoun'],
    ['yearSuffixes', 'yearSuffix'], ['hijriSuffixes', 'hijriSuffix'], ['agoBefore', 'agoBefore'], ['agoAfter', 'agoAfter'],
    ['laterBefore', 'laterBefore'], ['laterAfter', 'laterAfter'], ['clockNouns', 'clockNoun'], ['clockLinkers', 'clockLinker'],
    ['clockHourMarks', 'hourMark'], ['clockMinuteMarks', 'minuteMark'], ['localTime', 'localTime'], ['quarterNouns', 'quarterNoun'],
    ['halfNouns', 'halfNoun'], ['quarterPrefix', 'quarterPrefix'], ['halfPrefix', 'halfPrefix'], ['decadeSuffixes', 'decadeSuffix'],
    ['decadePrefixes', 'decadePrefix'], ['decadeMarks', 'decadeMark'], ['yearMarks', 'yearMark'], ['monthMarks', 'monthMark'],
    ['dayMarks', 'dayMark'], ['rangeFrom', 'rangeFrom'], ['rangeTo', 'rangeTo'], ['rangeAnd', 'rangeAnd'], ['future', 'future'], ['futureAfter', 'futureAfter'], ['holidayNameHeads', 'nameHead'],
    ['past', 'past'], ['clauseBreaks', 'clauseBreak'], ['notYearBefore', 'notYearBefore'], ['notYearAfter', 'notYearAfter'],
    ['relativeDayBlockers', 'reldayBlocker'], ['equivalents', 'equivalent'], ['nonDates', 'inert'],
    ['singularUnits', 'singleUnit'], ['articles', 'article'],
  ];
  for (const [key, c] of simple) put(raw[key], { c } as Cat);

  const proclitics = asList(raw.proclitics).map(foldKey).sort((a, b) => a.length - b.length);
  const ac = asMap(raw.articleContraction);
  const fp = asMap(raw.futurePrefix);
  const numeralChars = new Map<string, number>();
  for (const [ch, v] of Object.entries(asMap(raw.numeralChars))) numeralChars.set(ch, Number(v));
  return {
    lang,
    trie,
    flat: flatten(trie),
    maxLen: ml.n,
    proclitics,
    procliticFirst: codeTable(proclitics.map((p) => p.slice(0, 1))),
    articleContraction:
      typeof ac.proclitic === 'string' && typeof ac.article === 'string'
        ? { proclitic: foldKey(ac.proclitic), article: foldKey(ac.article) }
        : null,
    futurePrefix:
      typeof fp.prefix === 'string'
        ? {
            prefix: foldKey(fp.prefix),
            next: new Set(asList(fp.next).map(foldKey)),
            minLength: Number(fp.minLength) || 4,
            exceptions: new Set(asList(fp.exceptions).map(foldKey)),
          }
        : null,
    futureSuffix: Array.isArray(asMap(raw.futureSuffix).suffixes)
      ? {
          suffixes: asList(asMap(raw.futureSuffix).suffixes).map((x) => x.normalize('NFC').toLowerCase()),
          // Folded too, for a quick test on the folded word before the original is read.
          folded: asList(asMap(raw.futureSuffix).suffixes).map(foldKey),
          minLength: Number(asMap(raw.futureSuffix).minLength) || 5,
          exceptions: new Set(asList(asMap(raw.futureSuffix).exceptions).map(foldKey)),
        }
      : null,
    unaccentedFuture: unaccentedFuture(asMap(raw.unaccentedFuture)),
    numeralChars,
    numeralCodes: codeTable([...numeralChars.keys()]),
    numeralFollowers: new Set(asList(raw.numeralFollowers)),
    bareMonthNeedsCapital: raw.bareMonthNeedsCapital === true,
    holidayNameCheck: raw.holidayNameCheck === true,
  };
}

/**
 * Flattens a phrase trie. Keys are code points (as `add` iterates them); a key that is
 * not one UTF-16 unit can never match a unit of the text, so its subtree is left out.
 */
function flatten(root: TrieNode): FlatTrie {
  const alpha = new Uint16Array(0x10000);
  let width = 1;
  const ids = new Map<TrieNode, number>();
  const order: TrieNode[] = [];
  const visit = (n: TrieNode) => {
    ids.set(n, order.length + 1);
    order.push(n);
    for (const [k, nx] of n.next) {
      if (k.length !== 1) continue;
      const u = k.charCodeAt(0);
      if (!alpha[u]) alpha[u] = width++;
      visit(nx);
    }
  };
  visit(root);
  const size = (order.length + 1) * width;
  const trans = order.length + 1 < 0xffff ? new Uint16Array(size) : new Uint32Array(size);
  const cats: Array<Cat[] | null> = [null];
  const lo = new Int32Array(order.length + 1);
  const hi = new Int32Array(order.length + 1);
  for (const n of order) {
    const id = ids.get(n)!;
    cats.push(n.cats);
    lo[id] = maskLo(n.cats ?? []);
    hi[id] = maskHi(n.cats ?? []);
    for (const [k, nx] of n.next) if (k.length === 1) trans[id * width + alpha[k.charCodeAt(0)]!] = ids.get(nx)!;
  }
  return { alpha, width, trans, cats, lo, hi, space: alpha[0x20]! };
}

/** A table marking the code units of the one-unit strings of `chars`, or null when there are none. */
function codeTable(chars: readonly string[]): Uint8Array | null {
  const one = chars.filter((c) => c.length === 1);
  if (!one.length) return null;
  const t = new Uint8Array(0x10000);
  for (const c of one) t[c.charCodeAt(0)] = 1;
  return t;
}

function unaccentedFuture(uf: Raw): CompiledLocale['unaccentedFuture'] {
  if (!Array.isArray(uf.suffixes)) return null;
  return {
    accentRe: new RegExp(`[${asList(uf.accents).map((a) => a.replace(/[\\\]^-]/g, '\\$&')).join('')}]`),
    suffixes: asList(uf.suffixes).map(foldKey),
    notSuffixes: asList(uf.notSuffixes).map(foldKey),
    minLength: Number(uf.minLength) || 5,
    triggers: new Set(asList(uf.triggers).map(foldKey)),
    clitics: new Set(asList(uf.clitics).map(foldKey)),
    exceptions: new Set(asList(uf.exceptions).map(foldKey)),
  };
}

const CACHE = new Map<string, CompiledLocale>();

/** Languages that have date vocabulary. */
export function dateLanguages(): string[] {
  return [...RAW.keys()];
}

/**
 * The compiled vocabulary of `lang`; unknown languages get every language merged.
 *
 * @example
 * compiledLocale('ar').lang // 'ar'
 */
export function compiledLocale(lang: string): CompiledLocale {
  const key = RAW.has(lang) ? lang : '*';
  const hit = CACHE.get(key);
  if (hit) return hit;
  let compiled: CompiledLocale;
  if (key === '*') {
    const merged: Raw = {};
    // Merge list-valued and map-valued keys of every language.
    for (const raw of RAW.values()) {
      for (const [k, v] of Object.entries(raw)) {
        const cur = merged[k];
        if (k === 'months' || k === 'weekdays' || k === 'hijriMonths') {
          const arr = (Array.isArray(cur) ? cur : []) as unknown[][];
          (v as unknown[]).forEach((names, i) => {
            arr[i] = [...(arr[i] ?? []), ...asList(names)];
          });
          merged[k] = arr;
        } else if (Array.isArray(v)) merged[k] = [...(Array.isArray(cur) ? cur : []), ...v];
        else if (v && typeof v === 'object') {
          const m = { ...asMap(cur) };
          for (const [kk, vv] of Object.entries(v)) {
            const prev = m[kk];
            m[kk] = Array.isArray(prev) && Array.isArray(vv) && typeof vv[0] !== 'number' && !/^(unitCounts|relativePhrases)$/.test(k) ? [...prev, ...vv] : vv;
          }
          merged[k] = m;
        } else if (cur === undefined) merged[k] = v;
      }
    }
    merged.bareMonthNeedsCapital = true;
    compiled = compile('und', merged);
  } else {
    compiled = compile(lang, RAW.get(lang)!);
  }
  CACHE.set(key, compiled);
  return compiled;
}

export type { Grain };
