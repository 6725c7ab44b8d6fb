/**
 * The general rules added to reach the precision/recall targets, each
 * on text written for this test (not corpus text), in the language of the rule.
 */
import { describe, expect, it } from 'vitest';
import { extractEvents } from '../../../src/stages/extract-events.js';
import type { Grain } from '../../../src/types.js';
import { handStory, names, ofKind } from './hand-story.js';

const story = (lang: string, text: string, refDate: string | null, dates: Array<[string, string, Grain]> = []) => handStory(`rules-${lang}`, lang, text, refDate, dates);

describe('dates', () => {
  it('zh: a date between the event noun and its predicate wins over a date modifying the noun', () => {
    const text = '2024年元宵节文艺晚会24日晚在人民大会堂举行。';
    const evs = extractEvents(story('zh', text, '2024-02-25', [['2024年元宵节', '2024-02-24', 'day'], ['24日晚', '2024-02-24', 'day']]));
    // both readings give the 24th here: use a modifier on another day to tell them apart
    const text2 = '2025年新春音乐晚会30日晚在国家大剧院举行。';
    const evs2 = extractEvents(story('zh', text2, '2025-01-31', [['2025年新春', '2025-01-29', 'day'], ['30日晚', '2025-01-30', 'day']]));
    expect(ofKind(evs, 'conference').map((e) => e.date.value)).toEqual(['2024-02-24']);
    const c = ofKind(evs2, 'conference');
    expect(c).toHaveLength(1);
    expect(c[0]!.date).toMatchObject({ value: '2025-01-30', text: '30日晚', basis: 'expression' });
  });

  it('en: an undated lead takes the recent day given by a following sentence', () => {
    const text =
      'Prime Minister Narendra Modi announced a grant of 3 million dollars in aid for flood victims. ' +
      'The grant will be paid through local councils. ' +
      'The announcement came at a news conference on Tuesday, officials said.';
    const evs = extractEvents(story('en', text, '2024-05-09', [['Tuesday', '2024-05-07', 'day']]));
    const aid = ofKind(evs, 'aid');
    expect(aid).toHaveLength(1);
    expect(aid[0]!.date).toMatchObject({ value: '2024-05-07', basis: 'computed' });
  });

  it('en: the lead keeps the reference date when the next sentence reports another kind of event', () => {
    const text =
      'Prime Minister Narendra Modi announced a grant of 3 million dollars in aid for flood victims. ' +
      'An earthquake struck the north of the country on Tuesday.';
    const evs = extractEvents(story('en', text, '2024-05-09', [['Tuesday', '2024-05-07', 'day']]));
    expect(ofKind(evs, 'aid')[0]?.date).toMatchObject({ value: '2024-05-09', basis: 'published' });
  });

  it('es: a day given to the reporting verb does not date the event of another clause; the next sentence does', () => {
    const text =
      'Un oso hirió mortalmente a un turista en un parque natural del norte de España, informó hoy una fuente oficial. ' +
      'El turista, de unos 40 años, entró en la zona prohibida el sábado por la tarde.';
    const evs = extractEvents(story('es', text, '2024-06-10', [['hoy', '2024-06-10', 'day'], ['el sábado', '2024-06-08', 'day']]));
    const d = ofKind(evs, 'disaster');
    expect(d).toHaveLength(1);
    expect(d[0]!.date.value).toBe('2024-06-08');
    expect(names(d[0]!)).toContain('Spain');
  });
});

