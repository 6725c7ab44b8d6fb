import { describe, expect, it } from 'vitest';
import { parseGoldLines, parseSystemLines } from '../../../src/eval/dates-jsonl.js';
import { formatErrors, formatScoreTable } from '../../../src/eval/format-dates-report.js';
import { matchCase, scoreDates, spansOverlap, type GoldCase, type SystemCase } from '../../../src/eval/score-dates.js';

const g = (text: string, value: string, start: number) => ({ text, value, start, end: start + text.length });

describe('spansOverlap', () => {
  it('needs at least one shared code unit', () => {
    expect(spansOverlap({ start: 0, end: 5 }, { start: 4, end: 9 })).toBe(true);
    expect(spansOverlap({ start: 0, end: 5 }, { start: 5, end: 9 })).toBe(false);
    expect(spansOverlap({ start: 5, end: 9 }, { start: 0, end: 5 })).toBe(false);
    expect(spansOverlap({ start: 2, end: 3 }, { start: 0, end: 10 })).toBe(true);
    expect(spansOverlap({ start: 3, end: 3 }, { start: 0, end: 10 })).toBe(false);
  });
});

describe('matchCase', () => {
  it('matches a longer system span that overlaps with the identical value', () => {
    const m = matchCase([g('Monday', '2019-12-02', 10)], [g('on Monday', '2019-12-02', 7)]);
    expect(m).toEqual({ pairs: [[0, 0]], unmatchedGold: [], unmatchedSystem: [] });
  });

  it('does not match a value mismatch, even on the exact span', () => {
    const m = matchCase([g('last week', '2019-W48', 0)], [g('last week', '2019-11-25', 0)]);
    expect(m.pairs).toEqual([]);
    expect(m.unmatchedGold).toEqual([0]);
    expect(m.unmatchedSystem).toEqual([0]);
  });

  it('does not match the identical value on a span that only touches', () => {
    const m = matchCase([g('2019', '2019', 5)], [g('in ', '2019', 2)]);
    expect(m.pairs).toEqual([]);
  });

  it('is one-to-one: one wide system span cannot take two gold expressions', () => {
    // "2 and 3 December": gold has two days; the system answers one wide span twice-valued.
    const gold = [g('2', '2019-12-02', 0), g('3 December', '2019-12-03', 6)];
    const m = matchCase(gold, [g('2 and 3 December', '2019-12-02', 0)]);
    expect(m.pairs).toEqual([[0, 0]]);
    expect(m.unmatchedGold).toEqual([1]);
  });

  it('is one-to-one: two system answers on one gold count one match and one spurious', () => {
    const m = matchCase([g('Monday', '2019-12-02', 3)], [g('Mon', '2019-12-02', 3), g('day', '2019-12-02', 6)]);
    expect(m.pairs).toHaveLength(1);
    expect(m.unmatchedSystem).toHaveLength(1);
  });

  it('finds the maximum matching rather than a greedy one', () => {
    // system 0 overlaps both golds (most with gold 0); system 1 overlaps only gold 0.
    const gold = [g('aaaaaa', 'X', 0), g('bb', 'X', 8)];
    const sys = [g('aaaaaaxxbb', 'X', 0), g('aa', 'X', 4)];
    const m = matchCase(gold, sys);
    expect(m.pairs).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('prefers the identical-value partner when a wrong-value answer overlaps too', () => {
    const gold = [g('Tuesday', '2019-12-03', 3)];
    const sys = [g('on Tuesday', '2019-11-26', 0), g('Tuesday', '2019-12-03', 3)];
    expect(matchCase(gold, sys).pairs).toEqual([[0, 1]]);
  });
});

describe('scoreDates', () => {
  const gold: GoldCase[] = [
    { id: 'ar-1', lang: 'ar', ref: null, text: 'x', expect: [g('أمس', '2019-12-01', 4), g('اليوم', '2019-12-02', 12)] },
    { id: 'en-1', lang: 'en', ref: null, text: 'x', expect: [g('Monday', '2019-12-02', 3)] },
    { id: 'en-2', lang: 'en', ref: null, text: 'x', expect: [] },
    { id: 'en-3', lang: 'en', ref: null, text: 'x', expect: [g('May', '2019-05', 0)] },
  ];
  const system: SystemCase[] = [
    { id: 'ar-1', dates: [g('أمس', '2019-12-01', 4), g('اليوم', '2019-12-03', 12)] },
    { id: 'en-1', dates: [g('Monday', '2019-12-02', 3)] },
    { id: 'en-2', dates: [g('may', '2019-05', 10)] },
    { id: 'zz-unknown', dates: [g('x', 'y', 0)] },
    // en-3: no answer at all
  ];
  const ev = scoreDates(gold, system);

  it('counts per language and overall', () => {
    expect(ev.byLang.ar).toMatchObject({ cases: 1, gold: 2, system: 2, matched: 1, recall: 0.5, precision: 0.5, f1: 0.5 });
    expect(ev.byLang.en).toMatchObject({ cases: 3, gold: 2, system: 2, matched: 1, recall: 0.5, precision: 0.5, systemErrors: 1 });
    expect(ev.overall).toMatchObject({ cases: 4, gold: 4, system: 4, matched: 2, recall: 0.5, precision: 0.5, systemErrors: 1 });
    expect(Object.keys(ev.byLang)).toEqual(['ar', 'en']);
  });

  it('lists misses (with the wrong-value partner) and spurious answers', () => {
    expect(ev.errors).toContainEqual({
      kind: 'miss', id: 'ar-1', lang: 'ar', text: 'اليوم', start: 12, end: 17, value: '2019-12-02',
      other: { text: 'اليوم', value: '2019-12-03', start: 12, end: 17 },
    });
    expect(ev.errors).toContainEqual({ kind: 'spurious', id: 'en-2', lang: 'en', text: 'may', start: 10, end: 13, value: '2019-05' });
    expect(ev.errors).toContainEqual({ kind: 'miss', id: 'en-3', lang: 'en', text: 'May', start: 0, end: 3, value: '2019-05' });
    expect(ev.systemErrors).toEqual([{ id: 'en-3', error: 'no answer for this id' }]);
  });

  it('treats an error answer as no expressions', () => {
    const e = scoreDates([gold[1]!], [{ id: 'en-1', dates: [g('Monday', '2019-12-02', 3)], error: 'boom' }]);
    expect(e.overall).toMatchObject({ system: 0, matched: 0, recall: 0, precision: null, f1: null, systemErrors: 1 });
  });

  it('renders a table and an error list', () => {
    const table = formatScoreTable(ev);
    expect(table.split('\n')[0]).toMatch(/^lang\s+cases\s+gold\s+system\s+matched\s+recall\s+precision\s+F1$/);
    expect(table).toMatch(/^all\s+4\s+4\s+4\s+2\s+0\.500\s+0\.500\s+0\.500$/m);
    expect(formatErrors(ev)).toMatch(/^SPURIOUS en-2 "may" \[10,13\) = 2019-05$/m);
  });
});

describe('parseGoldLines / parseSystemLines', () => {
  it('locates repeated expected texts at successive occurrences', () => {
    const line = JSON.stringify({ id: 'a', lang: 'en', ref: null, text: 'May 1 and May 2', expect: [{ text: 'May', value: '2019-05-01' }, { text: 'May', value: '2019-05-02' }] });
    const { cases, issues } = parseGoldLines([line]);
    expect(issues).toEqual([]);
    expect(cases[0]!.expect.map((e) => e.start)).toEqual([0, 10]);
  });

  it('reports and skips bad gold lines, keeps the good ones', () => {
    const good = JSON.stringify({ id: 'ok', lang: 'en', text: 'on Monday', expect: [{ text: 'Monday', value: '2019-12-02' }] });
    const { cases, issues } = parseGoldLines([
      'not json',
      '[1]',
      JSON.stringify({ id: 'b', lang: 'en', text: 'x', expect: [{ text: 'absent', value: '2019' }] }),
      JSON.stringify({ id: 'c', text: 'x', expect: [] }),
      '',
      good,
      good,
    ]);
    expect(cases.map((c) => c.id)).toEqual(['ok']);
    expect(issues.map((i) => i.line)).toEqual([1, 2, 3, 4, 7]);
    expect(issues[2]!.message).toContain('"absent" is not in "text"');
  });

  it('uses system offsets when they agree with the text, else locates the text', () => {
    const texts = new Map([['a', 'on Monday, Monday']]);
    const { cases, issues } = parseSystemLines(
      [
        JSON.stringify({ id: 'a', dates: [{ text: 'Monday', start: 11, end: 17, value: 'V' }, { text: 'Monday', value: 'W' }, { text: 'nope', value: 'Z' }] }),
        JSON.stringify({ id: 'other', dates: [] }),
        JSON.stringify({ id: 'a', error: 'ignored: first answer wins in scoring' }),
      ],
      texts,
    );
    expect(cases[0]!.dates).toEqual([
      { text: 'Monday', value: 'V', start: 11, end: 17 },
      { text: 'Monday', value: 'W', start: 3, end: 9 },
    ]);
    expect(issues).toHaveLength(1);
    expect(cases[1]).toEqual({ id: 'a', dates: [], error: 'ignored: first answer wins in scoring' });
  });
});
