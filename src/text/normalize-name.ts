/**
 * Name normalization for matching across scripts and spellings, shared by the
 * gazetteer, the event lexicons and the store's alias keys.
 */

const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const COMBINING = /[\u0300-\u036f]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const QUOTES = /[\u2018\u2019\u02BC\u0060\u00B4]/g;

/**
 * Normalizes one code point (or a short string) for matching, white space untouched.
 */
export function normChunk(s: string): string {
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
