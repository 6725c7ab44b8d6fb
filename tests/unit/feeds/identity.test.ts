import { describe, expect, it } from 'vitest';
import { canonicalUrl, contentHashOf, resolveUrl, storyIdFor } from '../../../src/feeds/identity.js';

describe('canonicalUrl', () => {
  it('lowercases the host, drops fragment, tracking params and default port, sorts the rest', () => {
    expect(canonicalUrl('HTTP://News.Example.COM:80/World/Story?utm_source=rss&b=2&utm_medium=feed&a=1&fbclid=x#comments')).toBe(
      'http://news.example.com/World/Story?a=1&b=2',
    );
    expect(canonicalUrl('https://x.org/a?ocid=1&cmpid=2&ref=home&gclid=3&rssfeed=1&feedType=RSS&feedName=worldNews')).toBe('https://x.org/a');
    expect(canonicalUrl('https://x.org/a?id=7&page=2')).toBe('https://x.org/a?id=7&page=2');
  });

  it('resolves against a base and refuses non-http schemes', () => {
    expect(canonicalUrl('/news/1', 'https://site.org/feed.xml')).toBe('https://site.org/news/1');
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('mailto:a@b.c')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
    expect(canonicalUrl('')).toBeNull();
    expect(resolveUrl('../b', 'http://x.org/a/c/')).toBe('http://x.org/a/b');
  });
});

describe('contentHashOf / storyIdFor', () => {
  it('hashes NFC-normalized, whitespace-collapsed title + text', () => {
    const a = contentHashOf(' Café  news ', 'Line one\n\n line two');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHashOf('Cafe\u0301 news', 'Line one line two')).toBe(a);
    expect(contentHashOf('Other', 'Line one line two')).not.toBe(a);
    expect(contentHashOf(null, '')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses the canonical URL, else the guid, else the content hash', () => {
    const byUrl = storyIdFor({ url: 'https://X.org/a?utm_source=rss#top', guid: 'g1', contentHash: 'h1' });
    expect(byUrl).toMatch(/^s_[0-9a-f]{24}$/);
    expect(storyIdFor({ url: 'https://x.org/a', guid: 'g2', contentHash: 'h2' })).toBe(byUrl);
    const byGuid = storyIdFor({ url: null, guid: 'g1', contentHash: 'h1' });
    expect(byGuid).not.toBe(byUrl);
    expect(storyIdFor({ url: 'not a url', guid: 'g1', contentHash: 'other' })).toBe(byGuid);
    const byHash = storyIdFor({ url: null, guid: null, contentHash: 'h1' });
    expect(byHash).not.toBe(byGuid);
    expect(storyIdFor({ contentHash: 'h1' })).toBe(byHash);
  });
});
