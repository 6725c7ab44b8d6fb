/**
 * Holiday dates by rule (fixed, Easter-relative, Hijri, Chinese lunisolar, equinox, solar
 * term, nth weekday of a month).
 * Rules live in `src/dates/data/holidays.yaml`; holiday names per language live in
 * `src/dates/locales/<lang>/holidays.yaml`. The computation here is generic.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDataYaml } from '../data-files.js';
import { fromDays, hijriToGregorian, isValidDate, toDays, type LocalDate } from './calendar.js';

type Rule =
  | { fixed: string }
  | { easter: number }
  | { orthodoxEaster: number }
  | { hijri: [number, number] }
  | { chinese: [number, number] }
  | { equinox: { month: number; offsetMinutes: number; noonRule?: boolean } }
  | { solarTerm: { longitude: number; offsetMinutes: number } }
  | { nthWeekday: { month: number; weekday: number; n: number } };

const RULES_PATH = join(dirname(fileURLToPath(import.meta.url)), 'data', 'holidays.yaml');
const RULES = new Map<string, Rule>(Object.entries((readDataYaml<Record<string, Rule>>(RULES_PATH) ?? {}) as Record<string, Rule>));

const DAY = 86_400_000;

/**
 * Western Easter Sunday (anonymous Gregorian computus).
 *
 * @example
 * westernEaster(2019) // { y: 2019, m: 4, d: 21 }
 */
export function westernEaster(y: number): LocalDate {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return { y, m: month, d: ((h + l - 7 * m + 114) % 31) + 1 };
}

/**
 * Orthodox Easter Sunday (Julian computus) as a Gregorian date.
 *
 * @example
 * orthodoxEaster(2019) // { y: 2019, m: 4, d: 28 }
 */
export function orthodoxEaster(y: number): LocalDate {
  const a = y % 4, b = y % 7, c = y % 19, d = (19 * c + 15) % 30, e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31), day = ((d + e + 114) % 31) + 1;
  // Julian → Gregorian offset for the year (13 days in 1900–2099).
  const shift = Math.floor(y / 100) - Math.floor(y / 400) - 2;
  return fromDays(toDays(y, month, day) + shift);
}

