/**
 * The speed paths of the date normalizer must give what the plain ways give: calendar
 * arithmetic against the engine's Date, the one-to-one fold against the general fold, and
 * the rule-start filter against trying every token.
 */
import { describe, expect, it } from 'vitest';
import { daysInMonth, fromDays, toDays, weekdayOf } from '../../../src/dates/calendar.js';
import { fold, foldMapped } from '../../../src/dates/fold.js';
import { compiledLocale } from '../../../src/dates/locale.js';
import { canStartRule, Grammar } from '../../../src/dates/parse.js';
import { tokenize } from '../../../src/dates/tokenize.js';
import { normalizeDates } from '../../../src/dates/index.js';

const DAY = 86_400_000;

describe('calendar arithmetic', () => {
  it('agrees with Date.UTC for every day of 1000–2999 sampled, with month and day overflow', () => {
    for (let y = 1000; y <= 2999; y += 7) {
      for (let m = -1; m <= 14; m++) {
        for (const d of [0, 1, 15, 28, 29, 30, 31, 32]) {
          expect(toDays(y, m, d)).toBe(Math.floor(Date.UTC(y, m - 1, d) / DAY));
        }
        if (m >= 1 && m <= 12) {
          expect(daysInMonth(y, m)).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
          expect(weekdayOf(y, m, 1)).toBe(((new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7) + 1);
        }
      }
    }
  });

  it('fromDays inverts toDays, before and after 1970', () => {
    for (let days = -400_000; days <= 400_000; days += 997) {
      const dt = new Date(days * DAY);
      expect(fromDays(days)).toEqual({ y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() });
    }
    expect(daysInMonth(2020, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(weekdayOf(2019, 12, 2)).toBe(1);
  });
});

describe('foldMapped', () => {
  const texts = [
    'Décembre', 'The Talks RESUMED on Dec. 2', 'بكين ٢ ديسمبر ٢٠١٩ (شينخوا) قالَ', 'إلى أن ة ى',
    '新华社北京12月2日电', 'ПЕКИН, 2 декабря', 'Ελλάδα ΣΑΣ', 'İstanbul', 'a\u0301b', 'x\ud800y', '😀 2019',
    'don’t – 2019‐12‐02', '\u200fمرحبا\u200e', 'ﾃｽﾄ１２３', '',
  ];
  it.each(texts)('gives the folded text and offsets of fold for %j', (t) => {
    const a = fold(t);
    const b = foldMapped(t);
    expect(b.s).toBe(a.s);
    for (let k = 0; k < a.s.length; k++) {
      expect(b.starts ? b.starts[k] : k).toBe(a.starts[k]);
      expect(b.ends ? b.ends[k] : k + 1).toBe(a.ends[k]);
    }
  });
  it('skips the offset maps only when they are the identity', () => {
    expect(foldMapped('Décembre').starts).toBeNull();
    expect(foldMapped('قالَ').starts).not.toBeNull();
  });
});

describe('rule-start filter', () => {
  const samples: Array<[string, string]> = [
    ['en', "The minister said on Tuesday, Dec. 3, that talks from 2-5 December 2019 and the '90s deal of the 1990s would resume next week at 3:30 p.m."],
    ['ar', 'قال الرئيس اليوم (الاثنين) إن القمة ستعقد في 5 ربيع الآخر 1441 هـ الموافق 2 ديسمبر 2019 وفي مطلع العام المقبل'],
    ['zh', '新华社北京12月2日电 习近平昨天下午3点在人民大会堂会见了来访的客人，双方将于明年第二季度再次会晤。'],
    ['fr', 'Le sommet se tiendra du 2 au 5 décembre, a-t-il dit lundi dernier.'],
  ];
  it.each(samples)('never skips a token where a rule would match (%s)', (lang, text) => {
    const loc = compiledLocale(lang);
    const T = tokenize(fold(text).s, loc);
    const g = new Grammar(T, loc.bareMonthNeedsCapital, loc.holidayNameCheck);
    let found = 0;
    for (let i = 0; i < T.length; i++) {
      const c = g.at(i);
      if (c && c.e > i) {
        found++;
        expect(canStartRule(T[i]!), `token ${i} "${T[i]!.t}"`).toBe(true);
      }
    }
    expect(found).toBeGreaterThan(1);
    expect(normalizeDates(text, { lang, ref: '2019-12-02T20:15:00+08:00' }).length).toBeGreaterThan(1);
  });
});
