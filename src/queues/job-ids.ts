import type { Story } from '../types.js';

/**
 * Deterministic job id for a story at a stage. The same story with the same
 * content always maps to the same id, so a re-poll adds nothing; a changed
 * story (new content hash) gets a new id and is reprocessed.
 * BullMQ forbids ':' in custom ids, so parts are joined with '.'.
 *
 * @example
 * storyJobId('normalize', { id: 's_ab12', contentHash: 'ffee…' }) // 'normalize.s_ab12.ffee0011aabb'
 */
export function storyJobId(stage: string, story: Pick<Story, 'id' | 'contentHash'>): string {
  return `${stage}.${story.id}.${story.contentHash.slice(0, 16)}`;
}
