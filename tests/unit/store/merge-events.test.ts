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
