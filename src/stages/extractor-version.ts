/**
 * The extractor's version stamp: what a stored extraction was made with, so
 * `timeline reprocess --older-than-current` knows what to redo.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Folders whose data files (rules, lexicons, gazetteer, date locales) shape the output. */
export const EXTRACTION_DATA_ROOTS = [
  'config/lexicons',
  'config/gazetteer',
  'src/dates/data',
  'src/dates/locales',
  'src/feeds/locales',
] as const;

/** Folders and files whose code shapes the output of normalize + extract. */
export const EXTRACTION_CODE_ROOTS = [
  'src/dates',
  'src/events',
  'src/gazetteer',
  'src/text',
  'src/feeds/published-date.ts',
  'src/stages/normalize-story.ts',
  'src/stages/extract-events.ts',
  'src/timex.ts',
  'src/types.ts',
] as const;

const DATA_EXT = /\.(ya?ml|json|txt|tsv|csv)$/i;
const CODE_EXT = /\.ts$/i;

/** Files under `root/rel` (a file or a folder, walked recursively) matching `ext`, sorted; [] when absent. */
function listFiles(root: string, rel: string, ext: RegExp): string[] {
  const abs = join(root, rel);
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return ext.test(rel) ? [abs] : [];
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const child = join(rel, e.name);
    if (e.isDirectory()) out.push(...listFiles(root, child, ext));
    else if (e.isFile() && ext.test(e.name)) out.push(join(root, child));
  }
  return out.sort();
}

/** Short sha256 over the relative paths and contents of the given files. */
function hashFiles(root: string, files: string[]): string {
  const h = createHash('sha256');
  for (const f of [...new Set(files)].sort()) {
    h.update(relative(root, f).split(sep).join('/'));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 8);
}

/**
 * Version stamp `<package version>+<code hash>.<data hash>`: the package
 * version, a short hash of the normalize/extract source code, and a short
 * hash of every rule, lexicon, gazetteer and date-locale data file. Any edit
 * to one of them gives a new stamp. Missing folders count as empty.
 *
 * @example
 * extractorVersion('/app', '0.1.0') // '0.1.0+1a2b3c4d.5e6f7a8b'
 */
export function extractorVersion(root: string, packageVersion: string): string {
  const code = EXTRACTION_CODE_ROOTS.flatMap((r) => listFiles(root, r, CODE_EXT));
  const data = EXTRACTION_DATA_ROOTS.flatMap((r) => listFiles(root, r, DATA_EXT));
  return `${packageVersion}+${hashFiles(root, code)}.${hashFiles(root, data)}`;
}
