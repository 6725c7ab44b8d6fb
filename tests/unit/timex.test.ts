import { describe, expect, it } from 'vitest';
import { filterBounds, timexBounds } from '../../src/timex.js';

describe('timexBounds', () => {
  it.each([
    ['2019-12-02', '2019-12-02', '2019-12-02'],
    ['2019-12-02T15:30', '2019-12-02', '2019-12-02'],
    ['2019-12', '2019-12-01', '2019-12-31'],
    ['2020-02', '2020-02-01', '2020-02-29'],
    ['2019', '2019-01-01', '2019-12-31'],
    ['2019-W48', '2019-11-25', '2019-12-01'],
    ['2020-W53', '2020-12-28', '2021-01-03'],
    ['2019-Q3', '2019-07-01', '2019-09-30'],
    ['2019-H1', '2019-01-01', '2019-06-30'],
    ['2019-WI', '2019-12-01', '2020-02-29'],
    ['199', '1990-01-01', '1999-12-31'],
    ['19', '1900-01-01', '1999-12-31'],
  ])('%s covers %s..%s', (value, start, end) => {
    expect(timexBounds(value)).toEqual({ start, end });
  });

  it.each(['', 'tomorrow', '2019-13', '2019-02-30', '2019-W60', 'PRESENT_REF', '2019-12-02T'])('rejects %j', (v) => {
    expect(timexBounds(v)).toBeNull();
  });

  it('filterBounds accepts only calendar filters', () => {
    expect(filterBounds('2019')).toEqual({ start: '2019-01-01', end: '2019-12-31' });
    expect(filterBounds('2019-W48')).toBeNull();
    expect(filterBounds('2019-13-45')).toBeNull();
  });
});
