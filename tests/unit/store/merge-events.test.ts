import { describe, expect, it } from 'vitest';
import { mergeReports, timelineEventId } from '../../../src/store/merge-events.js';
import type { TimelineEvent } from '../../../src/types.js';

const base = (over: Partial<TimelineEvent> = {}): TimelineEvent => ({
  id: 'se_1',
  kind: 'meeting',
  title: 'Xi Jinping meets Nikolai Patrushev',
  date: { value: '2019-12-02', grain: 'day', basis: 'expression' },
  participants: [
    { name: 'Xi Jinping', id: 'Q15031' },
    { name: 'Nikolai Patrushev', id: 'Q367392' },
  ],
  evidence: [{ storyId: 's1', text: 'x', start: 0, end: 1 }],
  confidence: 0.7,
  ...over,
});

describe('timelineEventId', () => {
  it('is the same across participant order, surface forms and stories', () => {
    const a = base();
    const b = base({ participants: [{ name: 'باتروشيف', id: 'Q367392' }, { name: 'شي', id: 'Q15031' }], evidence: [] });
    expect(timelineEventId(a)).toBe(timelineEventId(b));
  });
  it('differs by kind, date and ordinal', () => {
    const id = timelineEventId(base());
    expect(timelineEventId(base({ kind: 'call' }))).not.toBe(id);
    expect(timelineEventId(base({ date: { value: '2019-12-03', grain: 'day', basis: 'expression' } }))).not.toBe(id);
    expect(timelineEventId(base({ series: { ordinal: 6 } }))).not.toBe(id);
  });
  it('matches unresolved participants by normalized name', () => {
    const a = base({ participants: [{ name: 'Jane  Doe' }] });
    const b = base({ participants: [{ name: 'jane doe' }] });
    expect(timelineEventId(a)).toBe(timelineEventId(b));
  });
});

describe('mergeReports', () => {
  it('unions participants and evidence and raises confidence with independent sources', () => {
    const a = base({ id: 'a', confidence: 0.7 });
    const b = base({
      id: 'b',
      confidence: 0.8,
      participants: [{ name: 'شي جين بينغ', id: 'Q15031', country: 'CHN' }, { name: 'Guo Shengkun', id: 'Q1' }],
      evidence: [{ storyId: 's2', text: 'y', start: 3, end: 4 }],
    });
    const m = mergeReports('ev_x', [a, b]);
    expect(m.id).toBe('ev_x');
    expect(m.participants.map((p) => p.id).sort()).toEqual(['Q1', 'Q15031', 'Q367392']);
    // The first report (most confident) keeps its surface form; missing fields are filled.
    expect(m.participants.find((p) => p.id === 'Q15031')).toMatchObject({ name: 'شي جين بينغ', country: 'CHN' });
    expect(m.evidence).toHaveLength(2);
    expect(m.confidence).toBeCloseTo(1 - 0.3 * 0.2, 3);
  });
  it('keeps one story\'s confidence when all evidence is from that story', () => {
    expect(mergeReports('ev', [base({ confidence: 0.6 })]).confidence).toBe(0.6);
  });
});

describe('timelineEventId: core participants', () => {
  const xi = { name: 'شي جين بينغ', canonical: 'Xi Jinping', id: 'Q15031', type: 'person' as const, country: 'CHN' };
  const putin = { name: 'Putin', canonical: 'Vladimir Putin', id: 'Q7747', type: 'person' as const, country: 'RUS' };
  const china = { name: 'China', id: 'CHN', type: 'country' as const };
  const russia = { name: 'Russia', id: 'RUS', type: 'country' as const };
  const npc = { name: "National People's Congress", type: 'organization' as const };
  const day = { value: '2019-06-05', grain: 'day' as const, basis: 'expression' as const };

  it('an anniversary is keyed on its countries, whoever else an edition names', () => {
    const a = base({ kind: 'anniversary', date: { value: '2019', grain: 'year', basis: 'expression' }, participants: [china, russia], series: { ordinal: 70 } });
    const b = base({ kind: 'anniversary', date: { value: '2019', grain: 'year', basis: 'expression' }, participants: [xi, russia, china], series: { ordinal: 70 } });
    expect(timelineEventId(a)).toBe(timelineEventId(b));
    expect(timelineEventId({ ...b, series: { ordinal: 71 } })).not.toBe(timelineEventId(a));
  });

  it('a meeting is keyed on its persons: an added country does not split it, another person does', () => {
    const a = base({ date: day, participants: [xi, putin] });
    const b = base({ date: day, participants: [putin, xi, china] });
    const c = base({ date: day, participants: [xi, putin, { name: 'Sergey Lavrov', id: 'Q80137', type: 'person' }] });
    expect(timelineEventId(a)).toBe(timelineEventId(b));
    expect(timelineEventId(c)).not.toBe(timelineEventId(a));
  });

  it('an election named with or without the electing body is one event', () => {
    const a = base({ kind: 'election', date: day, participants: [npc, xi, china] });
    const b = base({ kind: 'election', date: day, participants: [xi, china] });
    expect(timelineEventId(a)).toBe(timelineEventId(b));
  });

  it('events without persons are keyed on everyone; different countries stay apart', () => {
    const a = base({ kind: 'disaster', date: day, participants: [china] });
    const b = base({ kind: 'disaster', date: day, participants: [russia] });
    expect(timelineEventId(a)).not.toBe(timelineEventId(b));
    // an unknown organization is linked across stories by its name
    const o1 = base({ kind: 'conference', date: day, participants: [npc] });
    const o2 = base({ kind: 'conference', date: day, participants: [{ ...npc, name: "national  people's CONGRESS" }] });
    expect(timelineEventId(o1)).toBe(timelineEventId(o2));
    expect(timelineEventId(o1)).not.toBe(timelineEventId(base({ kind: 'conference', date: day, participants: [] })));
  });
});
