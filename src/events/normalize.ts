/**
 * Offset-keeping normalization for the extractor; the name rules live in src/text/normalize-name.ts.
 */

import { normChunk, normalizeName } from '../text/normalize-name.js';

export { normalizeName };

const charCache = new Map<string, string>();

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
