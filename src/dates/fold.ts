/**
 * Folding for matching: lowercase, Latin/Cyrillic accents removed, Arabic letter
 * variants unified (أ/إ/آ/ٱ→ا, ة→ه, ى→ي, ک→ك, ی→ي), Arabic diacritics and tatweel
 * removed, Arabic-Indic / Persian / full-width digits made ASCII, typographic
 * apostrophes made ASCII. Every folded character keeps the offsets of the original
 * character it came from, so spans found in the folded text map back exactly.
 */

export interface Folded {
  /** The folded text. */
  s: string;
  /** For each folded UTF-16 unit, the offset of its source character in the original. */
  starts: Int32Array;
  /** For each folded UTF-16 unit, the end offset of its source character in the original. */
  ends: Int32Array;
}

const ARABIC_MAP: Record<string, string> = {
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ة': 'ه', 'ى': 'ي', 'ک': 'ك', 'ی': 'ي', 'ې': 'ي', 'ۀ': 'ه',
};
const APOSTROPHES = new Set(['\u2019', '\u2018', '\u02bc', '\u00b4', '`']);
const DASHES = new Set(['\u2010', '\u2011', '\u2012', '\u2212']);

function isDroppedArabic(cp: number): boolean {
  return (cp >= 0x064b && cp <= 0x065f) || cp === 0x0670 || cp === 0x0640 || (cp >= 0x06d6 && cp <= 0x06ed);
}

function foldDigit(cp: number): string | null {
  if (cp >= 0x0660 && cp <= 0x0669) return String(cp - 0x0660);
  if (cp >= 0x06f0 && cp <= 0x06f9) return String(cp - 0x06f0);
  if (cp >= 0xff10 && cp <= 0xff19) return String(cp - 0xff10);
  return null;
}

/** Whether a character's accents should be stripped (Latin, Greek, Cyrillic blocks). */
function decomposable(cp: number): boolean {
  return (cp >= 0x00c0 && cp <= 0x024f) || (cp >= 0x0370 && cp <= 0x04ff) || (cp >= 0x1e00 && cp <= 0x1eff);
}

/**
 * Folds `text` for matching and keeps an offset map back to the original.
 *
 * @example
 * fold('Décembre').s   // 'decembre'
 * fold('إلى ٢٠١٩').s   // 'الي 2019'
 */
export function fold(text: string): Folded {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (str: string, a: number, b: number) => {
    for (let k = 0; k < str.length; k++) {
      out.push(str[k]!);
      starts.push(a);
      ends.push(b);
    }
  };
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + len);
    const a = i;
    const b = i + len;
    i = b;
    if (isDroppedArabic(cp)) continue;
    const dg = foldDigit(cp);
    if (dg !== null) { push(dg, a, b); continue; }
    const ar = ARABIC_MAP[ch];
    if (ar) { push(ar, a, b); continue; }
    if (APOSTROPHES.has(ch)) { push("'", a, b); continue; }
    if (DASHES.has(ch)) { push('-', a, b); continue; }
    if (cp === 0x00a0 || cp === 0x202f || cp === 0x2009 || cp === 0x200f || cp === 0x200e || cp === 0x200b || cp === 0xfeff) {
      if (cp === 0x200f || cp === 0x200e || cp === 0x200b || cp === 0xfeff) continue;
      push(' ', a, b);
      continue;
    }
    if (cp === 0x0301 || (cp >= 0x0300 && cp <= 0x036f)) continue;
    if (decomposable(cp)) {
      const d = ch.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
      push(d || ch.toLowerCase(), a, b);
      continue;
    }
    if (cp === 0x0130) { push('i', a, b); continue; }
    const low = ch.toLowerCase();
    push(low.length === len ? low : ch, a, b);
  }
  return { s: out.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** Folds a data string (no offsets needed) and collapses spaces. */
export function foldKey(text: string): string {
  return fold(text).s.replace(/\s+/g, ' ').trim();
}
