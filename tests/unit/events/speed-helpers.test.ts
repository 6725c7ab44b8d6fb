/**
 * The helpers added for extraction speed give the same answers as the simple
 * forms they replace.
 */
import { describe, expect, it } from 'vitest';
import { bySentence } from '../../../src/events/extractor.js';
import { langLexicon, scanStory } from '../../../src/events/lexicon.js';
import { isCjk, isWordChar, normalizeWithMap } from '../../../src/events/normalize.js';
import { PhraseMatcher, longestNonOverlapping } from '../../../src/events/phrase-matcher.js';
import { countTokens, tokensBetween } from '../../../src/events/text-utils.js';

describe('tokensBetween', () => {
  const text = "Xi met Putin, didn't he? 主持召开 الاجتماع السادس 𠮷野家 end";
  it('counts like countTokens on the slice, in any script', () => {
    for (const [a, b] of [[0, text.length], [3, 20], [25, 40], [0, 0], [10, 5]] as const) {
      expect(tokensBetween(text, a, b)).toBe(countTokens(text.slice(a, Math.max(a, b))));
    }
  });
  it('stops past the limit', () => {
    expect(tokensBetween(text, 0, text.length, 2)).toBe(3);
    expect(tokensBetween('a b', 0, 3, 5)).toBe(2);
  });
});

describe('bySentence', () => {
  it('puts each item in the sentence that contains it, none when it crosses a boundary', () => {
    const sentences = [{ start: 0, end: 10 }, { start: 11, end: 20 }, { start: 25, end: 30 }];
    const items = [{ start: 0, end: 3 }, { start: 8, end: 12 }, { start: 12, end: 20 }, { start: 21, end: 23 }, { start: 26, end: 27 }, { start: 15, end: 16 }];
    const by = bySentence(items, sentences);
    expect(by[0]).toEqual([{ start: 0, end: 3 }]);
    expect(by[1]).toEqual([{ start: 12, end: 20 }, { start: 15, end: 16 }]);
    expect(by[2]).toEqual([{ start: 26, end: 27 }]);
  });
});

describe('normalization and character classes', () => {
  it('classifies characters like the Unicode regexes, astral ones included', () => {
    for (const ch of ['a', 'É', '٣', 'ب', 'ً', '中', 'か', '한', ' ', '.', '—', '𠮷', '😀']) {
      expect(isWordChar(ch), ch).toBe(/[\p{L}\p{M}\p{N}]/u.test(ch));
      expect(isCjk(ch), ch).toBe(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(ch));
    }
    expect(isWordChar(undefined)).toBe(false);
    expect(isWordChar('')).toBe(false);
  });

  it('keeps offsets through expansions, astral characters and unusual white space, and gives the same result again', () => {
    const src = 'Pé\u2003ki𠮷n\uFB01';
    const n = normalizeWithMap(src);
    expect(n.text).toBe('pe ki𠮷nfi');
    expect(Array.from(n.starts)).toEqual([0, 1, 2, 3, 4, 5, 5, 7, 8, 8]);
    expect(Array.from(n.ends)).toEqual([1, 2, 3, 4, 5, 7, 7, 8, 9, 9]);
    expect(normalizeWithMap(src)).toBe(n);
  });

  it('a phrase with an astral character is found', () => {
    const m = new PhraseMatcher([{ phrase: '𠮷野家', payload: 1 }]);
    expect(m.find('在𠮷野家吃饭')).toEqual([{ start: 1, end: 5, payload: 1, phrase: '𠮷野家' }]);
  });
});

describe('scanStory', () => {
  it('gives, list by list, what each list\'s own matcher gives', () => {
    const lex = langLexicon('ar');
    const text =
      'التقى الرئيس الصيني شي جين بينغ اليوم الرئيس الروسي فلاديمير بوتين في قاعة الشعب الكبرى، ولم يعقد الجانبان مؤتمرا صحفيا. وقال إن البلدين سيوقعان اتفاقية.';
    const scan = scanStory(text, lex);
    const sort = <T extends { start: number; end: number; phrase: string }>(xs: T[]) =>
      [...xs].sort((a, b) => a.start - b.start || a.end - b.end || a.phrase.localeCompare(b.phrase));
    expect(sort(scan.triggers)).toEqual(sort(lex.triggers.find(text)));
    expect(sort(scan.cues)).toEqual(sort(lex.cues.find(text)));
    expect(sort(scan.titles)).toEqual(sort(lex.titles.find(text)));
    expect(sort(scan.twoCountries)).toEqual(sort(lex.twoCountries.find(text)));
    expect(scan.triggers.length).toBeGreaterThan(0);
    expect(scan.venues.map((v) => v.payload)).toEqual(['Great Hall of the People']);
    expect(longestNonOverlapping(scan.twoCountries)).toHaveLength(1);
  });
});
