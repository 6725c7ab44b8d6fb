import { DataFileError, readDataYaml } from '../data-files.js';
/**
 * Gazetteer of capitals and major news cities (data in config/gazetteer/places.yaml,
 * loaded once). Lookup is case-, accent- and Arabic-variant-insensitive.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold, foldKey } from '../dates/fold.js';

export interface Place {
  /** Wikidata QID where known, else a slug. */
  id: string;
  /** English canonical name. */
  name: string;
  /** ISO 3166-1 alpha-3, or null for non-country places (e.g. the UN). */
  country: string | null;
  /** IANA zone. */
  zone: string;
  names: Partial<Record<'ar' | 'en' | 'zh' | 'fr' | 'es' | 'ru', string[]>> & Record<string, string[] | undefined>;
}

const FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'config', 'gazetteer', 'places.yaml');
/** Arabic proclitics allowed glued to a place name ("ببكين", "وبغداد"). */
const PROCLITICS = ['و', 'ف', 'ب', 'ل', 'وب', 'ول', 'فب', 'فل'];
const PROCLITIC_FIRST = new Set(PROCLITICS.map((p) => p[0]!));

interface Node {
  next: Map<string, Node>;
  place: Place | null;
}

function loadPlaces(): Place[] {
  const raw = readDataYaml<{ places?: unknown }>(FILE);
  if (!Array.isArray(raw?.places)) throw new DataFileError(FILE, 'expected a top-level "places" list');
  {
    const out: Place[] = [];
    for (const p of raw.places as Array<Record<string, unknown>>) {
      if (typeof p?.id !== 'string' || typeof p.name !== 'string' || typeof p.zone !== 'string') continue;
      const names: Place['names'] = {};
      for (const [lang, list] of Object.entries((p.names ?? {}) as Record<string, unknown>)) {
        if (Array.isArray(list)) names[lang] = list.filter((x): x is string => typeof x === 'string');
      }
      names.en = [p.name, ...(names.en ?? [])];
      out.push({ id: p.id, name: p.name, country: typeof p.country === 'string' ? p.country : null, zone: p.zone, names });
    }
    return out;
  }
}

const PLACES = loadPlaces();
const BY_KEY = new Map<string, Place>();
const BY_LANG_KEY = new Map<string, Place>();
const ROOT: Node = { next: new Map(), place: null };
let MAX_LEN = 0;

for (const place of PLACES) {
  for (const [lang, list] of Object.entries(place.names)) {
    for (const name of list ?? []) {
      const key = foldKey(name).replace(/[-‐]/g, ' ');
      if (!key) continue;
      if (!BY_KEY.has(key)) BY_KEY.set(key, place);
      if (!BY_LANG_KEY.has(`${lang}:${key}`)) BY_LANG_KEY.set(`${lang}:${key}`, place);
      let node = ROOT;
      for (const ch of key) {
        let nx = node.next.get(ch);
        if (!nx) node.next.set(ch, (nx = { next: new Map(), place: null }));
        node = nx;
      }
      node.place ??= place;
      MAX_LEN = Math.max(MAX_LEN, key.length);
    }
  }
}

/** Every place in the gazetteer. */
export function allPlaces(): readonly Place[] {
  return PLACES;
}

/**
 * The place a name denotes, or null. Case, accents, Arabic letter variants and
 * diacritics are ignored; `lang` prefers that language's names.
 *
 * @example
 * lookupPlace('PÉKIN')?.name   // 'Beijing'
 * lookupPlace('بيجينغ')?.zone  // 'Asia/Shanghai'
 * lookupPlace('Atlantis')      // null
 */
