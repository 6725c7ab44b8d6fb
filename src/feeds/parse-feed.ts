/**
 * Feed XML → Story objects. rss-parser first (RSS 0.9x/1.0/2.0, Atom), with a
 * sanitizing retry and a tolerant extractor as fallbacks; one bad item never
 * loses the rest.
 */
import Parser from 'rss-parser';
import type { Story, StorySource } from '../types.js';
import { FeedParseError } from './errors/feed-parse-error.js';
import { htmlToLine, htmlToPlain } from './html-text.js';
import { canonicalUrl, contentHashOf, resolveUrl, storyIdFor } from './identity.js';
import { parsePublishedDate } from './published-date.js';
import { nonEmpty } from './raw-feed.js';
import type { FeedFormat, RawFeed, RawItem, RawLink } from './raw-feed.js';
import { rootElementName, skipDoctype, tolerantExtract } from './tolerant-extract.js';

/** An item that was skipped, with the reason. */
export interface ItemError {
  /** 0-based position of the item in the feed. */
  index: number;
  reason: string;
  guid: string | null;
  title: string | null;
}

export interface ParseFeedOptions {
  /** URL the feed was fetched from (final URL after redirects); base for relative links. */
  feedUrl?: string | null;
  feedId?: string | null;
  /** Overrides the feed's declared language. */
  lang?: string | null;
  /** Zone that naive timestamps are read in. */
  zone?: string | null;
  source?: StorySource;
  /** Refuse XML text longer than this (characters). Default 16 Mi. */
  maxChars?: number;
  /** Stop after this many items. Default 5000. */
  maxItems?: number;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** Declared language as ISO 639-1, or null. */
  language: string | null;
  /** Which reader produced the items. */
  reader: 'rss-parser' | 'rss-parser-repaired' | 'tolerant';
  stories: Story[];
  errors: ItemError[];
}

const DEFAULT_MAX_CHARS = 16 * 1024 * 1024;

type Obj = Record<string, unknown>;

const ITEM_FIELDS = [
  ['$', 'attrs', { keepArray: true }],
  ['link', 'rawLinks', { keepArray: true }],
  ['guid', 'rawGuid'],
  ['id', 'atomId'],
  ['content:encoded', 'contentEncoded'],
  ['yandex:full-text', 'yandexFullText'],
  ['feedburner:origLink', 'origLink'],
  ['media:content', 'mediaContent', { keepArray: true }],
  ['dc:date', 'dcDate'],
  ['dc:title', 'dcTitle'],
  ['dc:language', 'dcLanguage'],
  ['published', 'published'],
  ['updated', 'updated'],
  ['issued', 'issued'],
  ['modified', 'modified'],
  ['dcterms:issued', 'dctermsIssued'],
  ['dcterms:modified', 'dctermsModified'],
  ['description', 'rawDescription'],
  ['summary', 'rawSummary'],
  ['title', 'rawTitle'],
];
const FEED_FIELDS = [['$', 'attrs', { keepArray: true }], ['dc:language', 'dcLanguage'], 'language'];

function makeParser(defaultRSS: boolean): Parser<Obj, Obj> {
  const options = {
    customFields: { item: ITEM_FIELDS, feed: FEED_FIELDS },
    ...(defaultRSS ? { defaultRSS: 2 } : {}),
    xml2js: { strict: true },
  };
  return new Parser<Obj, Obj>(options as unknown as ConstructorParameters<typeof Parser<Obj, Obj>>[0]);
}

const strictParser = makeParser(true);

/** Text of an xml2js value: a string, `{_: string}`, or an array of those. */
function str(v: unknown): string | null {
  if (typeof v === 'string') return nonEmpty(v);
  if (Array.isArray(v)) return str(v[0]);
  if (v && typeof v === 'object' && typeof (v as Obj)['_'] === 'string') return nonEmpty((v as Obj)['_'] as string);
  return null;
}

/** All text inside an xml2js value (for Atom `type="xhtml"` titles), depth-bounded. */
function deepText(v: unknown, depth = 0): string {
  if (depth > 50) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => deepText(x, depth + 1)).join(' ');
  if (v && typeof v === 'object') {
    return Object.entries(v as Obj)
      .filter(([k]) => k !== '$')
      .map(([, x]) => deepText(x, depth + 1))
      .join(' ');
  }
  return '';
}

function attrsOf(v: unknown): Obj {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const a = (v as Obj)['$'];
    if (a && typeof a === 'object') return a as Obj;
  }
  return {};
}

function rawLinks(v: unknown): RawLink[] {
  if (!Array.isArray(v)) return [];
  const out: RawLink[] = [];
  for (const l of v) {
    const a = attrsOf(l);
    const href = str(a['href']) ?? str(l);
    if (!href) continue;
    out.push({ href, rel: str(a['rel']), type: str(a['type']), base: str(a['xml:base']) });
  }
  return out;
}