describe('kinds', () => {
  it('en: "<place> talks" is a conference; a planned end date makes it planned', () => {
    const text = 'Diplomats at the Geneva talks scheduled to end Friday said progress was slow.';
    const evs = extractEvents(story('en', text, '2024-03-06', [['Friday', '2024-03-08', 'day']]));
    const c = ofKind(evs, 'conference');
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ date: { value: '2024-03-08' }, planned: true });
    // "talks" after anything but a place is no conference
    const evs2 = extractEvents(story('en', 'Diplomats said the difficult talks would end on Friday.', '2024-03-06', [['Friday', '2024-03-08', 'day']]));
    expect(ofKind(evs2, 'conference')).toHaveLength(0);
  });

  it.each([
    ['zh', '联合国气候变化大会13日通过《巴黎协定》实施细则。', [['13日', '2018-12-13', 'day']]],
    ['fr', "Les délégués ont adopté jeudi l'accord de Paris sur le climat.", [['jeudi', '2018-12-13', 'day']]],
    ['ar', 'اعتمدت الدول اليوم الخميس اتفاق باريس بشأن المناخ.', [['اليوم الخميس', '2018-12-13', 'day']]],
    ['es', 'Los países adoptaron el jueves el Acuerdo de París sobre el clima.', [['el jueves', '2018-12-13', 'day']]],
    ['en', 'Delegates adopted the Paris Agreement on Thursday.', [['Thursday', '2018-12-13', 'day']]],
  ] as Array<[string, string, Array<[string, string, Grain]>]>)('%s: an agreement named after a place is an agreement with an English name', (lang, text, dates) => {
    const evs = extractEvents(story(lang, text, '2018-12-14', dates));
    const a = ofKind(evs, 'agreement');
    expect(a).toHaveLength(1);
    expect(a[0]!.date.value).toBe('2018-12-13');
    expect(a[0]!.participants.some((p) => (p.canonical ?? p.name) === 'Paris Agreement')).toBe(true);
    expect(a[0]!.title).toMatch(/Paris Agreement$/);
  });
});

describe('participants', () => {
  it('en: an election takes the participants of its clause and the office-holder\'s country', () => {
    const text = 'Xi Jinping was re-elected president on Friday and Russia welcomed the vote, while Vladimir Putin sent congratulations.';
    const evs = extractEvents(story('en', text, '2023-03-10', [['Friday', '2023-03-10', 'day']]));
    const e = ofKind(evs, 'election');
    expect(e).toHaveLength(1);
    expect(names(e[0]!)).toEqual(['Xi Jinping', 'China']);
    expect(e[0]!.location).toMatchObject({ country: 'CHN' });
  });

  it.each([
    ['en', 'President Xi Jinping met President Vladimir Putin on Monday. They attended a gala marking the 75th anniversary of diplomatic relations between the two countries.'],
    ['ar', 'التقى الرئيس الصيني شي جين بينغ اليوم الاثنين الرئيس الروسي فلاديمير بوتين. وحضر الرئيسان حفلا بمناسبة الذكرى الـ75 لإقامة العلاقات الدبلوماسية بين البلدين.'],
    ['zh', '国家主席习近平今天同俄罗斯总统普京举行会谈。两国元首共同出席庆祝两国建交75周年招待会。'],
  ])('%s: "the two countries" of an anniversary are the two countries in context', (lang, text) => {
    const evs = extractEvents(story(lang, text, '2024-05-16'));
    const a = ofKind(evs, 'anniversary');
    expect(a).toHaveLength(1);
    expect(names(a[0]!).sort()).toEqual(['China', 'Russia']);
    expect(a[0]!.series).toMatchObject({ ordinal: 75, originYear: 1949, name: 'China–Russia diplomatic relations' });
  });

  it('en: "the two countries" with only one country before it adds nobody', () => {
    const text = 'Officials from France marked the 60th anniversary of the founding of the institute in the two countries on Monday.';
    const evs = extractEvents(story('en', text, '2024-05-16', [['Monday', '2024-05-13', 'day']]));
    const a = ofKind(evs, 'anniversary');
    expect(a).toHaveLength(1);
    expect(names(a[0]!)).not.toContain('Russia');
    expect(names(a[0]!).filter((n) => n === 'France').length).toBeLessThanOrEqual(1);
  });

  it('ar: a title after an unknown name gives that person, with the nationality after the portfolio', () => {
    const text = 'التقى ناصر العتيبي، وزير التجارة الكويتي، اليوم الأحد نظيره العماني سالم الحارثي في مسقط.';
    const evs = extractEvents(story('ar', text, '2024-03-03', [['اليوم الأحد', '2024-03-03', 'day']]));
    const m = ofKind(evs, 'meeting');
    expect(m).toHaveLength(1);
    const nasser = m[0]!.participants.find((p) => p.name === 'ناصر العتيبي');
    expect(nasser).toMatchObject({ type: 'person', title: 'Minister', country: 'KWT' });
    expect(m[0]!.participants.find((p) => p.name === 'سالم الحارثي')).toMatchObject({ type: 'person', title: 'Minister' });
  });

  it('ar: a title after a known name binds to it; a title after a particle names nobody', () => {
    const text = 'استقبل وانغ يي، وزير الخارجية الصيني، اليوم الأحد في بكين رئيس الوزراء الباكستاني شهباز شريف.';
    const evs = extractEvents(story('ar', text, '2024-03-03', [['اليوم الأحد', '2024-03-03', 'day']]));
    const m = ofKind(evs, 'meeting');
    expect(m).toHaveLength(1);
    expect(m[0]!.participants.find((p) => p.canonical === 'Wang Yi')).toMatchObject({ title: 'Foreign Minister', country: 'CHN' });
    const text2 = 'وقال بيان صادر عن وزارة التجارة إن وزير التجارة الكويتي سيزور الصين الشهر المقبل.';
    const evs2 = extractEvents(story('ar', text2, '2024-03-03', [['الشهر المقبل', '2024-04', 'month']]));
    expect(evs2.flatMap((e) => e.participants).filter((p) => p.type === 'person')).toEqual([]);
  });

  it('zh: leaders said to attend in the next sentence join a gala that names nobody', () => {
    const text = '2024年春节联欢晚会9日晚在北京举行。习近平、李强等同观众一起观看演出。';
    const evs = extractEvents(story('zh', text, '2024-02-10', [['2024年春节', '2024-02-10', 'day'], ['9日晚', '2024-02-09', 'day']]));
    const c = ofKind(evs, 'conference');
    expect(c).toHaveLength(1);
    expect(c[0]!.date.value).toBe('2024-02-09');
    expect(names(c[0]!)).toEqual(expect.arrayContaining(['Xi Jinping', 'Li Qiang']));
  });
});

