/**
 * The intermediate shape both feed readers (rss-parser and the tolerant
 * extractor) produce, before stories are built from it.
 */

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'unknown';

export interface RawLink {
  href: string;
  rel: string | null;
  type: string | null;
  base: string | null;
}

export interface RawItem {
  /** Title as in the XML (entities decoded; may still hold HTML). */
  title: string | null;
  links: RawLink[];
  guid: string | null;
  /** `guid@isPermaLink`; null when absent (RSS default: true). */
  guidIsPermaLink: boolean | null;
  /** `rdf:about` (RSS 1.0). */
  about: string | null;
  /** `feedburner:origLink`. */
  origLink: string | null;
  /** description / summary (may hold HTML). */
  summary: string | null;
  /** content:encoded, yandex:full-text, Atom content (may hold HTML). */
  fullText: string | null;
  /** Date strings in order of preference, as written. */
  dates: string[];
  /** `xml:base` of the item. */
  base: string | null;
  /** `dc:language` or `xml:lang` of the item. */
  lang: string | null;
}

export interface RawFeed {
  format: FeedFormat;
  title: string | null;
  /** The site (alternate) link of the channel. */
  link: string | null;
  /** `xml:base` of the root/channel. */
  base: string | null;
  /** Declared language (`<language>`, `dc:language`, `xml:lang`). */
  language: string | null;
  items: RawItem[];
}

/** Trim a possibly-empty string to null. */
export function nonEmpty(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}
