/**
 * Runs fuzz inputs (src/eval/fuzz-inputs.ts) through the two text stages of
 * the pipeline, normalizeStory then extractEvents, as a story would go.
 */
import { performance } from 'node:perf_hooks';
import type { FuzzInput } from '../../src/eval/fuzz-inputs.js';
import { contentHashOf, storyIdFor } from '../../src/feeds/identity.js';
import { extractEvents } from '../../src/stages/extract-events.js';
import { normalizeStory } from '../../src/stages/normalize-story.js';
import type { Story } from '../../src/types.js';

/**
 * The story a fuzz input stands for: its text, language and reference as the published instant.
 *
 * @example
 * fuzzStory({ kind: 'empty', text: '', lang: 'en', ref: null }, 0).text // ''
 */
export function fuzzStory(input: FuzzInput, i: number): Story {
  const contentHash = contentHashOf(null, input.text);
  return {
    id: storyIdFor({ guid: `fuzz-${i}`, contentHash }),
    feedId: null,
    url: null,
    guid: `fuzz-${i}`,
    title: null,
    published: input.ref,
    publishedRaw: input.ref,
    lang: input.lang,
    text: input.text,
    contentHash,
    source: 'jsonl',
  };
}

export interface FuzzOutcome {
  ms: number;
  events: number;
  /** What went wrong: an exception, or output that does not fit the input. */
  problem: string | null;
}

/** normalizeStory + extractEvents on one input, timed; an exception is reported, never thrown. */
export function runPipelineOnce(input: FuzzInput, i: number): FuzzOutcome {
  const story = fuzzStory(input, i);
  const t0 = performance.now();
  try {
    const normalized = normalizeStory(story, { zone: null });
    const events = extractEvents(normalized);
    const ms = performance.now() - t0;
    if (!Array.isArray(events)) return { ms, events: 0, problem: 'extractEvents returned no array' };
    for (const e of events) {
      for (const ev of e.evidence ?? []) {
        if (!(ev.start >= 0 && ev.start <= ev.end && ev.end <= input.text.length)) {
          return { ms, events: events.length, problem: `evidence span ${ev.start}-${ev.end} outside the ${input.text.length}-unit text` };
        }
      }
    }
    return { ms, events: events.length, problem: null };
  } catch (err) {
    return { ms: performance.now() - t0, events: 0, problem: `threw: ${(err as Error)?.stack?.split('\n').slice(0, 4).join(' | ') ?? String(err)}` };
  }
}
