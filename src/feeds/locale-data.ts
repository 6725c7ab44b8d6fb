import { readDataYaml } from '../data-files.js';
/**
 * Loads the per-language date vocabulary in `src/feeds/locales/<lang>/dates.yaml`
 * and the zone abbreviations in `src/feeds/locales/zones.yaml`.
 * Adding a language means adding a folder; no code changes.
 */
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'locales');

export interface DateVocabulary {
  /** word → month numbers (1–12) it can name, per language. */
  months: Map<string, Set<number>>;
  /** Words that name a weekday in some language. */
  weekdays: Set<string>;
  /** Words meaning "before noon" / "after noon". */
  am: Set<string>;
  pm: Set<string>;
  /** Words to ignore. */
  filler: Set<string>;
  /** Zone abbreviation (upper case) → offset in minutes. */
  zones: Map<string, number>;
}

interface LocaleFile {
  months?: unknown;
  weekdays?: unknown;
  meridiem?: { am?: unknown; pm?: unknown };
  filler?: unknown;
}

function strings(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is string => typeof x === 'string').map((x) => normalizeWord(x));
}

/** Lowercase, NFC, without trailing dots: the form tokens are looked up in. */
export function normalizeWord(word: string): string {
  return word.normalize('NFC').toLowerCase().replace(/\.+$/, '');
}

function readYaml(path: string): unknown {
  return readDataYaml(path);
}

let cached: DateVocabulary | null = null;

/** The merged vocabulary of all locales (loaded once). */
export function dateVocabulary(): DateVocabulary {
  if (cached) return cached;
  const vocab: DateVocabulary = {
    months: new Map(),
    weekdays: new Set(),
    am: new Set(),
    pm: new Set(),
    filler: new Set(),
    zones: new Map(),
  };
  const langs = existsSync(LOCALES_DIR)
    ? readdirSync(LOCALES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  for (const lang of langs) {
    const data = readYaml(join(LOCALES_DIR, lang, 'dates.yaml')) as LocaleFile | null;
    if (!data) continue;
    if (Array.isArray(data.months)) {
      data.months.forEach((forms: unknown, i: number) => {
        for (const w of strings(forms)) {
          const set = vocab.months.get(w) ?? new Set<number>();
          set.add(i + 1);
          vocab.months.set(w, set);
        }
      });
    }
    if (Array.isArray(data.weekdays)) {
      for (const forms of data.weekdays) for (const w of strings(forms)) vocab.weekdays.add(w);
    }
    for (const w of strings(data.meridiem?.am)) vocab.am.add(w);
    for (const w of strings(data.meridiem?.pm)) vocab.pm.add(w);
    for (const w of strings(data.filler)) vocab.filler.add(w);
  }
  const zones = readYaml(join(LOCALES_DIR, 'zones.yaml'));
  if (zones && typeof zones === 'object') {
    for (const [k, v] of Object.entries(zones as Record<string, unknown>)) {
      if (typeof v === 'number' && Number.isFinite(v)) vocab.zones.set(k.toUpperCase(), v);
    }
  }
  cached = vocab;
  return vocab;
}
