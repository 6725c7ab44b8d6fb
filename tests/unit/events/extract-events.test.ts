import { describe, expect, it } from 'vitest';
import { extractEvents, EXTRACTOR_VERSION } from '../../../src/stages/extract-events.js';
import type { Grain, NormalizedStory } from '../../../src/types.js';
import { handStory, names, ofKind } from './hand-story.js';

/** A hand-made story whose reference date comes from a dateline. */
const story = (
  id: string,
  lang: string,
  text: string,
  refDate: string | null,
  dates: Array<[string, string, Grain]> = [],
  dateline: NormalizedStory['dateline'] = null,
): NormalizedStory => handStory(id, lang, text, refDate, dates, { basis: 'dateline', dateline });

// Hand-written in the style of a Xinhua Arabic story (not corpus text).
const AR = [
  'موسكو 4 مارس 2021 (شينخوا) التقى الرئيس الروسي فلاديمير بوتين اليوم (الخميس) وزير الخارجية الصيني وانغ يي في الكرملين.',
  'وقال بوتين إن العلاقات بين البلدين في أفضل حالاتها.',
  'وأشار المسؤول الصيني إلى أن الصين وروسيا ستحتفلان بالذكرى الـ20 لتوقيع معاهدة حسن الجوار هذا العام.',
  'وفي وقت سابق اليوم، ترأس وانغ يي ونظيره الروسي سيرغي لافروف الاجتماع الثالث بين الصين وروسيا بشأن التعاون المؤسسي في مجال إنفاذ القانون والأمن.',
  'ولم يلتق بوتين بالوفد الياباني.',
].join('\n');
const arStory = () =>
  story('ar-fixture', 'ar', AR, '2021-03-04', [
    ['4 مارس 2021', '2021-03-04', 'day'],
    ['اليوم (الخميس)', '2021-03-04', 'day'],
    ['هذا العام', '2021', 'year'],
    ['وقت سابق اليوم', '2021-03-04', 'day'],
  ], { text: 'موسكو 4 مارس 2021 (شينخوا)', start: 0, end: 26, place: 'موسكو', placeCanonical: 'Moscow', country: 'RUS', date: '2021-03-04', agency: 'شينخوا', zone: 'Europe/Moscow' });

