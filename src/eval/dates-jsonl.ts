/**
 * Reading gold and system JSON lines for the date evaluation. Pure: takes the
 * lines, returns cases plus a list of issues (bad lines are reported and skipped).
 */
import type { GoldCase, GoldExpression, SystemCase, SystemExpression } from './score-dates.js';

/** A line that could not be used, 1-based. */
export interface LineIssue {
  line: number;
  message: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/**
 * Offsets of `needle` in `text`, the `nth` (0-based) occurrence, or null.
 *
 * @example
 * nthIndexOf('a b a', 'a', 1) // 4
 */
export function nthIndexOf(text: string, needle: string, nth: number): number | null {
  if (!needle) return null;
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) return null;
  }
  return at;
}

function parseJsonObject(raw: string): Record<string, unknown> | string {
  try {
    const v: unknown = JSON.parse(raw);
    return isObj(v) ? v : 'not a JSON object';
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
}

/**
 * Parses gold lines `{"id","lang","ref","text","expect":[{"text","value"}],"note"}` and
 * locates each expected text in the case text: the k-th expectation with a
 * given text takes its k-th occurrence. A line that is not valid, or whose
 * expected text is not in the text, is reported and skipped. Blank lines are ignored.
 *
 * @example
 * parseGoldLines(['{"id":"x","lang":"en","ref":null,"text":"on Monday","expect":[{"text":"Monday","value":"2019-12-02"}]}'])
 * // { cases: [{ id: 'x', lang: 'en', ref: null, text: 'on Monday',
 * //             expect: [{ text: 'Monday', value: '2019-12-02', start: 3, end: 9 }] }], issues: [] }
 */
export function parseGoldLines(lines: readonly string[]): { cases: GoldCase[]; issues: LineIssue[] } {
  const cases: GoldCase[] = [];
  const issues: LineIssue[] = [];
  const seen = new Set<string>();
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    const o = parseJsonObject(raw);
    const bad = (message: string) => issues.push({ line, message });
    if (typeof o === 'string') return void bad(o);
    const id = str(o.id);
    if (!id) return void bad('missing "id"');
    if (seen.has(id)) return void bad(`duplicate id "${id}"`);
    if (typeof o.text !== 'string') return void bad(`${id}: missing "text"`);
    if (typeof o.lang !== 'string' || !o.lang) return void bad(`${id}: missing "lang"`);
    if (o.ref !== undefined && o.ref !== null && typeof o.ref !== 'string') return void bad(`${id}: "ref" must be a string or null`);
    if (!Array.isArray(o.expect)) return void bad(`${id}: missing "expect" list`);
    const text = o.text;
    const count = new Map<string, number>();
    const expect: GoldExpression[] = [];
    for (const e of o.expect as unknown[]) {
      if (!isObj(e) || typeof e.text !== 'string' || !e.text || typeof e.value !== 'string') {
        return void bad(`${id}: each "expect" entry needs a non-empty "text" and a string "value"`);
      }
      const k = count.get(e.text) ?? 0;
      count.set(e.text, k + 1);
      const start = nthIndexOf(text, e.text, k);
      if (start === null) return void bad(`${id}: expected text ${JSON.stringify(e.text)} is not in "text"`);
      expect.push({ text: e.text, value: e.value, start, end: start + e.text.length });
    }
    seen.add(id);
    cases.push({ id, lang: o.lang, ref: typeof o.ref === 'string' && o.ref ? o.ref : null, text, expect, ...(typeof o.note === 'string' ? { note: o.note } : {}) });
  });
  return { cases, issues };
}

/**
 * Parses system lines `{"id","dates":[{"text","start","end","value",...}]}` or
 * `{"id","error"}` (the output of `timeline dates --jsonl`). Offsets are used
 * when `text.slice(start, end)` equals the expression text; otherwise the text
 * is looked up in the gold case text (k-th occurrence for the k-th repeat).
 * Expressions that cannot be placed are reported and dropped; lines with an id
 * unknown to the gold are ignored.
 *
 * @example
 * parseSystemLines(['{"id":"x","dates":[{"text":"Monday","start":3,"end":9,"value":"2019-12-02"}]}'], new Map([['x', 'on Monday']]))
 * // { cases: [{ id: 'x', dates: [{ text: 'Monday', value: '2019-12-02', start: 3, end: 9 }] }], issues: [] }
 */
export function parseSystemLines(lines: readonly string[], textById: ReadonlyMap<string, string>): { cases: SystemCase[]; issues: LineIssue[] } {
  const cases: SystemCase[] = [];
  const issues: LineIssue[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    const o = parseJsonObject(raw);
    if (typeof o === 'string') return void issues.push({ line, message: o });
    const id = str(o.id);
    if (!id) return void issues.push({ line, message: 'missing "id"' });
    const text = textById.get(id);
    if (text === undefined) return;
    if (o.error !== undefined && o.error !== null) return void cases.push({ id, dates: [], error: String(o.error) });
    if (!Array.isArray(o.dates)) return void issues.push({ line, message: `${id}: missing "dates" list` });
    const dates: SystemExpression[] = [];
    const count = new Map<string, number>();
    for (const d of o.dates as unknown[]) {
      if (!isObj(d) || typeof d.value !== 'string' || typeof d.text !== 'string') {
        issues.push({ line, message: `${id}: an expression without string "text" and "value" was dropped` });
        continue;
      }
      const { start, end } = d;
      if (Number.isInteger(start) && Number.isInteger(end) && text.slice(start as number, end as number) === d.text && (end as number) > (start as number)) {
        dates.push({ text: d.text, value: d.value, start: start as number, end: end as number });
        continue;
      }
      const k = count.get(d.text) ?? 0;
      count.set(d.text, k + 1);
      const at = nthIndexOf(text, d.text, k);
      if (at === null) {
        issues.push({ line, message: `${id}: expression ${JSON.stringify(d.text)} is not in the case text; dropped` });
        continue;
      }
      dates.push({ text: d.text, value: d.value, start: at, end: at + d.text.length });
    }
    cases.push({ id, dates });
  });
  return { cases, issues };
}
