import { describe, expect, it } from 'vitest';
import { detectDateline, detectLanguage } from '../../../src/dates/index.js';

const PUB = '2019-12-02T10:00:00Z';

describe('detectDateline', () => {
  const cases: Array<[string, string | null, string | null, string | null, string | null, string | null, string]> = [
    // text, place, canonical, country, date, agency, dateline text
    ['بكين 2 ديسمبر 2019 (شينخوا) قال الرئيس', 'بكين', 'Beijing', 'CHN', '2019-12-02', 'Xinhua', 'بكين 2 ديسمبر 2019 (شينخوا)'],
    ['BEIJING, Dec. 2 (Xinhua) -- Chinese President', 'BEIJING', 'Beijing', 'CHN', '2019-12-02', 'Xinhua', 'BEIJING, Dec. 2 (Xinhua) --'],
    ['新华社北京12月2日电 中共中央', '北京', 'Beijing', 'CHN', '2019-12-02', 'Xinhua', '新华社北京12月2日电'],
    ['PÉKIN, 2 décembre (Xinhua) -- Le président', 'PÉKIN', 'Beijing', 'CHN', '2019-12-02', 'Xinhua', 'PÉKIN, 2 décembre (Xinhua) --'],
    ['EL CAIRO, 30 jun (Xinhua) -- El', 'EL CAIRO', 'Cairo', 'EGY', '2019-06-30', 'Xinhua', 'EL CAIRO, 30 jun (Xinhua) --'],
    ['Nueva Delhi, 21 ene (EFE).- Una pareja', 'Nueva Delhi', 'New Delhi', 'IND', '2019-01-21', 'EFE', 'Nueva Delhi, 21 ene (EFE).-'],
    ['ПЕКИН, 2 декабря /Синьхуа/ -- Председатель', 'ПЕКИН', 'Beijing', 'CHN', '2019-12-02', 'Xinhua', 'ПЕКИН, 2 декабря /Синьхуа/ --'],
    ['WARSAW, Poland (AP) — Poland', 'WARSAW', 'Warsaw', 'POL', null, 'AP', 'WARSAW, Poland (AP) —'],
    ['LONDON (AP) — Pro-Brexit', 'LONDON', 'London', 'GBR', null, 'AP', 'LONDON (AP) —'],
    ['MANILA, Dec 3 (Reuters) - Philippine', 'MANILA', 'Manila', 'PHL', '2018-12-03', 'Reuters', 'MANILA, Dec 3 (Reuters) -'],
    ['(AFP) - Le président', null, null, null, null, 'AFP', '(AFP) -'],
    ['باريس (اف ب)- اعلنت عائلة', 'باريس', 'Paris', 'FRA', null, 'AFP', 'باريس (اف ب)-'],
  ];
  for (const [text, place, canon, country, date, agency, dl] of cases) {
    it(dl, () => {
      const d = detectDateline(text, { published: PUB });
      expect(d).not.toBeNull();
      expect(d!.text).toBe(dl);
      expect(text.slice(d!.start, d!.end)).toBe(dl);
      expect(d!.place).toBe(place);
      expect(d!.placeCanonical ?? null).toBe(canon);
      expect(d!.country ?? null).toBe(country);
      expect(d!.date).toBe(date);
      expect(d!.agency).toBe(agency);
    });
  }
  it('gives the zone of the place', () => {
    expect(detectDateline('بكين 2 ديسمبر 2019 (شينخوا)')!.zone).toBe('Asia/Shanghai');
    expect(detectDateline('Nueva Delhi, 21 ene (EFE).-')!.zone).toBe('Asia/Kolkata');
  });
  it('puts a year-less date on or before the publication date', () => {
    expect(detectDateline('BEIJING, Dec. 2 (Xinhua) --', { published: '2020-01-05T10:00:00Z' })!.date).toBe('2019-12-02');
    expect(detectDateline('BEIJING, Dec. 2 (Xinhua) --', { published: '2019-12-02T23:30:00Z' })!.date).toBe('2019-12-02');
  });
  it('gives no date without year and publication date', () => {
    const d = detectDateline('GAZA, Dec. 1 (Xinhua) -- Hamas will respect');
    expect(d!.date).toBeNull();
    expect(d!.placeCanonical).toBe('Gaza');
  });
  it('finds a dateline after title lines', () => {
    const d = detectDateline('اخبار عالمية\n\nبكين اول سبتمبر 2008 (شينخوا) فيما يلى');
    expect(d!.date).toBe('2008-09-01');
    expect(d!.start).toBe(14);
  });
  it('returns null for plain text and bad input', () => {
    expect(detectDateline('The gas produced by hog manure at farms across the U.S. punches holes')).toBeNull();
    expect(detectDateline('')).toBeNull();
    expect(detectDateline(null as unknown as string)).toBeNull();
    expect(detectDateline('('.repeat(100000))).toBeNull();
  });
});

describe('detectLanguage', () => {
  it('detects by script and stopwords', () => {
    expect(detectLanguage('قال الرئيس الصيني شي جين بينغ')).toBe('ar');
    expect(detectLanguage('新华社北京12月2日电')).toBe('zh');
    expect(detectLanguage('Председатель КНР заявил')).toBe('ru');
    expect(detectLanguage('The talks will resume on Thursday in the capital')).toBe('en');
    expect(detectLanguage('Le président a dit que la réunion est pour demain')).toBe('fr');
    expect(detectLanguage('Una pareja de leones hirieron a un joven en el zoológico')).toBe('es');
    expect(detectLanguage('12345 !!')).toBe('und');
  });
});
