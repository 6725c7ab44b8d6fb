import * as chrono from 'chrono-node';
import { describe, expect, it } from 'vitest';
import { chronoExpressions, chronoReference, chronoTimex } from '../../../src/eval/chrono-timex.js';

const ref = chronoReference('2019-12-02T20:15:00+08:00')!;
const first = (text: string) => chrono.en.parse(text, ref)[0]!;

describe('chronoTimex', () => {
  it('uses the grain chrono knows', () => {
    expect(chronoTimex(first('It happened on 5 March 2019.'))).toBe('2019-03-05');
    expect(chronoTimex(first('It happened in March 2019.'))).toBe('2019-03');
    expect(chronoTimex(first('We met yesterday.'))).toBe('2019-12-01');
    expect(chronoTimex(first('We meet on Tuesday.'))).toMatch(/^2019-1[12]-\d{2}$/);
    expect(chronoTimex(first('We met at 3:30 pm on 2 December 2019.'))).toBe('2019-12-02T15:30');
  });

  it('reads the reference in its own offset', () => {
    expect(chronoReference('2019-12-02T02:00:00+08:00')).toEqual({ instant: new Date('2019-12-01T18:00:00Z'), timezone: 480 });
    expect(chronoReference('2019-12-02T02:00:00Z')!.timezone).toBe(0);
    expect(chronoReference('2019-12-02T02:00:00-05:30')!.timezone).toBe(-330);
    expect(chronoReference('nope')).toBeNull();
    const r = chrono.en.parse('today', chronoReference('2019-12-02T02:00:00+08:00')!);
    expect(chronoExpressions(r)).toEqual([{ text: 'today', start: 0, end: 5, value: '2019-12-02' }]);
  });

  it('gives spans from index and text', () => {
    const e = chronoExpressions(chrono.en.parse('We met on 5 March 2019.', ref));
    expect(e).toHaveLength(1);
    expect('We met on 5 March 2019.'.slice(e[0]!.start, e[0]!.end)).toBe(e[0]!.text);
  });
});
