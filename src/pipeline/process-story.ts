import { extractEventsWithDiagnostics, EXTRACTOR_VERSION } from '../stages/extract-events.js';
import { normalizeStory } from '../stages/normalize-story.js';
import { storeResults } from '../stages/store-results.js';
import type { TimelineStore } from '../store/store.js';
import type { Story, StoryResult } from '../types.js';

/** normalize → extract for one story, inline (no queues). */
export function processStory(story: Story): StoryResult {
  const normalized = normalizeStory(story, { zone: story.zone ?? null });
  const { events, diagnostics } = extractEventsWithDiagnostics(normalized);
  return { normalized, events, extractorVersion: EXTRACTOR_VERSION, diagnostics };
}

export interface InlineIngestReport {
  stories: number;
  events: number;
  failed: Array<{ storyId: string; error: string }>;
}

/**
 * Runs the stages inline for each story and writes the results: the path of
 * `timeline ingest` and of the first-start seed. One bad story never stops the others.
 */
export async function ingestInline(store: TimelineStore, stories: Story[]): Promise<InlineIngestReport> {
  const report: InlineIngestReport = { stories: 0, events: 0, failed: [] };
  if (stories.length) await store.saveStories(stories);
  for (const story of stories) {
    try {
      const result = processStory(story);
      const { eventIds } = await storeResults(store, result);
      report.stories++;
      report.events += eventIds.length;
    } catch (err) {
      const e = err as Error & { code?: string };
      const message = `${e.code ?? e.name}: ${e.message}`.slice(0, 500);
      report.failed.push({ storyId: story.id, error: e.message });
      // The recall ledger says why this story yielded nothing; a store that is down loses only this note.
      await store.recordStoryFailure(story.id, message).catch(() => {});
    }
  }
  return report;
}
