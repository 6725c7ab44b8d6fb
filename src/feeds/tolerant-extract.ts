/**
 * A small tolerant feed reader over XML text, for feeds a strict XML parser
 * rejects (bad entities, stray `&`, unclosed tags, truncated files, an
 * unparseable date). It scans with indexOf only (linear time, no recursion,
 * no DTD or entity expansion).
 */
import { nonEmpty } from './raw-feed.js';
import type { FeedFormat, RawFeed, RawItem, RawLink } from './raw-feed.js';

interface Element {
  /** Offset of `<`. */
  start: number;
  /** Offset just past the element (end tag or self-closing start tag). */
  end: number;
  attrs: Record<string, string>;
  /** Inner XML, or null for a self-closing element. */
  inner: string | null;
}

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decode the five XML entities and numeric references; leave other named
 * entities for the HTML reducer.
 *
 * @example
 * decodeXmlEntities('a &amp; b &#x41; &nbsp;') // 'a & b A &nbsp;'
 */
export function decodeXmlEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,4});/g, (all, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return all;
      return String.fromCodePoint(code);
    }
    return XML_ENTITIES[ref] ?? all;
  });
}

/** Text value of inner XML: CDATA kept literally, comments dropped, entities decoded elsewhere. */
export function xmlTextValue(inner: string): string {
  let out = '';
  let i = 0;
  while (i < inner.length) {
    const cdata = inner.indexOf('<![CDATA[', i);
    const comment = inner.indexOf('<!--', i);
    const next = cdata === -1 ? comment : comment === -1 ? cdata : Math.min(cdata, comment);
    if (next === -1) {
      out += decodeXmlEntities(inner.slice(i));
      break;
    }
    out += decodeXmlEntities(inner.slice(i, next));
    if (next === cdata) {
      const close = inner.indexOf(']]>', next + 9);
      const stop = close === -1 ? inner.length : close;
      out += inner.slice(next + 9, stop);
      i = close === -1 ? inner.length : close + 3;
    } else {
      const close = inner.indexOf('-->', next + 4);
      i = close === -1 ? inner.length : close + 3;
    }
  }
  return out;
}

function isNameBoundary(ch: string | undefined): boolean {
  return ch === undefined || ch === '>' || ch === '/' || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Parse `a="1" b='2'` into a record (lowercased names kept as written). */
function parseAttrs(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  if (tag.length > 16_384) return attrs;
  const re = /([A-Za-z_][\w:.\-]{0,100})\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (const m of tag.matchAll(re)) {
    const name = m[1];
    if (name) attrs[name] = decodeXmlEntities(m[2] ?? m[3] ?? '');
  }
  return attrs;
}

/** Find the start of `<name` (with a name boundary) at or after `from`, before `to`. */
function findStartTag(xml: string, name: string, from: number, to: number): number {
  const needle = `<${name}`;
  let i = xml.indexOf(needle, from);
  while (i !== -1 && i < to) {
    if (isNameBoundary(xml[i + needle.length])) return i;
    i = xml.indexOf(needle, i + needle.length);
  }
  return -1;
}

/** The first element `name` within [from, to), tolerating a missing end tag. */
function findElement(xml: string, name: string, from: number, to: number): Element | null {
  const start = findStartTag(xml, name, from, to);
  if (start === -1) return null;
  const gt = xml.indexOf('>', start);
  if (gt === -1 || gt >= to) return null;
  const attrs = parseAttrs(xml.slice(start + name.length + 1, gt));
  if (xml[gt - 1] === '/') return { start, end: gt + 1, attrs, inner: null };
  const close = xml.indexOf(`</${name}`, gt + 1);
  if (close === -1 || close >= to) {
    // Unclosed: runs to the next tag start of any kind that is not inline markup, else to `to`.
    const nextTag = xml.indexOf('<', gt + 1);
    const stop = nextTag === -1 || nextTag >= to ? to : nextTag;
    return { start, end: stop, attrs, inner: xml.slice(gt + 1, stop) };
  }
  const closeGt = xml.indexOf('>', close);
  return { start, end: closeGt === -1 ? to : closeGt + 1, attrs, inner: xml.slice(gt + 1, close) };
}

function findAll(xml: string, name: string, from: number, to: number, max = 50): Element[] {
  const out: Element[] = [];
  let pos = from;
  while (out.length < max) {
    const el = findElement(xml, name, pos, to);
    if (!el) break;
    out.push(el);
    pos = Math.max(el.end, el.start + 1);
  }
  return out;
}

function textOf(xml: string, names: readonly string[], from: number, to: number): string | null {
  for (const name of names) {
    const el = findElement(xml, name, from, to);
    if (el && el.inner !== null) {
      const v = nonEmpty(xmlTextValue(el.inner));
      if (v) return v;
    }
  }
  return null;
}

/** Offsets of item/entry blocks: [start, end). Linear: each end tag is searched for once. */
function itemBlocks(xml: string, tag: string, maxItems: number): Array<[number, number]> {
  const starts: number[] = [];
  let i = findStartTag(xml, tag, 0, xml.length);
  while (i !== -1 && starts.length < maxItems) {
    starts.push(i);
    i = findStartTag(xml, tag, i + tag.length + 1, xml.length);
  }
  const closeTag = `</${tag}>`;
  let close = -2;
  return starts.map((s, k) => {
    const next = starts[k + 1] ?? xml.length;
    if (close !== -1 && close < s) close = xml.indexOf(closeTag, s);
    return [s, close !== -1 && close < next ? close : next];
  });
}

/** Name of the document element (after prolog, comments, doctype), or null. */
export function rootElementName(xml: string): string | null {
  let i = 0;
  const n = Math.min(xml.length, 1_000_000);
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt === -1 || lt >= n) return null;
    if (xml.startsWith('<?', lt)) {
      const e = xml.indexOf('?>', lt + 2);
      if (e === -1) return null;
      i = e + 2;
    } else if (xml.startsWith('<!--', lt)) {
      const e = xml.indexOf('-->', lt + 4);
      if (e === -1) return null;
      i = e + 3;
    } else if (xml.startsWith('<!', lt)) {
      const e = skipDoctype(xml, lt);
      if (e === -1) return null;
      i = e;
    } else {
      const m = /^<([A-Za-z_][\w:.\-]{0,100})/.exec(xml.slice(lt, lt + 110));
      return m?.[1] ?? null;
    }
  }
  return null;
}

