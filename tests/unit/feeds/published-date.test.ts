import { describe, expect, it } from 'vitest';
import { parsePublishedDate } from '../../../src/feeds/published-date.js';

describe('parsePublishedDate', () => {
  it.each([
    ['Tue, 30 Jan 2018 12:29:57 -0500', undefined, '2018-01-30T12:29:57-05:00'],
    ['Wed, 31 Jan 2018 07:26:05 GMT', undefined, '2018-01-31T07:26:05+00:00'],
    ['Fri, 1 Jun 18 10:00 EDT', undefined, '2018-06-01T10:00:00-04:00'],
    ['Mon, 15 Mar 2021 3:05 PM EST', undefined, '2021-03-15T15:05:00-05:00'],
    ['2018-01-31T07:26:05Z', undefined, '2018-01-31T07:26:05+00:00'],
    ['2017-11-08T18:15:58-05:00', undefined, '2017-11-08T18:15:58-05:00'],
    ['2015-12-19T02:11:33.250-08:00', undefined, '2015-12-19T02:11:33-08:00'],
    ['2021-03-15', undefined, '2021-03-15T00:00:00+00:00'],
    ['Mon, 02 Dec 2019 20:15:00 GMT+0300', undefined, '2019-12-02T20:15:00+03:00'],
    ['Mon Dec 02 2019 20:15:00 GMT+0300 (Moscow Standard Time)', undefined, '2019-12-02T20:15:00+03:00'],
    ['Dec 2, 2019 8:15 PM', 'Europe/Moscow', '2019-12-02T20:15:00+03:00'],
    ['2019-12-02T20:15:00+0300', undefined, '2019-12-02T20:15:00+03:00'],
  ])('RFC 822 / ISO 8601: %s', (raw, zone, want) => {
    expect(parsePublishedDate(raw, { zone })).toBe(want);
  });

  it.each([
    ['Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T19:42:40-03:00'],
    ['Qua, 05 Dez 2018 08:00:00 -0200', '2018-12-05T08:00:00-02:00'],
    ['Lun, 24 Sep 2018 19:42:40 +0200', '2018-09-24T19:42:40+02:00'],
    ['Mar, 02 Oct 2018 10:00:00 +0200', '2018-10-02T10:00:00+02:00'],
    ['mié, 12 dic 2018 23:59:00 -0600', '2018-12-12T23:59:00-06:00'],
    ['Чт, 23 янв 2014 09:33:08 +0600', '2014-01-23T09:33:08+06:00'],
    ['23 января 2014 г. 09:33 +0300', '2014-01-23T09:33:00+03:00'],
    ['mar., 04 déc. 2018 10:30:00 +0100', '2018-12-04T10:30:00+01:00'],
    ['Do, 07 Mär 2019 12:00:00 +0100', '2019-03-07T12:00:00+01:00'],
  ])('other languages: %s', (raw, want) => {
    expect(parsePublishedDate(raw)).toBe(want);
  });

  it('reads naive timestamps in the feed zone, honouring DST', () => {
    expect(parsePublishedDate('2018-09-18 14:38:10', { zone: 'Asia/Shanghai' })).toBe('2018-09-18T14:38:10+08:00');
    expect(parsePublishedDate('2019-07-01 12:00:00', { zone: 'Europe/Paris' })).toBe('2019-07-01T12:00:00+02:00');
    expect(parsePublishedDate('2019-01-01 12:00:00', { zone: 'Europe/Paris' })).toBe('2019-01-01T12:00:00+01:00');
    expect(parsePublishedDate('2018-09-18T14:38:10', { zone: '+05:30' })).toBe('2018-09-18T14:38:10+05:30');
    expect(parsePublishedDate('2018-09-18 14:38:10')).toBe('2018-09-18T14:38:10+00:00');
    expect(parsePublishedDate('18.09.2018 14:38', { zone: 'Europe/Moscow' })).toBe('2018-09-18T14:38:00+03:00');
    expect(parsePublishedDate('2018年9月18日 14:38', { zone: 'Asia/Shanghai' })).toBe('2018-09-18T14:38:00+08:00');
  });

  it('an explicit offset wins over the feed zone', () => {
    expect(parsePublishedDate('Tue, 30 Jan 2018 12:29:57 -0500', { zone: 'Asia/Tokyo' })).toBe('2018-01-30T12:29:57-05:00');
  });

  it('numeric slashes: day first unless English or impossible', () => {
    expect(parsePublishedDate('03/04/2018 10:00')).toBe('2018-04-03T10:00:00+00:00');
    expect(parsePublishedDate('03/04/2018 10:00', { lang: 'en' })).toBe('2018-03-04T10:00:00+00:00');
    expect(parsePublishedDate('12/25/2018')).toBe('2018-12-25T00:00:00+00:00');
  });

  it.each([
    'not a date',
    '',
    '   ',
    'Tue, 30 Feb 2018 12:29:57 -0500',
    '32 Jan 2018',
    '2018-13-01',
    'Mon, 15 Foo 2021 10:00:00 +0000',
    '1234567890123',
    '25:61',
  ])('nonsense gives null: %j', (raw) => {
    expect(parsePublishedDate(raw)).toBeNull();
  });

  it('survives hostile input quickly', () => {
    const t0 = Date.now();
    expect(parsePublishedDate('1'.repeat(100_000))).toBeNull();
    expect(parsePublishedDate('Jan '.repeat(40))).toBeNull();
    expect(parsePublishedDate(null)).toBeNull();
    expect(parsePublishedDate(undefined)).toBeNull();
    expect(Date.now() - t0).toBeLessThan(500);
  });
});
