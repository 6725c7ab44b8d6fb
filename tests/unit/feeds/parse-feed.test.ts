import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../../src/feeds/errors/feed-parse-error.js';
import { parseFeed, repairEntities, sanitizeXml } from '../../../src/feeds/parse-feed.js';
import { tolerantExtract } from '../../../src/feeds/tolerant-extract.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/feeds/${name}`, import.meta.url)), 'utf8');

describe('parseFeed: Atom with xml:base', () => {
  it('resolves links against entry and feed xml:base and keeps raw dates', async () => {
    const r = await parseFeed(fixture('atom-xml-base.atom.xml'), { feedUrl: 'https://feeds.example.org/monde.atom' });
    expect(r.format).toBe('atom');
    expect(r.language).toBe('fr');
    expect(r.stories.map((s) => s.url)).toEqual([
      'https://news.example.org/world/2021/03/sommet-bruxelles?id=7',
      'https://other.example.net/sport/match-nul-lyon',
      'https://news.example.org/absolute/path/sans-date',
    ]);
    const [a, b, c] = r.stories;
    expect(a?.title).toBe('Sommet à Bruxelles');
    expect(a?.text).toBe('Les dirigeants européens se sont réunis lundi à Bruxelles.\nDeuxième paragraphe.');
    expect(a?.published).toBe('2021-03-15T09:30:00+01:00');
    expect(a?.publishedRaw).toBe('2021-03-15T09:30:00+01:00');
    expect(a?.guid).toBe('tag:news.example.org,2021:1001');
    expect(a?.lang).toBe('fr');
    expect(b?.title).toBe('Match nul à Lyon');
    expect(b?.text).toBe('Score final : 1-1.');
    expect(b?.published).toBe('2021-03-14T21:00:00+00:00');
    expect(b?.publishedRaw).toBe('2021-03-14T21:00:00Z');
    expect(c?.published).toBeNull();
    expect(c?.publishedRaw).toBeNull();
    for (const s of r.stories) {
      expect(s.id).toMatch(/^s_[0-9a-f]{24}$/);
      expect(s.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(s.source).toBe('feed');
    }
  });

  it('input.lang overrides the declared language', async () => {
    const r = await parseFeed(fixture('atom-xml-base.atom.xml'), { lang: 'en' });
    expect(r.stories.every((s) => s.lang === 'en')).toBe(true);
  });
});

describe('parseFeed: malformed XML', () => {
  it('reads a feed with a leading blank line, no version, stray & and HTML entities', async () => {
    const r = await parseFeed(fixture('malformed-entities.rss.xml'));
    expect(r.format).toBe('rss');
    expect(r.stories).toHaveLength(3);
    expect(r.stories[0]?.title).toBe('AT&T and Verizon settle — finally');
    expect(r.stories[0]?.url).toBe('http://wire.example.com/a/1?x=1&y=2');
    expect(r.stories[0]?.text).toBe('Price £5 & more bold');
    expect(r.stories[2]?.title).toBe('Third story');
    expect(r.stories[2]?.published).toBe('2021-03-15T12:00:00+00:00');
    expect(r.language).toBe('en');
  });

  it('one unparseable date does not lose the feed; an empty item is reported, not fatal', async () => {
    const r = await parseFeed(fixture('broken-item.atom.xml'));
    expect(r.stories.map((s) => s.title)).toEqual(['Good one', 'Bad date', 'Good two']);
    expect(r.stories[1]?.published).toBeNull();
    expect(r.stories[1]?.publishedRaw).toBe('the day after yesterday');
    expect(r.stories[2]?.published).toBe('2020-05-02T09:30:00+02:00');
    expect(r.errors).toEqual([{ index: 2, reason: 'no-content', guid: 'urn:empty', title: null }]);
  });

  it('reads a truncated feed with the tolerant extractor', async () => {
    const xml = fixture('html-in-title.rss.xml');
    const cut = xml.slice(0, xml.indexOf('<dc:date>'));
    const r = await parseFeed(cut, { feedUrl: 'https://html.example.com/rss' });
    expect(r.reader).toBe('tolerant');
    expect(r.stories).toHaveLength(2);
    expect(r.stories[1]?.url).toBe('https://html.example.com/noticias/tom-jerry');
  });

  it('throws FeedParseError on something that is not a feed', async () => {
    await expect(parseFeed('<html><body>hello</body></html>')).rejects.toBeInstanceOf(FeedParseError);
    await expect(parseFeed('just text')).rejects.toMatchObject({ code: 'TL_ERR_FEED_PARSE' });
  });

  it('does not expand entities from a DOCTYPE (billion laughs) and stays fast', async () => {
    const lol =
      '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>' +
      '<rss version="2.0"><channel><title>t</title><item><title>Boom &c;</title><link>http://x.org/1</link></item></channel></rss>';
    const t0 = Date.now();
    const r = await parseFeed(lol);
    expect(r.stories).toHaveLength(1);
    expect(r.stories[0]?.title?.length ?? 0).toBeLessThan(20);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('survives deep nesting and huge item counts', async () => {
    const deep = `<rss version="2.0"><channel><item><title>Deep</title><link>http://x.org/d</link><description>${'<div>'.repeat(5000)}x${'</div>'.repeat(5000)}</description></item></channel></rss>`;
    const r = await parseFeed(deep);
    expect(r.stories[0]?.title).toBe('Deep');
    const many = `<rss version="2.0"><channel>${'<item><title>T</title></item>'.repeat(20000)}</channel></rss>`;
    const m = await parseFeed(many, { maxItems: 100 });
    expect(m.stories.length).toBe(1);
    expect(m.errors.length).toBe(99);
    await expect(parseFeed('<rss>' + 'x'.repeat(2000) + '</rss>', { maxChars: 1000 })).rejects.toBeInstanceOf(FeedParseError);
  });
});

describe('parseFeed: HTML in titles, full text, FeedBurner', () => {
  it('reduces HTML in titles, prefers content:encoded, uses feedburner:origLink', async () => {
    const r = await parseFeed(fixture('html-in-title.rss.xml'), { feedUrl: 'https://html.example.com/rss' });
    const [a, b] = r.stories;
    expect(a?.title).toBe('Última hora: acuerdo en Madrid');
    expect(a?.url).toBe('https://html.example.com/noticias/acuerdo-madrid');
    expect(a?.guid).toBe('html-example-1');
    expect(a?.text).toBe('MADRID, 24 sep (Agencia) - Texto completo del acuerdo.\nSegundo párrafo & fin.');
    expect(a?.text).not.toContain('alert');
    expect(a?.published).toBe('2018-09-24T19:42:40+02:00');
    expect(a?.publishedRaw).toBe('Lun, 24 Sep 2018 19:42:40 +0200');
    expect(a?.lang).toBe('es');
    expect(b?.title).toBe('Tom & Jerry <3');
    expect(b?.text).toBe('Solo descripción.');
    expect(b?.published).toBe('2018-09-24T08:00:00+02:00');
  });
});

describe('sanitizers and the tolerant extractor', () => {
  it('sanitizeXml strips leading junk, BOM and DOCTYPE', () => {
    expect(sanitizeXml('\uFEFF\n  <?xml version="1.0"?><rss/>')).toBe('<?xml version="1.0"?><rss/>');
    expect(sanitizeXml('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "y">]><rss/>')).toBe('<?xml version="1.0"?><rss/>');
  });

  it('repairEntities escapes stray & and non-XML named entities', () => {
    expect(repairEntities('a & b &amp; &nbsp; &#160; &lt;')).toBe('a &amp; b &amp; &amp;nbsp; &#160; &lt;');
  });

  it('stays linear on hostile input (unclosed items, unterminated attributes)', () => {
    const t0 = Date.now();
    const unclosed = tolerantExtract(`<rss>${'<item><title>t</title><link>http://x.org/</link>'.repeat(50_000)}`, 100_000);
    expect(unclosed.items).toHaveLength(50_000);
    expect(unclosed.items[49_999]?.title).toBe('t');
    const attrs = tolerantExtract(`<feed><entry ${'a="'.repeat(200_000)}><title>x</title></entry></feed>`);
    expect(attrs.items[0]?.title).toBe('x');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('extracts items, CDATA, attributes and Atom links without an XML parser', () => {
    const raw = tolerantExtract(
      '<feed xml:lang="de"><link href="https://s.de/"/><entry><title type="html"><![CDATA[A <b>&</b> B]]></title>' +
        '<link rel="alternate" href="/x"/><id>urn:1</id><published>2020-01-01T00:00:00Z</published><content>Text &amp; more',
    );
    expect(raw.format).toBe('atom');
    expect(raw.language).toBe('de');
    expect(raw.link).toBe('https://s.de/');
    expect(raw.items).toHaveLength(1);
    expect(raw.items[0]?.title).toBe('A <b>&</b> B');
    expect(raw.items[0]?.links[0]?.href).toBe('/x');
    expect(raw.items[0]?.guid).toBe('urn:1');
    expect(raw.items[0]?.dates).toEqual(['2020-01-01T00:00:00Z']);
    expect(raw.items[0]?.fullText).toBe('Text & more');
  });
});
