import type { SaveResultItem, TimelineStore, EventDiff } from '../store/store.js';
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

/**
 * The store stage for many stories at once (the store worker's group commit): one transaction,
 * one multi-row statement per table; results in input order. All or nothing.
 *
 * @example
 * await storeResultBatch(store, [{ result: a }, { result: b, runId: 7 }])
 * // [{ eventIds: [...], diff: { added: 1, removed: 0, changed: 0 } }, { ... }]
 */
export async function storeResultBatch(store: TimelineStore, items: SaveResultItem[]): Promise<Array<{ eventIds: string[]; diff: EventDiff }>> {
  return store.saveResults(items);
}
