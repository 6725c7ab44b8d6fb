import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** A shipped data file (rules, lexicon, gazetteer) that is missing or invalid. */
export class DataFileError extends Error {
  readonly code = 'TL_ERR_DATA_FILE';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`data file ${path}: ${reason}`);
    this.name = 'DataFileError';
  }
}

/**
 * Reads a shipped data file. Data is part of the program, so a required file
 * that is missing, or any file that is not valid YAML, stops start-up with
 * its path rather than silently degrading the pipeline. An optional file
 * (`{ optional: true }`) may be absent and gives null.
 *
 * @example
 * readDataYaml('/app/config/lexicons/kinds.yaml')                 // parsed YAML
 * readDataYaml('/app/config/lexicons/xx/events.yaml', { optional: true }) // null when absent
 */
export function readDataYaml<T = unknown>(path: string, opts: { optional?: boolean } = {}): T | null {
  const text = readDataText(path, opts);
  if (text === null) return null;
  try {
    return (parseYaml(text) ?? null) as T | null;
  } catch (err) {
    throw new DataFileError(path, `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Reads a shipped text file; see `readDataYaml` for the rules. */
export function readDataText(path: string, opts: { optional?: boolean } = {}): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (opts.optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DataFileError(path, (err as Error).message);
  }
}
