/**
 * Positional parameters for one SQL statement: `p(value)` keeps the value and returns its
 * placeholder (`$1`, `$2`, …); pass `params` with the statement.
 *
 * @example
 * const { params, p } = sqlParams();
 * const sql = `SELECT * FROM events WHERE kind = ${p('meeting')} AND confidence >= ${p(0.5)}`;
 * // sql: '… kind = $1 AND confidence >= $2', params: ['meeting', 0.5]
 */
export function sqlParams(): { params: unknown[]; p: (v: unknown) => string } {
  const params: unknown[] = [];
  return {
    params,
    p: (v) => {
      params.push(v);
      return `$${params.length}`;
    },
  };
}

/**
 * Escapes LIKE's wildcards (`%`, `_`) and its escape character in a literal.
 *
 * @example
 * `name LIKE '%' || ${'50\\%_off'}` // escapeLike('50%_off') === '50\\%\\_off'
 */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}
