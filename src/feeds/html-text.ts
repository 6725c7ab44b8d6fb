/**
 * HTML → plain text for feed fields and for whole web pages.
 */
import { compile } from 'html-to-text';
import type { HtmlToTextOptions, SelectorDefinition } from 'html-to-text';

const SKIP = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'img',
  'picture',
  'video',
  'audio',
  'button',
  'select',
  'input',
  'textarea',
  'form',
  'head',
  'div.feedflare',
];
const PAGE_SKIP = [...SKIP, 'nav', 'header', 'footer', 'aside', 'menu', 'figure > figcaption', '[role=navigation]', '[aria-hidden=true]'];

const KEEP_CASE: SelectorDefinition[] = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

function selectors(skip: string[]): SelectorDefinition[] {
  return [
    ...skip.map((selector) => ({ selector, format: 'skip' })),
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'inline' },
    { selector: 'th', format: 'inline' },
    { selector: 'ul', options: { itemPrefix: ' ' } },
    ...KEEP_CASE,
  ];
}

const LIMITS: HtmlToTextOptions['limits'] = { maxInputLength: 8 * 1024 * 1024, maxDepth: 200, maxChildNodes: 20000 };

const fragmentToText = compile({ wordwrap: false, selectors: selectors(SKIP), limits: LIMITS });
/** Main-content containers, most specific first; the first one present wins. */
const MAIN_CONTAINERS: ReadonlyArray<{ test: RegExp; selector: string }> = [
  { test: /<article[\s>]/i, selector: 'article' },
  { test: /<main[\s>]/i, selector: 'main' },
  { test: /role\s*=\s*["']?main/i, selector: '[role=main]' },
];
const pageConverters = new Map<string, (html: string) => string>();
function pageConverter(selector: string | null): (html: string) => string {
  const key = selector ?? 'body';
  let conv = pageConverters.get(key);
  if (!conv) {
    conv = compile({
      wordwrap: false,
      selectors: selectors(PAGE_SKIP),
      limits: LIMITS,
      baseElements: { selectors: [selector ?? 'body'], returnDomByDefault: true },
    });
    pageConverters.set(key, conv);
  }
  return conv;
}

/** Trim each line, drop empty lines, collapse runs of spaces. */
function tidyLines(s: string): string {
  return s
    .split('\n')
    .map((l) => l.replace(/[\t \u00a0]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

/**
 * Reduce an HTML fragment (a description, content:encoded) to plain text,
 * one paragraph per line. Plain text passes through with entities decoded.
 *
 * @example
 * htmlToPlain('<p>Hello &amp; <b>bye</b></p><p>Two</p>') // 'Hello & bye\nTwo'
 */
export function htmlToPlain(html: string | null | undefined): string {
  if (typeof html !== 'string' || html.trim() === '') return '';
  try {
    return tidyLines(fragmentToText(html));
  } catch {
    return tidyLines(html.replace(/<[^>]{0,2000}>/g, ' '));
  }
}

/**
 * Reduce HTML to a single line of text (for titles).
 *
 * @example
 * htmlToLine('  <b>Breaking:</b>\n  news &amp; more ') // 'Breaking: news & more'
 */
export function htmlToLine(html: string | null | undefined): string {
  return htmlToPlain(html).replace(/\s+/g, ' ').trim();
}

/**
 * The main text of a web page: `<article>`, else `<main>`, else `<body>`, without
 * navigation, scripts and styles; paragraphs kept as lines. The title is the
 * `og:title`, else `<title>`, else the first `<h1>`.
 *
 * @example
 * extractHtmlMain('<title>T</title><nav>Menu</nav><article><p>A</p><p>B</p></article>')
 * // { title: 'T', text: 'A\nB' }
 */
export function extractHtmlMain(html: string): { title: string | null; text: string } {
  const head = html.slice(0, 200_000);
  const og = /<meta\s[^>]{0,500}?property\s*=\s*["']og:title["'][^>]{0,500}?content\s*=\s*"([^"]{0,1000})"/i.exec(head);
  const titleTag = /<title[^>]{0,200}>([^<]{0,2000})<\/title>/i.exec(head);
  const h1 = /<h1[^>]{0,500}>([\s\S]{0,2000}?)<\/h1>/i.exec(html);
  const h1Text = h1?.[1] ? htmlToLine(h1[1]) : '';
  const tagText = titleTag?.[1] ? htmlToLine(titleTag[1]) : '';
  // "Headline | Site name": the h1 is the clean headline when <title> contains it.
  const rawTitle = og?.[1] ?? (h1Text && tagText.includes(h1Text) ? h1Text : titleTag?.[1] ?? h1?.[1] ?? null);
  const title = rawTitle === null ? null : htmlToLine(rawTitle) || null;
  const container = MAIN_CONTAINERS.find((c) => c.test.test(html))?.selector ?? null;
  let text: string;
  try {
    text = tidyLines(pageConverter(container)(html));
  } catch {
    text = htmlToPlain(html);
  }
  return { title, text };
}
