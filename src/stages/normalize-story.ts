/**
 * Pipeline stage: language, dateline, reference time, temporal expressions and
 * sentence boundaries of one story. Pure; data files are loaded once at module init.
 */
import type { Dateline, NormalizedStory, Reference, Sentence, Story, TemporalExpression } from '../types.js';
import { fmtDay, formatOffset, instantOffset, isValidZone, localRef } from '../dates/calendar.js';
import { isSpaceAt } from '../dates/char-class.js';
import { detectDateline } from '../dates/dateline.js';
import { resolveLanguage } from '../dates/language.js';
import { normalizeDates } from '../dates/normalize-dates.js';
import { parse as parseYaml } from 'yaml';
import { tzOffset } from '@date-fns/tz';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NormalizeStoryOptions {
  /** Fallback zone when neither the dateline nor the story gives one. */
  zone?: string | null;
}

function loadAbbreviations(): Set<string> {
  try {
    const raw = parseYaml(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'dates', 'data', 'abbreviations.yaml'), 'utf8')) as { abbreviations?: unknown };
    return new Set(Array.isArray(raw?.abbreviations) ? raw.abbreviations.map((x) => String(x).toLowerCase()) : []);
  } catch {
    return new Set();
  }
}

const ABBREVIATIONS = loadAbbreviations();
const TERMINALS = new Set(['.', '!', '?', '؟', '。', '！', '？', '…', '؛']);
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', '）', '」', '』', '】']);
const WIDE = new Set(['。', '！', '？']);

/** Per code unit: 1 a terminal, 2 a closer (all of them are single code units). */
const STOP_CLASS = new Uint8Array(0x10000);
for (const t of TERMINALS) STOP_CLASS[t.charCodeAt(0)] = 1;
for (const c of CLOSERS) STOP_CLASS[c.charCodeAt(0)] = 2;

/** Per BMP code unit: 1 a letter (\p{L}), 2 not; 0 until first seen. */
const LETTER_UNIT = new Uint8Array(0x10000);
const LETTER_RE = /\p{L}/u;

function isLetterUnit(u: number): boolean {
  let c = LETTER_UNIT[u]!;
  if (c === 0) LETTER_UNIT[u] = c = LETTER_RE.test(String.fromCharCode(u)) ? 1 : 2;
  return c === 1;
}

/**
 * The run of letters and dots that ends at `i`, looking back at most 20 code units: what
 * `/([\p{L}.]+)$/u` finds in `text.slice(Math.max(0, i - 20), i)`, or ''.
 *
 * @example
 * wordBefore('Mr. Smith met Dr.', 16) // 'Dr'
 */
export function wordBefore(text: string, i: number): string {
  const from = Math.max(0, i - 20);
  let k = i;
  while (k > from) {
    const u = text.charCodeAt(k - 1);
    if (u === 0x2e) {
      k--;
      continue;
    }
    if (u >= 0xdc00 && u <= 0xdfff) {
      // the end of a pair inside the window: one code point
      if (k - 2 >= from) {
        const h = text.charCodeAt(k - 2);
        if (h >= 0xd800 && h <= 0xdbff && LETTER_RE.test(text.slice(k - 2, k))) {
          k -= 2;
          continue;
        }
      }
      break;
    }
    if (u >= 0xd800 && u <= 0xdbff) break; // a high surrogate cut off by `i`: no letter
    if (!isLetterUnit(u)) break;
    k--;
  }
  return text.slice(k, i);
}

/**
 * Sentence spans of `text`: split at . ! ? ؟ 。！？ (not after abbreviations, initials or
 * inside numbers) and at line breaks; surrounding whitespace is left out.
 *
 * @example
 * splitSentences('Hi there. Bye.') // [{ start: 0, end: 9 }, { start: 10, end: 14 }]
 */
