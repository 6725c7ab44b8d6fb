/**
 * Normalizes the date strings feeds give (`pubDate`, `dc:date`, `published`,
 * `updated`) into ISO 8601 with an offset.
 *
 * Handles RFC 822/1123 (`Tue, 30 Jan 2018 12:29:57 -0500`), ISO 8601 / W3C-DTF,
 * RFC-822-like dates in other languages (`Seg, 24 Set 2018 19:42:40 -0300`,
 * `23 янв 2014 09:33 +0600`; month names come from `locales/<lang>/dates.yaml`),
 * numeric dates (`18.09.2018 14:38`, `2018/09/18`, `2018年9月18日`) and naive
 * timestamps, which are read in the feed's zone. Nonsense gives null.
 */
import { TZDate } from '@date-fns/tz';
import { dateVocabulary, normalizeWord } from './locale-data.js';

export interface PublishedDateOptions {
  /** IANA zone or fixed offset (`+08:00`) that naive timestamps are read in. Default UTC. */
  zone?: string | null;
  /** ISO 639-1 language of the feed; breaks ties such as 03/04/2018 (M/D for `en`). */
  lang?: string | null;
}

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** Offset in minutes east of UTC, or null when the timestamp is naive. */
  offset: number | null;
}

const MAX_LEN = 200;

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)?$/i;
const CJK_DATE_RE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/;
const NUMERIC_DATE_RE = /(?<![\d:])(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})(?![\d:])/;
const TIME_RE = /(?<!\d)(\d{1,2})[:hH](\d{2})(?::(\d{2}))?(?:[.,]\d{1,9})?(?!\d)/;
const OFFSET_RE = /(?:\b(?:GMT|UTC|UT)\s*|(?<![\w]))([+-])(\d{1,2})(?::?(\d{2}))?(?!\d)/;
const TOKEN_RE = /[\p{L}][\p{L}\p{M}.\-]*|\d+/gu;

/**
 * Normalize a feed date string into ISO 8601 with offset, or null.
 *
 * @example
 * parsePublishedDate('Tue, 30 Jan 2018 12:29:57 -0500') // '2018-01-30T12:29:57-05:00'
 * parsePublishedDate('2018-09-18 14:38:10', { zone: 'Asia/Shanghai' }) // '2018-09-18T14:38:10+08:00'
 * parsePublishedDate('Seg, 24 Set 2018 19:42:40 -0300') // '2018-09-24T19:42:40-03:00'
 * parsePublishedDate('not a date') // null
 */
export function parsePublishedDate(raw: string | null | undefined, opts: PublishedDateOptions = {}): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (text === '' || text.length > MAX_LEN) return null;
  const parts = parseIso(text) ?? parseLoose(text, opts.lang ?? null);
  if (!parts || !valid(parts)) return null;
  return format(parts, opts.zone ?? null);
}

function parseIso(text: string): Parts | null {
  const m = ISO_RE.exec(text);
  if (!m) return null;
  return {
    y: Number(m[1]),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: m[4] ? Number(m[4]) : 0,
    mi: m[5] ? Number(m[5]) : 0,
    s: m[6] ? Number(m[6]) : 0,
    offset: m[7] ? offsetOf(m[7]) : null,
  };
}

