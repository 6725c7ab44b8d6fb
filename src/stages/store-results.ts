import type { TimelineStore } from '../store/store.js';
import type { StoryResult } from '../types.js';

/**
 * The store stage: an idempotent upsert of one story's extraction. Running
 * it again for the same story replaces the previous extraction (dates,
 * event sources) and recomputes the merged timeline events it touched.
 *
 * @example
 * await storeResults(store, { normalized, events, extractorVersion })
 * // { eventIds: ['ev_…', …] }
 */
export async function storeResults(store: TimelineStore, result: StoryResult): Promise<{ eventIds: string[] }> {
  return store.saveResult(result);
}
