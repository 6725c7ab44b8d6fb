/**
 * Walking import paths into leaf inputs (files, bundle entries) and reading
 * each leaf's stories one at a time, so nothing large sits in memory.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { Parser as TarParser, type ReadEntry } from 'tar';
import { isoInstantField, stringField } from '../cli/jsonl.js';
import { decodeBytes, sniffKind } from '../feeds/decode.js';
import { extractHtmlMain } from '../feeds/html-text.js';
import { titleOfPlainText } from '../feeds/local-input.js';
import { parseFeed } from '../feeds/parse-feed.js';
import { storyFromText } from '../stages/fetch-feed.js';
import { timexBounds } from '../timex.js';
import type { Story } from '../types.js';
import { ImportInputError } from './import-errors.js';
import { parseWire, storyFromWireItem, wireFormatOf } from './wire-formats.js';

/** Largest single file or bundle entry read whole (JSON Lines files are streamed and have no limit). */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** File names a directory walk or a bundle picks up; explicit paths are always read. */
const IMPORTABLE = /\.(jsonl|ndjson|xml|rss|atom|rdf|nitf|newsml|g2|txt|html?)$/i;
const BUNDLE = /\.(tar\.gz|tgz|tar)$/i;
const JSONL = /\.(jsonl|ndjson)$/i;

/** One leaf input: a file on disk or an entry of a bundle, with its checkpoint key. */
export type Leaf =
  | { key: string; name: string; kind: 'file'; path: string; size: number }
  | { key: string; name: string; kind: 'entry'; bytes: Buffer; size: number }
  | { key: string; name: string; kind: 'unreadable'; error: string; size: 0 };

/** Options that apply to every story read. */
export interface ReadOptions {
  feedId?: string | null;
  lang?: string | null;
  zone?: string | null;
}

/** One item of a leaf: a story, or the reason an item could not be read. */
export type LeafItem = { story: Story; error?: undefined } | { story?: undefined; error: string };

/** Total size in bytes of the given paths (files, bundles and directory contents), for progress. */
export async function totalBytes(paths: string[]): Promise<number> {
  let n = 0;
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (!st) continue;
    if (st.isDirectory()) {
      const names = (await readdir(p).catch(() => [])).filter((x) => !x.startsWith('.'));
      n += await totalBytes(names.map((x) => join(p, x)).filter((x) => IMPORTABLE.test(x) || BUNDLE.test(x) || !/\.\w+$/.test(basename(x))));
    } else n += st.size;
  }
  return n;
}

/**
 * Leaf inputs of the import paths, in a stable order: directories are walked
 * in name order, bundles are streamed entry by entry (`bundle.tar.gz!entry`).
 * `onBytes` reports bytes consumed as reading goes on.
 */
export async function* leafInputs(paths: string[], onBytes: (n: number) => void = () => {}): AsyncGenerator<Leaf> {
  for (const p of paths) yield* leavesOf(resolve(p), true, onBytes);
}

async function* leavesOf(path: string, explicit: boolean, onBytes: (n: number) => void): AsyncGenerator<Leaf> {
  const st = await stat(path).catch((err: Error) => err);
  if (st instanceof Error) {
    // Reported as this input's error; the other inputs go on.
    yield { key: path, name: path, kind: 'unreadable', error: st.message, size: 0 };
    return;
  }
  if (st.isDirectory()) {
    const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
    for (const n of names) {
      const child = join(path, n);
      const cst = await stat(child).catch(() => null);
      if (!cst) continue;
      if (cst.isDirectory() || IMPORTABLE.test(n) || BUNDLE.test(n)) yield* leavesOf(child, false, onBytes);
    }
    return;
  }
  if (!explicit && !IMPORTABLE.test(path) && !BUNDLE.test(path)) return;
  if (BUNDLE.test(path)) {
    yield* bundleEntries(path, onBytes);
    return;
  }
  yield { key: path, name: path, kind: 'file', path, size: st.size };
}

/**
 * Streams a `.tar.gz` / `.tar` bundle entry by entry with the `tar` package.
 * Reading pauses while entries wait to be consumed, so a large bundle never sits in memory.
 */
