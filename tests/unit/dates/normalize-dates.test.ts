import { describe, expect, it } from 'vitest';
import { normalizeDates } from '../../../src/dates/index.js';

const REF = '2019-12-02T20:15:00+08:00'; // Monday 2 December 2019, Beijing

/** Finds the expression whose text is `text` and checks its span and value. */
function expectExpr(input: string, lang: string, text: string, value: string, ref: string | null = REF, zone?: string) {
  const got = normalizeDates(input, { lang, ref, zone });
  const hit = got.find((g) => g.text === text);
  expect(hit, `no "${text}" in ${JSON.stringify(got.map((g) => [g.text, g.value]))}`).toBeDefined();
  expect(input.slice(hit!.start, hit!.end)).toBe(text);
  expect(hit!.value).toBe(value);
  return hit!;
}

describe('normalizeDates: Arabic', () => {
  it('reads today with the weekday in brackets as one expression', () => {
    const e = expectExpr('قال الرئيس اليوم (الاثنين) إنه', 'ar', 'اليوم (الاثنين)', '2019-12-02');
    expect(e.start).toBe(11);
    expect(e.flags).toBeUndefined();
  });
  it('reads a lone singular unit as one, but not when it names what follows', () => {
    expectExpr('توفي قبل أسبوع', 'ar', 'قبل أسبوع', '2019-W48');
    const named = (text: string) => normalizeDates(text, { lang: 'ar', ref: REF }).map((g) => [g.text, g.value]);
    expect(named('ارتفعت الأسعار قبل شهر رمضان')).toEqual([['شهر رمضان', '2019-05-06']]);
    expect(named('تراجع الدولار قبل عام 2011')).toEqual([['عام 2011', '2011']]);
    expect(named('قبل أيام أعلنت الحكومة خطة')).toEqual([]);
  });
  it('flags a weekday that does not match the date', () => {
    const e = expectExpr('قال اليوم (الثلاثاء) إنه', 'ar', 'اليوم (الثلاثاء)', '2019-12-02');
    expect(e.flags).toContain('weekday-mismatch');
  });
  it('handles Arabic-Indic digits, diacritics and tatweel with original spans', () => {
    expectExpr('بكين ٢ ديسمبر ٢٠١٩ (شينخوا)', 'ar', '٢ ديسمبر ٢٠١٩', '2019-12-02');
    expectExpr('في ٣ دِيسَمْبَر ٢٠١٩', 'ar', '٣ دِيسَمْبَر ٢٠١٩', '2019-12-03');
    expectExpr('العـــام الماضي', 'ar', 'العـــام الماضي', '2018');
  });
  it('reads every month series and doubled names', () => {
    expectExpr('دمشق 2 كانون الأول/ديسمبر 2019', 'ar', '2 كانون الأول/ديسمبر 2019', '2019-12-02');
    expectExpr('تونس 12 جانفي 2019', 'ar', '12 جانفي 2019', '2019-01-12');
    expectExpr('الرباط 3 يوليوز 2019', 'ar', '3 يوليوز 2019', '2019-07-03');
    expectExpr('الرباط 5 غشت 2018', 'ar', '5 غشت 2018', '2018-08-05');
    expectExpr('في 14 تموز 2019', 'ar', '14 تموز 2019', '2019-07-14');
  });
  it('reads ordinal days in words', () => {
    expectExpr('في الثاني من ديسمبر 2019', 'ar', 'الثاني من ديسمبر 2019', '2019-12-02');
    expectExpr('بكين اول سبتمبر 2008 (شينخوا)', 'ar', 'اول سبتمبر 2008', '2008-09-01');
  });
  it('uses tense for bare weekdays and modifiers when given', () => {
    expectExpr('وأعلنت الوزارة يوم الخميس أن', 'ar', 'يوم الخميس', '2019-11-28');
    expectExpr('وسيزور الرئيس موسكو يوم الخميس', 'ar', 'يوم الخميس', '2019-12-05');
    expectExpr('أعلنت الوزارة يوم الخميس الماضي', 'ar', 'يوم الخميس الماضي', '2019-11-28');
    expectExpr('ينطلق الاحد القادم', 'ar', 'الاحد القادم', '2019-12-08');
  });
  it('reads relative units, with proclitics', () => {
    expectExpr('ستعقد الجولة الأسبوع المقبل', 'ar', 'الأسبوع المقبل', '2019-W50');
    expectExpr('مقارنة بالعام الماضي', 'ar', 'العام الماضي', '2018');
    expectExpr('تبدأ في 15 يناير المقبل', 'ar', '15 يناير المقبل', '2020-01-15');
    expectExpr('منذ مارس الماضي', 'ar', 'مارس الماضي', '2019-03');
    expectExpr('قبل ثلاثة أعوام', 'ar', 'قبل ثلاثة أعوام', '2016');
    expectExpr('قبل يومين', 'ar', 'قبل يومين', '2019-11-30');
  });
  it('marks early/mid/late', () => {
    const e = expectExpr('مطلع العام المقبل', 'ar', 'مطلع العام المقبل', '2020');
    expect(e.mod).toBe('START');
    expect(expectExpr('في أواخر نوفمبر 2019', 'ar', 'أواخر نوفمبر 2019', '2019-11').mod).toBe('END');
  });
  it('converts Hijri dates', () => {
    expectExpr('الاثنين 5 ربيع الآخر 1441 هـ الموافق 2 ديسمبر 2019 م', 'ar', 'الاثنين 5 ربيع الآخر 1441 هـ', '2019-12-02');
  });
  it('reads clock times on a day', () => {
    expectExpr('في الساعة الثالثة من بعد ظهر اليوم', 'ar', 'الساعة الثالثة من بعد ظهر اليوم', '2019-12-02T15:00');
  });
  it('reads ranges', () => {
    const e = expectExpr('في الفترة من 2005 إلى 2008', 'ar', 'من 2005 إلى 2008', '2005');
    expect(e.range).toEqual({ from: '2005', to: '2008' });
  });
  it('does not read "a day" as today', () => {
    const got = normalizeDates('يعيشون على أقل من دولارين في اليوم', { lang: 'ar', ref: REF });
    expect(got).toEqual([]);
  });
});

