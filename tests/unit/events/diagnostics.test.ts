import { describe, expect, it } from 'vitest';
import { processStory } from '../../../src/pipeline/process-story.js';
import { extractEvents, extractEventsWithDiagnostics } from '../../../src/stages/extract-events.js';
import type { Grain, NormalizedStory } from '../../../src/types.js';
import { handStory } from './hand-story.js';

/** An English hand-made story whose reference date comes from a dateline. */
const story = (text: string, refDate: string | null, dates: Array<[string, string, Grain]> = []): NormalizedStory =>
  handStory('diag', 'en', text, refDate, dates, { basis: 'dateline' });

describe('extractEventsWithDiagnostics', () => {
  it('counts one trigger and nothing dropped for one plain meeting', () => {
    const r = extractEventsWithDiagnostics(story('President Joe Biden met Chancellor Olaf Scholz on Friday.', '2023-03-03', [['Friday', '2023-03-03', 'day']]));
    expect(r.events).toHaveLength(1);
    expect(r.diagnostics).toEqual({ triggers: 1, negatedOrHypothetical: 0, undated: 0, duplicates: 0 });
  });

  it('counts negated and hypothetical candidates', () => {
    const text =
      'President Joe Biden did not meet Chancellor Olaf Scholz on Friday. ' +
      'If talks fail, President Joe Biden could meet Chancellor Olaf Scholz on Monday.';
    const r = extractEventsWithDiagnostics(story(text, '2023-03-03', [['Friday', '2023-03-03', 'day'], ['Monday', '2023-03-06', 'day']]));
    expect(r.events.filter((e) => e.kind === 'meeting')).toHaveLength(0);
    expect(r.diagnostics.triggers).toBe(2);
    expect(r.diagnostics.negatedOrHypothetical).toBe(2);
  });

  it('counts candidates dropped for want of a date (no reference date, no expression)', () => {
    const r = extractEventsWithDiagnostics(story('President Joe Biden met Chancellor Olaf Scholz in Berlin.', null));
    expect(r.events).toEqual([]);
    expect(r.diagnostics).toMatchObject({ triggers: 1, undated: 1 });
  });

  it('counts a second report of the same meeting in the story as a merged duplicate', () => {
    const text =
      'President Joe Biden met Chancellor Olaf Scholz on Friday. ' +
      'The meeting between Joe Biden and Olaf Scholz on Friday lasted two hours.';
    const r = extractEventsWithDiagnostics(story(text, '2023-03-03', [['Friday', '2023-03-03', 'day'], ['Friday', '2023-03-03', 'day']]));
    const meetings = r.events.filter((e) => e.kind === 'meeting');
    expect(meetings).toHaveLength(1);
    expect(meetings[0]!.evidence).toHaveLength(2);
    expect(r.diagnostics.triggers).toBe(2);
    expect(r.diagnostics.duplicates).toBe(1);
  });

  it('gives the same events as extractEvents, and zero counts on bad input', () => {
    const n = story('President Joe Biden met Chancellor Olaf Scholz on Friday.', '2023-03-03', [['Friday', '2023-03-03', 'day']]);
    expect(extractEventsWithDiagnostics(n).events).toEqual(extractEvents(n));
    expect(extractEventsWithDiagnostics(null as unknown as NormalizedStory)).toEqual({
      events: [],
      diagnostics: { triggers: 0, negatedOrHypothetical: 0, undated: 0, duplicates: 0 },
    });
  });

  it('processStory fills StoryResult.diagnostics', () => {
    const text = 'BERLIN, March 3, 2023 (Reuters) - President Joe Biden met Chancellor Olaf Scholz on Friday.';
    const r = processStory({ id: 'diag-ps', feedId: null, url: null, guid: null, title: null, published: null, publishedRaw: null, lang: 'en', text, contentHash: 'x', source: 'sample' });
    expect(r.diagnostics).toBeDefined();
    expect(r.diagnostics!.triggers).toBeGreaterThanOrEqual(1);
    expect(r.events.length).toBeGreaterThanOrEqual(1);
  });
});
