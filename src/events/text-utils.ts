/**
 * Small text helpers for the event extractor: sentence fallback splitting,
 * token counting, clause boundaries. All linear in the input length.
 */
import type { Sentence } from '../types.js';
import { isCjk, isWordChar, charClassAt, UNIT_CJK, UNIT_WORD } from './normalize.js';

const TERMINATORS = new Set(['.', '!', '?', '؟', '。', '！', '？', '…']);

/**
 * Splits a text into sentences when the normalizer gave none: at line breaks
 * and at sentence punctuation followed by space, except after abbreviations.
 *
 * @example
 * splitSentences('U.S. Sen. Bob Menendez met. He left.', new Set(['sen', 'u.s']))
 * // [{start: 0, end: 27}, {start: 28, end: 36}]
 */
export function splitSentences(text: string, abbreviations: Set<string> = new Set()): Sentence[] {
  const out: Sentence[] = [];
  if (typeof text !== 'string' || !text) return out;
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e });
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      push(i);
      start = i + 1;
      continue;
    }
    if (!TERMINATORS.has(ch)) continue;
    const cjk = ch === '。' || ch === '！' || ch === '？';
    let j = i + 1;
    while (j < text.length && /["'”’»)\]]/.test(text[j]!)) j++;
    if (!cjk && j < text.length && !/\s/.test(text[j]!)) continue;
    if (ch === '.') {
      // the word before the dot
      let k = i - 1;
      while (k >= 0 && (isWordChar(text[k]) || text[k] === '.')) k--;
      const word = text.slice(k + 1, i).toLowerCase();
      if (word && (abbreviations.has(word) || /^\p{L}$/u.test(word) || /^\d+$/.test(word))) continue;
    }
    push(j);
    start = j;
    i = j - 1;
  }
  push(text.length);
  return out;
}

/**
 * Counts word tokens in `text` (a run of letters/digits is one token; each
 * Han/kana character is one token).
 *
 * @example
 * countTokens('didn\'t present evidence') // 4
 * countTokens('主持召开')                  // 4
 */
export function countTokens(text: string): number {
  let n = 0;
  let inWord = false;
  for (const ch of text) {
    if (isCjk(ch)) {
      n++;
      inWord = false;
    } else if (isWordChar(ch)) {
      if (!inWord) n++;
      inWord = true;
    } else inWord = false;
  }
  return n;
}

/**
 * Counts word tokens of `text` between offsets `from` and `to` like
 * {@link countTokens}, without copying, and stops once the count exceeds
 * `limit` (returns `limit + 1` then).
 *
 * @example
 * tokensBetween('a b c d', 0, 7, 10) // 4
 * tokensBetween('a b c d', 0, 7, 1)  // 2
 */
export function tokensBetween(text: string, from: number, to: number, limit = Infinity): number {
  let n = 0;
  let inWord = false;
  const end = Math.min(to, text.length);
  for (let i = Math.max(0, from); i < end; i++) {
    const code = text.charCodeAt(i);
    const cls = charClassAt(text, i, end);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < end) i++;
    const cjk = (cls & UNIT_CJK) !== 0;
    const word = (cls & UNIT_WORD) !== 0;
    if (cjk) {
      n++;
      inWord = false;
    } else if (word) {
      if (!inWord) n++;
      inWord = true;
    } else inWord = false;
    if (n > limit) return n;
  }
  return n;
}

/**
 * Offsets (relative to `text`) where a clause break starts. Breaks made of
 * letters (" and will ") match case-insensitively.
 *
 * @example
 * clauseBreakOffsets('a, b and will c', [',', ' and will ']) // [1, 4]
 */
export function clauseBreakOffsets(text: string, breaks: string[]): number[] {
  const out: number[] = [];
  const lower = text.toLowerCase();
  for (const b of breaks) {
    if (!b) continue;
    const needle = b.toLowerCase();
    let from = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const k = lower.indexOf(needle, from);
      if (k < 0) break;
      out.push(k);
      from = k + needle.length;
    }
  }
  return out.sort((a, b) => a - b);
}

/** Index of the clause containing `pos`, given sorted break offsets. */
export function clauseIndex(breaks: number[], pos: number): number {
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (breaks[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** English ordinal suffix: 1 → "1st", 22 → "22nd", 70 → "70th". */
export function ordinalSuffix(n: number): string {
  const m100 = n % 100;
  if (m100 >= 11 && m100 <= 13) return `${n}th`;
  const m = n % 10;
  return `${n}${m === 1 ? 'st' : m === 2 ? 'nd' : m === 3 ? 'rd' : 'th'}`;
}
