/**
 * Pipeline stage: NormalizedStory → TimelineEvent[].
 *
 * Data files (config/lexicons/**, config/gazetteer/**) are loaded once at
 * module init; `extractEvents` is pure.
 */
import type { ExtractionDiagnostics, NormalizedStory, TimelineEvent } from '../types.js';
import { allEntities } from '../gazetteer/entities.js';
import { REPO_ROOT, readText } from '../events/data.js';
import { extractorVersion } from './extractor-version.js';
import { emptyDiagnostics, extractStoryEventsWithDiagnostics } from '../events/extractor.js';
import { preloadLexicons } from '../events/lexicon.js';

preloadLexicons();
allEntities();

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readText('package.json') ?? '{}') as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Version stamp of the extractor: package version + short hashes of the
 * normalize/extract code and of every rule, lexicon, gazetteer and date-locale
 * data file, e.g. `0.1.0+3fa2b9c1.9d0e1f2a` (see `extractorVersion`).
 */
export const EXTRACTOR_VERSION: string = extractorVersion(REPO_ROOT, packageVersion());

/**
 * Extracts the dated events of one normalized story. Pure: the same input
 * always gives the same events (ids included); bad input gives [].
 *
 * @example
 * extractEvents(normalizeStory(story))
 * // [{ kind: 'meeting', title: 'Xi Jinping meets Nikolai Patrushev',
 * //    date: { value: '2019-12-02', grain: 'day', basis: 'dateline' }, ... }]
 */
export function extractEvents(n: NormalizedStory): TimelineEvent[] {
  return extractEventsWithDiagnostics(n).events;
}

/**
 * `extractEvents` plus what the extractor saw on the way (triggers matched,
 * candidates dropped as negated/hypothetical or undated, duplicates merged):
 * the input of the recall ledger. Pure; bad input gives no events and zero counts.
 *
 * @example
 * extractEventsWithDiagnostics(normalizeStory(story)).diagnostics
 * // { triggers: 4, negatedOrHypothetical: 0, undated: 1, duplicates: 2 }
 */
export function extractEventsWithDiagnostics(n: NormalizedStory): { events: TimelineEvent[]; diagnostics: ExtractionDiagnostics } {
  try {
    return extractStoryEventsWithDiagnostics(n);
  } catch {
    return { events: [], diagnostics: emptyDiagnostics() };
  }
}