function fromRssParser(out: Obj, format: FeedFormat): RawFeed {
  const feedAttrs = (out['attrs'] ?? {}) as Obj;
  const items = Array.isArray(out['items']) ? (out['items'] as Obj[]) : [];
  return {
    format,
    title: str(out['title']),
    link: str(out['link']),
    base: str(feedAttrs['xml:base']),
    language: str(out['language']) ?? str(out['dcLanguage']) ?? str(feedAttrs['xml:lang']),
    items: items.map((it): RawItem => {
      const attrs = (it['attrs'] ?? {}) as Obj;
      const guidRaw = it['rawGuid'];
      const perma = str(attrsOf(guidRaw)['isPermaLink']);
      const isAtom = format === 'atom';
      const dates = isAtom
        ? [it['published'], it['issued'], it['updated'], it['modified'], it['dcDate']]
        : [it['pubDate'], it['dcDate'], it['dctermsIssued'], it['published'], it['updated'], it['dctermsModified']];
      return {
        title: str(it['rawTitle']) ?? str(it['title']) ?? str(it['dcTitle']) ?? nonEmpty(deepText(it['rawTitle'])),
        links: rawLinks(it['rawLinks']),
        guid: str(guidRaw) ?? str(it['atomId']),
        guidIsPermaLink: perma === null ? null : perma.toLowerCase() !== 'false',
        about: str(attrs['rdf:about']),
        origLink: str(it['origLink']),
        summary: isAtom ? str(it['summary']) : str(it['rawDescription']) ?? str(it['content']),
        fullText: isAtom ? str(it['content']) : str(it['contentEncoded']) ?? str(it['yandexFullText']),
        dates: dates.map(str).filter((d): d is string => d !== null),
        base: str(attrs['xml:base']),
        lang: str(it['dcLanguage']) ?? str(attrs['xml:lang']),
      };
    }),
  };
}

/** Remove what strict parsers choke on before the first element: BOM, junk, whitespace; and the DOCTYPE. */
export function sanitizeXml(xml: string): string {
  let s = xml.replace(/^\uFEFF/, '');
  const decl = s.indexOf('<?xml');
  const firstLt = s.indexOf('<');
  if (decl > 0 && decl === firstLt) s = s.slice(decl);
  else if (firstLt > 0) s = s.slice(firstLt);
  const dt = s.search(/<!DOCTYPE/i);
  if (dt !== -1 && dt < 4096) {
    const end = skipDoctype(s, dt);
    if (end !== -1) s = s.slice(0, dt) + s.slice(end);
  }
  // Control characters are not allowed in XML 1.0.
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

/** Escape stray `&` and turn HTML-only named entities into literal text the HTML reducer decodes later. */
export function repairEntities(xml: string): string {
  return xml
    .replace(/&(?!(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)/g, '&amp;')
    .replace(/&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]{0,31});/g, '&amp;$1;');
}

function detectFormat(xml: string): FeedFormat {
  const root = rootElementName(xml)?.toLowerCase() ?? null;
  if (root === 'rss') return 'rss';
  if (root === 'feed') return 'atom';
  if (root === 'rdf:rdf') return 'rdf';
  return 'unknown';
}

/** ISO 639-1 primary subtag of a language tag, or null. */
export function normalizeLang(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const m = /^\s*([A-Za-z]{2})(?:$|[-_\s])/.exec(tag);
  return m?.[1] ? m[1].toLowerCase() : null;
}

function isFeedBurnerLink(url: string): boolean {
  try {
    const u = new URL(url);
    return /(^|\.)feedburner\.com$|^feedproxy\.google\.com$/.test(u.hostname) || u.pathname.includes('/~r/');
  } catch {
    return false;
  }
}

function pickLink(links: RawLink[]): RawLink | null {
  const alternates = links.filter((l) => l.rel === null || l.rel === 'alternate');
  return alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0] ?? null;
}

interface BuildContext {
  feedBase: string | null;
  lang: string | null;
  zone: string | null;
  feedId: string | null;
  source: StorySource;
}

function resolveBase(base: string | null, against: string | null): string | null {
  if (!base) return against;
  return resolveUrl(base, against) ?? against;
}