describe('normalizeDates: English', () => {
  it('reads absolute dates in all orders', () => {
    expectExpr('on 2 December 2019', 'en', '2 December 2019', '2019-12-02');
    expectExpr('on December 2, 2019', 'en', 'December 2, 2019', '2019-12-02');
    const e = expectExpr('Monday, Dec. 2, 2019', 'en', 'Monday, Dec. 2, 2019', '2019-12-02');
    expect(e.flags).toBeUndefined();
    expectExpr('2019-12-02', 'en', '2019-12-02', '2019-12-02');
    expectExpr('on Monday, April 21st, at', 'en', 'Monday, April 21st', '2025-04-21', '2025-04-23T00:02:58+03:00');
  });
  it('flags a weekday mismatch', () => {
    const e = expectExpr('on Tuesday (Aug 31)', 'en', 'Tuesday (Aug 31)', '2020-08-31', '2020-09-01T10:00:00-04:00');
    expect(e.flags).toContain('weekday-mismatch');
  });
  it('resolves weekdays by tense', () => {
    expectExpr('Xi said on Monday that', 'en', 'Monday', '2019-12-02');
    expectExpr('Xi said on Monday that', 'en', 'Monday', '2019-12-02', '2019-12-03T09:00:00+08:00');
    expectExpr('The talks will resume on Thursday.', 'en', 'Thursday', '2019-12-05');
    expectExpr('The ministry said on Thursday', 'en', 'Thursday', '2019-11-28');
    expectExpr('They met last Monday.', 'en', 'last Monday', '2019-11-25');
  });
  it('reads the year across a boundary for month-day without year', () => {
    expectExpr('The agreement was signed on Dec. 2.', 'en', 'Dec. 2', '2019-12-02', '2020-01-05T10:00:00+00:00');
  });
  it('reads relative expressions', () => {
    expectExpr('last week', 'en', 'last week', '2019-W48');
    expectExpr('this week', 'en', 'this week', '2019-W49');
    expectExpr('next month', 'en', 'next month', '2020-01');
    expectExpr('yesterday', 'en', 'yesterday', '2019-12-01');
    expectExpr('two days ago', 'en', 'two days ago', '2019-11-30');
    expectExpr('three years ago', 'en', 'three years ago', '2016');
    expectExpr('earlier this year', 'en', 'this year', '2019');
  });
  it('reads years, decades, quarters and mods', () => {
    expectExpr('in 1949', 'en', '1949', '1949');
    expectExpr('in the 1990s', 'en', '1990s', '199');
    expectExpr('in the third quarter of 2019', 'en', 'the third quarter of 2019', '2019-Q3');
    expectExpr('sales in Q3 2019 rose', 'en', 'Q3 2019', '2019-Q3');
    expect(expectExpr('in mid-December', 'en', 'mid-December', '2019-12').mod).toBe('MID');
    expect(expectExpr('by early 2019', 'en', 'early 2019', '2019').mod).toBe('START');
  });
  it('does not read quantities as years', () => {
    const got = normalizeDates('about 1,500 homes and 2000 people, 850,000 tons, 40 percent', { lang: 'en', ref: REF });
    expect(got.map((g) => g.text)).toEqual([]);
  });
  it('reads clock times in the ref offset, not the server zone', () => {
    expectExpr('at 3:30 p.m. local time on Monday', 'en', '3:30 p.m. local time on Monday', '2019-12-02T15:30');
  });
  it('reads "today" in the given zone', () => {
    // 20:15 in Beijing is 07:15 the same day in New York; 01:00 in Beijing is the previous day there.
    expectExpr('today', 'en', 'today', '2019-12-01', '2019-12-02T01:00:00+08:00', 'America/New_York');
    expectExpr('today', 'en', 'today', '2019-12-02', '2019-12-02T01:00:00+08:00');
  });
  it('reads day ranges', () => {
    const e = expectExpr('from 2-5 December 2019', 'en', 'from 2-5 December 2019', '2019-12-02');
    expect(e.range).toEqual({ from: '2019-12-02', to: '2019-12-05' });
  });
  it('resolves only absolute dates without a reference', () => {
    const got = normalizeDates('On Monday, Dec. 2, officials said in 2019 that yesterday', { lang: 'en', ref: null });
    expect(got.map((g) => [g.text, g.value])).toEqual([['2019', '2019']]);
  });
});

