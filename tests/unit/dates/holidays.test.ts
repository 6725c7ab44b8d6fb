import { describe, expect, it } from 'vitest';
import { holidayDatesIn, holidayNear, orthodoxEaster, westernEaster } from '../../../src/dates/holidays.js';
import { normalizeDates } from '../../../src/dates/index.js';

describe('holiday rules', () => {
  it('computes Western and Orthodox Easter', () => {
    expect(westernEaster(2019)).toEqual({ y: 2019, m: 4, d: 21 });
    expect(westernEaster(2024)).toEqual({ y: 2024, m: 3, d: 31 });
    expect(westernEaster(2038)).toEqual({ y: 2038, m: 4, d: 25 });
    expect(orthodoxEaster(2019)).toEqual({ y: 2019, m: 4, d: 28 });
    expect(orthodoxEaster(2021)).toEqual({ y: 2021, m: 5, d: 2 });
  });
  it('computes Umm al-Qura holidays, twice in a year when they fall twice', () => {
    expect(holidayDatesIn('eid-al-fitr', 2019)).toEqual([{ y: 2019, m: 6, d: 4 }]);
    expect(holidayDatesIn('ramadan', 2020)).toEqual([{ y: 2020, m: 4, d: 24 }]);
    expect(holidayDatesIn('islamic-new-year', 2019)).toEqual([{ y: 2019, m: 8, d: 31 }]);
    expect(holidayDatesIn('eid-al-fitr', 2000)).toHaveLength(2);
  });
  it('computes Chinese lunisolar holidays', () => {
    expect(holidayDatesIn('spring-festival', 2019)).toEqual([{ y: 2019, m: 2, d: 5 }]);
    expect(holidayDatesIn('spring-festival', 2020)).toEqual([{ y: 2020, m: 1, d: 25 }]);
    expect(holidayDatesIn('mid-autumn-festival', 2020)).toEqual([{ y: 2020, m: 10, d: 1 }]);
  });
  it('computes Nowruz from the equinox with the Tehran noon rule', () => {
    expect(holidayDatesIn('nowruz', 2019)).toEqual([{ y: 2019, m: 3, d: 21 }]);
    expect(holidayDatesIn('nowruz', 2020)).toEqual([{ y: 2020, m: 3, d: 20 }]);
  });
  it('computes the Qingming solar term in Beijing time', () => {
    // Published dates of 清明 (Sun at 15°, UTC+8).
    expect(holidayDatesIn('qingming', 2019)).toEqual([{ y: 2019, m: 4, d: 5 }]);
    expect(holidayDatesIn('qingming', 2020)).toEqual([{ y: 2020, m: 4, d: 4 }]);
    expect(holidayDatesIn('qingming', 2022)).toEqual([{ y: 2022, m: 4, d: 5 }]);
    expect(holidayDatesIn('qingming', 2024)).toEqual([{ y: 2024, m: 4, d: 4 }]);
  });
  it('computes the n-th weekday of a month (US Thanksgiving: fourth Thursday of November)', () => {
    expect(holidayDatesIn('thanksgiving-usa', 2019)).toEqual([{ y: 2019, m: 11, d: 28 }]);
    expect(holidayDatesIn('thanksgiving-usa', 2020)).toEqual([{ y: 2020, m: 11, d: 26 }]);
    expect(holidayDatesIn('thanksgiving-usa', 2018)).toEqual([{ y: 2018, m: 11, d: 22 }]);
  });
  it('finds the nearest occurrence in a direction, and survives bad input', () => {
    const ref = { y: 2019, m: 12, d: 2 };
    expect(holidayNear('christmas', ref, -1)).toEqual({ y: 2018, m: 12, d: 25 });
    expect(holidayNear('christmas', ref, 1)).toEqual({ y: 2019, m: 12, d: 25 });
    expect(holidayNear('national-day-are', ref, -1)).toEqual(ref);
    expect(holidayNear('national-day-are', ref, -1, true)).toEqual({ y: 2018, m: 12, d: 2 });
    expect(holidayDatesIn('no-such-holiday', 2019)).toEqual([]);
    expect(holidayDatesIn('christmas', 99999)).toEqual([]);
    expect(holidayDatesIn('christmas', Number.NaN)).toEqual([]);
  });
});

describe('holidays in text', () => {
  it('resolves an explicit year without a reference, and nothing without one', () => {
    expect(normalizeDates('Christmas 2017 was quiet.', { lang: 'en', ref: null }).map((e) => e.value)).toEqual(['2017-12-25']);
    expect(normalizeDates('Christmas was quiet.', { lang: 'en', ref: null })).toEqual([]);
  });
  it('reads holiday names in an unknown language', () => {
    const got = normalizeDates('Eid al-Fitr 2020', { lang: 'xx', ref: null });
    expect(got.map((e) => [e.text, e.value])).toEqual([['Eid al-Fitr 2020', '2020-05-24']]);
  });
});
