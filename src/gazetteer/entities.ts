/**
 * Entity gazetteer: persons, organizations and countries with names in
 * Arabic, English, Chinese, French, Spanish and Russian.
 *
 * Persons and organizations come from `config/gazetteer/entities.yaml`;
 * country names are generated at load time from the `i18n-iso-countries`
 * package, completed by `config/gazetteer/nationalities.yaml` (nationality
 * adjectives and extra names).
 */
import { createRequire } from 'node:module';
import { readYaml, strings } from '../events/data.js';
import { normalizeName } from '../events/normalize.js';
import { PhraseMatcher, longestNonOverlapping } from '../events/phrase-matcher.js';

export { normalizeName } from '../events/normalize.js';

export const ENTITY_LANGS = ['ar', 'en', 'zh', 'fr', 'es', 'ru'] as const;
export type EntityLang = (typeof ENTITY_LANGS)[number];

export type EntityAliases = Record<EntityLang, string[]>;

/** One gazetteer entity. */
export interface Entity {
  /** Wikidata QID where known, else a slug; countries use ISO 3166-1 alpha-3. */
  id: string;
  type: 'person' | 'organization' | 'country';
  /** Canonical English name. */
  name: string;
  /** ISO 3166-1 alpha-3 (for a country: its own code). */
  country?: string;
  titles?: string[];
  aliases: EntityAliases;
  /** Surnames and short forms (for a country: nationality adjectives). */
  short?: EntityAliases;
}

/** How an entity was mentioned. */
export type MentionForm = 'name' | 'short' | 'adjective';

/** An entity mention in a text. */
export interface EntityMention {
  start: number;
  end: number;
  /** The text as written. */
  text: string;
  entity: Entity;
  form: MentionForm;
}

interface RawEntity {
  id?: unknown;
  name?: unknown;
  country?: unknown;
  titles?: unknown;
  aliases?: Record<string, unknown>;
  short?: Record<string, unknown>;
}

const UNIVERSAL_MATCHER = { clitics: ['و', 'ف', 'ب', 'ل', 'ك'], article: 'ال', slack: 3 };

function emptyAliases(): EntityAliases {
  return { ar: [], en: [], zh: [], fr: [], es: [], ru: [] };
}

function toAliases(raw: Record<string, unknown> | undefined): EntityAliases {
  const out = emptyAliases();
  if (!raw || typeof raw !== 'object') return out;
  for (const l of ENTITY_LANGS) out[l] = strings(raw[l]);
  return out;
}

function allAliases(a: EntityAliases | undefined): string[] {
  if (!a) return [];
  return ENTITY_LANGS.flatMap((l) => a[l]);
}

/** Picks the everyday English name among the package's English names. */
function pickCanonical(names: string[]): string | null {
  const plain = names.filter((n) => !/^[\p{Lu}.]+$/u.test(n) && !n.includes(','));
  const pool = plain.length ? plain : names;
  let best: string | null = null;
  for (const n of pool) {
    if (best === null || n.split(' ').length < best.split(' ').length) best = n;
  }
  return best;
}

interface Gazetteer {
  entities: Entity[];
  byId: Map<string, Entity>;
  index: Map<string, Entity[]>;
  indexByLang: Map<string, Map<string, Entity[]>>;
  matcher: PhraseMatcher<{ entity: Entity; form: MentionForm; pair?: Entity[] }>;
}

function pushIndex(m: Map<string, Entity[]>, key: string, e: Entity): void {
  if (!key) return;
  const arr = m.get(key);
  if (!arr) m.set(key, [e]);
  else if (!arr.includes(e)) arr.push(e);
}

interface CountriesPkg {
  registerLocale(l: unknown): void;
  getAlpha2Codes(): Record<string, string>;
  alpha2ToAlpha3(c: string): string | undefined;
  getName(c: string, l: string, o?: { select: 'all' | 'official' | 'alias' }): string[] | string | undefined;
}

