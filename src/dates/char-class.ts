/**
 * Character classes of UTF-16 code units, memoized in a table so the
 * tokenizer tests a class with an array read instead of a Unicode property
 * regex. Each entry comes from the same regexes on first use, so results are
 * identical code unit for code unit.
 */
const LETTER = 1;
const HAN = 2;
const SPACE = 4;
const UPPER = 8;
/** Set once a code unit's classes are known; the table fills lazily, so start-up pays nothing. */
const KNOWN = 0x80;

const TABLE = new Uint8Array(0x10000);
const LETTER_RE = /[\p{L}\p{M}]/u;
const HAN_RE = /\p{Script=Han}/u;
const SPACE_RE = /\s/;

/** The classes of code unit `u` (small enough to inline; the first sight of a unit goes to `computeClass`). */
function classOf(u: number): number {
  const c = TABLE[u]!;
  return c !== 0 ? c : computeClass(u);
}

function computeClass(u: number): number {
  const ch = String.fromCharCode(u);
  const upper = ch !== ch.toLowerCase() && ch === ch.toUpperCase();
  const k = KNOWN | (LETTER_RE.test(ch) ? LETTER : 0) | (HAN_RE.test(ch) ? HAN : 0) | (SPACE_RE.test(ch) ? SPACE : 0) | (upper ? UPPER : 0);
  TABLE[u] = k;
  return k;
}

/**
 * Whether the code unit `ch` is a letter or mark (`[\p{L}\p{M}]`).
 *
 * @example
 * isLetter('é') // true
 * isLetter('7') // false
 * isLetter(undefined) // false
 */
export const isLetter = (ch: string | undefined): boolean => ch !== undefined && ch.length > 0 && (classOf(ch.charCodeAt(0)) & LETTER) !== 0;

/** Whether the code unit `ch` is Han script. @example isHan('年') // true */
export const isHan = (ch: string | undefined): boolean => ch !== undefined && ch.length > 0 && (classOf(ch.charCodeAt(0)) & HAN) !== 0;

/** Whether the code unit `ch` is white space (`\s`). @example isSpace('\u00a0') // true */
export const isSpace = (ch: string | undefined): boolean => ch !== undefined && ch.length > 0 && (classOf(ch.charCodeAt(0)) & SPACE) !== 0;

/** ASCII digit. @example isDigit('٣') // false (fold first) */
export const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9' && ch.length === 1;

/** `isLetter(s[i])` without creating a one-character string. @example isLetterAt('a1', 1) // false */
export const isLetterAt = (s: string, i: number): boolean => i >= 0 && i < s.length && (classOf(s.charCodeAt(i)) & LETTER) !== 0;
/** `isHan(s[i])` without creating a one-character string. */
export const isHanAt = (s: string, i: number): boolean => i >= 0 && i < s.length && (classOf(s.charCodeAt(i)) & HAN) !== 0;
/** `isSpace(s[i])` without creating a one-character string. */
export const isSpaceAt = (s: string, i: number): boolean => i >= 0 && i < s.length && (classOf(s.charCodeAt(i)) & SPACE) !== 0;
/**
 * Whether the code unit at `i` is written in upper case (it changes under lower-casing and not
 * under upper-casing); false outside the string.
 *
 * @example
 * isUpperAt('Dec', 0) // true
 * isUpperAt('Dec', 1) // false
 */
export const isUpperAt = (s: string, i: number): boolean => i >= 0 && i < s.length && (classOf(s.charCodeAt(i)) & UPPER) !== 0;
/** A letter that is not Han: the run a word token spans. @example isNonHanLetterAt('ab年', 2) // false */
export const isNonHanLetterAt = (s: string, i: number): boolean => i >= 0 && i < s.length && (classOf(s.charCodeAt(i)) & (LETTER | HAN)) === LETTER;
/** `isDigit(s[i])` without creating a one-character string. */
export const isDigitAt = (s: string, i: number): boolean => {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
};
