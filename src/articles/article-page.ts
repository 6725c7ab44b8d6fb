/**
 * Article pages: main text, title, publication date and dateline of a news
 * page, in the style of readability (@mozilla/readability over linkedom).
 * Used for `fullText` feeds whose items carry only a summary.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { detectDateline } from '../dates/dateline.js';
import { htmlToLine, htmlToPlain } from '../feeds/html-text.js';
import type { Dateline } from '../types.js';

/** What an article page yields. */
export interface ArticlePage {
  title: string | null;
  /** Plain main text, one paragraph a line; starts with the dateline when the page has one. */
  text: string;
  /** Publication date as the page gives it (meta or `<time datetime>`), or null. */
  publishedRaw: string | null;
  dateline: Dateline | null;
}

export interface ExtractArticleOptions {
  lang?: string | null;
  /** Publication instant (ISO 8601) known from the feed: gives a year to a dateline without one. */
  published?: string | null;
}

/** Elements that hold a dateline outside the article body on some sites. */
const DATELINE_SELECTORS = '[itemprop=dateline], .dateline, .article-dateline, [class*=dateline]';
/** Where pages put their publication date, most explicit first. */
const PUBLISHED_SELECTORS: ReadonlyArray<[string, string]> = [
  ['meta[property="article:published_time"]', 'content'],
  ['meta[itemprop=datePublished]', 'content'],
  ['meta[name=pubdate]', 'content'],
  ['meta[name="dc.date"]', 'content'],
  ['meta[name=date]', 'content'],
  ['time[datetime]', 'datetime'],
];

/** linkedom's document (the project has no DOM lib types). */
type Doc = ReturnType<typeof parseHTML>['document'];

/** Longer pages are cut before parsing: readability's cost grows faster than the page. */
const MAX_HTML_CHARS = 1_500_000;

/** Pages shorter than this after extraction are not articles (consent walls, errors). */
const MIN_TEXT_CHARS = 80;

function attr(doc: Doc, selector: string, name: string): string | null {
  try {
    const v = doc.querySelector(selector)?.getAttribute(name)?.trim();
    return v ? v.slice(0, 200) : null;
  } catch {
    return null;
  }
}

function datelineElementText(doc: Doc): string | null {
  try {
    const t = doc.querySelector(DATELINE_SELECTORS)?.textContent?.replace(/\s+/g, ' ').trim();
    return t && t.length <= 120 ? t : null;
  } catch {
    return null;
  }
}

/**
 * Extract the main text of an article page, or null when the page has no
 * article-like content.
 *
 * @example
 * extractArticle('<html><body><article><p>BEIJING, Dec. 2 (Xinhua) -- Chinese President Xi Jinping met …</p></article></body></html>', 'https://x.example/a', { lang: 'en' })
 * // { title: …, text: 'BEIJING, Dec. 2 (Xinhua) -- Chinese President …', dateline: { place: 'BEIJING', … }, publishedRaw: null }
 */
export function extractArticle(html: string, url: string, opts: ExtractArticleOptions = {}): ArticlePage | null {
  if (typeof html !== 'string' || html.trim() === '') return null;
  let doc: Doc;
  try {
    doc = parseHTML(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html).document;
  } catch {
    return null;
  }
  // Read what Readability may strip before it mutates the document.
  let publishedRaw: string | null = null;
  for (const [selector, name] of PUBLISHED_SELECTORS) {
    publishedRaw = attr(doc, selector, name);
    if (publishedRaw) break;
  }
  const datelineText = datelineElementText(doc);
  const pageTitle = htmlToLine(doc.querySelector('h1')?.innerHTML ?? doc.querySelector('title')?.innerHTML ?? '') || null;

  let parsed: ReturnType<Readability<string>['parse']> = null;
  try {
    // linkedom has no documentURI; Readability reads it for relative links only.
    Object.defineProperty(doc, 'documentURI', { value: url, configurable: true });
    parsed = new Readability(doc as never, { charThreshold: 200, keepClasses: false }).parse();
  } catch {
    parsed = null;
  }
  let text = htmlToPlain(parsed?.content ?? '').trim();
  if (text.length < MIN_TEXT_CHARS) return null;

  const detectOpts = { lang: opts.lang ?? null, published: opts.published ?? null };
  let dateline = detectDateline(text, detectOpts);
  if (!dateline && datelineText && !text.startsWith(datelineText)) {
    // The dateline sits in its own element outside the body: put it back in front.
    const joined = `${datelineText} ${text}`;
    const found = detectDateline(joined, detectOpts);
    if (found) {
      text = joined;
      dateline = found;
    }
  }
  const title = (parsed?.title ? htmlToLine(parsed.title) : null) || pageTitle;
  return {
    title,
    text,
    publishedRaw: publishedRaw ?? (parsed?.publishedTime?.trim() || null),
    dateline,
  };
}
