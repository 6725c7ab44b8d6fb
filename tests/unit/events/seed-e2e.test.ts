/**
 * End to end on the seed story: seed text → normalizeStory → extractEvents.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractEvents } from '../../../src/stages/extract-events.js';
import type { Story, TimelineEvent } from '../../../src/types.js';
import { SEED, loadNormalizeStory } from './corpus-fixture.js';

const available = existsSync(SEED);
const normalizeStory = available ? await loadNormalizeStory() : null;
if (!available) console.warn('[seed e2e] ../shared/corpus/seed not found: skipped');
else if (!normalizeStory) console.warn('[seed e2e] src/stages/normalize-story.ts not available: skipped');

const SCORED = new Set(['meeting', 'visit', 'call', 'agreement', 'anniversary']);
const names = (e: TimelineEvent) => e.participants.map((p) => p.canonical ?? p.name).sort();

describe.skipIf(!normalizeStory)('seed story end to end', () => {
  it('gives exactly the three scored events', () => {
    if (!normalizeStory) return;
    const text = readFileSync(SEED, 'utf8');
    const story: Story = {
      id: 'seed-xinhua-ar-2019-12-02', feedId: null, url: null, guid: null, title: null,
      published: null, publishedRaw: null, lang: null, text, contentHash: 'seed', source: 'file',
    };
    const evs = extractEvents(normalizeStory(story)).filter((e) => SCORED.has(e.kind));
    expect(evs).toHaveLength(3);

    const xi = evs.find((e) => e.kind === 'meeting' && names(e).includes('Xi Jinping'))!;
    expect(names(xi)).toEqual(['Nikolai Patrushev', 'Xi Jinping']);
    expect(xi.title).toBe('Xi Jinping meets Nikolai Patrushev');
    expect(xi.date.value).toBe('2019-12-02');
    expect(xi.location).toMatchObject({ canonical: 'Beijing', venue: 'Great Hall of the People' });
    expect(xi.participants.find((p) => p.canonical === 'Nikolai Patrushev')).toMatchObject({
      title: 'Secretary of the Security Council',
      country: 'RUS',
    });
    expect(xi.participants.find((p) => p.canonical === 'Xi Jinping')).toMatchObject({ title: 'President', country: 'CHN' });

    const guo = evs.find((e) => e.kind === 'meeting' && names(e).includes('Guo Shengkun'))!;
    expect(names(guo)).toEqual(['Guo Shengkun', 'Nikolai Patrushev']);
    expect(guo.date.value).toBe('2019-12-02');
    expect(guo.series).toMatchObject({
      ordinal: 6,
      name: 'China–Russia meeting on institutional cooperation in law enforcement and security',
    });
    expect(guo.participants.every((p) => p.role === 'co-chair')).toBe(true);

    const ann = evs.find((e) => e.kind === 'anniversary')!;
    expect(names(ann)).toEqual(['China', 'Russia']);
    expect(ann.date).toMatchObject({ value: '2019', grain: 'year' });
    expect(ann.series).toMatchObject({ ordinal: 70, originYear: 1949, name: 'China–Russia diplomatic relations' });
    expect(ann.title).toBe('70th anniversary of China–Russia diplomatic relations');
  });
});
