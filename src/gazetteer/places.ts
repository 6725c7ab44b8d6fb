import { DataFileError, readDataYaml } from '../data-files.js';
/**
 * Gazetteer of capitals and major news cities (data in config/gazetteer/places.yaml,
 * loaded once). Lookup is case-, accent- and Arabic-variant-insensitive.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldKey, foldMapped } from '../dates/fold.js';
import { childOf, flattenTrie } from '../text/flat-trie.js';

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
  /** Children by UTF-16 code unit; a name's astral character (never matched unit by unit) gets no edge. */
  next: Map<number, Node>;
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
      let node: Node | null = ROOT;
      for (const ch of key) {
        // the matcher reads one code unit at a time: a two-unit character is never matched
        if (ch.length !== 1) {
          node = null;
          break;
        }
        const code = ch.charCodeAt(0);
        let nx: Node | undefined = node.next.get(code);
        if (!nx) node.next.set(code, (nx = { next: new Map(), place: null }));
        node = nx;
      }
      if (node) node.place ??= place;
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

/** The name trie in flat arrays for the matching loop. */
const TRIE = flattenTrie(ROOT, (n) => n.place);
const SPACE_CODE = 32;
const DASH_CODE = 45;

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
/** Class bits of code unit `code` (as `unitClass` of that one-unit string). */
function codeClass(code: number): number {
  const c = UNIT[code]!;
  return c !== 0 ? c : unitClass(String.fromCharCode(code));
}
/** Class bits of the unit at `k` of `s`, 0 past either end (no character: neither word, Han nor space). */
const classAt = (s: string, k: number): number => (k >= 0 && k < s.length ? codeClass(s.charCodeAt(k)) : 0);

/** The longest place name in the trie starting at unit `i` of the folded text, at a word end. */
function walk(s: string, i: number): { end: number; place: Place } | null {
  let node = 0;
  let best: { end: number; place: Place } | null = null;
  let j = i;
  const L = s.length;
  while (node >= 0 && j - i <= MAX_LEN * 2) {
    const place = TRIE.payload[node];
    if (place && j > i) {
      const nextCls = classAt(s, j);
      if ((classAt(s, j - 1) & 2) !== 0 || (nextCls & 1) === 0 || (nextCls & 2) !== 0) best = { end: j, place };
    }
    if (j >= L) break;
    const code = s.charCodeAt(j);
    if (code === DASH_CODE || (codeClass(code) & 4) !== 0) {
      // a run of dashes and white space reads as one space
      while (j < L && (s.charCodeAt(j) === DASH_CODE || (codeClass(s.charCodeAt(j)) & 4) !== 0)) j++;
      node = childOf(TRIE, node, SPACE_CODE);
      continue;
    }
    node = childOf(TRIE, node, code);
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
  const f = foldMapped(text.length > 2_000_000 ? text.slice(0, 2_000_000) : text);
  const s = f.s;
  const out: Array<{ start: number; end: number; place: Place }> = [];
  const L = s.length;
  let i = 0;
  while (i < L) {
    const code = s.charCodeAt(i);
    const cls = codeClass(code);
    const atStart = (cls & 2) !== 0 || ((cls & 1) !== 0 && (classAt(s, i - 1) & 1) === 0);
    if (!atStart) {
      i++;
      continue;
    }
    // (a word or Han character here: never a dash or a space)
    let hit = childOf(TRIE, 0, code) >= 0 ? walk(s, i) : null;
    let at = i;
    if (!hit && PROCLITIC_FIRST.has(s[i]!)) {
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
      out.push({ start: f.starts ? f.starts[at]! : at, end: f.ends ? f.ends[hit.end - 1]! : hit.end, place: hit.place });
      i = hit.end;
      continue;
    }
    if ((cls & 2) !== 0) i++;
    else while (i < L && (codeClass(s.charCodeAt(i)) & 1) !== 0) i++;
  }
  return out;
}