/** End offset of a `<!DOCTYPE …>` declaration starting at `lt` (internal subset included), or -1. */
export function skipDoctype(xml: string, lt: number): number {
  const gt = xml.indexOf('>', lt);
  const bracket = xml.indexOf('[', lt);
  if (bracket !== -1 && (gt === -1 || bracket < gt)) {
    const close = xml.indexOf(']', bracket);
    if (close === -1) return -1;
    const end = xml.indexOf('>', close);
    return end === -1 ? -1 : end + 1;
  }
  return gt === -1 ? -1 : gt + 1;
}

function formatOf(root: string | null, xml: string): FeedFormat {
  const r = root?.toLowerCase() ?? '';
  if (r === 'rss') return 'rss';
  if (r === 'feed' || r.endsWith(':feed')) return 'atom';
  if (r === 'rdf:rdf' || r.endsWith(':rdf')) return 'rdf';
  if (findStartTag(xml, 'entry', 0, xml.length) !== -1) return 'atom';
  if (findStartTag(xml, 'item', 0, xml.length) !== -1) return 'unknown';
  return 'unknown';
}

function linksOf(xml: string, from: number, to: number): RawLink[] {
  const out: RawLink[] = [];
  for (const el of findAll(xml, 'link', from, to)) {
    const href = nonEmpty(el.attrs['href']) ?? (el.inner !== null ? nonEmpty(xmlTextValue(el.inner)) : null);
    if (!href) continue;
    out.push({ href, rel: el.attrs['rel'] ?? null, type: el.attrs['type'] ?? null, base: el.attrs['xml:base'] ?? null });
  }
  return out;
}

const DATE_FIELDS = ['pubDate', 'dc:date', 'published', 'dcterms:issued', 'issued', 'updated', 'dcterms:modified', 'modified'] as const;

/**
 * Read a feed from XML text without an XML parser. Never throws.
 *
 * @example
 * tolerantExtract('<rss><channel><item><title>A & B</title></item></channel></rss>').items[0]?.title // 'A & B'
 */
export function tolerantExtract(xml: string, maxItems = 5000): RawFeed {
  const root = rootElementName(xml);
  const format = formatOf(root, xml);
  const tag = format === 'atom' ? 'entry' : 'item';
  const blocks = itemBlocks(xml, tag, maxItems);
  const head = xml.slice(0, blocks[0]?.[0] ?? xml.length);
  const headEnd = head.length;
  const rootEl = root ? findElement(head, root, 0, headEnd) : null;
  const feedLinks = linksOf(head, 0, headEnd);
  const site =
    feedLinks.find((l) => l.rel === null || l.rel === 'alternate')?.href ?? feedLinks.find((l) => l.rel !== 'self')?.href ?? null;
  const feed: RawFeed = {
    format,
    title: textOf(head, ['title'], 0, headEnd),
    link: site,
    base: rootEl?.attrs['xml:base'] ?? null,
    language: textOf(head, ['language', 'dc:language'], 0, headEnd) ?? rootEl?.attrs['xml:lang'] ?? null,
    items: [],
  };
  for (const [s0, e0] of blocks) {
    // Work on the block alone so every scan stays inside it (linear overall).
    const blk = xml.slice(s0, e0);
    const s = 0;
    const e = blk.length;
    const startGt = blk.indexOf('>');
    const attrs = parseAttrs(blk.slice(tag.length + 1, startGt === -1 ? e : startGt));
    const guidEl = findElement(blk, 'guid', s, e);
    const perma = guidEl?.attrs['isPermaLink'];
    const item: RawItem = {
      title: textOf(blk, ['title', 'dc:title'], s, e),
      links: linksOf(blk, s, e),
      guid: (guidEl?.inner != null ? nonEmpty(xmlTextValue(guidEl.inner)) : null) ?? textOf(blk, ['id'], s, e),
      guidIsPermaLink: perma === undefined ? null : perma.trim().toLowerCase() !== 'false',
      about: nonEmpty(attrs['rdf:about']),
      origLink: textOf(blk, ['feedburner:origLink'], s, e),
      summary: textOf(blk, ['description', 'summary'], s, e),
      fullText: textOf(blk, ['content:encoded', 'yandex:full-text', 'content'], s, e),
      dates: DATE_FIELDS.map((f) => textOf(blk, [f], s, e)).filter((d): d is string => d !== null),
      base: nonEmpty(attrs['xml:base']),
      lang: textOf(blk, ['dc:language'], s, e) ?? nonEmpty(attrs['xml:lang']),
    };
    feed.items.push(item);
  }
  return feed;
}