describe('more general rules', () => {
  it('ar: a word of the dateline is no trigger ("(عينة)" is not "عينه", appointed)', () => {
    const text = 'القاهرة 3 مارس 2024 (عينة) التقى وزير الخارجية المصري سامح شكري اليوم الأحد نظيره الأردني أيمن الصفدي.';
    const n = story('ar', text, '2024-03-03', [['اليوم الأحد', '2024-03-03', 'day']]);
    n.dateline = { text: 'القاهرة 3 مارس 2024 (عينة)', start: 0, end: 26, place: 'القاهرة', placeCanonical: 'Cairo', country: 'EGY', date: '2024-03-03', agency: 'عينة', zone: 'Africa/Cairo' };
    const evs = extractEvents(n);
    expect(evs.map((e) => e.kind).filter((k) => k !== 'statement')).toEqual(['meeting']);
  });

  it('en: "who chaired the conference" is no meeting; the conference is titled by its place', () => {
    const text = 'Delegates from 150 countries met at a climate conference in Geneva on Saturday. Foreign Minister Annalena Baerbock, who chaired the conference, thanked them.';
    const evs = extractEvents(story('en', text, '2024-06-08', [['Saturday', '2024-06-08', 'day']]));
    expect(ofKind(evs, 'meeting')).toHaveLength(0);
    const c = ofKind(evs, 'conference');
    expect(c).toHaveLength(1);
    expect(c[0]!.title).toBe('Conference in Geneva');
  });

  it('es: "el 50 aniversario" gives ordinal 50 and the origin year', () => {
    const text = 'Pedro Sánchez y Xi Jinping conmemoraron hoy el 50 aniversario de las relaciones diplomáticas entre España y China.';
    const evs = extractEvents(story('es', text, '2023-03-31', [['hoy', '2023-03-31', 'day']]));
    const a = ofKind(evs, 'anniversary');
    expect(a).toHaveLength(1);
    expect(a[0]!.series).toMatchObject({ ordinal: 50, originYear: 1973 });
    expect(a[0]!.title).toBe('50th anniversary of Spain–China diplomatic relations');
  });

  it('en: an election is located in the office-holder\'s country, not where the sentence is set', () => {
    const text = 'Xi Jinping arrived in Moscow on Monday for his first trip abroad since he was re-elected president earlier this month.';
    const evs = extractEvents(story('en', text, '2023-03-21', [['Monday', '2023-03-20', 'day'], ['earlier this month', '2023-03', 'month']]));
    const e = ofKind(evs, 'election');
    expect(e).toHaveLength(1);
    expect(names(e[0]!)).toEqual(['Xi Jinping', 'China']);
    expect(e[0]!).toMatchObject({ date: { value: '2023-03' }, location: { country: 'CHN' } });
    expect(ofKind(evs, 'visit')[0]).toMatchObject({ date: { value: '2023-03-20' }, location: { canonical: 'Moscow' } });
  });
});
