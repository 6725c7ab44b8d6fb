/**
 * Structural checks of normalizer output, shared by the fuzz tests and the
 * fuzz mode of the date benchmark.
 */
import { timexBounds } from '../timex.js';

/**
 * Why a TIMEX3 value is malformed or not a real calendar value, or null when it is fine.
 * Accepts the project's shapes: YYYY-MM-DD(THH:MM), YYYY-MM, YYYY, YYYY-Www(-WE),
 * YYYY-Qn, YYYY-Hn, YYYY-SP|SU|FA|WI, decade (3 digits), century (2 digits).
 *
 * @example
 * timexShapeError('2019-12-02')      // null
 * timexShapeError('2019-02-30')      // 'not a real calendar value'
 * timexShapeError('2019-12-02T24:00') // 'bad clock time'
 * timexShapeError('tomorrow')        // 'unknown shape'
 */
export function timexShapeError(value: unknown): string | null {
  if (typeof value !== 'string') return 'not a string';
  let v = value;
  const t = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(v);
  if (t) {
    if (+t[2]! > 23 || +t[3]! > 59) return 'bad clock time';
    v = t[1]!;
  }
  if (/^\d{4}-W\d{2}-WE$/.test(v)) v = v.slice(0, -3);
  if (!/^(?:\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2}|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?|\d{3}|\d{2})$/.test(v)) return 'unknown shape';
  return timexBounds(v) ? null : 'not a real calendar value';
}

/** The fields of a returned expression these checks read. */
export interface ExpressionLike {
  text: unknown;
  start: unknown;
  end: unknown;
  value: unknown;
  range?: { from: unknown; to: unknown } | undefined;
  alternatives?: ReadonlyArray<{ value: unknown }> | undefined;
}

/**
 * Every structural problem of a normalizer result for `input`: not an array,
 * offsets out of range or empty, `text !== input.slice(start, end)`, malformed values.
 *
 * @example
 * expressionProblems('on Monday', [{ text: 'Monday', start: 3, end: 9, value: '2019-12-02' }]) // []
 * expressionProblems('on Monday', [{ text: 'Mon', start: 3, end: 9, value: '2019-12-02' }])
 * // ['text !== input.slice(start, end): [3,9) "Mon" = 2019-12-02']
 */
export function expressionProblems(input: string, out: unknown): string[] {
  if (!Array.isArray(out)) return ['result is not an array'];
  const p: string[] = [];
  for (const e of out as ExpressionLike[]) {
    const where = `[${String(e.start)},${String(e.end)}) ${JSON.stringify(String(e.text).slice(0, 40))} = ${String(e.value)}`;
    const { start, end } = e;
    if (typeof start !== 'number' || typeof end !== 'number' || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > input.length || start >= end) {
      p.push(`bad offsets: ${where}`);
    } else if (e.text !== input.slice(start, end)) p.push(`text !== input.slice(start, end): ${where}`);
    const bad = timexShapeError(e.value);
    if (bad) p.push(`${bad}: ${where}`);
    if (e.range && (timexShapeError(e.range.from) || timexShapeError(e.range.to))) p.push(`bad range ${JSON.stringify(e.range)}: ${where}`);
    for (const alt of e.alternatives ?? []) if (timexShapeError(alt.value)) p.push(`bad alternative ${String(alt.value)}: ${where}`);
  }
  return p;
}
