/**
 * The recall ledger's rule: why a processed story yielded no event.
 */
import { LEXICON_LANGS } from '../events/data.js';
import type { ExtractionDiagnostics, NoEventReason } from '../types.js';

/** What the rule looks at for one story. */
export interface YieldInput {
  /** The language normalization settled on (`und` when unknown). */
  lang: string | null;
  /** Timeline events the story now feeds (after the store dropped undatable ones). */
  storedEvents: number;
  /** Events the extractor returned, before the store's date check. */
  extractedEvents: number;
  /** Extractor diagnostics; absent when the extractor did not report them. */
  diagnostics?: ExtractionDiagnostics | null;
  /** Set when normalization or extraction failed for good. */
  error?: string | null;
}

/** Languages the extractor has lexicons for (from the lexicon folders it loads). */
export const SUPPORTED_LANGS: ReadonlySet<string> = new Set(LEXICON_LANGS);

/**
 * Why a story yielded no event, or null when it yielded at least one (or when
 * the extractor gave no diagnostics to tell). Order of precedence: a failure is
 * a `parse-error`; a language without lexicons is `unsupported-language`; no
 * event trigger at all is `no-trigger`; events the store could not date are
 * `no-date`; otherwise the largest count of dropped candidates names the reason
 * (ties: negated-or-hypothetical, then no-date, then duplicate). Triggers that
 * were all discarded for other reasons (inside a title, a name or a venue) are
 * `no-trigger`: no real event trigger was left.
 *
 * @example
 * yieldReason({ lang: 'en', storedEvents: 0, extractedEvents: 0,
 *   diagnostics: { triggers: 2, negatedOrHypothetical: 2, undated: 0, duplicates: 0 } })
 * // 'negated-or-hypothetical'
 * yieldReason({ lang: 'de', storedEvents: 0, extractedEvents: 0 }) // 'unsupported-language'
 * yieldReason({ lang: 'en', storedEvents: 3, extractedEvents: 3 }) // null
 */
export function yieldReason(input: YieldInput): NoEventReason | null {
  if (input.error) return 'parse-error';
  if (input.storedEvents > 0) return null;
  const lang = (input.lang ?? '').toLowerCase().split('-')[0] ?? '';
  if (!SUPPORTED_LANGS.has(lang)) return 'unsupported-language';
  if (input.extractedEvents > 0) return 'no-date';
  const d = input.diagnostics;
  if (!d) return null;
  if (d.triggers <= 0) return 'no-trigger';
  const ranked: Array<[NoEventReason, number]> = [
    ['negated-or-hypothetical', d.negatedOrHypothetical],
    ['no-date', d.undated],
    ['duplicate', d.duplicates],
  ];
  let best: [NoEventReason, number] | null = null;
  for (const r of ranked) if (r[1] > 0 && (!best || r[1] > best[1])) best = r;
  return best ? best[0] : 'no-trigger';
}

/** Every reason, in the order the ledger lists them. */
export const NO_EVENT_REASONS: readonly NoEventReason[] = [
  'no-trigger',
  'no-date',
  'negated-or-hypothetical',
  'duplicate',
  'unsupported-language',
  'parse-error',
];