function loadCountries(
  adjectives: Map<string, EntityAliases>,
  extra: Map<string, EntityAliases>,
  canonical: Map<string, string>,
): Entity[] {
  const out: Entity[] = [];
  try {
    const require = createRequire(import.meta.url);
    const countries = require('i18n-iso-countries') as CountriesPkg;
    for (const l of ENTITY_LANGS) countries.registerLocale(require(`i18n-iso-countries/langs/${l}.json`));
    for (const a2 of Object.keys(countries.getAlpha2Codes())) {
      const a3 = countries.alpha2ToAlpha3(a2);
      if (!a3) continue;
      const aliases = emptyAliases();
      for (const l of ENTITY_LANGS) {
        const names = countries.getName(a2, l, { select: 'all' });
        const list = Array.isArray(names) ? names : typeof names === 'string' ? [names] : [];
        for (const n of list) {
          // "КНР (Китайская Народная Республика)" → both parts
          for (const part of n.split(/[()]/)) {
            const p = part.trim();
            if (p && !p.includes(',')) aliases[l].push(p);
          }
        }
      }
      const name = canonical.get(a3) ?? pickCanonical(aliases.en) ?? a3;
      if (!aliases.en.includes(name)) aliases.en.push(name);
      for (const l of ENTITY_LANGS) aliases[l].push(...(extra.get(a3)?.[l] ?? []));
      const e: Entity = { id: a3, type: 'country', name, country: a3, aliases };
      const adj = adjectives.get(a3);
      if (adj) e.short = adj;
      out.push(e);
    }
  } catch {
    // package missing: only the YAML entities are available
  }
  return out;
}

/** الصيني → الصيني, صيني, الصينية, الصينيون, الصينيين ... */
function expandArabicNisba(forms: string[], suffixes: string[], article: string): string[] {
  const out = new Set<string>();
  for (const f of forms) {
    out.add(f);
    if (!f.endsWith('ي') || f.includes(' ')) continue;
    const stems = [f];
    if (article && f.startsWith(article)) stems.push(f.slice(article.length));
    for (const s of stems) {
      out.add(s);
      for (const suf of suffixes) out.add((suf.startsWith('ي') ? s.slice(0, -1) : s) + suf);
    }
  }
  return [...out];
}

function load(): Gazetteer {
  const raw = readYaml<{ persons?: RawEntity[]; orgs?: RawEntity[] }>('config/gazetteer/entities.yaml') ?? {};
  const nat =
    readYaml<{
      arabicNisba?: { suffixes?: unknown; article?: unknown };
      countries?: Record<string, Record<string, unknown>>;
      extraNames?: Record<string, Record<string, unknown>>;
      canonicalNames?: Record<string, unknown>;
      zhPairs?: Record<string, unknown>;
    }>('config/gazetteer/nationalities.yaml') ?? {};
  const canonical = new Map<string, string>();
  for (const [code, name] of Object.entries(nat.canonicalNames ?? {})) if (typeof name === 'string') canonical.set(code, name);
  const suffixes = strings(nat.arabicNisba?.suffixes);
  const article = typeof nat.arabicNisba?.article === 'string' ? nat.arabicNisba.article : '';
  const adjectives = new Map<string, EntityAliases>();
  for (const [code, langs] of Object.entries(nat.countries ?? {})) {
    const a = toAliases(langs);
    a.ar = expandArabicNisba(a.ar, suffixes, article);
    adjectives.set(code, a);
  }
  const extra = new Map<string, EntityAliases>();
  for (const [code, langs] of Object.entries(nat.extraNames ?? {})) extra.set(code, toAliases(langs));

  const entities: Entity[] = [];
  const mk = (r: RawEntity, type: Entity['type']): Entity | null => {
    if (typeof r?.id !== 'string' || typeof r.name !== 'string') return null;
    const e: Entity = { id: r.id, type, name: r.name, aliases: toAliases(r.aliases) };
    if (typeof r.country === 'string') e.country = r.country;
    const titles = strings(r.titles);
    if (titles.length) e.titles = titles;
    if (r.short) e.short = toAliases(r.short);
    if (!e.aliases.en.includes(e.name)) e.aliases.en.unshift(e.name);
    return e;
  };
  for (const r of raw.persons ?? []) {
    const e = mk(r, 'person');
    if (e) entities.push(e);
  }
  for (const r of raw.orgs ?? []) {
    const e = mk(r, 'organization');
    if (e) entities.push(e);
  }
  entities.push(...loadCountries(adjectives, extra, canonical));

  const byId = new Map<string, Entity>();
  const index = new Map<string, Entity[]>();
  const indexByLang = new Map<string, Map<string, Entity[]>>();
  const entries: Array<{ phrase: string; payload: { entity: Entity; form: MentionForm; pair?: Entity[] } }> = [];
  for (const e of entities) {
    if (!byId.has(e.id)) byId.set(e.id, e);
    for (const l of ENTITY_LANGS) {
      let m = indexByLang.get(l);
      if (!m) indexByLang.set(l, (m = new Map()));
      for (const a of e.aliases[l]) {
        pushIndex(m, normalizeName(a), e);
        pushIndex(index, normalizeName(a), e);
        entries.push({ phrase: a, payload: { entity: e, form: 'name' } });
      }
    }
    pushIndex(index, normalizeName(e.name), e);
    const form: MentionForm = e.type === 'country' ? 'adjective' : 'short';
    for (const a of allAliases(e.short)) entries.push({ phrase: a, payload: { entity: e, form } });
  }
  for (const [abbr, codes] of Object.entries(nat.zhPairs ?? {})) {
    const pair = strings(codes).map((c) => byId.get(c)).filter((e): e is Entity => !!e);
    if (pair.length === [...abbr].length && pair[0]) entries.push({ phrase: abbr, payload: { entity: pair[0], form: 'name', pair } });
  }
  const matcher = new PhraseMatcher<{ entity: Entity; form: MentionForm; pair?: Entity[] }>(entries, UNIVERSAL_MATCHER);
  return { entities, byId, index, indexByLang, matcher };
}

