import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNewsml12, parseNewsmlG2, parseNitf, storyFromWireItem, wireDate, wireFormatOf } from '../../../src/import/wire-formats.js';
import { ImportFormatError } from '../../../src/import/import-errors.js';
import { normalizeStory } from '../../../src/stages/normalize-story.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url), 'utf8');

describe('wireDate', () => {
  it('turns ISO basic timestamps into extended ones and leaves others alone', () => {
    expect(wireDate('20191202T201500+0800')).toBe('2019-12-02T20:15:00+08:00');
    expect(wireDate('20191202T2015Z')).toBe('2019-12-02T20:15:00Z');
    expect(wireDate('20191202')).toBe('2019-12-02');
    expect(wireDate('2023-03-21T18:40:00+03:00')).toBe('2023-03-21T18:40:00+03:00');
    expect(wireDate('  ')).toBeNull();
    expect(wireDate(null)).toBeNull();
  });
});

describe('wireFormatOf', () => {
  it('tells the formats apart by root element, past declarations and comments', () => {
    expect(wireFormatOf(fixture('xinhua-2019-12-02.nitf.xml'))).toBe('nitf');
    expect(wireFormatOf(fixture('newsml-g2-message.xml'))).toBe('newsml-g2');
    expect(wireFormatOf(fixture('newsml-1.2.xml'))).toBe('newsml-1.2');
    expect(wireFormatOf('<?xml version="1.0"?><!-- x --><rss version="2.0"></rss>')).toBeNull();
    expect(wireFormatOf('<g2:newsItem xmlns:g2="http://iptc.org/std/nar/2006-10-01/"/>')).toBe('newsml-g2');
  });
});

describe('NITF 3.x', () => {
  it('keeps headline, dateline, date, language, id and paragraphs', () => {
    const [item] = parseNitf(fixture('xinhua-2019-12-02.nitf.xml'));
    expect(item).toMatchObject({
      guid: 'XIN-20191202-0457',
      headline: 'Xi meets Russian Security Council secretary',
      dateline: 'BEIJING, Dec. 2 (Xinhua)',
      date: '2019-12-02T20:15:00+08:00',
      lang: 'en',
      url: 'https://wire.example.org/en/2019/12/02/xi-patrushev',
    });
    expect(item!.text.split('\n\n')).toHaveLength(2);
    expect(item!.text).toContain('stand closer together & firmly');
  });

  it('rejects malformed XML with a typed error', () => {
    expect(() => parseNitf('<nitf><body><p>unclosed</body></nitf>')).toThrow(ImportFormatError);
    try {
      parseNitf('<nitf><body>');
    } catch (err) {
      expect((err as ImportFormatError).code).toBe('TL_ERR_IMPORT_FORMAT');
    }
  });
});

describe('NewsML-G2', () => {
  it('reads every newsItem of a newsMessage, with NITF and XHTML bodies', () => {
    const items = parseNewsmlG2(fixture('newsml-g2-message.xml'));
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      guid: 'urn:newsml:wire.example.org:20230321:kremlin-talks',
      headline: 'Putin and Xi hold talks in the Kremlin',
      dateline: 'MOSCOW, March 21 (Wire)',
      date: '2023-03-21T18:40:00+03:00',
      lang: 'en',
    });
    expect(items[0]!.text).toMatch(/^Russian President Vladimir Putin met/);
    expect(items[1]).toMatchObject({ lang: 'fr', date: '2023-03-21T21:10:00+01:00', dateline: 'BERLIN, 21 mars (Wire)' });
    // The XHTML head's title is not body text.
    expect(items[1]!.text).toBe('Le président français Emmanuel Macron a rencontré mardi à Berlin le chancelier allemand Olaf Scholz.');
  });
});

describe('NewsML 1.2', () => {
  it('reads NewsLines, management dates, language and the text ContentItem', () => {
    const [item] = parseNewsml12(fixture('newsml-1.2.xml'));
    expect(item).toMatchObject({
      guid: 'urn:newsml:wire.example.org:20200115:es-0042:1',
      headline: 'El presidente del Gobierno recibe al secretario general de la OTAN',
      dateline: 'MADRID, 15 ene (Wire)',
      date: '2020-01-15T10:30:00+01:00',
      lang: 'es',
    });
    expect(item!.text).toContain('Jens Stoltenberg');
  });
});

describe('storyFromWireItem', () => {
  it('puts the dateline at the head of the text so the normalizer reads place and date from it', () => {
    const [item] = parseNitf(fixture('xinhua-2019-12-02.nitf.xml'));
    const story = storyFromWireItem(item!, { feedId: 'archive' })!;
    expect(story.text.startsWith('BEIJING, Dec. 2 (Xinhua)\n\nChinese President')).toBe(true);
    expect(story).toMatchObject({ title: 'Xi meets Russian Security Council secretary', lang: 'en', feedId: 'archive', guid: 'XIN-20191202-0457', source: 'file' });
    expect(story.published).toBe('2019-12-02T20:15:00+08:00');
    const n = normalizeStory(story);
    expect(n.dateline).toMatchObject({ place: 'BEIJING', date: '2019-12-02' });
  });

  it('does not repeat a dateline the body already carries, and ids are stable', () => {
    const item = { guid: 'g-1', headline: 'H', dateline: 'MOSCOW, March 21', date: null, lang: 'en-GB', url: null, text: 'MOSCOW, March 21 -- Body.' };
    const a = storyFromWireItem(item, {})!;
    expect(a.text).toBe('MOSCOW, March 21 -- Body.');
    expect(a.lang).toBe('en');
    expect(storyFromWireItem(item, {})!.id).toBe(a.id);
    expect(storyFromWireItem({ ...item, headline: null, text: ' ' }, {})).toBeNull();
  });
});