async function* bundleEntries(path: string, onBytes: (n: number) => void): AsyncGenerator<Leaf> {
  const ready: Leaf[] = [];
  let finished = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const src = createReadStream(path);
  const parser = new TarParser({
    strict: false,
    onReadEntry: (entry: ReadEntry) => {
      const name = entry.path;
      if (entry.type !== 'File' || !(IMPORTABLE.test(name) && !name.split('/').some((s) => s.startsWith('.')))) {
        entry.resume();
        return;
      }
      if (entry.size > MAX_DOCUMENT_BYTES) {
        entry.resume();
        ready.push({ key: `${path}!${name}`, name: `${path}!${name}`, kind: 'entry', bytes: Buffer.alloc(0), size: -1 });
        notify();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        ready.push({ key: `${path}!${name}`, name: `${path}!${name}`, kind: 'entry', bytes: Buffer.concat(chunks), size: entry.size });
        if (ready.length >= 8) src.pause();
        notify();
      });
    },
  });
  src.on('data', (c) => onBytes(typeof c === 'string' ? Buffer.byteLength(c) : c.length));
  src.on('error', (err) => {
    failure = new ImportInputError(path, err.message);
    notify();
  });
  parser.on('error', (err: Error) => {
    failure = new ImportInputError(path, `not a readable tar bundle: ${err.message}`);
    notify();
  });
  parser.on('end', () => {
    finished = true;
    notify();
  });
  src.pipe(parser as unknown as NodeJS.WritableStream);
  try {
    for (;;) {
      if (ready.length) {
        const leaf = ready.shift()!;
        if (ready.length < 2 && src.isPaused()) src.resume();
        yield leaf;
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      if (src.isPaused()) src.resume();
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    src.destroy();
  }
}

/**
 * `published` of an import line: an ISO instant with offset as `extract --jsonl`
 * takes, or (archives often carry only the day) a valid calendar date YYYY-MM-DD.
 */
function publishedField(o: Record<string, unknown>): string | null {
  try {
    return isoInstantField(o, 'published');
  } catch (err) {
    const v = o.published;
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && timexBounds(v)) return v;
    throw err;
  }
}

