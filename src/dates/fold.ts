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
  const m = foldMapped(text);
  if (m.starts && m.ends) return { s: m.s, starts: m.starts, ends: m.ends };
  const starts = new Int32Array(m.s.length);
  const ends = new Int32Array(m.s.length);
  for (let i = 0; i < starts.length; i++) {
    starts[i] = i;
    ends[i] = i + 1;
  }
  return { s: m.s, starts, ends };
}

/** A folded text whose offset maps are null when folded unit k is original unit k. */
export interface FoldedMap {
  s: string;
  starts: Int32Array | null;
  ends: Int32Array | null;
}

/**
 * `fold` without the offset arrays when they would be the identity: most texts fold one
 * code unit to one code unit. The folded string then comes from the engine's `toLowerCase`
 * with the few units that fold differently (accents, Arabic letter variants, digits…) patched in.
 *
 * @example
 * foldMapped('Décembre') // { s: 'decembre', starts: null, ends: null }
 */
export function foldMapped(text: string): FoldedMap {
  const hit = FOLD_MEMO.get(text);
  if (hit) return hit;
  const quick = foldOneToOne(text);
  const r: FoldedMap = quick !== null ? { s: quick, starts: null, ends: null } : foldGeneral(text);
  if (text.length >= FOLD_MEMO_MIN) {
    if (FOLD_MEMO.size >= FOLD_MEMO_SIZE) FOLD_MEMO.delete(FOLD_MEMO.keys().next().value!);
    FOLD_MEMO.set(text, r);
  }
  return r;
}

/**
 * Recently folded long texts: the date normalizer and the place finder fold the same
 * story text. Results are shared: never mutate them.
 */
const FOLD_MEMO = new Map<string, FoldedMap>();
const FOLD_MEMO_SIZE = 4;
/** Shorter texts are cheaper to fold again than to look up. */
const FOLD_MEMO_MIN = 200;

/**
 * Code units whose fold is not their own lower case (accents, Arabic variants, digits,
 * apostrophes, drops, expansions, surrogates, the context-dependent Σ). Outside the ranges
 * scanned here a unit's fold is its lower case by construction of `foldChar`.
 */
let patchTable: Uint8Array | null = null;

/** The patch set, one entry per code unit (1 = in it), built on first use. */
function patchUnits(): Uint8Array {
  if (patchTable) return patchTable;
  const table = new Uint8Array(0x10000);
  table.fill(1, 0xd800, 0xe000);
  table[0x03a3] = 1;
  const scan = (from: number, to: number) => {
    for (let u = from; u < to; u++) {
      const low = String.fromCharCode(u).toLowerCase();
      if (foldUnit(u) !== (low.length === 1 ? low.charCodeAt(0) : -100)) table[u] = 1;
    }
  };
  scan(0, 0x2400);
  scan(0xfe00, 0x10000);
  patchTable = table;
  return table;
}

/** Whether `text` has a code unit of the patch set (a table scan: no regular expression over the text). */
function needsPatch(text: string): boolean {
  const table = patchUnits();
  for (let i = 0; i < text.length; i++) if (table[text.charCodeAt(i)] !== 0) return true;
  return false;
}

/** The folded text when every code unit folds to exactly one unit, else null. */
function foldOneToOne(text: string): string | null {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return null;
  // Most texts need no patch at all: one native scan, and the lower case is the fold.
  if (!needsPatch(text)) return lower;
  let pieces: string[] | null = null;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const f = foldUnit(text.charCodeAt(i));
    if (f === lower.charCodeAt(i)) continue;
    if (f < 0) return null;
    (pieces ??= []).push(lower.slice(last, i), String.fromCharCode(f));
    last = i + 1;
  }
  if (!pieces) return lower;
  pieces.push(lower.slice(last));
  return pieces.join('');
}

/** The general fold: drops and expansions, with both offset maps. */
function foldGeneral(text: string): { s: string; starts: Int32Array; ends: Int32Array } {
  // One folded unit per source unit, except SLOW characters that expand: grow on demand.
  // (No closures here: captured variables would be slow context slots in the hot loop.)
  let cap = text.length + 16;
  let units: Uint16Array = new Uint16Array(cap);
  let starts: Int32Array = new Int32Array(cap);
  let ends: Int32Array = new Int32Array(cap);
  let n = 0;
  let i = 0;
  const len = text.length;
  while (i < len) {
    const f = foldUnit(text.charCodeAt(i));
    if (f >= 0) {
      if (n >= cap) {
        cap = cap * 2;
        units = grownU16(units, n, cap);
        starts = grownI32(starts, n, cap);
        ends = grownI32(ends, n, cap);
      }
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
    const w = cp > 0xffff ? 2 : 1;
    const r = foldChar(text.slice(i, i + w), cp);
    if (n + r.length > cap) {
      cap = Math.max(cap * 2, n + r.length);
      units = grownU16(units, n, cap);
      starts = grownI32(starts, n, cap);
      ends = grownI32(ends, n, cap);
    }
    for (let k = 0; k < r.length; k++) {
      units[n] = r.charCodeAt(k);
      starts[n] = i;
      ends[n] = i + w;
      n++;
    }
    i += w;
  }
  // Decoded as UTF-16LE: same length and offsets; a lone surrogate becomes U+FFFD, which no rule matches either.
  const out = UTF16.decode(units.subarray(0, n));
  return { s: out, starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

/** A copy of the first `n` entries of `a` in a larger array of `cap` entries. */
function grownU16(a: Uint16Array, n: number, cap: number): Uint16Array {
  const b = new Uint16Array(cap);
  b.set(a.subarray(0, n));
  return b;
}

/** A copy of the first `n` entries of `a` in a larger array of `cap` entries. */
function grownI32(a: Int32Array, n: number, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a.subarray(0, n));
  return b;
}

/** Folds a data string (no offsets needed) and collapses spaces. */
export function foldKey(text: string): string {
  return fold(text).s.replace(/\s+/g, ' ').trim();
}
