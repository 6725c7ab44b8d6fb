import type { Grain, TemporalMod } from '../../types.js';

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const DAY = new Intl.DateTimeFormat('en-US', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "Mon 2 Dec 2019", assembled from parts so the layout does not depend on the ICU version. */
function formatDay(dt: Date): string {
  const parts: Record<string, string> = {};
  for (const p of DAY.formatToParts(dt)) parts[p.type] = p.value;
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}
const SEASONS: Record<string, string> = { SP: 'spring', SU: 'summer', FA: 'autumn', WI: 'winter' };
const MODS: Record<TemporalMod, (s: string) => string> = {
  APPROX: (s) => `c. ${s}`,
  START: (s) => `early ${s}`,
  MID: (s) => `mid-${s}`,
  END: (s) => `late ${s}`,
  BEFORE: (s) => `before ${s}`,
  AFTER: (s) => `after ${s}`,
};

function ordinal(n: number): string {
  const r100 = n % 100;
  const suffix = r100 >= 11 && r100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function utc(y: number, m: number, d: number): Date | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  dt.setUTCFullYear(y);
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d ? dt : null;
}

/**
 * Formats a TIMEX3 value for display at its own grain: a year-grain event
 * reads "2019", never "1 January 2019".
 *
 * @example
 * formatTimex('2019', 'year')                // '2019'
 * formatTimex('2019-12', 'month')            // 'December 2019'
 * formatTimex('2019-12-02', 'day')           // 'Mon 2 Dec 2019'
 * formatTimex('2019-12-02T15:30', 'minute')  // 'Mon 2 Dec 2019, 15:30'
 * formatTimex('2019-Q3', 'quarter')          // 'Q3 2019'
 * formatTimex('199', 'decade')               // '1990s'
 * formatTimex('2019', 'year', 'APPROX')      // 'c. 2019'
 */
export function formatTimex(value: string, grain?: Grain | string, mod?: TemporalMod | string): string {
  const s = formatBare(typeof value === 'string' ? value : '', grain);
  const m = mod && Object.hasOwn(MODS, mod) ? MODS[mod as TemporalMod] : null;
  return m ? m(s) : s;
}

function formatBare(value: string, grain?: string): string {
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2}))?)?/.exec(value);
  if (m) {
    const dt = utc(+m[1]!, +m[2]!, +m[3]!);
    if (!dt) return value.slice(0, 40);
    const day = formatDay(dt);
    if (m[4] && (grain === 'minute' || grain === 'hour')) return `${day}, ${m[4]}:${m[5] ?? '00'}`;
    return day;
  }
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) {
    const dt = utc(+m[1]!, +m[2]!, 1);
    return dt ? `${MONTH.format(dt)} ${m[1]}` : value;
  }
  m = /^(\d{4})$/.exec(value);
  if (m) return m[1]!;
  m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (m) return `week ${+m[2]!}, ${m[1]}`;
  m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (m) return `Q${m[2]} ${m[1]}`;
  m = /^(\d{4})-H([12])$/.exec(value);
  if (m) return `${m[2] === '1' ? 'first' : 'second'} half of ${m[1]}`;
  m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value);
  if (m) return `${SEASONS[m[2]!]} ${m[1]}`;
  m = /^(\d{3})$/.exec(value);
  if (m) return `${m[1]}0s`;
  m = /^(\d{2})$/.exec(value);
  if (m) return `${ordinal(+m[1]! + 1)} century`;
  return value.slice(0, 40);
}

/**
 * The calendar key events are grouped under on the timeline: the day for
 * day-or-finer values, else the value itself.
 *
 * @example
 * groupKey('2019-12-02T15:30') // '2019-12-02'
 * groupKey('2019')             // '2019'
 */
export function groupKey(value: string): string {
  const m = /^\d{4}-\d{2}-\d{2}/.exec(value);
  return m ? m[0] : value;
}
