/**
 * Calendar arithmetic on plain local dates (no time zones involved), reference
 * parsing (in an IANA zone via @date-fns/tz, or in the reference's own offset),
 * ISO weeks and Umm al-Qura Hijri conversion.
 */
import { tzOffset } from '@date-fns/tz';

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

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (plain arithmetic, no Date object);
 * a month or day out of range rolls over as with `Date.UTC`.
 *
 * @example
 * toDays(1970, 1, 1) // 0
 * toDays(2019, 12, 32) === toDays(2020, 1, 1) // true
 */
export function toDays(y: number, m: number, d: number): number {
  // Month overflow first (Date.UTC semantics), then days from civil (H. Hinnant).
  const mi = m - 1;
  const yy = y + Math.floor(mi / 12);
  const mm = mi - Math.floor(mi / 12) * 12 + 1;
  const yr = mm <= 2 ? yy - 1 : yy;
  const era = Math.floor(yr / 400);
  const yoe = yr - era * 400;
  const doy = Math.floor((153 * (mm + (mm > 2 ? -3 : 9)) + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + (d - 1);
}

/** The local date `days` after 1970-01-01. @example fromDays(0) // { y: 1970, m: 1, d: 1 } */
export function fromDays(days: number): LocalDate {
  const z = Math.floor(days) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** ISO weekday of a local date (Monday = 1 … Sunday = 7). @example weekdayOf(2019, 12, 2) // 1 */
export const weekdayOf = (y: number, m: number, d: number): number => {
  // 1970-01-01 was a Thursday (4).
  const w = (toDays(y, m, d) + 3) % 7;
  return (w < 0 ? w + 7 : w) + 1;
};

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `m` (1–12) of year `y`. @example daysInMonth(2020, 2) // 29 */
export const daysInMonth = (y: number, m: number): number => {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return MONTH_DAYS[m - 1] ?? fromDays(toDays(y, m + 1, 0)).d;
};

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
  const known = ZONES.get(zone);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    ok = true;
  } catch {
    ok = false;
  }
  if (ZONES.size >= 1000) ZONES.clear();
  ZONES.set(zone, ok);
  return ok;
}

/** Zones already checked (making an Intl.DateTimeFormat costs tens of microseconds). */
const ZONES = new Map<string, boolean>();

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
  const key = typeof zone === 'string' ? `${ref}\u0000${zone}` : ref;
  const hit = REFS.get(key);
  if (hit !== undefined) return hit && { ...hit };
  const r = readRef(ref, zone);
  if (REFS.size >= 1000) REFS.clear();
  REFS.set(key, r && { ...r });
  return r;
}

/** References already read, by ref and zone (a story's sentences share one). */
const REFS = new Map<string, LocalRef | null>();

function readRef(ref: string, zone?: string | null): LocalRef | null {
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
    const t = new Date(zoneWallClock(ms, zone));
    const y = t.getUTCFullYear(), m = t.getUTCMonth() + 1, d = t.getUTCDate();
    return { y, m, d, wd: weekdayOf(y, m, d), h: t.getUTCHours(), mi: t.getUTCMinutes() };
  }
  const shifted = new Date(ms + (off ?? 0) * 60_000);
  const y = shifted.getUTCFullYear(), m = shifted.getUTCMonth() + 1, d = shifted.getUTCDate();
  return { y, m, d, wd: weekdayOf(y, m, d), h: shifted.getUTCHours(), mi: shifted.getUTCMinutes() };
}

/**
 * The wall clock of instant `ms` in `zone`, as a UTC time value: what `new TZDate(ms, zone)`
 * of @date-fns/tz reads with its local getters (the zone offset in whole seconds, rounded
 * the same way), with one offset look-up instead of TZDate's two.
 *
 * @example
 * new Date(zoneWallClock(Date.parse('2019-12-02T12:15:00Z'), 'Asia/Shanghai')).toISOString() // '2019-12-02T20:15:00.000Z'
 */
export function zoneWallClock(ms: number, zone: string): number {
  const off = tzOffset(zone, new Date(ms));
  if (Number.isNaN(off)) return NaN;
  return ms - Math.round(-off * 60) * 1000;
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
  const key = (y * 13 + m) * 31 + d;
  const hit = HIJRI.get(key);
  if (hit !== undefined) return hit && { ...hit };
  const g = hijriSearch(y, m, d);
  HIJRI.set(key, g && { ...g });
  return g;
}

/** Conversions already made (each costs up to 13 Intl calls); at most 300 × 12 × 30 keys. */
const HIJRI = new Map<number, LocalDate | null>();

function hijriSearch(y: number, m: number, d: number): LocalDate | null {
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
