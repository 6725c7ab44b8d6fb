/**
 * Stories from local files (feed XML, HTML page, plain text) and from JSON lines.
 */
import { readFile } from 'node:fs/promises';
import type { Story, StorySource } from '../types.js';
import { decodeBytes, sniffKind } from './decode.js';
import { extractHtmlMain } from './html-text.js';
import { canonicalUrl, contentHashOf, storyIdFor } from './identity.js';
import { normalizeLang, parseFeed } from './parse-feed.js';
import { parsePublishedDate } from './published-date.js';

/** Longest first line that still reads as a title. */
const MAX_TITLE_CHARS = 200;
/** Local files larger than this are refused (bytes). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface StoryFromTextInput {
  text: string;
  title?: string | null;
  url?: string | null;
  lang?: string | null;
  /** Publication date as given; normalized into `published`, kept in `publishedRaw`. */
  published?: string | null;
  /** Caller's id; kept as is when given. */
  id?: string | null;
  guid?: string | null;
  feedId?: string | null;
  zone?: string | null;
  source: StorySource;
}

/** C0 control characters other than tab and line breaks, and DEL: PostgreSQL text and jsonb refuse NUL. */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as the store can keep it: control characters other than tab and line breaks removed, and
 * lone surrogate halves (from broken UTF-16) replaced by U+FFFD.
 *
 * @example
 * storableText('a\u0000b\uD800c\td') // 'ab\uFFFDc\td'
 */
export function storableText(s: string): string {
  return s.replace(CONTROL_CHARS, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Build a Story from already-plain text (JSON lines, pasted text, files). Control characters and
 * lone surrogates are cleaned out (see {@link storableText}), so the story can always be stored.
 *
 * @example
 * storyFromText({ text: 'Body', title: 'T', published: '2019-12-02T20:15:00+08:00', source: 'jsonl' })
 * // → { id: 's_…', title: 'T', published: '2019-12-02T20:15:00+08:00', text: 'Body', … }
 */
export function storyFromText(input: StoryFromTextInput): Story {
  const text = typeof input.text === 'string' ? storableText(input.text.replace(/\r\n?/g, '\n')) : '';
  const title = typeof input.title === 'string' && input.title.trim() !== '' ? storableText(input.title.replace(/\s+/g, ' ').trim()) || null : null;
  const url = canonicalUrl(input.url ?? null);
  const guid = input.guid?.trim() || null;
  const contentHash = contentHashOf(title, text);
  const publishedRaw = typeof input.published === 'string' && input.published.trim() !== '' ? input.published : null;
  const id = typeof input.id === 'string' && input.id.trim() !== '' ? input.id.trim() : storyIdFor({ url, guid, contentHash });
  return {
    id,
    feedId: input.feedId ?? null,
    url,
    guid,
    title,
    published: parsePublishedDate(publishedRaw, { zone: input.zone ?? null, lang: input.lang ?? null }),
    publishedRaw,
    lang: input.lang ? normalizeLang(input.lang) ?? input.lang : null,
    text,
    contentHash,
    source: input.source,
    zone: input.zone ?? null,
  };
}

/**
 * Title from plain text: the first non-empty line when short and followed by more text, else null.
 *
 * @example
 * titleOfPlainText('Short headline\n\nBody text…') // 'Short headline'
 */
export function titleOfPlainText(text: string): string | null {
  const lines = text.split('\n');
  const idx = lines.findIndex((l) => l.trim() !== '');
  if (idx === -1) return null;
  const first = (lines[idx] ?? '').trim();
  const rest = lines.slice(idx + 1).some((l) => l.trim() !== '');
  return first.length <= MAX_TITLE_CHARS && rest ? first : null;
}

/**
 * Read a local file into stories: feed XML (RSS/Atom/RDF) → one story per item;
 * HTML → one story from the page's main text; plain text → one story
 * (title = first line if short, text = whole file).
 *
 * @example
 * const [story] = await readLocalInput('seed/xinhua-ar-2019-12-02.txt', { lang: 'ar' });
 */
export async function readLocalInput(path: string, opts: { lang?: string | null; zone?: string | null } = {}): Promise<Story[]> {
  const bytes = new Uint8Array(await readFile(path));
  if (bytes.byteLength > MAX_FILE_BYTES) throw new RangeError(`File too large: ${path}`);
  const kind = sniffKind(bytes);
  const { text } = decodeBytes(bytes, { kind });
  const lang = opts.lang ?? null;
  const zone = opts.zone ?? null;
  if (kind === 'xml') {
    try {
      const feed = await parseFeed(text, { lang, zone, source: 'file' });
      if (feed.stories.length > 0 || feed.format !== 'unknown') return feed.stories;
    } catch {
      // Not a feed after all: read it as text below.
    }
  }
  if (kind === 'html' || (kind === 'xml' && /<html[\s>]/i.test(text.slice(0, 4096)))) {
    const page = extractHtmlMain(text);
    return [storyFromText({ text: page.text, title: page.title, lang, zone, source: 'file' })];
  }
  const body = text.replace(/\r\n?/g, '\n');
  return [storyFromText({ text: body, title: titleOfPlainText(body), lang, zone, source: 'file' })];
}
