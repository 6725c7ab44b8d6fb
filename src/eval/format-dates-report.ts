/**
 * Text rendering of a date evaluation: the score table and the error list.
 */
import type { DateError, DateEvaluation, DateScore } from './score-dates.js';

const pct = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/**
 * A fixed-width table: one row per language, then `all`.
 *
 * @example
 * formatScoreTable(scoreDates(gold, system))
 * // lang  cases  gold  system  matched  recall  precision  F1
 * // en        1     1       1        1   1.000      1.000  1.000
 * // all       1     1       1        1   1.000      1.000  1.000
 */
export function formatScoreTable(ev: DateEvaluation): string {
  const head = ['lang', 'cases', 'gold', 'system', 'matched', 'recall', 'precision', 'F1'];
  const row = (name: string, s: DateScore) => [name, s.cases, s.gold, s.system, s.matched, pct(s.recall), pct(s.precision), pct(s.f1)].map(String);
  const rows = [head, ...Object.entries(ev.byLang).map(([k, s]) => row(k, s)), row('all', ev.overall)];
  const widths = head.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  if (ev.overall.systemErrors) lines.push(`system errors: ${ev.overall.systemErrors} case(s) answered with an error or not at all`);
  return lines.join('\n');
}

const span = (e: { text: string; start: number; end: number; value: string }) => `${JSON.stringify(e.text)} [${e.start},${e.end}) = ${e.value}`;

/**
 * One line per miss or spurious answer, then the system errors.
 *
 * @example
 * formatErrors(ev)
 * // MISS     en-003 "last week" [10,19) = 2019-W48   (system: "last week" [10,19) = 2019-11-25)
 * // SPURIOUS en-007 "may" [4,7) = 2020-05
 */
export function formatErrors(ev: DateEvaluation): string {
  const line = (e: DateError) =>
    `${e.kind === 'miss' ? 'MISS    ' : 'SPURIOUS'} ${e.id} ${span(e)}` +
    (e.other ? `   (${e.kind === 'miss' ? 'system' : 'gold'}: ${span(e.other)})` : '');
  const out = ev.errors.map(line);
  for (const s of ev.systemErrors) out.push(`ERROR    ${s.id} ${s.error}`);
  return out.length ? out.join('\n') : 'no errors';
}
