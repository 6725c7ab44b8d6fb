/**
 * Dedupe across languages end to end: an Arabic and an English edition of the
 * same (hand-written) story, through normalize + extract, give the same
 * timeline event ids for the events they share.
 */
import { describe, expect, it } from 'vitest';
import { storyFromText } from '../../../src/feeds/local-input.js';
import { processStory } from '../../../src/pipeline/process-story.js';
import { timelineEventId } from '../../../src/store/merge-events.js';

const AR =
  'موسكو 5 يونيو 2024 (شينخوا) التقى الرئيس الصيني شي جين بينغ اليوم (الأربعاء) الرئيس الروسي فلاديمير بوتين في الكرملين.\n' +
  'وقال شي إن العلاقات بين البلدين في أفضل حالاتها، موضحا أن الصين وروسيا تحتفلان بالذكرى الـ75 لإقامة العلاقات الدبلوماسية هذا العام.';
const EN =
  'MOSCOW, June 5 (Xinhua) -- Chinese President Xi Jinping met Russian President Vladimir Putin at the Kremlin on Wednesday.\n' +
  'Xi said China and Russia are celebrating the 75th anniversary of diplomatic relations this year.';

function keyed(text: string, lang: string, id: string) {
  const r = processStory(storyFromText({ text, id, title: null, url: null, lang, published: '2024-06-05T20:00:00+03:00', source: 'file' }));
  return new Map(r.events.filter((e) => e.kind !== 'statement').map((e) => [`${e.kind}|${e.date.value}`, timelineEventId(e)]));
}

describe('dedupe across languages', () => {
  it('the Arabic and English editions give the same meeting and anniversary ids', () => {
    const ar = keyed(AR, 'ar', 'story-ar');
    const en = keyed(EN, 'en', 'story-en');
    expect([...ar.keys()].sort()).toEqual(['anniversary|2024', 'meeting|2024-06-05']);
    expect([...en.keys()].sort()).toEqual(['anniversary|2024', 'meeting|2024-06-05']);
    expect(en.get('meeting|2024-06-05')).toBe(ar.get('meeting|2024-06-05'));
    expect(en.get('anniversary|2024')).toBe(ar.get('anniversary|2024'));
  });
});
