import { describe, expect, it } from 'vitest';
import { expressionProblems, timexShapeError } from '../../../src/eval/check-expressions.js';

describe('timexShapeError', () => {
  it('accepts every project TIMEX shape', () => {
    for (const v of ['2019-12-02', '2019-12-02T15:30', '2019-12', '2019', '2019-W48', '2020-W53', '2019-W48-WE', '2019-Q3', '2019-H1', '2019-SU', '199', '20', '2020-02-29']) {
      expect(timexShapeError(v), v).toBeNull();
    }
  });
  it('rejects impossible or malformed values', () => {
    expect(timexShapeError('2019-02-29')).toBe('not a real calendar value');
    expect(timexShapeError('2019-11-31')).toBe('not a real calendar value');
    expect(timexShapeError('2019-13')).toBe('not a real calendar value');
    expect(timexShapeError('2019-W54')).toBe('not a real calendar value');
    expect(timexShapeError('2019-12-02T24:00')).toBe('bad clock time');
    expect(timexShapeError('2019-Q5')).toBe('unknown shape');
    expect(timexShapeError('PRESENT_REF')).toBe('unknown shape');
    expect(timexShapeError(20191202)).toBe('not a string');
  });
});

describe('expressionProblems', () => {
  it('passes a consistent result and flags broken spans and values', () => {
    expect(expressionProblems('on Monday', [{ text: 'Monday', start: 3, end: 9, value: '2019-12-02' }])).toEqual([]);
    expect(expressionProblems('on Monday', [{ text: 'Mon', start: 3, end: 9, value: '2019-12-02' }])[0]).toMatch(/^text !== input/);
    expect(expressionProblems('on Monday', [{ text: 'Monday', start: 3, end: 10, value: '2019-12-02' }])[0]).toMatch(/^bad offsets/);
    expect(expressionProblems('on Monday', [{ text: 'Monday', start: 3, end: 9, value: '2019-02-30' }])[0]).toMatch(/^not a real calendar value/);
    expect(expressionProblems('x', [{ text: 'x', start: 0, end: 1, value: '2019', range: { from: '2019', to: 'soon' } }])[0]).toMatch(/^bad range/);
    expect(expressionProblems('x', null)).toEqual(['result is not an array']);
  });
});
