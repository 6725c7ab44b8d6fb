/**
 * Offset-keeping normalization for the extractor; the name rules live in src/text/normalize-name.ts.
 */

import { normChunk, normalizeName } from '../text/normalize-name.js';

export { normalizeName };

const charCache = new Map<string, string>();
/** Normalized form of each BMP code unit seen so far. */
const unitNorm: Array<string | undefined> = new Array<string | undefined>(65536);

/**
 * Per BMP code unit that is not a surrogate: the one code unit it normalizes to, or
 * MULTI when its form is empty or longer (then `unitNorm` has it); UNSEEN until first use.
 */
const UNSEEN = -1;
const MULTI = -2;
const unitOne = new Int32Array(65536).fill(UNSEEN);

/** Builds a string from the first `n` code units of `units` (any units, lone surrogates included). */
function unitsToString(units: Uint16Array, n: number): string {
  const CHUNK = 8192;
  if (n <= CHUNK) return String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]);
  const parts: string[] = [];
  for (let k = 0; k < n; k += CHUNK) parts.push(String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + CHUNK)) as unknown as number[]));
  return parts.join('');
}

/** Normalized text with a map back to the original offsets. */
export interface NormalizedText {
  text: string;
  /** For each UTF-16 unit of `text`: start offset of the source character. */
  starts: ArrayLike<number>;
  /** For each UTF-16 unit of `text`: end offset of the source character. */
  ends: ArrayLike<number>;
}

/** Recently normalized texts: every matcher of a story reads the same text. */
const MEMO_SIZE = 16;
const memo = new Map<string, NormalizedText>();

/**
 * Normalizes `text` character by character (same rules as {@link normalizeName},
 * white space kept as single spaces) and keeps the offset map. The result is
 * shared by callers asking for the same text (a small memo): never mutate it.
 *
 * @example
 * const n = normalizeWithMap('Pékin');
 * n.text        // 'pekin'
 * n.starts[1]   // 1
 */
export function normalizeWithMap(text: string): NormalizedText {
  if (typeof text !== 'string') return { text: '', starts: [], ends: [] };
  const hit = memo.get(text);
  if (hit) return hit;
  const L = text.length;
  // Most characters normalize to one unit; grow on demand for the few that expand. While
  // every unit so far maps to the unit at the same offset, the offset maps are not written:
  // they are the shared identity maps, made real at the first character that breaks them.
  let units = scratchUnits(L + 16);
  let starts: Int32Array | null = null;
  let ends: Int32Array | null = null;
  let m = 0;
  let i = 0;
  while (i < L) {
    const code = text.charCodeAt(i);
    // fast path: a unit seen before that normalizes to exactly one unit (never a surrogate)
    const one = unitOne[code]!;
    if (one >= 0) {
      if (m >= units.length) units = scratchUnits(units.length * 2, m, units);
      units[m] = one;
      if (starts !== null) {
        if (m >= starts.length) {
          starts = grownI32(starts, m, units.length);
          ends = grownI32(ends!, m, units.length);
        }
        starts[m] = i;
        ends![m] = i + 1;
      }
      m++;
      i++;
      continue;
    }
    const next = i + 1 < L ? text.charCodeAt(i + 1) : 0;
    const len = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
    let n: string;
    if (code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || (len === 1 && code > 0x7f && isSpaceCode(code))) n = ' ';
    else {
      const u = len === 1 ? unitNorm[code] : undefined;
      if (u !== undefined) n = u;
      else {
        const ch = len === 1 ? text[i]! : text.slice(i, i + 2);
        const c = charCache.get(ch);
        if (c !== undefined) n = c;
        else {
          n = /\s/.test(ch) ? ' ' : normChunk(ch);
          if (len === 1) unitNorm[code] = n;
          else if (charCache.size < 50_000) charCache.set(ch, n);
        }
      }
    }
    if (len === 1 && (code < 0xd800 || code > 0xdfff)) unitOne[code] = n.length === 1 ? n.charCodeAt(0) : MULTI;
    if (m + n.length > units.length) units = scratchUnits(Math.max(units.length * 2, m + n.length), m, units);
    if (starts === null && (len !== 1 || n.length !== 1)) {
      // the identity ends here: real offset maps from now on
      starts = new Int32Array(units.length);
      ends = new Int32Array(units.length);
      for (let k = 0; k < m; k++) {
        starts[k] = k;
        ends[k] = k + 1;
      }
    }
    if (starts !== null && m + n.length > starts.length) {
      starts = grownI32(starts, m, units.length);
      ends = grownI32(ends!, m, units.length);
    }
    for (let k = 0; k < n.length; k++) {
      units[m] = n.charCodeAt(k);
      if (starts !== null) {
        starts[m] = i;
        ends![m] = i + len;
      }
      m++;
    }
    i += len;
  }
  const result: NormalizedText = {
    text: unitsToString(units, m),
    starts: starts !== null ? starts.subarray(0, m) : identityStarts(m),
    ends: ends !== null ? ends.subarray(0, m) : identityEnds(m),
  };
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(text, result);
  return result;
}

