/**
 * Issue 4 item by item, where the other event tests leave a gap: kind codes,
 * signatory roles, series ordinals in en/zh, planned and negated events in Arabic.
 * Text written for this test.
 */
import { describe, expect, it } from 'vitest';
import { sharedLexicon } from '../../../src/events/lexicon.js';
import { extractEvents } from '../../../src/stages/extract-events.js';
import { EVENT_KINDS, type Grain } from '../../../src/types.js';
import { handStory, names, ofKind } from './hand-story.js';

const story = (lang: string, text: string, refDate: string | null, dates: Array<[string, string, Grain]> = []) => handStory(`walk-${lang}`, lang, text, refDate, dates);

describe('kinds → PLOVER type/mode and CAMEO root code', () => {
  const PLOVER = new Set(['AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE', 'AID', 'CONCEDE', 'RETREAT', 'ACCUSE', 'DEMAND', 'REJECT', 'THREATEN', 'PROTEST', 'MOBILIZE', 'SANCTION', 'COERCE', 'ASSAULT']);
  const kinds = sharedLexicon().kinds;

  it('every kind has a policy, PLOVER types from the ontology and two-digit CAMEO root codes', () => {
    for (const k of EVENT_KINDS) {
      const p = kinds.get(k)!;
      expect(p, k).toBeDefined();
      if (p.plover !== null) expect(PLOVER.has(p.plover), `${k}: ${p.plover}`).toBe(true);
      if (p.cameo !== null) expect(p.cameo, k).toMatch(/^(0[1-9]|1\d|20)$/);
    }
  });

  it.each([
    ['meeting', 'CONSULT', null, '04'],
    ['visit', 'CONSULT', 'visit', '04'],
    ['call', 'CONSULT', 'phone', '04'],
    ['agreement', 'AGREE', null, '05'],
    ['statement', null, null, '01'],
    ['attack', 'ASSAULT', null, '18'],
    ['protest', 'PROTEST', null, '14'],
    ['aid', 'AID', null, '07'],
    ['sanction', 'SANCTION', null, '16'],
  ])('%s → %s/%s, CAMEO %s', (kind, plover, mode, cameo) => {
    const p = kinds.get(kind as (typeof EVENT_KINDS)[number])!;
    expect(p.plover).toBe(plover);
    if (mode) expect(p.mode).toBe(mode);
    expect(p.cameo).toBe(cameo);
  });
});

describe('roles, series and ordinals', () => {
  it('en: co-chairs of "the sixth meeting" with an English series name; signatories of the agreement', () => {
    const text =
      'Foreign Minister Wang Yi and Foreign Minister Sergei Lavrov co-chaired the sixth meeting of the China-Russia strategic security consultation on Tuesday. ' +
      'The two ministers signed an agreement on visa-free travel.';
    const evs = extractEvents(story('en', text, '2024-03-05', [['Tuesday', '2024-03-05', 'day']]));
    const m = ofKind(evs, 'meeting');
    expect(m).toHaveLength(1);
    expect(m[0]!.series).toMatchObject({ ordinal: 6, name: 'China–Russia meeting on strategic security consultation' });
    expect(m[0]!.participants.map((p) => p.role)).toEqual(['co-chair', 'co-chair']);
    const a = ofKind(evs, 'agreement');
    expect(a).toHaveLength(1);
    expect(names(a[0]!).sort()).toEqual(['Sergey Lavrov', 'Wang Yi']);
    expect(a[0]!.participants.every((p) => p.role === 'signatory')).toBe(true);
    expect(a[0]!.codes).toMatchObject({ plover: 'AGREE', cameo: '05' });
  });

  it('zh: 第八次会议 gives ordinal 8', () => {
    const text = '国务院总理李强12日主持召开国务院第八次全体会议。';
    const evs = extractEvents(story('zh', text, '2024-03-12', [['12日', '2024-03-12', 'day']]));
    const m = ofKind(evs, 'meeting');
    expect(m).toHaveLength(1);
    expect(m[0]!.series?.ordinal).toBe(8);
    expect(m[0]!.participants[0]).toMatchObject({ canonical: 'Li Qiang', role: 'chair' });
  });
});

describe('planned and negated (Arabic)', () => {
  it('a future visit is planned with its week; a negated meeting is not emitted', () => {
    const text = 'سيزور وزير الخارجية الصيني وانغ يي روسيا الأسبوع المقبل. ولم يلتق الرئيس الروسي فلاديمير بوتين بالرئيس الفرنسي إيمانويل ماكرون اليوم.';
    const evs = extractEvents(story('ar', text, '2024-03-05', [['الأسبوع المقبل', '2024-W11', 'week'], ['اليوم', '2024-03-05', 'day']]));
    const v = ofKind(evs, 'visit');
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ planned: true, date: { value: '2024-W11', grain: 'week' }, location: { country: 'RUS' } });
    expect(v[0]!.title).toBe('Wang Yi visits Russia');
    expect(ofKind(evs, 'meeting')).toHaveLength(0);
  });
});