function buildStory(item: RawItem, ctx: BuildContext): Story | string {
  const itemBase = resolveBase(item.base, ctx.feedBase);
  const link = pickLink(item.links);
  const linkUrl = link ? resolveUrl(link.href, resolveBase(link.base, itemBase)) : null;
  const guid = item.guid;
  const guidUrl = guid ? resolveUrl(guid, null) : null;
  const origLink = item.origLink ? resolveUrl(item.origLink, itemBase) : null;
  let url = origLink ?? linkUrl;
  if (url && !origLink && guidUrl && isFeedBurnerLink(url) && !isFeedBurnerLink(guidUrl)) url = guidUrl;
  if (!url && item.about) url = resolveUrl(item.about, itemBase);
  if (!url && guidUrl && item.guidIsPermaLink !== false) url = guidUrl;
  if (!url && guidUrl) url = guidUrl;
  const canon = canonicalUrl(url);

  const title = item.title ? htmlToLine(item.title) || null : null;
  const full = htmlToPlain(item.fullText);
  const text = full !== '' ? full : htmlToPlain(item.summary);
  if (!title && text === '') return 'no-content';

  let publishedRaw: string | null = item.dates[0] ?? null;
  let published: string | null = null;
  for (const d of item.dates) {
    const p = parsePublishedDate(d, { zone: ctx.zone, lang: ctx.lang });
    if (p) {
      published = p;
      publishedRaw = d;
      break;
    }
  }
  const contentHash = contentHashOf(title, text);
  return {
    id: storyIdFor({ url: canon, guid, contentHash }),
    feedId: ctx.feedId,
    url: canon,
    guid,
    title,
    published,
    publishedRaw,
    lang: ctx.lang ?? normalizeLang(item.lang),
    text,
    contentHash,
    source: ctx.source,
    zone: ctx.zone,
  };
}

/** Turn a RawFeed into stories, collecting skipped items. */
export function storiesFromRawFeed(raw: RawFeed, opts: ParseFeedOptions = {}): { stories: Story[]; errors: ItemError[] } {
  const docUrl = resolveUrl(opts.feedUrl ?? null, null);
  const site = raw.link ? resolveUrl(raw.link, docUrl) : null;
  // Relative links: xml:base, else the site link, else the document URL (the site is what readers expect).
  const feedBase = raw.base ? resolveBase(raw.base, docUrl ?? site) : site ?? docUrl;
  const ctx: BuildContext = {
    feedBase,
    lang: normalizeLang(opts.lang) ?? normalizeLang(raw.language),
    zone: opts.zone ?? null,
    feedId: opts.feedId ?? null,
    source: opts.source ?? 'feed',
  };
  const stories: Story[] = [];
  const errors: ItemError[] = [];
  const seen = new Set<string>();
  raw.items.forEach((item, index) => {
    let result: Story | string;
    try {
      result = buildStory(item, ctx);
    } catch (e) {
      result = `item-error: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (typeof result === 'string') {
      errors.push({ index, reason: result, guid: item.guid, title: item.title });
    } else if (seen.has(result.id)) {
      errors.push({ index, reason: 'duplicate', guid: item.guid, title: result.title });
    } else {
      seen.add(result.id);
      stories.push(result);
    }
  });
  return { stories, errors };
}

async function tryRssParser(xml: string): Promise<Obj | null> {
  try {
    return (await strictParser.parseString(xml)) as unknown as Obj;
  } catch {
    return null;
  }
}

/**
 * Read feed XML text into stories. Throws FeedParseError only when nothing
 * feed-like can be read at all.
 *
 * @example
 * const { stories, format } = await parseFeed(xmlText, { feedUrl: 'https://site.org/rss', zone: 'Asia/Shanghai' });
 */
export async function parseFeed(xml: string, opts: ParseFeedOptions = {}): Promise<ParsedFeed> {
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  if (xml.length > maxChars) throw new FeedParseError(`Feed text too large (${xml.length} > ${maxChars} chars)`);
  const maxItems = opts.maxItems ?? 5000;
  const clean = sanitizeXml(xml);
  const format = detectFormat(clean);

  let raw: RawFeed | null = null;
  let reader: ParsedFeed['reader'] = 'rss-parser';
  if (format !== 'unknown') {
    let out = await tryRssParser(clean);
    if (!out) {
      out = await tryRssParser(repairEntities(clean));
      reader = 'rss-parser-repaired';
    }
    if (out) raw = fromRssParser(out, format);
  }
  const tolerant = !raw || raw.items.length === 0 ? tolerantExtract(clean, maxItems) : null;
  if (tolerant && (!raw || tolerant.items.length > raw.items.length)) {
    raw = tolerant;
    reader = 'tolerant';
  }
  if (!raw || (raw.format === 'unknown' && raw.items.length === 0)) {
    if (clean.trim() === '') throw new FeedParseError('Not a feed: empty body');
    if (/^\s*(<!doctype\s+html|<html[\s>])/i.test(clean)) throw new FeedParseError('Not a feed: an HTML page');
    throw new FeedParseError('Not a feed: no RSS, Atom or RDF root and no items');
  }
  if (raw.items.length > maxItems) raw.items = raw.items.slice(0, maxItems);
  const { stories, errors } = storiesFromRawFeed(raw, opts);
  return { format: raw.format, title: raw.title ? htmlToLine(raw.title) || null : null, language: normalizeLang(raw.language), reader, stories, errors };
}
