/**
 * The agencies' own wire formats: NewsML-G2, NewsML 1.2 and NITF 3.x.
 * Each item becomes a `WireItem` (headline, dateline, date, language, text);
 * `storyFromWireItem` turns it into a Story. Pure; malformed XML gives a typed error.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { storyFromText } from '../stages/fetch-feed.js';
import type { Story } from '../types.js';
import { ImportFormatError } from './import-errors.js';

export type WireFormat = 'newsml-g2' | 'newsml-1.2' | 'nitf';

/** One news item read from a wire document. */
export interface WireItem {
  /** The item's own identifier (G2 guid, NewsML 1.2 PublicIdentifier, NITF doc-id). */
  guid: string | null;
  headline: string | null;
  dateline: string | null;
  /** ISO 8601 with offset when the document gave a full timestamp, else as given. */
  date: string | null;
  lang: string | null;
  url: string | null;
  /** Body text, paragraphs separated by blank lines. */
  text: string;
}

/** A node of fast-xml-parser's ordered output. */
type XNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

const BLOCK_TAGS = new Set(['p', 'hl1', 'hl2', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'li', 'block', 'pre', 'br', 'tr', 'blockquote', 'section', 'abstract']);

const tagOf = (n: XNode): string | null => Object.keys(n).find((k) => k !== ':@') ?? null;
const childrenOf = (n: XNode): XNode[] => {
  const t = tagOf(n);
  const v = t ? n[t] : null;
  return Array.isArray(v) ? (v as XNode[]) : [];
};
const attr = (n: XNode | null | undefined, name: string): string | null => {
  const a = n?.[':@'] as Record<string, unknown> | undefined;
  const v = a?.[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
};
const lower = (s: string | null) => (s ? s.toLowerCase() : null);

/** Direct children with a tag name (case-insensitive, namespace prefix already removed). */
function kids(n: XNode, tag: string): XNode[] {
  const t = tag.toLowerCase();
  return childrenOf(n).filter((c) => lower(tagOf(c)) === t);
}

/** First node down a path of tag names ('' segments not allowed). */
function path(n: XNode | null, ...tags: string[]): XNode | null {
  let cur: XNode | null = n;
  for (const t of tags) {
    if (!cur) return null;
    cur = kids(cur, t)[0] ?? null;
  }
  return cur;
}

/** Every descendant with a tag name, in document order. */
function descendants(n: XNode, tag: string, out: XNode[] = []): XNode[] {
  const t = tag.toLowerCase();
  for (const c of childrenOf(n)) {
    if (lower(tagOf(c)) === t) out.push(c);
    descendants(c, tag, out);
  }
  return out;
}

/** The text of a node: inline text run together, block elements on their own paragraphs. */
function textOf(n: XNode | null): string {
  if (!n) return '';
  const parts: string[] = [];
  const walk = (node: XNode) => {
    const t = tagOf(node);
    if (t === '#text') {
      parts.push(String(node['#text']));
      return;
    }
    const block = t ? BLOCK_TAGS.has(t.toLowerCase()) : false;
    if (block) parts.push('\n\n');
    for (const c of childrenOf(node)) walk(c);
    if (block) parts.push('\n\n');
  };
  for (const c of childrenOf(n)) walk(c);
  return parts
    .join('')
    .split(/\n{2,}/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

const oneLine = (n: XNode | null): string | null => {
  const t = textOf(n).replace(/\s+/g, ' ').trim();
  return t || null;
};

/**
 * Wire timestamps in ISO 8601 basic format (`20191202T081500+0800`) to the
 * extended one; anything else is returned trimmed.
 *
 * @example
 * wireDate('20191202T081500+0800') // '2019-12-02T08:15:00+08:00'
 * wireDate('20191202')             // '2019-12-02'
 * wireDate('2019-12-02T08:15:00Z') // '2019-12-02T08:15:00Z'
 */
export function wireDate(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const s = raw.trim();
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (!m) return s;
  const [, y, mo, d, h, mi, se, off] = m;
  if (!h) return `${y}-${mo}-${d}`;
  const zone = off ? (off === 'Z' ? 'Z' : `${off.slice(0, 3)}:${off.slice(-2)}`) : '';
  return `${y}-${mo}-${d}T${h}:${mi}:${se ?? '00'}${zone}`;
}

/**
 * Which wire format an XML document is, from its root element; null for anything else.
 *
 * @example
 * wireFormatOf('<?xml version="1.0"?><nitf version="-//IPTC//DTD NITF 3.6//EN">…') // 'nitf'
 */
export function wireFormatOf(xmlHead: string): WireFormat | null {
  const head = xmlHead.slice(0, 4096).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '');
  const m = /<\s*(?:[\w-]+:)?([\w.-]+)/.exec(head);
  const root = m?.[1]?.toLowerCase();
  if (root === 'nitf') return 'nitf';
  if (root === 'newsml') return 'newsml-1.2';
  if (root === 'newsmessage' || root === 'newsitem' || root === 'packageitem') return 'newsml-g2';
  return null;
}

function parse(xml: string, format: WireFormat): XNode[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ImportFormatError(format, `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  return parser.parse(xml) as XNode[];
}

const rootNode = (doc: XNode[]): XNode | null => doc.find((n) => { const t = tagOf(n); return t !== null && t !== '?xml' && t !== '#text' && t !== '#comment'; }) ?? null;

/** NITF: headline, dateline, date, language and body of one `<nitf>` element. */
function nitfItem(nitf: XNode, fallbackLang: string | null): WireItem {
  const head = path(nitf, 'head');
  const body = path(nitf, 'body');
  const bodyHead = path(body, 'body.head');
  const docdata = path(head, 'docdata');
  const headline = oneLine(path(bodyHead, 'hedline', 'hl1')) ?? oneLine(path(head, 'title'));
  const datelineNode = path(bodyHead, 'dateline');
  const dateline = oneLine(datelineNode);
  const date =
    wireDate(attr(path(docdata, 'date.issue'), 'norm')) ??
    wireDate(attr(path(head, 'pubdata'), 'date.publication')) ??
    wireDate(attr(path(datelineNode, 'story.date'), 'norm'));
  const guid = attr(path(docdata, 'doc-id'), 'id-string');
  const content = path(body, 'body.content');
  const lang = attr(nitf, 'lang') ?? attr(content, 'lang') ?? attr(body, 'lang') ?? fallbackLang;
  const url = attr(path(head, 'pubdata'), 'ex-ref');
  return { guid, headline, dateline, date, lang, url, text: textOf(content) };
}

/** NITF 3.x: one item per document. */
export function parseNitf(xml: string): WireItem[] {
  const root = rootNode(parse(xml, 'nitf'));
  if (!root || lower(tagOf(root)) !== 'nitf') throw new ImportFormatError('nitf', 'no <nitf> root element');
  return [nitfItem(root, null)];
}

/** Body text of a content element that may hold NITF, XHTML or plain text. */
function richText(n: XNode | null, lang: string | null): { text: string; nitf: WireItem | null } {
  if (!n) return { text: '', nitf: null };
  const nitf = descendants(n, 'nitf')[0];
  if (nitf) {
    const item = nitfItem(nitf, lang);
    return { text: item.text, nitf: item };
  }
  const body = descendants(n, 'body')[0];
  return { text: textOf(body ?? n), nitf: null };
}

/** NewsML-G2: every `<newsItem>` of a `newsMessage` (or a lone newsItem). */
export function parseNewsmlG2(xml: string): WireItem[] {
  const root = rootNode(parse(xml, 'newsml-g2'));
  if (!root) throw new ImportFormatError('newsml-g2', 'empty document');
  const items = lower(tagOf(root)) === 'newsitem' ? [root] : descendants(root, 'newsItem');
  return items.map((item) => {
    const itemMeta = path(item, 'itemMeta');
    const contentMeta = path(item, 'contentMeta');
    const lang = attr(path(contentMeta, 'language'), 'tag') ?? attr(item, 'lang');
    const content = path(item, 'contentSet');
    const inline = content ? (kids(content, 'inlineXML')[0] ?? kids(content, 'inlineData')[0] ?? null) : null;
    const { text, nitf } = richText(inline, lang);
    const link = path(itemMeta, 'link');
    return {
      guid: attr(item, 'guid'),
      headline: oneLine(path(contentMeta, 'headline')) ?? nitf?.headline ?? null,
      dateline: oneLine(path(contentMeta, 'dateline')) ?? nitf?.dateline ?? null,
      date:
        wireDate(oneLine(path(itemMeta, 'firstCreated'))) ??
        wireDate(oneLine(path(contentMeta, 'contentCreated'))) ??
        wireDate(oneLine(path(itemMeta, 'versionCreated'))) ??
        nitf?.date ??
        null,
      lang: lang ?? nitf?.lang ?? null,
      url: attr(link, 'href') && /^https?:/i.test(attr(link, 'href')!) ? attr(link, 'href') : null,
      text,
    };
  });
}

/** NewsML 1.2: every `<NewsItem>`; its text is the first textual ContentItem of its components. */
export function parseNewsml12(xml: string): WireItem[] {
  const root = rootNode(parse(xml, 'newsml-1.2'));
  if (!root || lower(tagOf(root)) !== 'newsml') throw new ImportFormatError('newsml-1.2', 'no <NewsML> root element');
  return descendants(root, 'NewsItem').map((item) => {
    const ident = path(item, 'Identification', 'NewsIdentifier');
    const mgmt = path(item, 'NewsManagement');
    const components = descendants(item, 'NewsComponent');
    const lines = components.map((c) => path(c, 'NewsLines')).find(Boolean) ?? null;
    const langNode = components.map((c) => path(c, 'DescriptiveMetadata', 'Language')).find(Boolean) ?? null;
    const lang = attr(langNode, 'FormalName') ?? attr(components[0], 'lang') ?? attr(item, 'lang');
    let body: { text: string; nitf: WireItem | null } = { text: '', nitf: null };
    for (const ci of descendants(item, 'ContentItem')) {
      const media = lower(attr(path(ci, 'MediaType'), 'FormalName'));
      if (media && media !== 'text') continue;
      body = richText(path(ci, 'DataContent'), lang);
      if (body.text) break;
    }
    return {
      guid: oneLine(path(ident, 'PublicIdentifier')) ?? oneLine(path(ident, 'NewsItemId')),
      headline: oneLine(path(lines, 'HeadLine')) ?? body.nitf?.headline ?? null,
      dateline: oneLine(path(lines, 'DateLine')) ?? body.nitf?.dateline ?? null,
      date: wireDate(oneLine(path(mgmt, 'FirstCreated'))) ?? wireDate(oneLine(path(mgmt, 'ThisRevisionCreated'))) ?? body.nitf?.date ?? null,
      lang: lang ?? body.nitf?.lang ?? null,
      url: null,
      text: body.text,
    };
  });
}

/** Items of a wire document in a known format. */
export function parseWire(xml: string, format: WireFormat): WireItem[] {
  if (format === 'nitf') return parseNitf(xml);
  if (format === 'newsml-1.2') return parseNewsml12(xml);
  return parseNewsmlG2(xml);
}

/**
 * A Story from a wire item. The dateline leads the text (as on the wire) unless the
 * body already starts with it, so the normalizer reads the place and date from it.
 *
 * @example
 * storyFromWireItem({ guid: 'urn:x', headline: 'Xi meets Putin', dateline: 'BEIJING, Dec. 2 (Xinhua)',
 *   date: '2019-12-02T08:15:00+08:00', lang: 'en', url: null, text: 'Xi met Putin on Monday.' }, {})
 * // { id: 's_…', title: 'Xi meets Putin', text: 'BEIJING, Dec. 2 (Xinhua)\n\nXi met Putin on Monday.', … }
 */
export function storyFromWireItem(item: WireItem, opts: { feedId?: string | null; lang?: string | null; zone?: string | null }): Story | null {
  if (!item.text.trim() && !item.headline) return null;
  const dl = item.dateline?.trim() ?? '';
  const firstWord = dl.split(/[\s,]+/)[0] ?? '';
  const hasDateline = dl !== '' && item.text.trimStart().toLowerCase().startsWith(firstWord.toLowerCase());
  const text = dl && !hasDateline ? `${dl}\n\n${item.text}` : item.text;
  const lang = opts.lang ?? (item.lang ? item.lang.toLowerCase().split(/[-_]/)[0]! : null);
  return storyFromText({
    text,
    title: item.headline,
    url: item.url,
    guid: item.guid,
    lang,
    published: item.date,
    feedId: opts.feedId ?? null,
    zone: opts.zone ?? null,
    source: 'file',
  });
}
