import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { timexBounds } from '../timex.js';

/** Longest input line accepted by the `--jsonl` commands (characters). */
export const MAX_LINE = 4 * 1024 * 1024;

export type LineHandler = (obj: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * The `--jsonl` contract: one JSON object per input line, exactly one JSON
 * output line per input line, in order. A line that is not a JSON object,
 * or whose handler throws, gets `{"id", "error"}` and the stream goes on.
 * Blank lines are skipped.
 */
export async function runJsonl(input: Readable, output: Writable, handle: LineHandler): Promise<{ lines: number; errors: number }> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lines = 0;
  let errors = 0;
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line) continue;
    lines++;
    let id: unknown = null;
    let out: Record<string, unknown>;
    try {
      if (line.length > MAX_LINE) throw new Error(`line too long (${line.length} characters; max ${MAX_LINE})`);
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch (err) {
        throw new Error(`not valid JSON: ${(err as Error).message}`);
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new Error('each line must be a JSON object');
      id = (obj as Record<string, unknown>).id ?? null;
      out = await handle(obj as Record<string, unknown>);
    } catch (err) {
      errors++;
      out = { id, error: (err as Error).message };
    }
    const ok = output.write(JSON.stringify(out) + '\n');
    if (!ok) await new Promise((r) => output.once('drain', r));
  }
  return { lines, errors };
}

/** Reads a required string field of a JSONL object, or throws a clear error. */
export function stringField(obj: Record<string, unknown>, key: string, required: true): string;
export function stringField(obj: Record<string, unknown>, key: string, required?: false): string | null;
export function stringField(obj: Record<string, unknown>, key: string, required = false): string | null {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) throw new Error(`missing "${key}"`);
    return null;
  }
  if (typeof v !== 'string') throw new Error(`"${key}" must be a string`);
  return v;
}

/** Validates an ISO 8601 instant with offset (as `ref`/`published` take). */
export function isoInstantField(obj: Record<string, unknown>, key: string): string | null {
  const v = stringField(obj, key);
  if (v === null || v === '') return null;
  // Date.parse rolls 2019-02-30 over to March, so the calendar day is checked on its own.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) || Number.isNaN(Date.parse(v)) || !timexBounds(v.slice(0, 10))) {
    throw new Error(`"${key}" must be an ISO 8601 instant with offset, e.g. 2019-12-02T20:15:00+08:00`);
  }
  return v;
}
