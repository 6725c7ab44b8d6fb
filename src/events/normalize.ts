/**
 * Offset-keeping normalization for the extractor; the name rules live in src/text/normalize-name.ts.
 */

import { normChunk, normalizeName } from '../text/normalize-name.js';

export { normalizeName };

const charCache = new Map<string, string>();
/** Normalized form of each BMP code unit seen so far. */
const unitNorm: Array<string | undefined> = new Array<string | undefined>(65536);

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
  const out: string[] = [];
  const L = text.length;
  // most characters normalize to one unit; grow on demand for the few that expand
  let starts = new Int32Array(L + 16);
  let ends = new Int32Array(L + 16);
  let m = 0;
  let i = 0;
  while (i < L) {
    const code = text.charCodeAt(i);
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
    if (m + n.length > starts.length) {
      const cap = Math.max(starts.length * 2, m + n.length);
      const s2 = new Int32Array(cap);
      s2.set(starts);
      starts = s2;
      const e2 = new Int32Array(cap);
      e2.set(ends);
      ends = e2;
    }
    out.push(n);
    for (let k = 0; k < n.length; k++) {
      starts[m] = i;
      ends[m] = i + len;
      m++;
    }
    i += len;
  }
  const result: NormalizedText = { text: out.join(''), starts: starts.subarray(0, m), ends: ends.subarray(0, m) };
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(text, result);
  return result;
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

/** Word characters: letters, marks and digits of any script. */
export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && (classOf(ch) & 1) !== 0;
}

/** Han, kana and Hangul characters, matched without word boundaries. */
export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && (classOf(ch) & 4) !== 0;
}
