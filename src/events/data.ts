import { DataFileError, readDataText } from '../data-files.js';
/**
 * Locating and reading the extractor's data files (YAML under config/).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root (the folder holding package.json and config/). */
export const REPO_ROOT: string = (() => {
  let dir = here;
  for (let k = 0; k < 6; k++) {
    if (existsSync(join(dir, 'config')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = resolve(dir, '..');
  }
  return resolve(here, '..', '..');
})();

/**
 * Reads and parses a YAML data file under the repository root; null when the
 * file is absent (optional per-language lexicons), an error when it is invalid.
 *
 * @example
 * readYaml('config/lexicons/kinds.yaml') // { meeting: {...}, ... }
 */
export function readYaml<T = unknown>(relPath: string): T | null {
  const abs = join(REPO_ROOT, relPath);
  const text = readDataText(abs, { optional: true });
  if (text === null) return null;
  try {
    return parse(text) as T;
  } catch (err) {
    throw new DataFileError(abs, `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Reads a text file under the repository root, or null. */
export function readText(relPath: string): string | null {
  return readDataText(join(REPO_ROOT, relPath), { optional: true });
}

/** Languages with a lexicon folder. */
export const LEXICON_LANGS = ['ar', 'en', 'zh', 'fr', 'es', 'ru'] as const;

/** Coerces a YAML value to an array of strings. */
export function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  if (typeof v === 'string' && v.trim()) return [v];
  return [];
}