export function lookupPlace(name: string, lang?: string | null): Place | null {
  if (typeof name !== 'string' || name.length > 200) return null;
  const key = foldKey(name).replace(/[-‐]/g, ' ').replace(/[.,:;]+$/, '');
  if (!key) return null;
  if (lang) {
    const hit = BY_LANG_KEY.get(`${lang}:${key}`);
    if (hit) return hit;
  }
  const hit = BY_KEY.get(key);
  if (hit) return hit;
  for (const p of PROCLITICS) {
    if (key.startsWith(p) && key.length > p.length + 2) {
      const h = BY_KEY.get(key.slice(p.length));
      if (h) return h;
    }
  }
  return null;
}

// Per-UTF-16-unit classes, computed on first sight (bit 1 word char, 2 Han, 4 white space, 8 known).
const UNIT = new Uint8Array(65536);
function unitClass(ch: string): number {
  if (ch.length !== 1) return (/[\p{L}\p{M}\p{N}]/u.test(ch) ? 1 : 0) | (/\p{Script=Han}/u.test(ch) ? 2 : 0) | (/\s/.test(ch) ? 4 : 0);
  const code = ch.charCodeAt(0);
  let c = UNIT[code]!;
  if (c === 0) {
    c = 8 | (/[\p{L}\p{M}\p{N}]/u.test(ch) ? 1 : 0) | (/\p{Script=Han}/u.test(ch) ? 2 : 0) | (/\s/.test(ch) ? 4 : 0);
    UNIT[code] = c;
  }
  return c;
}
const isWordChar = (ch: string | undefined) => ch !== undefined && ch !== '' && (unitClass(ch) & 1) !== 0;
const isHan = (ch: string | undefined) => ch !== undefined && ch !== '' && (unitClass(ch) & 2) !== 0;
const isSpace = (ch: string) => ch !== '' && (unitClass(ch) & 4) !== 0;

function walk(s: string, i: number): { end: number; place: Place } | null {
  let node: Node | undefined = ROOT;
  let best: { end: number; place: Place } | null = null;
  let j = i;
  while (node && j - i <= MAX_LEN * 2) {
    if (node.place && j > i) {
      const last = s[j - 1];
      if (isHan(last) || !isWordChar(s[j]) || isHan(s[j])) best = { end: j, place: node.place };
    }
    if (j >= s.length) break;
    let ch = s[j]!;
    if (ch === '-' || isSpace(ch)) {
      ch = ' ';
      while (j < s.length && (s[j] === '-' || isSpace(s[j]!))) j++;
      node = node.next.get(ch);
      continue;
    }
    node = node.next.get(ch);
    j++;
  }
  return best;
}

/**
 * Every gazetteer place named in `text`, longest match first, at word boundaries
 * (Arabic proclitics like "ب" in "ببكين" allowed). Spans are in the original string.
 *
 * @example
 * findPlaceMentions('التقى في بكين')  // [{ start: 9, end: 13, place: { name: 'Beijing', ... } }]
 */
export function findPlaceMentions(text: string): Array<{ start: number; end: number; place: Place }> {
  if (typeof text !== 'string' || !text) return [];
  const f = fold(text.length > 2_000_000 ? text.slice(0, 2_000_000) : text);
  const s = f.s;
  const out: Array<{ start: number; end: number; place: Place }> = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    const atStart = isHan(ch) || (isWordChar(ch) && !isWordChar(s[i - 1]));
    if (!atStart) {
      i++;
      continue;
    }
    let hit = ROOT.next.has(ch) || ch === '-' || isSpace(ch) ? walk(s, i) : null;
    let at = i;
    if (!hit && PROCLITIC_FIRST.has(ch)) {
      for (const p of PROCLITICS) {
        if (s.startsWith(p, i)) {
          const h = walk(s, i + p.length);
          if (h && (!hit || h.end > hit.end)) {
            hit = h;
            at = i + p.length;
          }
        }
      }
    }
    if (hit) {
      out.push({ start: f.starts[at]!, end: f.ends[hit.end - 1]!, place: hit.place });
      i = hit.end;
      continue;
    }
    if (isHan(ch)) i++;
    else while (i < s.length && isWordChar(s[i])) i++;
  }
  return out;
}
