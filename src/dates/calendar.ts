/**
 * Calendar arithmetic on plain local dates (no time zones involved), reference
 * parsing (in an IANA zone via @date-fns/tz, or in the reference's own offset),
 * ISO weeks and Umm al-Qura Hijri conversion.
 */
import { TZDate } from '@date-fns/tz';

export interface LocalDate {
  y: number;
  m: number;
  d: number;
}

export interface LocalRef extends LocalDate {
  /** ISO weekday, Monday = 1. */
  wd: number;
  h: number;
  mi: number;
}

const DAY = 86_400_000;
const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** Days since 1970-01-01 of a local date. */
export const toDays = (y: number, m: number, d: number): number => Math.floor(Date.UTC(y, m - 1, d) / DAY);

/** The local date `days` after 1970-01-01. */
export function fromDays(days: number): LocalDate {
  const dt = new Date(days * DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** ISO weekday of a local date (Monday = 1 … Sunday = 7). */
export const weekdayOf = (y: number, m: number, d: number): number => ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;

export const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export const isValidDate = (y: number, m: number, d: number): boolean =>
  Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) && y > 0 && y < 10000;

export const fmtYear = (y: number): string => pad(y, 4);
export const fmtMonth = (y: number, m: number): string => `${pad(y, 4)}-${pad(m)}`;
export const fmtDay = (x: LocalDate): string => `${pad(x.y, 4)}-${pad(x.m)}-${pad(x.d)}`;

/** ISO week of a local date. */
export function isoWeek(y: number, m: number, d: number): { y: number; w: number } {
  const days = toDays(y, m, d);
  const wd = weekdayOf(y, m, d);
  const thursday = fromDays(days - wd + 4);
  const jan1 = toDays(thursday.y, 1, 1);
  return { y: thursday.y, w: Math.floor((days - wd + 4 - jan1) / 7) + 1 };
}

export const fmtWeek = (w: { y: number; w: number }): string => `${pad(w.y, 4)}-W${pad(w.w)}`;

/** Adds `n` months to a year-month. */
export function addMonths(y: number, m: number, n: number): { y: number; m: number } {
  const idx = y * 12 + (m - 1) + n;
  return { y: Math.floor(idx / 12), m: (idx % 12) + 1 };
}

const OFFSET_RE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Minutes east of UTC of an ISO instant's own offset, or null. */
export function instantOffset(iso: string): number | null {
  const m = OFFSET_RE.exec(iso.trim());
  if (!m) return null;
  if (m[1]!.toUpperCase() === 'Z') return 0;
  const raw = m[1]!.replace(':', '');
  const sign = raw[0] === '-' ? -1 : 1;
  return sign * (Number(raw.slice(1, 3)) * 60 + Number(raw.slice(3, 5)));
}

export function formatOffset(min: number): string {
  const sign = min < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(min) / 60))}:${pad(Math.abs(min) % 60)}`;
}

/** Whether `zone` is an IANA zone or fixed offset that the runtime knows. */
export function isValidZone(zone: string | null | undefined): zone is string {
  if (!zone || typeof zone !== 'string') return false;
  if (/^[+-]\d{2}:\d{2}$/.test(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The local calendar date and clock of a reference instant: in `zone` when given and
 * valid, else in the instant's own UTC offset (never the server's zone).
 *
 * @example
 * localRef('2019-12-02T20:15:00+08:00')               // { y: 2019, m: 12, d: 2, wd: 1, h: 20, mi: 15 }
 * localRef('2019-12-02T20:15:00+08:00', 'Europe/Paris') // { y: 2019, m: 12, d: 2, wd: 1, h: 13, mi: 15 }
 */
export function localRef(ref: string | null | undefined, zone?: string | null): LocalRef | null {
  if (typeof ref !== 'string' || ref.length > 64) return null;
  const trimmed = ref.trim();
  let ms = Date.parse(trimmed);
  const off = instantOffset(trimmed);
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    // A bare date: that calendar day.
    const [y, m, d] = trimmed.split('-').map(Number) as [number, number, number];
    if (!isValidDate(y, m, d)) return null;
    return { y, m, d, wd: weekdayOf(y, m, d), h: 12, mi: 0 };
  }
  if (!Number.isFinite(ms)) return null;
  if (off === null && !isValidZone(zone)) {
    // Naive timestamp: read its wall clock as written.
    ms = Date.parse(trimmed + 'Z');
    if (!Number.isFinite(ms)) return null;
  }
  if (isValidZone(zone)) {
    const t = new TZDate(ms, zone);
    const y = t.getFullYear(), m = t.getMonth() + 1, d = t.getDate();
    return { y, m, d, wd: weekdayOf(y, m, d), h: t.getHours(), mi: t.getMinutes() };
  }
  const shifted = new Date(ms + (off ?? 0) * 60_000);
  const y = shifted.getUTCFullYear(), m = shifted.getUTCMonth() + 1, d = shifted.getUTCDate();
  return { y, m, d, wd: weekdayOf(y, m, d), h: shifted.getUTCHours(), mi: shifted.getUTCMinutes() };
}

let hijriFmt: Intl.DateTimeFormat | null | undefined;

function hijriParts(days: number): { y: number; m: number; d: number } | null {
  if (hijriFmt === undefined) {
    try {
      hijriFmt = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
    } catch {
      hijriFmt = null;
    }
  }
  if (!hijriFmt) return null;
  const parts = hijriFmt.formatToParts(new Date(days * DAY));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

/**
 * Gregorian date of an Umm al-Qura Hijri date, or null.
 *
 * @example
 * hijriToGregorian(1441, 4, 5) // { y: 2019, m: 12, d: 2 }
 */
export function hijriToGregorian(y: number, m: number, d: number): LocalDate | null {
  if (!(y > 1300 && y < 1600 && m >= 1 && m <= 12 && d >= 1 && d <= 30)) return null;
  const approx = Math.round((y - 1) * 354.36707 + (m - 1) * 29.530589 + (d - 1)) + toDays(622, 7, 19);
  for (let delta = 0; delta <= 6; delta++) {
    for (const sign of [1, -1]) {
      const days = approx + sign * delta;
      const h = hijriParts(days);
      if (h && h.y === y && h.m === m && h.d === d) return fromDays(days);
    }
  }
  return null;
}