let chineseFmt: Intl.DateTimeFormat | null | undefined;
function chineseParts(days: number): { m: string; d: number } | null {
  if (chineseFmt === undefined) {
    try {
      chineseFmt = new Intl.DateTimeFormat('en-u-ca-chinese-nu-latn', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
    } catch {
      chineseFmt = null;
    }
  }
  if (!chineseFmt) return null;
  const parts = chineseFmt.formatToParts(new Date(days * DAY));
  return { m: parts.find((p) => p.type === 'month')?.value ?? '', d: Number(parts.find((p) => p.type === 'day')?.value) };
}

/** Gregorian date of Chinese month/day (non-leap month) in the Chinese year starting in Gregorian year `y`. */
function chineseToGregorian(y: number, m: number, d: number): LocalDate | null {
  let cny: number | null = null;
  for (let days = toDays(y, 1, 19); days <= toDays(y, 2, 22); days++) {
    const p = chineseParts(days);
    if (!p) return null;
    if (p.m === '1' && p.d === 1) {
      cny = days;
      break;
    }
  }
  if (cny === null) return null;
  const est = cny + Math.round((m - 1) * 29.53) + d - 1;
  for (let delta = 0; delta <= 40; delta++) {
    for (const days of delta ? [est + delta, est - delta] : [est]) {
      const p = chineseParts(days);
      if (p && p.m === String(m) && p.d === d) return fromDays(days);
    }
  }
  return null;
}

/** The March/September equinox instant (ms since epoch), Meeus' mean-equinox polynomial. */
function equinoxMs(y: number, month: number): number {
  const Y = (y - 2000) / 1000;
  const jde =
    month === 9
      ? 2451810.21715 + 365242.01767 * Y - 0.11575 * Y * Y + 0.00337 * Y ** 3 + 0.00078 * Y ** 4
      : 2451623.80984 + 365242.37404 * Y + 0.05169 * Y * Y - 0.00411 * Y ** 3 - 0.00057 * Y ** 4;
  // JDE is in Terrestrial Time; TT − UTC ≈ 69 s around 2020 (negligible at day grain).
  return (jde - 2440587.5) * DAY - 69_000;
}

/**
 * The Sun's apparent ecliptic longitude in degrees at Julian day `jd` (Meeus, Astronomical
 * Algorithms ch. 25, low accuracy: about 0.01°, i.e. a quarter of an hour of solar motion).
 */
function sunLongitude(jd: number): number {
  const T = (jd - 2451545) / 36525;
  const rad = Math.PI / 180;
  const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
  const M = (357.52911 + 35999.05029 * T - 0.0001537 * T * T) * rad;
  const C = (1.914602 - 0.004817 * T - 0.000014 * T * T) * Math.sin(M) + (0.019993 - 0.000101 * T) * Math.sin(2 * M) + 0.000289 * Math.sin(3 * M);
  const omega = (125.04 - 1934.136 * T) * rad;
  const lambda = L0 + C - 0.00569 - 0.00478 * Math.sin(omega);
  return ((lambda % 360) + 360) % 360;
}

/** The instant (ms since epoch) in Gregorian year `y` when the Sun's longitude reaches `lon` degrees. */
function solarTermMs(y: number, lon: number): number {
  const yearDays = 365.2422;
  // The March equinox is longitude 0; start from the mean position and refine.
  let jd = toDays(y, 3, 20) + 2440587.5 + ((((lon % 360) + 360) % 360) / 360) * yearDays;
  if (jd - 2440587.5 >= toDays(y + 1, 1, 1)) jd -= yearDays;
  for (let k = 0; k < 6; k++) {
    let diff = lon - sunLongitude(jd);
    diff = ((diff + 540) % 360) - 180;
    jd += (diff / 360) * yearDays;
  }
  return (jd - 2440587.5) * DAY;
}

/** The `n`-th (1–5, or -1 for the last) ISO weekday `wd` (1 = Monday) of month `m` in year `y`. */
function nthWeekday(y: number, m: number, wd: number, n: number): LocalDate | null {
  if (n < 0) {
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const lastWd = ((new Date(Date.UTC(y, m - 1, last)).getUTCDay() + 6) % 7) + 1;
    return { y, m, d: last - ((lastWd - wd + 7) % 7) };
  }
  const firstWd = ((new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7) + 1;
  const d = 1 + ((wd - firstWd + 7) % 7) + (n - 1) * 7;
  return isValidDate(y, m, d) ? { y, m, d } : null;
}

const CACHE = new Map<string, LocalDate[]>();

/**
 * Every date of holiday `id` that falls in Gregorian year `y` (Hijri holidays can fall twice).
 *
 * @example
 * holidayDatesIn('eid-al-fitr', 2019) // [{ y: 2019, m: 6, d: 4 }]
 * holidayDatesIn('nope', 2019)        // []
 */
export function holidayDatesIn(id: string, y: number): LocalDate[] {
  const rule = RULES.get(id);
  if (!rule || !Number.isInteger(y) || y < 1000 || y > 2999) return [];
  const key = `${id}:${y}`;
  const hit = CACHE.get(key);
  if (hit) return hit;
  const out: LocalDate[] = [];
  if ('fixed' in rule) {
    const [m, d] = String(rule.fixed).split('-').map(Number) as [number, number];
    if (isValidDate(y, m, d)) out.push({ y, m, d });
  } else if ('easter' in rule) {
    const e = westernEaster(y);
    out.push(fromDays(toDays(e.y, e.m, e.d) + Number(rule.easter)));
  } else if ('orthodoxEaster' in rule) {
    const e = orthodoxEaster(y);
    out.push(fromDays(toDays(e.y, e.m, e.d) + Number(rule.orthodoxEaster)));
  } else if ('hijri' in rule) {
    const [hm, hd] = rule.hijri;
    const base = Math.floor(((y - 622) * 33) / 32);
    for (let hy = base - 1; hy <= base + 2; hy++) {
      const g = hijriToGregorian(hy, hm, hd);
      if (g && g.y === y) out.push(g);
    }
  } else if ('chinese' in rule) {
    const [cm, cd] = rule.chinese;
    const g = chineseToGregorian(y, cm, cd);
    if (g && g.y === y) out.push(g);
  } else if ('equinox' in rule) {
    const { month, offsetMinutes, noonRule } = rule.equinox;
    const local = new Date(equinoxMs(y, month) + offsetMinutes * 60_000);
    let days = Math.floor(local.getTime() / DAY);
    if (noonRule && local.getUTCHours() >= 12) days++;
    out.push(fromDays(days));
  } else if ('solarTerm' in rule) {
    const { longitude, offsetMinutes } = rule.solarTerm;
    const g = fromDays(Math.floor((solarTermMs(y, Number(longitude)) + Number(offsetMinutes) * 60_000) / DAY));
    if (g.y === y) out.push(g);
  } else if ('nthWeekday' in rule) {
    const { month, weekday, n } = rule.nthWeekday;
    const g = nthWeekday(y, Number(month), Number(weekday), Number(n));
    if (g) out.push(g);
  }
  out.sort((a, b) => toDays(a.y, a.m, a.d) - toDays(b.y, b.m, b.d));
  CACHE.set(key, out);
  return out;
}

/**
 * The occurrence of holiday `id` nearest `ref` in direction `dir`: -1 the latest on or
 * before ref, +1 the first on or after ref (strict when `strict`).
 *
 * @example
 * holidayNear('christmas', { y: 2019, m: 12, d: 2 }, -1) // { y: 2018, m: 12, d: 25 }
 * holidayNear('christmas', { y: 2019, m: 12, d: 2 }, 1)  // { y: 2019, m: 12, d: 25 }
 */
export function holidayNear(id: string, ref: LocalDate, dir: number, strict = false): LocalDate | null {
  const refDays = toDays(ref.y, ref.m, ref.d);
  const years = dir < 0 ? [ref.y, ref.y - 1, ref.y - 2] : [ref.y, ref.y + 1, ref.y + 2];
  let best: LocalDate | null = null;
  let bestDist = Infinity;
  for (const y of years) {
    for (const g of holidayDatesIn(id, y)) {
      const dd = toDays(g.y, g.m, g.d) - refDays;
      const ok = dir < 0 ? dd < 0 || (!strict && dd === 0) : dd > 0 || (!strict && dd === 0);
      if (ok && Math.abs(dd) < bestDist) {
        best = g;
        bestDist = Math.abs(dd);
      }
    }
  }
  return best;
}

/** Whether a holiday id has a rule. */
export const hasHoliday = (id: string): boolean => RULES.has(id);
