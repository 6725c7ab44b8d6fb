/**
 * Scoring of temporal expressions against the hand-made gold of
 * `shared/corpus/dates/dev.jsonl`. Pure functions: no I/O.
 *
 * Rule (corpus README): a system answer is right when its span overlaps the
 * expected span and its value is identical. Matching is one-to-one: each
 * system expression matches at most one gold expression and vice versa. The
 * gold lists every temporal expression of a text, so precision counts every
 * system expression.
 */

/** One expected expression of a gold case, located in the case text. */
export interface GoldExpression {
  text: string;
  value: string;
  start: number;
  end: number;
}

/** One case of the gold file. */
export interface GoldCase {
  id: string;
  lang: string;
  /** Reference instant (ISO 8601 with offset) or null. */
  ref: string | null;
  text: string;
  expect: GoldExpression[];
  note?: string;
}

/** One expression answered by a system, located in the case text. */
export interface SystemExpression {
  text: string;
  value: string;
  start: number;
  end: number;
}

/** A system's answer for one case: its expressions, or the error it gave. */
export interface SystemCase {
  id: string;
  dates: SystemExpression[];
  error?: string;
}

/** Counts and ratios of one slice (a language, or everything). */
export interface DateScore {
  cases: number;
  gold: number;
  system: number;
  matched: number;
  /** matched / gold, or null when there is no gold expression. */
  recall: number | null;
  /** matched / system, or null when the system answered nothing. */
  precision: number | null;
  /** Harmonic mean of recall and precision, or null when either is null. */
  f1: number | null;
  /** Cases the system answered with an error or not at all. */
  systemErrors: number;
}

/** A gold expression the system did not get, or a system expression that matched no gold. */
export interface DateError {
  kind: 'miss' | 'spurious';
  id: string;
  lang: string;
  text: string;
  start: number;
  end: number;
  value: string;
  /** The overlapping unmatched expression on the other side (a value mismatch), when there is one. */
  other?: { text: string; value: string; start: number; end: number };
}

/** The outcome of scoring a whole gold file. */
export interface DateEvaluation {
  overall: DateScore;
  /** Per gold language, keys sorted. */
  byLang: Record<string, DateScore>;
  errors: DateError[];
  /** Cases whose system answer was missing or an error, with the message. */
  systemErrors: Array<{ id: string; error: string }>;
}

/** Outcome of matching one case. */
export interface CaseMatch {
  /** Pairs of [gold index, system index]. */
  pairs: Array<[number, number]>;
  unmatchedGold: number[];
  unmatchedSystem: number[];
}

/**
 * Whether two half-open spans [start, end) share at least one code unit.
 *
 * @example
 * spansOverlap({ start: 0, end: 5 }, { start: 4, end: 9 }) // true
 * spansOverlap({ start: 0, end: 5 }, { start: 5, end: 9 }) // false (touching only)
 */
export function spansOverlap(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end && a.start < a.end && b.start < b.end;
}

