/**
 * Calendar bounds of a TIMEX3 value, used to index and filter events by date.
 */

export interface TimexBounds {
  /** First day covered, YYYY-MM-DD. */
  start: string;
  /** Last day covered, YYYY-MM-DD. */
  end: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const ymd = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Monday of ISO week 1 of `year`. */
function isoWeekOneMonday(year: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const dow = jan4.getUTCDay() || 7;
  return new Date(Date.UTC(year, 0, 4 - (dow - 1)));
}

/**
 * Returns the first and last calendar day a TIMEX3 value covers, or null
 * when the value is not a calendar value this function understands.
 *
 * @example
 * timexBounds('2019-12-02')        // { start: '2019-12-02', end: '2019-12-02' }
 * timexBounds('2019-12')           // { start: '2019-12-01', end: '2019-12-31' }
 * timexBounds('2019-W48')          // { start: '2019-11-25', end: '2019-12-01' }
 * timexBounds('2019-Q3')           // { start: '2019-07-01', end: '2019-09-30' }
 * timexBounds('199')               // { start: '1990-01-01', end: '1999-12-31' }
 * timexBounds('2019-12-02T15:30')  // { start: '2019-12-02', end: '2019-12-02' }
 * timexBounds('tomorrow')          // null
 */
export function timexBounds(value: string): TimexBounds | null {
  if (typeof value !== 'string') return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+)?$/.exec(value);
  if (m) {
    const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
    if (mo < 1 || mo > 12 || d < 1 || d > lastDayOfMonth(y, mo)) return null;
    const s = `${m[1]}-${m[2]}-${m[3]}`;
    return { start: s, end: s };
  }
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) {
    const y = +m[1]!, mo = +m[2]!;
    if (mo < 1 || mo > 12) return null;
    return { start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-${pad(lastDayOfMonth(y, mo))}` };
  }
  m = /^(\d{4})$/.exec(value);
  if (m) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (m) {
    const y = +m[1]!, w = +m[2]!;
    if (w < 1 || w > 53) return null;
    const mon = isoWeekOneMonday(y);
    const start = new Date(mon.getTime() + (w - 1) * 7 * 86_400_000);
    const end = new Date(start.getTime() + 6 * 86_400_000);
    return { start: ymd(start), end: ymd(end) };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (m) {
    const y = +m[1]!, q = +m[2]!;
    const endMonth = q * 3;
    return { start: `${m[1]}-${pad(endMonth - 2)}-01`, end: `${m[1]}-${pad(endMonth)}-${pad(lastDayOfMonth(y, endMonth))}` };
  }
  m = /^(\d{4})-H([12])$/.exec(value);
  if (m) return m[2] === '1' ? { start: `${m[1]}-01-01`, end: `${m[1]}-06-30` } : { start: `${m[1]}-07-01`, end: `${m[1]}-12-31` };
  m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value);
  if (m) {
    const y = +m[1]!;
    const seasons: Record<string, [string, string]> = {
      SP: [`${y}-03-01`, `${y}-05-31`],
      SU: [`${y}-06-01`, `${y}-08-31`],
      FA: [`${y}-09-01`, `${y}-11-30`],
      WI: [`${y}-12-01`, `${y + 1}-02-${pad(lastDayOfMonth(y + 1, 2))}`],
    };
    const [start, end] = seasons[m[2]!]!;
    return { start, end };
  }
  m = /^(\d{3})$/.exec(value);
  if (m) return { start: `${m[1]}0-01-01`, end: `${m[1]}9-12-31` };
  m = /^(\d{2})$/.exec(value);
  if (m) return { start: `${m[1]}00-01-01`, end: `${m[1]}99-12-31` };
  return null;
}

/**
 * Bounds of a partial calendar date given as a filter: YYYY, YYYY-MM or YYYY-MM-DD.
 *
 * @example
 * filterBounds('2019')     // { start: '2019-01-01', end: '2019-12-31' }
 * filterBounds('2019-13')  // null
 */
export function filterBounds(s: string): TimexBounds | null {
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(s)) return null;
  return timexBounds(s);
}