/** A story from one line of the `timeline extract --jsonl` input format; throws a clear error. */
export function storyFromJsonLine(line: string, opts: ReadOptions): Story {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (err) {
    throw new Error(`not valid JSON: ${(err as Error).message}`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new Error('each line must be a JSON object');
  const o = obj as Record<string, unknown>;
  const text = stringField(o, 'text', true);
  const lang = stringField(o, 'lang');
  if (lang !== null && !/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(lang)) throw new Error('"lang" must be an ISO 639-1 code such as ar or en');
  return storyFromText({
    text,
    id: o.id === undefined || o.id === null ? null : String(o.id),
    title: stringField(o, 'title'),
    url: stringField(o, 'url'),
    lang: lang ?? opts.lang ?? null,
    published: publishedField(o),
    feedId: opts.feedId ?? null,
    zone: opts.zone ?? null,
    source: 'jsonl',
  });
}

/** Stories of one document held in memory (feed, wire document, HTML or text). */
export async function storiesOfDocument(bytes: Uint8Array, opts: ReadOptions): Promise<LeafItem[]> {
  const kind = sniffKind(bytes);
  const { text } = decodeBytes(bytes, { kind });
  const lang = opts.lang ?? null;
  const zone = opts.zone ?? null;
  const feedId = opts.feedId ?? null;
  // Wire documents may embed XHTML, which the sniffer reads as HTML: their root element decides.
  const wire = kind !== 'text' ? wireFormatOf(text) : null;
  if (wire) {
    return parseWire(text, wire).map((item): LeafItem => {
      const story = storyFromWireItem(item, { feedId, lang, zone });
      return story ? { story } : { error: `${wire} item ${item.guid ?? ''} has no text`.trim() };
    });
  }
  if (kind === 'xml') {
    try {
      const feed = await parseFeed(text, { lang, zone, feedId, source: 'file' });
      if (feed.stories.length > 0 || feed.format !== 'unknown') {
        return [...feed.stories.map((story) => ({ story })), ...feed.errors.map((e) => ({ error: `feed item: ${JSON.stringify(e).slice(0, 200)}` }))];
      }
    } catch {
      // Not a feed after all: read as a page or text below.
    }
  }
  if (kind === 'html' || (kind === 'xml' && /<html[\s>]/i.test(text.slice(0, 4096)))) {
    const page = extractHtmlMain(text);
    return [{ story: storyFromText({ text: page.text, title: page.title, lang, zone, feedId, source: 'file' }) }];
  }
  const body = text.replace(/\r\n?/g, '\n');
  if (!body.trim()) return [{ error: 'empty document' }];
  return [{ story: storyFromText({ text: body, title: titleOfPlainText(body), lang, zone, feedId, source: 'file' }) }];
}

/** Ends a line cut at the length limit (NUL cannot be stored as story text, so it never ends a real line). */
const TOO_LONG_MARK = '\u0000TL_LINE_TOO_LONG';

/**
 * Passes bytes through, but keeps at most `max` bytes of any one line (lines
 * end at LF or CR, as readline splits them): the rest of an overlong line is
 * dropped and the line ends with TOO_LONG_MARK instead, so a file without line
 * breaks cannot grow one line without bound, and line numbers stay the same.
 */
function capLineBytes(max: number): Transform {
  let run = 0;
  let cut = false;
  const mark = Buffer.from(TOO_LONG_MARK, 'utf8');
  return new Transform({
    transform(chunk: Buffer | string, _enc, cb) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const out: Buffer[] = [];
      let start = 0;
      while (start <= buf.length) {
        let nl = buf.indexOf(10, start);
        const cr = buf.indexOf(13, start);
        if (cr >= 0 && (nl < 0 || cr < nl)) nl = cr;
        const end = nl < 0 ? buf.length : nl;
        const seg = buf.subarray(start, end);
        if (!cut) {
          if (run + seg.length > max) {
            out.push(seg.subarray(0, Math.max(0, max - run)), mark);
            cut = true;
          } else out.push(seg);
        }
        run += seg.length;
        if (nl < 0) break;
        out.push(buf.subarray(nl, nl + 1));
        run = 0;
        cut = false;
        start = nl + 1;
      }
      cb(null, Buffer.concat(out));
    },
  });
}

/**
 * The items of a leaf, in order, from item `from` on (resume). JSON Lines
 * files are streamed line by line (blank lines count as items, so positions
 * stay line numbers); other documents are read whole (up to MAX_DOCUMENT_BYTES).
 * `onBytes` reports the bytes of a file leaf as they are read.
 */
export async function* leafItems(
  leaf: Leaf,
  opts: ReadOptions,
  from = 0,
  onBytes: (n: number) => void = () => {},
  maxLineBytes = MAX_DOCUMENT_BYTES,
): AsyncGenerator<LeafItem | null> {
  if (leaf.kind === 'unreadable') throw new ImportInputError(leaf.name, leaf.error);
  if (leaf.size < 0 || leaf.size > MAX_DOCUMENT_BYTES && !JSONL.test(leaf.name)) {
    throw new ImportInputError(leaf.name, `larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  if (JSONL.test(leaf.name)) {
    const input = leaf.kind === 'file' ? createReadStream(leaf.path) : Readable.from([leaf.bytes]);
    if (leaf.kind === 'file') input.on('data', (c: Buffer | string) => onBytes(typeof c === 'string' ? Buffer.byteLength(c) : c.length));
    const capped = input.pipe(capLineBytes(maxLineBytes));
    input.on('error', (err: Error) => capped.destroy(err));
    const rl = createInterface({ input: capped, crlfDelay: Infinity });
    let i = 0;
    try {
      for await (const raw of rl) {
        if (i++ < from) continue;
        if (raw.endsWith(TOO_LONG_MARK)) {
          yield { error: `line ${i}: longer than ${maxLineBytes} bytes` };
          continue;
        }
        const line = raw.trim();
        if (!line) {
          yield null;
          continue;
        }
        try {
          yield { story: storyFromJsonLine(line, opts) };
        } catch (err) {
          yield { error: `line ${i}: ${(err as Error).message}` };
        }
      }
    } finally {
      rl.close();
      capped.destroy();
      input.destroy();
    }
    return;
  }
  const bytes = leaf.kind === 'file' ? await readFile(leaf.path) : leaf.bytes;
  if (leaf.kind === 'file') onBytes(bytes.length);
  const items = await storiesOfDocument(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), opts);
  for (let i = from; i < items.length; i++) yield items[i]!;
}
