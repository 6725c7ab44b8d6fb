import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeStory, splitSentences } from '../../src/stages/normalize-story.js';
import type { Story } from '../../src/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEED = join(ROOT, '..', 'shared', 'corpus', 'seed', 'xinhua-ar-2019-12-02.txt');

const story = (text: string, extra: Partial<Story> = {}): Story => ({
  id: 's', feedId: null, url: null, guid: null, title: null, published: null, publishedRaw: null,
  lang: null, text, contentHash: '', source: 'file', ...extra,
});

describe('normalizeStory', () => {
  const seedText = 'بكين 2 ديسمبر 2019 (شينخوا) قال الرئيس الصيني شي جين بينغ اليوم (الاثنين) إنه يتعين.\nاحتفلتا هذا العام.\nوفي وقت سابق اليوم الاثنين، التقى';
  it('takes the reference from the dateline when there is no publication time', () => {
    const n = normalizeStory(story(seedText));
    expect(n.lang).toBe('ar');
    expect(n.dateline?.placeCanonical).toBe('Beijing');
    expect(n.reference).toEqual({ instant: '2019-12-02T12:00:00+08:00', zone: 'Asia/Shanghai', date: '2019-12-02', basis: 'dateline' });
    expect(n.dates.map((d) => [d.text, d.value, d.role])).toEqual([
      ['2 ديسمبر 2019', '2019-12-02', 'dateline'],
      ['اليوم (الاثنين)', '2019-12-02', 'body'],
      ['هذا العام', '2019', 'body'],
      ['اليوم الاثنين', '2019-12-02', 'body'],
    ]);
    for (const d of n.dates) expect(seedText.slice(d.start, d.end)).toBe(d.text);
  });
  it('prefers the publication time, read in the dateline zone', () => {
    const n = normalizeStory(story('BEIJING, Dec. 2 (Xinhua) -- Xi said on Monday that', { published: '2019-12-01T17:00:00Z', lang: 'en' }));
    expect(n.reference).toEqual({ instant: '2019-12-01T17:00:00Z', zone: 'Asia/Shanghai', date: '2019-12-02', basis: 'published' });
    expect(n.dates.map((d) => [d.text, d.value, d.role])).toEqual([
      ['Dec. 2', '2019-12-02', 'dateline'],
      ['Monday', '2019-12-02', 'body'],
    ]);
  });
  it('falls back to the story zone, the publication offset, then UTC', () => {
    expect(normalizeStory(story('Talks ended yesterday.', { published: '2019-12-02T01:00:00+08:00', zone: 'Europe/Paris' })).reference.zone).toBe('Europe/Paris');
    expect(normalizeStory(story('Talks ended yesterday.', { published: '2019-12-02T01:00:00+08:00' })).reference.zone).toBe('+08:00');
    expect(normalizeStory(story('Talks ended yesterday.')).reference).toEqual({ instant: null, zone: 'UTC', date: null, basis: 'none' });
    expect(normalizeStory(story('Talks ended yesterday.'), { zone: 'Asia/Tokyo' }).reference.zone).toBe('Asia/Tokyo');
  });
  it('gives sentences', () => {
    const n = normalizeStory(story(seedText));
    expect(n.sentences.length).toBe(3);
  });
  it.skipIf(!existsSync(SEED))('reads the seed story', () => {
    const text = readFileSync(SEED, 'utf8');
    const n = normalizeStory(story(text));
    const want: Array<[string, string]> = [
      ['2 ديسمبر 2019', '2019-12-02'],
      ['اليوم (الاثنين)', '2019-12-02'],
      ['هذا العام', '2019'],
      ['العام الجاري', '2019'],
      ['اليوم الاثنين', '2019-12-02'],
    ];
    expect(n.dates.map((d) => [d.text, d.value])).toEqual(want);
    expect(n.dates[0]!.role).toBe('dateline');
    expect(n.reference.date).toBe('2019-12-02');
    expect(n.reference.zone).toBe('Asia/Shanghai');
  });
});

describe('splitSentences', () => {
  it('splits Latin, Arabic and Chinese punctuation and newlines', () => {
    const t = 'Mr. Smith met U.S. officials on Dec. 2. They agreed! هل وافق؟ نعم. 他说。好的！\nNext line';
    expect(splitSentences(t).map((s) => t.slice(s.start, s.end))).toEqual([
      'Mr. Smith met U.S. officials on Dec. 2.',
      'They agreed!',
      'هل وافق؟',
      'نعم.',
      '他说。',
      '好的！',
      'Next line',
    ]);
  });
  it('keeps initials and decimals inside a sentence', () => {
    const t = 'President George H. W. Bush said 3.5 percent. Done.';
    expect(splitSentences(t).map((s) => t.slice(s.start, s.end))).toEqual(['President George H. W. Bush said 3.5 percent.', 'Done.']);
  });
});
