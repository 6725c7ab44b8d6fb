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
/** Folds one character the slow way: the replacement string, '' to drop it. */
function foldChar(ch: string, cp: number): string {
  if (isDroppedArabic(cp)) return '';
  const dg = foldDigit(cp);
  if (dg !== null) return dg;
  const ar = ARABIC_MAP[ch];
  if (ar) return ar;
  if (APOSTROPHES.has(ch)) return "'";
  if (DASHES.has(ch)) return '-';
  if (cp === 0x200f || cp === 0x200e || cp === 0x200b || cp === 0xfeff) return '';
  if (cp === 0x00a0 || cp === 0x202f || cp === 0x2009) return ' ';
  if (cp >= 0x0300 && cp <= 0x036f) return '';
  if (decomposable(cp)) return ch.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase() || ch.toLowerCase();
  if (cp === 0x0130) return 'i';
  const low = ch.toLowerCase();
  return low.length === ch.length ? low : ch;
}

/** Per BMP code unit: the folded code unit, DROP, or SLOW (several units, or a surrogate); UNKNOWN until first seen. */
const UNKNOWN = -3;
const DROP = -1;
const SLOW = -2;
const FOLD_TABLE = new Int32Array(0x10000).fill(UNKNOWN);

/** The table entry of code unit `u`, computed by the slow path on first use. */
function foldUnit(u: number): number {
  const f = FOLD_TABLE[u]!;
  if (f !== UNKNOWN) return f;
  let v: number;
  if (u >= 0xd800 && u <= 0xdfff) v = SLOW;
  else {
    const r = foldChar(String.fromCharCode(u), u);
    v = r.length === 0 ? DROP : r.length === 1 ? r.charCodeAt(0) : SLOW;
  }
  FOLD_TABLE[u] = v;
  return v;
}

const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });

export function fold(text: string): Folded {
  // One folded unit per source unit, except SLOW characters that expand: grow on demand.
  let cap = text.length + 16;
  let units = new Uint16Array(cap);
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let n = 0;
  const grow = (need: number) => {
    if (n + need <= cap) return;
    cap = Math.max(cap * 2, n + need);
    const u2 = new Uint16Array(cap); u2.set(units.subarray(0, n)); units = u2;
    const s2 = new Int32Array(cap); s2.set(starts.subarray(0, n)); starts = s2;
    const e2 = new Int32Array(cap); e2.set(ends.subarray(0, n)); ends = e2;
  };
  let i = 0;
  while (i < text.length) {
    const f = foldUnit(text.charCodeAt(i));
    if (f >= 0) {
      if (n >= cap) grow(1);
      units[n] = f;
      starts[n] = i;
      ends[n] = i + 1;
      n++;
      i++;
      continue;
    }
    if (f === DROP) {
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const r = foldChar(text.slice(i, i + len), cp);
    grow(r.length);
    for (let k = 0; k < r.length; k++) {
      units[n] = r.charCodeAt(k);
      starts[n] = i;
      ends[n] = i + len;
      n++;
    }
    i += len;
  }
  // Decoded as UTF-16LE: same length and offsets; a lone surrogate becomes U+FFFD, which no rule matches either.
  const out = UTF16.decode(units.subarray(0, n));
  return { s: out, starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

/** Folds a data string (no offsets needed) and collapses spaces. */
export function foldKey(text: string): string {
  return fold(text).s.replace(/\s+/g, ' ').trim();
}