describe('normalizeDates: Chinese, French, Spanish, Russian', () => {
  it('reads "el pasado mes de octubre" as October, with no separate "last month"', () => {
    const got = normalizeDates('La tasa de paro bajó el pasado mes de octubre.', { lang: 'es', ref: REF });
    expect(got.map((g) => [g.text, g.value])).toEqual([['pasado mes de octubre', '2019-10']]);
    // With no connector the month name is not read into the phrase.
    const en = normalizeDates('Last month December was cold.', { lang: 'en', ref: REF });
    expect(en.map((g) => g.text)).toEqual(['Last month', 'December']);
  });
  it('Chinese', () => {
    expectExpr('新华社北京2019年12月2日电', 'zh', '2019年12月2日', '2019-12-02');
    expectExpr('新华社北京12月2日电', 'zh', '12月2日', '2019-12-02');
    expectExpr('二〇一九年十二月二日', 'zh', '二〇一九年十二月二日', '2019-12-02');
    expectExpr('今天', 'zh', '今天', '2019-12-02');
    expectExpr('去年', 'zh', '去年', '2018');
    expectExpr('晚会31日晚在国家大剧院举行', 'zh', '31日晚', '2019-12-31', '2019-12-31T12:00:00+08:00');
    expectExpr('习近平12月30日上午主持召开', 'zh', '12月30日上午', '2014-12-30', '2014-12-30T12:00:00+08:00');
    expect(expectExpr('12月底前', 'zh', '12月底', '2019-12', REF).mod).toBe('END');
    expectExpr('上周四举行', 'zh', '上周四', '2019-11-28');
  });
  it('French', () => {
    expectExpr('PEKIN, 2 décembre (Xinhua) --', 'fr', '2 décembre', '2019-12-02');
    expectExpr('le 2 décembre 2019', 'fr', '2 décembre 2019', '2019-12-02');
    expectExpr("l'année dernière", 'fr', "l'année dernière", '2018');
    expectExpr('hier', 'fr', 'hier', '2019-12-01');
    expect(expectExpr('fin décembre 2019', 'fr', 'fin décembre 2019', '2019-12').mod).toBe('END');
  });
  it('Spanish', () => {
    expectExpr('BEIJING, 2 dic (Xinhua) --', 'es', '2 dic', '2019-12-02');
    expectExpr('el 2 de diciembre de 2019', 'es', '2 de diciembre de 2019', '2019-12-02');
    expectExpr('ayer', 'es', 'ayer', '2019-12-01');
    expectExpr('trató de entrar el domingo', 'es', 'el domingo', '2019-12-01');
    expectExpr('llegará el lunes por la mañana', 'es', 'el lunes por la mañana', '2019-12-02');
    expectExpr('hace dos años', 'es', 'hace dos años', '2017');
  });
  it('Russian', () => {
    expectExpr('ПЕКИН, 2 декабря /Синьхуа/ --', 'ru', '2 декабря', '2019-12-02');
    expectExpr('2 декабря 2019 года', 'ru', '2 декабря 2019 года', '2019-12-02');
    expectExpr('вчера', 'ru', 'вчера', '2019-12-01');
    expectExpr('в прошлом году', 'ru', 'в прошлом году', '2018');
    expect(expectExpr('в начале августа', 'ru', 'в начале августа', '2017-08', '2017-08-22T15:36:55+03:00').mod).toBe('START');
  });
});

describe('normalizeDates: hostile input', () => {
  it('survives huge, mixed and nested input quickly', () => {
    const parts = ['٢٠١٩'.repeat(5000), '9'.repeat(100000), '((((('.repeat(20000), 'اليوم '.repeat(20000), '2019年'.repeat(10000), 'Dec. 2, '.repeat(10000)];
    const t0 = Date.now();
    for (const p of parts) expect(Array.isArray(normalizeDates(p, { lang: 'und', ref: REF }))).toBe(true);
    expect(Date.now() - t0).toBeLessThan(15000);
  });
  it('returns [] for bad input', () => {
    expect(normalizeDates('', { lang: 'en', ref: REF })).toEqual([]);
    expect(normalizeDates(undefined as unknown as string, { lang: 'en', ref: REF })).toEqual([]);
    expect(normalizeDates('yesterday', { lang: 'en', ref: 'not a date' })).toEqual([]);
  });
});
