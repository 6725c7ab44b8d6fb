import { describe, expect, it } from 'vitest';
import { PhraseMatcher, longestNonOverlapping } from '../../../src/events/phrase-matcher.js';
import { normalizeWithMap } from '../../../src/events/normalize.js';
import { countTokens, splitSentences } from '../../../src/events/text-utils.js';

const opts = { clitics: ['و', 'ف', 'ب', 'ل', 'ك'], article: 'ال', slack: 3 };
const spans = <T>(text: string, ms: Array<{ start: number; end: number; payload: T }>) =>
  ms.map((m) => [text.slice(m.start, m.end), m.payload]);

describe('PhraseMatcher', () => {
  it('matches whole words only, with a trailing * for the rest of the word', () => {
    const m = new PhraseMatcher([
      { phrase: 'meet*', payload: 'meeting' },
      { phrase: 'court', payload: 'legal' },
    ]);
    const text = 'Xi meets Putin outside the courthouse and the court.';
    expect(spans(text, m.find(text))).toEqual([
      ['meets', 'meeting'],
      ['court', 'legal'],
    ]);
  });

  it('reads Arabic through clitics, the article and letter variants', () => {
    const m = new PhraseMatcher(
      [
        { phrase: 'الصين', payload: 'CHN' },
        { phrase: 'الذكرى', payload: 'anniversary' },
      ],
      opts,
    );
    const text = 'احتفلتا بالذكرى الـ70 وللصين';
    const got = longestNonOverlapping(m.find(text));
    expect(spans(text, got)).toEqual([
      ['الذكرى', 'anniversary'],
      ['صين', 'CHN'],
    ]);
    expect(got[0]!.start).toBe(text.indexOf('الذكرى'));
  });

  it('ignores Arabic diacritics and tatweel', () => {
    const m = new PhraseMatcher([{ phrase: 'اجتماع', payload: 1 }], opts);
    const text = 'الاجْتِمـاع';
    expect(m.find(text).map((x) => [x.start, x.end])).toEqual([[2, 11]]);
  });

  it('matches Chinese without word boundaries', () => {
    const m = new PhraseMatcher([{ phrase: '会议', payload: 'meeting' }]);
    const text = '第八次会议并发表';
    expect(spans(text, m.find(text))).toEqual([['会议', 'meeting']]);
  });

  it('accepts Russian case endings only for long enough words', () => {
    const m = new PhraseMatcher([{ phrase: 'Россия', payload: 'RUS' }], opts);
    const text = 'в России и среди россиянами';
    expect(spans(text, longestNonOverlapping(m.find(text)))).toEqual([['России', 'RUS']]);
  });

  it('requires the exact case for acronyms', () => {
    const m = new PhraseMatcher([{ phrase: 'US', payload: 'USA' }, { phrase: 'WHO', payload: 'who' }]);
    const text = 'the US told us who the WHO is';
    expect(spans(text, m.find(text))).toEqual([
      ['US', 'USA'],
      ['WHO', 'who'],
    ]);
  });

  it('survives hostile input in linear-ish time', () => {
    const m = new PhraseMatcher([{ phrase: 'aaa aaa', payload: 1 }, { phrase: 'meet*', payload: 2 }], opts);
    const huge = 'a'.repeat(200_000) + ' ' + '((('.repeat(20_000) + '9'.repeat(50_000) + ' و'.repeat(20_000);
    const t0 = Date.now();
    expect(m.find(huge)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(m.find('')).toEqual([]);
    expect(m.find(undefined as unknown as string)).toEqual([]);
  });
});

describe('text utilities', () => {
  it('normalizes with an offset map back to the source', () => {
    const n = normalizeWithMap('Pékin آمنة');
    expect(n.text).toBe('pekin امنه');
    expect(n.starts[6]).toBe(6);
  });

  it('splits sentences but not after abbreviations', () => {
    const text = 'U.S. Sen. Bob Menendez met Mr. Smith. He left.\nNext line';
    const s = splitSentences(text, new Set(['sen', 'mr', 'u.s']));
    expect(s.map((x) => text.slice(x.start, x.end))).toEqual(['U.S. Sen. Bob Menendez met Mr. Smith.', 'He left.', 'Next line']);
  });

  it('counts tokens in any script', () => {
    expect(countTokens("didn't present evidence")).toBe(4);
    expect(countTokens('主持召开')).toBe(4);
    expect(countTokens('  ')).toBe(0);
  });
});
