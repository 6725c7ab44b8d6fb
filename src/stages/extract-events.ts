/**
 * Pipeline stage: NormalizedStory → TimelineEvent[].
 *
 * Data files (config/lexicons/**, config/gazetteer/entities.yaml,
 * nationalities.yaml) are loaded once at module init; `extractEvents` is pure.
 */
import { createHash } from 'node:crypto';
import type { NormalizedStory, TimelineEvent } from '../types.js';
import { allEntities } from '../gazetteer/entities.js';
import { loadedDataFiles, readText } from '../events/data.js';
import { extractStoryEvents } from '../events/extractor.js';
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

function dataHash(): string {
  const h = createHash('sha256');
  for (const path of [...loadedDataFiles.keys()].sort()) {
    h.update(path.replace(/^.*?config\//, 'config/'));
    h.update('\0');
    h.update(loadedDataFiles.get(path) ?? '');
    h.update('\0');
  }
  return h.digest('hex').slice(0, 8);
}

/**
 * Version stamp of the extractor: package version + short hash of the rule,
 * lexicon and gazetteer files in use, e.g. `0.1.0+3fa2b9c1`.
 */
export const EXTRACTOR_VERSION: string = `${packageVersion()}+${dataHash()}`;

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
  try {
    return extractStoryEvents(n);
  } catch {
    return [];
  }
}