/** Reused buffer for the normalized units (the result string is copied out of it). */
let scratch = new Uint16Array(4096);

/** The scratch buffer (or, past SCRATCH_KEEP units, a buffer of its own) with room for `cap` units, the first `keep` units of `from` copied. */
function scratchUnits(cap: number, keep = 0, from: Uint16Array = scratch): Uint16Array {
  if (from.length >= cap) return from;
  const b = new Uint16Array(Math.max(cap, from.length * 2));
  b.set(from.subarray(0, keep));
  if (b.length <= SCRATCH_KEEP) scratch = b;
  return b;
}

/** The largest scratch buffer kept between calls, in code units. */
const SCRATCH_KEEP = 1 << 18;

/** Shared identity offset maps (k → k, k → k + 1), grown on demand; handed out as read-only views. */
let identity = { starts: new Int32Array(0), ends: new Int32Array(0) };

function identityMaps(m: number): { starts: Int32Array; ends: Int32Array } {
  if (identity.starts.length < m) {
    const cap = Math.max(m, Math.min(identity.starts.length * 2, SCRATCH_KEEP), 4096);
    const starts = new Int32Array(cap);
    const ends = new Int32Array(cap);
    for (let k = 0; k < cap; k++) {
      starts[k] = k;
      ends[k] = k + 1;
    }
    // a very long text gets maps of its own
    if (cap > SCRATCH_KEEP) return { starts, ends };
    identity = { starts, ends };
  }
  return identity;
}

const identityStarts = (m: number): Int32Array => identityMaps(m).starts.subarray(0, m);
const identityEnds = (m: number): Int32Array => identityMaps(m).ends.subarray(0, m);

/** A copy of the first `n` entries of `a` in a larger array of `cap` entries. */
function grownI32(a: Int32Array, n: number, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a.subarray(0, n));
  return b;
}

/** Unicode white space above ASCII (U+0085, U+1680, U+2000–U+200A, U+2028/9, U+202F, U+205F, U+3000, U+FEFF). */
function isSpaceCode(c: number): boolean {
  return c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

// Per-UTF-16-unit classes, computed on first sight: 1 word char, 2 not; 4 CJK, 8 not.
const WORD_RE = /[\p{L}\p{M}\p{N}]/u;
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const unitClass = new Uint8Array(65536);

function classOf(ch: string): number {
  if (ch.length !== 1) return (WORD_RE.test(ch) ? 1 : 2) | (CJK_RE.test(ch) ? 4 : 8);
  const code = ch.charCodeAt(0);
  let c = unitClass[code]!;
  if (c === 0) {
    c = (WORD_RE.test(ch) ? 1 : 2) | (CJK_RE.test(ch) ? 4 : 8);
    unitClass[code] = c;
  }
  return c;
}

/** Class bit of {@link unitClassOf}: a word character (letter, mark or digit). */
export const UNIT_WORD = 1;
/** Class bit of {@link unitClassOf}: a Han, kana or Hangul character. */
export const UNIT_CJK = 4;

/**
 * Class bits of one UTF-16 code unit ({@link UNIT_WORD}, {@link UNIT_CJK}), the same as
 * {@link isWordChar} / {@link isCjk} give for that unit as a string, without making the string.
 *
 * @example
 * (unitClassOf(0x61) & UNIT_WORD) !== 0   // true ('a')
 * (unitClassOf(0x4e2d) & UNIT_CJK) !== 0  // true ('中')
 */
export function unitClassOf(code: number): number {
  const c = unitClass[code]!;
  return c !== 0 ? c : classOf(String.fromCharCode(code));
}

/**
 * Class bits ({@link UNIT_WORD}, {@link UNIT_CJK}) of the character at `i` of `text`, read
 * whole when a surrogate pair starts there and ends before `end`.
 *
 * @example
 * (charClassAt('a中', 1) & UNIT_CJK) !== 0 // true
 * (charClassAt('𝐀', 0) & UNIT_WORD) !== 0  // true (a pair)
 */
export function charClassAt(text: string, i: number, end = text.length): number {
  const code = text.charCodeAt(i);
  return code >= 0xd800 && code <= 0xdbff && i + 1 < end ? classOf(text.slice(i, i + 2)) : unitClassOf(code);
}

/** Word characters: letters, marks and digits of any script. */
export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && (classOf(ch) & 1) !== 0;
}

/** Han, kana and Hangul characters, matched without word boundaries. */
export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && (classOf(ch) & 4) !== 0;
}
