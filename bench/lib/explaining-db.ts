/**
 * A `Db` wrapper for the API benchmark: when capture is on, every SELECT the
 * store runs is first run under `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`
 * with the same parameters, so the benchmark can show the plan of the exact
 * SQL the store generated (no copy of the store's queries here).
 */
import type { Db, Queryable } from '../../src/store/db.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Rows Removed by Filter'?: number;
  'Sort Method'?: string;
  Plans?: PlanNode[];
}

export interface CapturedPlan {
  sql: string;
  executionMs: number;
  /** One line per plan node, indented by depth: type, relation/index, rows. */
  outline: string[];
  /** Nodes that read a whole table or sort many rows: the usual suspects. */
  suspects: string[];
}

function outlineOf(node: PlanNode, depth: number, out: string[], suspects: string[]): void {
  const rel = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
  const idx = node['Index Name'] ? ` using ${node['Index Name']}` : '';
  const rows = (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
  const removed = node['Rows Removed by Filter'] ? `, ${node['Rows Removed by Filter']} removed by filter` : '';
  const line = `${node['Node Type']}${rel}${idx} (rows ${rows}${removed}, ${node['Actual Total Time']?.toFixed(1) ?? '?'} ms)`;
  out.push('  '.repeat(depth) + line);
  if ((node['Node Type'] === 'Seq Scan' && rows + (node['Rows Removed by Filter'] ?? 0) > 5000) || (node['Node Type'] === 'Sort' && rows > 5000)) suspects.push(line);
  if ((node['Rows Removed by Filter'] ?? 0) > 20_000) suspects.push(line);
  for (const p of node.Plans ?? []) outlineOf(p, depth + 1, out, suspects);
}

export class ExplainingDb implements Db {
  capture = false;
  readonly captured: CapturedPlan[] = [];

  constructor(private readonly inner: Db) {}

  get kind() {
    return this.inner.kind;
  }

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    if (this.capture && /^\s*SELECT/i.test(sql)) {
      const rows = await this.inner.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
        params,
      );
      const top = rows[0]!['QUERY PLAN'][0]!;
      const outline: string[] = [];
      const suspects: string[] = [];
      outlineOf(top.Plan, 0, outline, suspects);
      this.captured.push({ sql: sql.replace(/\s+/g, ' ').trim(), executionMs: +top['Execution Time'].toFixed(2), outline, suspects });
    }
    return this.inner.query<T>(sql, params);
  }

  exec(sql: string) {
    return this.inner.exec(sql);
  }

  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.inner.tx(fn);
  }

  close() {
    return this.inner.close();
  }
}
