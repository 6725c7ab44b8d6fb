/** Small statistics helpers for the benchmarks. */

/**
 * The p-th percentile (0–100) of `xs` by nearest rank; null for an empty list.
 *
 * @example
 * percentile([5, 1, 3, 2, 4], 50) // 3
 */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1]!;
}

/** Rounds to `d` decimals, keeping null. */
export const round = (x: number | null, d = 1): number | null => (x === null ? null : +x.toFixed(d));

/** A plain-text table, first column left-aligned, others right-aligned. */
export function table(rows: string[][]): string {
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((x, c) => (c === 0 ? x.padEnd(w[c]!) : x.padStart(w[c]!))).join('  ')).join('\n');
}
