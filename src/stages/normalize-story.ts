/**
 * Pipeline stage: language, dateline, reference time, temporal expressions and
 * sentence boundaries of one story. Pure; data files are loaded once at module init.
 */
import type { Dateline, NormalizedStory, Reference, Sentence, Story, TemporalExpression } from '../types.js';
import { fmtDay, formatOffset, instantOffset, isValidZone, localRef } from '../dates/calendar.js';
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
    while (a < b && /\s/.test(text[a]!)) a++;
    while (b > a && /\s/.test(text[b - 1]!)) b--;
    if (b > a) out.push({ start: a, end: b });
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n' || ch === '\u2029') {
      push(start, i);
      start = i + 1;
      continue;
    }
    if (!TERMINALS.has(ch)) continue;
    let j = i + 1;
    while (j < text.length && (TERMINALS.has(text[j]!) || CLOSERS.has(text[j]!))) j++;
    if (!WIDE.has(ch)) {
      if (j < text.length && !/\s/.test(text[j]!)) continue; // 3.5, U.S.A, example.com
      if (ch === '.') {
        const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, i - 20), i))?.[1] ?? '';
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
