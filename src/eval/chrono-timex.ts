/**
 * Converts chrono-node results to TIMEX3 values at the grain chrono really
 * knows, so chrono can be scored with the same scorer as our normalizer.
 * Structural types only: this module does not import chrono-node.
 */
import type { SystemExpression } from './score-dates.js';

/** The part of chrono's `ParsingComponents` used here. */
export interface ChronoComponentsLike {
  isCertain(component: 'year' | 'month' | 'day' | 'weekday' | 'hour' | 'minute'): boolean;
  get(component: 'year' | 'month' | 'day' | 'hour' | 'minute'): number | null | undefined;
}

/** The part of chrono's `ParsedResult` used here. */
export interface ChronoResultLike {
  index: number;
  text: string;
  start: ChronoComponentsLike;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * The TIMEX3 value of a chrono result's start, at its known grain:
 * a certain hour gives `YYYY-MM-DDTHH:MM`; a certain day or weekday gives the
 * (possibly implied) day `YYYY-MM-DD`; a certain month only gives `YYYY-MM`;
 * a certain year only gives `YYYY`. Implied fields come from chrono's own
 * reading of the reference date. Null when nothing is certain.
 *
 * @example
 * // chrono.en.parse('in March 2019')[0] → knows month and year
 * chronoTimex(r) // '2019-03'
 * // chrono.en.parse('on Tuesday', ref)[0] → knows the weekday, implies the day
 * chronoTimex(r) // '2019-12-03'
 */
export function chronoTimex(r: ChronoResultLike): string | null {
  const c = r.start;
  const y = c.get('year'), mo = c.get('month'), d = c.get('day');
  if (typeof y !== 'number' || !Number.isFinite(y) || y < 0 || y > 9999) return null;
  const ymd = typeof mo === 'number' && typeof d === 'number' ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : null;
  if (c.isCertain('hour') && ymd) return `${ymd}T${pad(c.get('hour') ?? 0)}:${pad(c.get('minute') ?? 0)}`;
  if ((c.isCertain('day') || c.isCertain('weekday')) && ymd) return ymd;
  if (c.isCertain('month') && typeof mo === 'number') return `${pad(y, 4)}-${pad(mo)}`;
  if (c.isCertain('year')) return pad(y, 4);
  return null;
}

/**
 * chrono results as scorer expressions (span from `index` and `text`); results with no value are dropped.
 *
 * @example
 * chronoExpressions(chrono.en.parse('We met on Monday.', ref)) // [{ text: 'on Monday', start: 7, end: 16, value: '2019-12-02' }]
 */
export function chronoExpressions(results: readonly ChronoResultLike[]): SystemExpression[] {
  const out: SystemExpression[] = [];
  for (const r of results) {
    const value = chronoTimex(r);
    if (value !== null && r.text) out.push({ text: r.text, start: r.index, end: r.index + r.text.length, value });
  }
  return out;
}

/**
 * chrono's reference object for an ISO instant with offset: the instant plus
 * the offset in minutes, so "today" is read in the story's own offset.
 *
 * @example
 * chronoReference('2019-12-02T20:15:00+08:00') // { instant: Date(2019-12-02T12:15Z), timezone: 480 }
 */
export function chronoReference(iso: string): { instant: Date; timezone: number } | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const m = /(Z|([+-])(\d{2}):?(\d{2}))$/.exec(iso);
  const tz = !m || m[1] === 'Z' ? 0 : (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
  return { instant: new Date(t), timezone: tz };
}