describe('extractEvents (Arabic)', () => {
  const evs = extractEvents(arStory());

  it('finds the meeting with titled participants, host first', () => {
    const m = ofKind(evs, 'meeting').find((e) => names(e).includes('Vladimir Putin'))!;
    expect(m).toBeDefined();
    expect(m.title).toBe('Vladimir Putin meets Wang Yi');
    expect(m.date).toMatchObject({ value: '2021-03-04', grain: 'day', basis: 'expression' });
    const putin = m.participants.find((p) => p.canonical === 'Vladimir Putin')!;
    expect(putin).toMatchObject({ name: 'فلاديمير بوتين', title: 'President', country: 'RUS', role: 'host' });
    const wang = m.participants.find((p) => p.canonical === 'Wang Yi')!;
    expect(wang).toMatchObject({ title: 'Foreign Minister', country: 'CHN', role: 'visitor' });
    expect(m.location).toMatchObject({ canonical: 'Moscow', country: 'RUS', venue: 'Kremlin' });
    expect(m.codes).toEqual({ plover: 'CONSULT', cameo: '04', mode: 'meeting' });
    expect(m.evidence[0]!.text).toContain('التقى الرئيس الروسي');
    expect(AR.slice(m.evidence[0]!.start, m.evidence[0]!.end)).toBe(m.evidence[0]!.text);
  });

  it('reads the co-chaired series meeting with its ordinal and English series name', () => {
    const m = ofKind(evs, 'meeting').find((e) => e.series?.ordinal === 3)!;
    expect(m).toBeDefined();
    expect(names(m).sort()).toEqual(['Sergey Lavrov', 'Wang Yi']);
    expect(m.participants.every((p) => p.role === 'co-chair')).toBe(true);
    expect(m.series?.name).toBe('China–Russia meeting on institutional cooperation in law enforcement and security');
    expect(m.date.value).toBe('2021-03-04');
  });

  it('reads the anniversary: year grain, ordinal, origin year', () => {
    const a = ofKind(evs, 'anniversary');
    expect(a).toHaveLength(1);
    expect(a[0]!.date).toMatchObject({ value: '2021', grain: 'year' });
    expect(a[0]!.series).toMatchObject({ ordinal: 20, originYear: 2001 });
    expect(names(a[0]!).sort()).toEqual(['China', 'Russia']);
  });

  it('drops the negated meeting and never duplicates an event', () => {
    expect(evs.some((e) => e.evidence.some((x) => x.text.includes('ولم يلتق')))).toBe(false);
    const keys = evs.map((e) => `${e.kind}|${e.date.value}|${names(e).sort().join(',')}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(evs.map((e) => e.id)).size).toBe(evs.length);
  });

  it('is deterministic', () => {
    expect(extractEvents(arStory())).toEqual(evs);
  });
});

describe('extractEvents (English)', () => {
  const EN =
    'WASHINGTON, March 3 (Reuters) - U.S. President Joe Biden met German Chancellor Olaf Scholz at the White House on Friday. ' +
    'Biden will visit Warsaw next week, officials said. ' +
    'If talks fail, Biden could impose sanctions. ' +
    'Biden did not meet Russian Foreign Minister Sergei Lavrov. ' +
    'A powerful earthquake struck southern Turkey on Monday, killing dozens.';
  const evs = extractEvents(
    story('en-fixture', 'en', EN, '2023-03-03', [
      ['March 3', '2023-03-03', 'day'],
      ['Friday', '2023-03-03', 'day'],
      ['next week', '2023-W10', 'week'],
      ['Monday', '2023-02-27', 'day'],
    ]),
  );

  it('meeting with nationality + title parsing', () => {
    const m = ofKind(evs, 'meeting');
    expect(m).toHaveLength(1);
    expect(m[0]!.title).toBe('Joe Biden meets Olaf Scholz');
    expect(m[0]!.participants.find((p) => p.canonical === 'Olaf Scholz')).toMatchObject({ title: 'Chancellor', country: 'DEU' });
    expect(m[0]!.location?.venue).toBe('White House');
  });

  it('planned visit keeps the expression grain', () => {
    const v = ofKind(evs, 'visit');
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ planned: true, date: { value: '2023-W10', grain: 'week' } });
  });

  it('hypothetical and negated events are not emitted', () => {
    expect(ofKind(evs, 'sanction')).toHaveLength(0);
    expect(evs.some((e) => names(e).includes('Sergey Lavrov'))).toBe(false);
  });

  it('disaster gets the named country', () => {
    const d = ofKind(evs, 'disaster');
    expect(d).toHaveLength(1);
    expect(d[0]!.date.value).toBe('2023-02-27');
    expect(names(d[0]!)).toContain('Turkey');
    expect(d[0]!.codes?.plover).toBeUndefined();
  });
});

describe('extractEvents (Chinese, French, Russian)', () => {
  it('zh: chaired meeting with 第N次 ordinal', () => {
    const text = '新华社北京3月5日电 国家主席习近平5日上午主持召开中央外事工作委员会第三次会议。';
    const evs = extractEvents(story('zh-fixture', 'zh', text, '2021-03-05', [['3月5日', '2021-03-05', 'day'], ['5日上午', '2021-03-05', 'day']]));
    const m = ofKind(evs, 'meeting');
    expect(m).toHaveLength(1);
    expect(m[0]!.series?.ordinal).toBe(3);
    expect(m[0]!.participants[0]).toMatchObject({ canonical: 'Xi Jinping', role: 'chair' });
  });

  it('fr: a state visit is titled by its visitor, not its host', () => {
    const text = "PÉKIN, 6 avril 2023 -- Le président français Emmanuel Macron a rencontré jeudi le président chinois Xi Jinping à Pékin, au deuxième jour de sa visite d'État en Chine.";
    const evs = extractEvents(story('fr-visit', 'fr', text, '2023-04-06', [['6 avril 2023', '2023-04-06', 'day'], ['jeudi', '2023-04-06', 'day']]));
    const visits = ofKind(evs, 'visit');
    expect(visits).toHaveLength(1);
    expect(visits[0]!.participants.find((p) => p.role === 'visitor')?.canonical).toBe('Emmanuel Macron');
    expect(visits[0]!.title).toMatch(/^Emmanuel Macron visits /);
  });

  it('fr: "la sixième réunion"', () => {
    const text = "Le président Emmanuel Macron a rencontré mardi le chancelier Olaf Scholz lors de la sixième réunion franco-allemande.";
    const evs = extractEvents(story('fr-fixture', 'fr', text, '2023-03-01', [['mardi', '2023-02-28', 'day']]));
    const m = ofKind(evs, 'meeting');
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ date: { value: '2023-02-28' }, series: { ordinal: 6 } });
    expect(names(m[0]!)).toEqual(['Emmanuel Macron', 'Olaf Scholz']);
  });

  it('ru: phone call with inflected names', () => {
    const text = 'Президент России Владимир Путин провел во вторник телефонный разговор с президентом Турции Реджепом Тайипом Эрдоганом.';
    const evs = extractEvents(story('ru-fixture', 'ru', text, '2023-03-01', [['во вторник', '2023-02-28', 'day']]));
    const c = ofKind(evs, 'call');
    expect(c).toHaveLength(1);
    expect(names(c[0]!)).toEqual(['Vladimir Putin', 'Recep Tayyip Erdogan']);
    expect(c[0]!.codes).toMatchObject({ plover: 'CONSULT', mode: 'phone' });
  });
});

describe('extractEvents robustness', () => {
  it('gives [] for bad input and stories without any date', () => {
    expect(extractEvents(null as unknown as NormalizedStory)).toEqual([]);
    expect(extractEvents(story('x', 'en', '', null))).toEqual([]);
    expect(extractEvents(story('x', 'en', 'Xi met Putin in Moscow.', null))).toEqual([]);
  });

  it('survives hostile text quickly', () => {
    const text = ('الاجتماع '.repeat(2000) + '(((' .repeat(3000) + '7'.repeat(20000) + ' Meeting Summit Talks ').repeat(3);
    const t0 = Date.now();
    const evs = extractEvents(story('h', 'ar', text, '2020-01-01'));
    expect(Array.isArray(evs)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(8000);
  });

  it('exposes a version stamp: package version + code hash + data hash', () => {
    expect(EXTRACTOR_VERSION).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{8}\.[0-9a-f]{8}$/);
  });
});

describe('participants: coreference and unknown names', () => {
  it('resolves "the Russian official" and a bare surname to the full entity', () => {
    const text =
      'Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov on Monday. ' +
      'The Russian official said the talks were useful. Lavrov also met Premier Li Qiang on Monday.';
    const evs = extractEvents(story('coref', 'en', text, '2023-03-06', [['Monday', '2023-03-06', 'day'], ['Monday', '2023-03-06', 'day']]));
    const st = ofKind(evs, 'statement');
    expect(st.map(names)).toEqual([['Sergey Lavrov']]);
    const meetings = ofKind(evs, 'meeting').map(names).map((x) => x.sort());
    expect(meetings).toEqual([
      ['Sergey Lavrov', 'Wang Yi'],
      ['Li Qiang', 'Sergey Lavrov'],
    ]);
  });

  it('keeps unknown titled names with their surface form', () => {
    const text = 'التقى وزير الخارجية المصري سامح شكري اليوم الأحد نظيره الأردني أيمن الصفدي في عمان.';
    const evs = extractEvents(story('unk', 'ar', text, '2021-03-07', [['اليوم الأحد', '2021-03-07', 'day']]));
    const m = ofKind(evs, 'meeting');
    expect(m).toHaveLength(1);
    expect(m[0]!.participants.find((p) => p.name === 'سامح شكري')).toMatchObject({ title: 'Foreign Minister', country: 'EGY', type: 'person' });
  });

  it('reads Chinese two-country abbreviations (中俄) and relation phrases', () => {
    const text = '两国元首共同出席庆祝中俄建交70周年活动。';
    const evs = extractEvents(story('zh-ann', 'zh', text, '2019-06-05'));
    const a = ofKind(evs, 'anniversary');
    expect(a).toHaveLength(1);
    expect(a[0]!.series).toEqual({ name: 'China–Russia diplomatic relations', ordinal: 70, originYear: 1949 });
    expect(a[0]!.date).toMatchObject({ value: '2019-06-05', basis: 'dateline' });
  });

  it('an agreement signed by "the two sides" takes the parties and date of the meeting', () => {
    const text =
      'President Vladimir Putin met President Recep Tayyip Erdogan in Sochi on Tuesday. Putin said relations were good. ' +
      'Trade is growing. The two sides signed an agreement on gas supplies.';
    const evs = extractEvents(story('agr', 'en', text, '2021-09-29', [['Tuesday', '2021-09-28', 'day']]));
    const ag = ofKind(evs, 'agreement');
    expect(ag).toHaveLength(1);
    expect(names(ag[0]!).sort()).toEqual(['Recep Tayyip Erdogan', 'Vladimir Putin']);
    expect(ag[0]!.date).toMatchObject({ value: '2021-09-28', basis: 'computed' });
    expect(ag[0]!.codes?.plover).toBe('AGREE');
  });
});