/** Minutes east of UTC for `Z`, `+05`, `-0300`, `+05:30`, `UTC+3`, `GMT`. */
function offsetOf(z: string): number | null {
  const up = z.toUpperCase();
  if (up === 'Z' || up === 'UTC' || up === 'GMT' || up === 'UT') return 0;
  const m = /([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(up);
  if (!m) return null;
  const h = Number(m[2]);
  const mi = m[3] ? Number(m[3]) : 0;
  if (h > 14 || mi > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
}

/** Blank out a match so later rules do not see it again. */
function consume(text: string, m: RegExpExecArray): string {
  return text.slice(0, m.index) + ' '.repeat(m[0].length) + text.slice(m.index + m[0].length);
}

function expandYear(y: number, digits: number): number {
  if (digits > 2) return y;
  return y < 50 ? 2000 + y : 1900 + y;
}

function parseLoose(input: string, lang: string | null): Parts | null {
  const vocab = dateVocabulary();
  let text = input;
  let y: number | null = null;
  let mo: number | null = null;
  let d: number | null = null;

  const cjk = CJK_DATE_RE.exec(text);
  if (cjk) {
    y = Number(cjk[1]);
    mo = Number(cjk[2]);
    d = Number(cjk[3]);
    text = consume(text, cjk);
  } else {
    const num = NUMERIC_DATE_RE.exec(text);
    if (num) {
      const [a, b, c] = [num[1] ?? '', num[3] ?? '', num[4] ?? ''];
      if (a.length === 4) {
        [y, mo, d] = [Number(a), Number(b), Number(c)];
      } else if (a.length <= 2 && (c.length === 4 || c.length === 2)) {
        const A = Number(a);
        const B = Number(b);
        const monthFirst = num[2] === '/' && (B > 12 || (A <= 12 && lang === 'en'));
        [d, mo] = monthFirst ? [B, A] : [A, B];
        y = expandYear(Number(c), c.length);
      } else {
        return null;
      }
      text = consume(text, num);
    }
  }

  let h = 0;
  let mi = 0;
  let s = 0;
  let hasTime = false;
  const t = TIME_RE.exec(text);
  if (t) {
    h = Number(t[1]);
    mi = Number(t[2]);
    s = t[3] ? Number(t[3]) : 0;
    hasTime = true;
    text = consume(text, t);
  }

  let offset: number | null = null;
  if (hasTime) {
    const tail = text.slice(t ? t.index : 0);
    const o = OFFSET_RE.exec(tail);
    if (o) {
      offset = offsetOf(`${o[1]}${o[2]}${o[3] ? `:${o[3]}` : ''}`);
      text = text.slice(0, t ? t.index : 0) + consume(tail, o);
    }
  }

  const numbers: string[] = [];
  const monthWords: Array<{ months: Set<number>; weekday: boolean }> = [];
  let meridiem: 'am' | 'pm' | null = null;
  for (const m of text.matchAll(TOKEN_RE)) {
    const tok = m[0];
    if (/^\d/.test(tok)) {
      numbers.push(tok);
      continue;
    }
    const word = normalizeWord(tok);
    const zone = tok === tok.toUpperCase() ? vocab.zones.get(tok.replace(/\.+$/, '')) : undefined;
    if (zone !== undefined && offset === null) {
      offset = zone;
      continue;
    }
    if (vocab.am.has(word)) meridiem = 'am';
    else if (vocab.pm.has(word)) meridiem = 'pm';
    const months = vocab.months.get(word);
    if (months) monthWords.push({ months, weekday: vocab.weekdays.has(word) });
  }

  if (mo === null) {
    let candidates = monthWords;
    if (candidates.length > 1) {
      const notWeekday = candidates.filter((c) => !c.weekday);
      if (notWeekday.length > 0) candidates = notWeekday;
    }
    const first = candidates[0];
    if (!first) return null;
    mo = Math.min(...first.months);
    const full = numbers.find((n) => n.length === 4);
    const small = numbers.filter((n) => n.length <= 2);
    if (full) {
      y = Number(full);
      d = small[0] ? Number(small[0]) : null;
    } else if (small.length >= 2) {
      d = Number(small[0]);
      y = expandYear(Number(small[1]), (small[1] ?? '').length);
    } else {
      return null;
    }
    if (d === null) return null;
  }
  if (y === null || d === null) return null;

  if (meridiem === 'pm' && h < 12) h += 12;
  if (meridiem === 'am' && h === 12) h = 0;
  return { y, mo, d, h, mi, s: Math.min(s, 59), offset };
}

function valid(p: Parts): boolean {
  if (p.y < 1900 || p.y > 2200) return false;
  if (p.mo < 1 || p.mo > 12) return false;
  if (p.d < 1 || p.d > new Date(Date.UTC(p.y, p.mo, 0)).getUTCDate()) return false;
  if (p.h > 24 || p.mi > 59 || p.s > 60) return false;
  if (p.h === 24 && (p.mi > 0 || p.s > 0)) return false;
  return true;
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

function formatOffset(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/**
 * Format parts as ISO 8601; naive parts are placed in `zone` (IANA or fixed offset), else UTC.
 */
function format(p: Parts, zone: string | null): string | null {
  if (p.offset !== null) {
    // Normalize 24:00 and leap seconds through Date arithmetic, keeping the wall clock offset.
    const ms = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, Math.min(p.s, 59));
    const w = new Date(ms);
    return `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${formatOffset(p.offset)}`;
  }
  if (zone) {
    const fixed = offsetOf(zone.trim());
    if (fixed !== null && /^[+-]/.test(zone.trim())) return format({ ...p, offset: fixed }, null);
    try {
      const tz = new TZDate(p.y, p.mo - 1, p.d, p.h, p.mi, Math.min(p.s, 59), zone);
      if (!Number.isNaN(tz.getTime())) {
        const off = -tz.getTimezoneOffset();
        if (Number.isFinite(off)) {
          return `${pad(tz.getFullYear(), 4)}-${pad(tz.getMonth() + 1)}-${pad(tz.getDate())}T${pad(tz.getHours())}:${pad(tz.getMinutes())}:${pad(tz.getSeconds())}${formatOffset(off)}`;
        }
      }
    } catch {
      // unknown zone: fall through to UTC
    }
  }
  return format({ ...p, offset: 0 }, null);
}
