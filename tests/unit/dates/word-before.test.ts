/**
 * wordBefore (a backward scan, used by the sentence splitter at every period) must
 * find what the regular expression it replaces finds.
 */
import { describe, expect, it } from 'vitest';
import { wordBefore } from '../../../src/stages/normalize-story.js';

const viaRegex = (text: string, i: number): string => /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, i - 20), i))?.[1] ?? '';

describe('wordBefore', () => {
  it('agrees with /([\\p{L}.]+)$/u on the 20 units before every offset, astral letters and lone surrogates included', () => {
    const alphabet = ['a', 'Z', '.', ' ', 'é', 'ش', 'Ж', '中', '𠮷', '𝐀', '😀', '\ud800', '\udc00', '1', '-', 'ً', 'ـ'];
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 400; n++) {
      let text = '';
      const len = Math.floor(rnd() * 40);
      for (let k = 0; k < len; k++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      for (let i = 0; i <= text.length; i++) expect(wordBefore(text, i), JSON.stringify([text, i])).toBe(viaRegex(text, i));
    }
    expect(wordBefore('Mr. Smith met Dr.', 16)).toBe('Dr');
    expect(wordBefore('U.S.', 3)).toBe('U.S');
  });
});