function overlapLength(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/**
 * One-to-one matching of gold and system expressions of one text. Only pairs
 * that overlap and carry the identical value can match; among those a maximum
 * matching is taken (augmenting paths), trying larger overlaps first so the
 * result is deterministic and pairs the closest spans.
 *
 * @example
 * matchCase(
 *   [{ text: 'Monday', value: '2019-12-02', start: 10, end: 16 }],
 *   [{ text: 'on Monday', value: '2019-12-02', start: 7, end: 16 }],
 * ) // { pairs: [[0, 0]], unmatchedGold: [], unmatchedSystem: [] }
 */
export function matchCase(gold: readonly GoldExpression[], system: readonly SystemExpression[]): CaseMatch {
  const cand: number[][] = gold.map((g) =>
    system
      .map((s, j) => ({ j, ov: s.value === g.value && spansOverlap(g, s) ? overlapLength(g, s) : 0 }))
      .filter((x) => x.ov > 0)
      .sort((a, b) => b.ov - a.ov || a.j - b.j)
      .map((x) => x.j),
  );
  const sysOwner: number[] = system.map(() => -1);
  const tryAssign = (gi: number, seen: boolean[]): boolean => {
    for (const sj of cand[gi] ?? []) {
      if (seen[sj]) continue;
      seen[sj] = true;
      const owner = sysOwner[sj]!;
      if (owner < 0 || tryAssign(owner, seen)) {
        sysOwner[sj] = gi;
        return true;
      }
    }
    return false;
  };
  for (let gi = 0; gi < gold.length; gi++) tryAssign(gi, system.map(() => false));
  const pairs: Array<[number, number]> = [];
  const goldMatched = new Set<number>();
  sysOwner.forEach((gi, sj) => {
    if (gi >= 0) {
      pairs.push([gi, sj]);
      goldMatched.add(gi);
    }
  });
  pairs.sort((a, b) => a[0] - b[0]);
  return {
    pairs,
    unmatchedGold: gold.map((_, i) => i).filter((i) => !goldMatched.has(i)),
    unmatchedSystem: system.map((_, j) => j).filter((j) => sysOwner[j]! < 0),
  };
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

function finish(s: Omit<DateScore, 'recall' | 'precision' | 'f1'>): DateScore {
  const recall = ratio(s.matched, s.gold);
  const precision = ratio(s.matched, s.system);
  const f1 = recall === null || precision === null ? null : recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision);
  return { ...s, recall, precision, f1 };
}

const empty = () => ({ cases: 0, gold: 0, system: 0, matched: 0, systemErrors: 0 });

/**
 * Scores system answers against gold cases, per language and overall. A gold
 * case with no system answer (or an error answer) counts as answered with
 * nothing: its gold expressions are misses. System answers whose id is not in
 * the gold are ignored.
 *
 * @example
 * const gold = [{ id: 'a', lang: 'en', ref: null, text: 'on Monday',
 *   expect: [{ text: 'Monday', value: '2019-12-02', start: 3, end: 9 }] }];
 * scoreDates(gold, [{ id: 'a', dates: [{ text: 'Monday', value: '2019-12-02', start: 3, end: 9 }] }]).overall.f1 // 1
 */
export function scoreDates(gold: readonly GoldCase[], system: readonly SystemCase[]): DateEvaluation {
  const answers = new Map<string, SystemCase>();
  for (const s of system) if (!answers.has(s.id)) answers.set(s.id, s);
  const all = empty();
  const per = new Map<string, ReturnType<typeof empty>>();
  const errors: DateError[] = [];
  const systemErrors: Array<{ id: string; error: string }> = [];
  for (const g of gold) {
    const a = answers.get(g.id);
    const sys = a && !a.error ? a.dates : [];
    const bucket = per.get(g.lang) ?? empty();
    per.set(g.lang, bucket);
    const m = matchCase(g.expect, sys);
    const failed = !a || a.error !== undefined ? 1 : 0;
    if (failed) systemErrors.push({ id: g.id, error: a?.error ?? 'no answer for this id' });
    for (const b of [all, bucket]) {
      b.cases++;
      b.gold += g.expect.length;
      b.system += sys.length;
      b.matched += m.pairs.length;
      b.systemErrors += failed;
    }
    const partner = (x: SystemExpression, pool: readonly SystemExpression[], idx: readonly number[]) => {
      const hit = idx.map((i) => pool[i]!).find((y) => spansOverlap(x, y));
      return hit ? { text: hit.text, value: hit.value, start: hit.start, end: hit.end } : undefined;
    };
    for (const gi of m.unmatchedGold) {
      const x = g.expect[gi]!;
      const other = partner(x, sys, m.unmatchedSystem);
      errors.push({ kind: 'miss', id: g.id, lang: g.lang, text: x.text, start: x.start, end: x.end, value: x.value, ...(other ? { other } : {}) });
    }
    for (const sj of m.unmatchedSystem) {
      const x = sys[sj]!;
      const other = partner(x, g.expect, m.unmatchedGold);
      errors.push({ kind: 'spurious', id: g.id, lang: g.lang, text: x.text, start: x.start, end: x.end, value: x.value, ...(other ? { other } : {}) });
    }
  }
  const byLang: Record<string, DateScore> = {};
  for (const k of [...per.keys()].sort()) byLang[k] = finish(per.get(k)!);
  return { overall: finish(all), byLang, errors, systemErrors };
}