export function splitSentences(text: string): Sentence[] {
  if (typeof text !== 'string' || !text) return [];
  const out: Sentence[] = [];
  let start = 0;
  const push = (a: number, b: number) => {
    while (a < b && isSpaceAt(text, a)) a++;
    while (b > a && isSpaceAt(text, b - 1)) b--;
    if (b > a) out.push({ start: a, end: b });
  };
  const L = text.length;
  for (let i = 0; i < L; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || code === 0x2029) {
      push(start, i);
      start = i + 1;
      continue;
    }
    if (STOP_CLASS[code] !== 1) continue;
    const ch = text[i]!;
    let j = i + 1;
    while (j < L && STOP_CLASS[text.charCodeAt(j)] !== 0) j++;
    if (!WIDE.has(ch)) {
      if (j < L && !isSpaceAt(text, j)) continue; // 3.5, U.S.A, example.com
      if (ch === '.') {
        const word = wordBefore(text, i);
        if (word.length === 1 && /\p{Lu}/u.test(word)) continue; // initials: George H. W. Bush
        if (ABBREVIATIONS.has(word.toLowerCase())) continue;
        if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) {
          // "U.S." followed by a lower-case word continues the sentence
          const next = /\S/.exec(text.slice(j))?.[0] ?? '';
          if (next && next === next.toLowerCase() && next !== next.toUpperCase()) continue;
        }
      }
    }
    push(start, j);
    start = j;
    i = j - 1;
  }
  push(start, text.length);
  return out;
}

function instantFromDateline(date: string, zone: string): string | null {
  // Noon of the dateline day, with the zone's offset on that day.
  const base = new Date(`${date}T12:00:00Z`);
  if (!Number.isFinite(base.getTime())) return null;
  let off = 0;
  try {
    off = tzOffset(zone, base);
  } catch {
    off = 0;
  }
  if (!Number.isFinite(off)) off = 0;
  return `${date}T12:00:00${formatOffset(off)}`;
}

/**
 * Normalizes one story: language, dateline, reference, temporal expressions, sentences.
 *
 * @example
 * normalizeStory(story).reference // { instant: '2019-12-02T12:00:00+08:00', zone: 'Asia/Shanghai', date: '2019-12-02', basis: 'dateline' }
 */
export function normalizeStory(story: Story, opts?: NormalizeStoryOptions): NormalizedStory {
  const text = typeof story?.text === 'string' ? story.text : '';
  const lang = resolveLanguage(story?.lang, text);
  const published = story?.published && localRef(story.published) ? story.published : null;
  let dateline: Dateline | null = null;
  try {
    dateline = detectDateline(text, { lang, published });
  } catch {
    dateline = null;
  }
  const fallbackZone = [dateline?.zone, opts?.zone, story?.zone].find((z) => isValidZone(z)) ?? null;
  let zone: string;
  if (fallbackZone) zone = fallbackZone;
  else if (published && instantOffset(published) !== null) zone = formatOffset(instantOffset(published)!);
  else zone = 'UTC';

  let reference: Reference;
  if (published) {
    const lr = localRef(published, zone);
    reference = { instant: published, zone, date: lr ? fmtDay(lr) : null, basis: 'published' };
  } else if (dateline?.date) {
    reference = { instant: instantFromDateline(dateline.date, zone), zone, date: dateline.date, basis: 'dateline' };
  } else {
    reference = { instant: null, zone, date: null, basis: 'none' };
  }

  let dates: TemporalExpression[] = [];
  try {
    dates = normalizeDates(text, { lang, ref: reference.instant, zone: reference.instant ? zone : null, dateline });
  } catch {
    dates = [];
  }
  if (dateline?.date && !dates.some((d) => d.role === 'dateline')) {
    dates.unshift({ text: dateline.text, start: dateline.start, end: dateline.end, value: dateline.date, grain: 'day', role: 'dateline' });
  }
  return { story, lang, dateline, reference, dates, sentences: splitSentences(text) };
}