let gaz: Gazetteer | null = null;
function gazetteer(): Gazetteer {
  if (!gaz) gaz = load();
  return gaz;
}

/**
 * Looks an entity up by any of its names (case, diacritics and Arabic letter
 * variants ignored). With `lang`, names in that language are tried first.
 *
 * @example
 * lookupEntity('شي جين بينغ')?.name   // 'Xi Jinping'
 * lookupEntity('Russie', 'fr')?.id    // 'RUS'
 * lookupEntity('nobody')              // null
 */
export function lookupEntity(name: string, lang?: string | null): Entity | null {
  if (typeof name !== 'string' || !name.trim() || name.length > 300) return null;
  const g = gazetteer();
  const key = normalizeName(name);
  if (lang) {
    const hit = g.indexByLang.get(lang)?.get(key);
    if (hit?.[0]) return hit[0];
  }
  return g.index.get(key)?.[0] ?? g.byId.get(name) ?? null;
}

/** The entity with this id, or null. */
export function getEntity(id: string): Entity | null {
  return gazetteer().byId.get(id) ?? null;
}

/**
 * Finds entity mentions in `text`: full names, short forms (surnames, to be
 * confirmed by the caller against a full mention) and nationality adjectives;
 * longest match first, no overlaps. Names of every language are searched
 * (`lang` is accepted for API stability).
 *
 * @example
 * findEntityMentions('قال الرئيس الصيني شي جين بينغ', 'ar')
 * // [{ text: 'الصيني', form: 'adjective', entity: {id: 'CHN', ...} },
 * //  { text: 'شي جين بينغ', form: 'name', entity: {name: 'Xi Jinping', ...} }]
 */
export function findEntityMentions(text: string, lang: string): EntityMention[] {
  void lang;
  if (typeof text !== 'string' || !text) return [];
  const g = gazetteer();
  const out: EntityMention[] = [];
  for (const m of longestNonOverlapping(g.matcher.find(text))) {
    const pair = m.payload.pair;
    if (pair && pair.length === m.end - m.start) {
      // "中俄": one character per country
      pair.forEach((entity, k) => {
        out.push({ start: m.start + k, end: m.start + k + 1, text: text.slice(m.start + k, m.start + k + 1), entity, form: 'name' });
      });
      continue;
    }
    out.push({ start: m.start, end: m.end, text: text.slice(m.start, m.end), entity: m.payload.entity, form: m.payload.form });
  }
  return out;
}

/** All entities (for tests and tools). */
export function allEntities(): readonly Entity[] {
  return gazetteer().entities;
}
