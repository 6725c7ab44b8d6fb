/**
 * Name and phrase normalization shared by the gazetteer and the event lexicons.
 */

const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const COMBINING = /[\u0300-\u036f]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const QUOTES = /[\u2018\u2019\u02BC\u0060\u00B4]/g;

const charCache = new Map<string, string>();

/**
 * Normalizes one code point (or a short string) for matching.
 * @internal
 */
function normChunk(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(ARABIC_MARKS, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .normalize('NFD')
    .replace(COMBINING, '')
    .normalize('NFC')
    .replace(DASHES, '-')
    .replace(QUOTES, "'");
}

/**
 * Normalizes a name or phrase for matching: Unicode NFKC, lowercase, Arabic
 * diacritics and tatweel removed, أ/إ/آ→ا, ة→ه, ى→ي, Latin accents removed,
 * dashes and apostrophes unified, white space collapsed.
 *
 * @example
 * normalizeName('الرئيسُ الصينيّ')   // 'الرئيس الصيني'
 * normalizeName('Erdoğan')          // 'erdogan'
 * normalizeName('  Xi   Jinping ')  // 'xi jinping'
 */
export function normalizeName(s: string): string {
  if (typeof s !== 'string') return '';
  return normChunk(s).replace(/\s+/g, ' ').trim();
}

/** Normalized text with a map back to the original offsets. */
export interface NormalizedText {
  text: string;
  /** For each UTF-16 unit of `text`: start offset of the source character. */
  starts: number[];
  /** For each UTF-16 unit of `text`: end offset of the source character. */
  ends: number[];
}

/**
 * Normalizes `text` character by character (same rules as {@link normalizeName},
 * white space kept as single spaces) and keeps the offset map.
 *
 * @example
 * const n = normalizeWithMap('Pékin');
 * n.text        // 'pekin'
 * n.starts[1]   // 1
 */
export function normalizeWithMap(text: string): NormalizedText {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  if (typeof text !== 'string') return { text: '', starts, ends };
  let i = 0;
  for (const ch of text) {
    const len = ch.length;
    let n: string;
    if (/\s/.test(ch)) n = ' ';
    else {
      const c = charCache.get(ch);
      if (c !== undefined) n = c;
      else {
        n = normChunk(ch);
        if (charCache.size < 50_000) charCache.set(ch, n);
      }
    }
    for (let k = 0; k < n.length; k++) {
      out.push(n[k]!);
      starts.push(i);
      ends.push(i + len);
    }
    i += len;
  }
  return { text: out.join(''), starts, ends };
}

/** Word characters: letters, marks and digits of any script. */
export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{M}\p{N}]/u.test(ch);
}

/** Han, kana and Hangul characters, matched without word boundaries. */
export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(ch);
}
