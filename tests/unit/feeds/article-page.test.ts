import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/articles/article-page.js';
import { needsArticle, SUMMARY_MAX_CHARS, storyWithArticle } from '../../../src/articles/fetch-articles.js';
import { storyFromText } from '../../../src/feeds/local-input.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/articles/${name}`, import.meta.url), 'utf8');

describe('extractArticle', () => {
  it('keeps the article body, drops navigation, asides, scripts and footers, finds the dateline', () => {
    const a = extractArticle(fixture('meeting-en.html'), 'https://wire.example/world/1', { lang: 'en' })!;
    expect(a.title).toBe('Xi meets Russian security official');
    expect(a.text.startsWith('BEIJING, Dec. 2 (Fixture) -- Chinese President Xi Jinping met with Nikolai Patrushev')).toBe(true);
    expect(a.text).toContain('next round of consultations in Moscow next year.');
    expect(a.text.split('\n')).toHaveLength(3);
    for (const junk of ['Most read', 'Unrelated story', 'Copyright', 'tracker', 'Home']) expect(a.text).not.toContain(junk);
    expect(a.publishedRaw).toBe('2019-12-02T20:15:00+08:00');
    expect(a.dateline).toMatchObject({ start: 0, place: 'BEIJING', placeCanonical: 'Beijing', agency: 'Fixture' });
  });

  it('puts back a dateline kept in its own element outside the body', () => {
    const a = extractArticle(fixture('dateline-outside-ar.html'), 'https://wire.example/ar/1', { lang: 'ar' })!;
    expect(a.text.startsWith('بكين 2 ديسمبر 2019 (شينخوا) التقى الرئيس الصيني شي جين بينغ')).toBe(true);
    expect(a.dateline).toMatchObject({ start: 0, placeCanonical: 'Beijing', date: '2019-12-02', agency: 'Xinhua' });
    expect(a.publishedRaw).toBe('2019-12-02 20:15:00');
    expect(a.text).not.toContain('الرئيسية');
    expect(a.text).not.toContain('جميع الحقوق محفوظة');
  });

  it('null for a page with no article, for empty and for hostile input', () => {
    expect(extractArticle(fixture('consent-wall.html'), 'https://wire.example/x')).toBeNull();
    expect(extractArticle('', 'https://wire.example/x')).toBeNull();
    expect(extractArticle('<div><div><div>' + '<p>'.repeat(5000), 'https://wire.example/x')).toBeNull();
  });
});

describe('summaries and article text', () => {
  const summary = storyFromText({
    text: 'Xi met Patrushev.',
    title: 'Xi meets Russian security official',
    url: 'https://wire.example/world/1?utm_source=rss',
    published: null,
    lang: 'en',
    zone: 'Asia/Shanghai',
    source: 'feed',
    feedId: 'f',
  });

  it('needsArticle: a short text with an http(s) link', () => {
    expect(needsArticle(summary)).toBe(true);
    expect(needsArticle({ ...summary, url: null })).toBe(false);
    expect(needsArticle({ ...summary, text: 'x'.repeat(SUMMARY_MAX_CHARS) })).toBe(false);
  });

  it('storyWithArticle keeps the identity, takes the text and the page date, rehashes', () => {
    const s = storyWithArticle(summary, { title: 'Other title', text: 'BEIJING, Dec. 2 (Fixture) -- Long text.', publishedRaw: '2019-12-02T20:15:00+08:00' });
    expect(s.id).toBe(summary.id);
    expect(s.url).toBe('https://wire.example/world/1');
    expect(s.title).toBe('Xi meets Russian security official');
    expect(s.text).toBe('BEIJING, Dec. 2 (Fixture) -- Long text.');
    expect(s.published).toBe('2019-12-02T20:15:00+08:00');
    expect(s.contentHash).not.toBe(summary.contentHash);
  });
});
