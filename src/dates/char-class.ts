/**
 * Character classes of UTF-16 code units, precomputed once into a table so
 * the tokenizer tests a class with an array read instead of a Unicode
 * property regex. The table is built from the same regexes, so results are
 * identical code unit for code unit.
 */
const LETTER = 1;
const HAN = 2;
const SPACE = 4;

const TABLE = (() => {
  const t = new Uint8Array(0x10000);
  const letter = /[\p{L}\p{M}]/u;
  const han = /\p{Script=Han}/u;
  const space = /\s/;
  for (let u = 0; u < 0x10000; u++) {
    const ch = String.fromCharCode(u);
    t[u] = (letter.test(ch) ? LETTER : 0) | (han.test(ch) ? HAN : 0) | (space.test(ch) ? SPACE : 0);
  }
  return t;
})();

/**
 * Whether the code unit `ch` is a letter or mark (`[\p{L}\p{M}]`).
 *
 * @example
 * isLetter('é') // true
 * isLetter('7') // false
 * isLetter(undefined) // false
 */
export const isLetter = (ch: string | undefined): boolean => ch !== undefined && ch.length > 0 && (TABLE[ch.charCodeAt(0)]! & LETTER) !== 0;

/** Whether the code unit `ch` is Han script. @example isHan('年') // true */
export const isHan = (ch: string | undefined): boolean => ch !== undefined && ch.length > 0 && (TABLE[ch.charCodeAt(0)]! & HAN) !== 0;

/** Whether the code unit `ch` is white space (`\s`). @example isSpace('\u00a0') // true */
export const isSpace = (ch: string | undefined): boolean => ch !== undefined && ch.length > 0 && (TABLE[ch.charCodeAt(0)]! & SPACE) !== 0;

/** ASCII digit. @example isDigit('٣') // false (fold first) */
export const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9' && ch.length === 1;

/** `isLetter(s[i])` without creating a one-character string. @example isLetterAt('a1', 1) // false */
export const isLetterAt = (s: string, i: number): boolean => i >= 0 && i < s.length && (TABLE[s.charCodeAt(i)]! & LETTER) !== 0;
/** `isHan(s[i])` without creating a one-character string. */
export const isHanAt = (s: string, i: number): boolean => i >= 0 && i < s.length && (TABLE[s.charCodeAt(i)]! & HAN) !== 0;
/** `isSpace(s[i])` without creating a one-character string. */
export const isSpaceAt = (s: string, i: number): boolean => i >= 0 && i < s.length && (TABLE[s.charCodeAt(i)]! & SPACE) !== 0;
/** `isDigit(s[i])` without creating a one-character string. */
export const isDigitAt = (s: string, i: number): boolean => {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
};
