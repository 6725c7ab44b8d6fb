/**
 * What import and reprocess runs share: run keys, backpressure on the
 * normalize queue, and handing a batch of stories to the pipeline.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import { processStory } from '../pipeline/process-story.js';
import type { PipelineQueues } from '../queues/pipeline-queues.js';
import { failureMessage } from '../reprocess/record-failure.js';
import type { RunKind, RunRecord, TimelineStore } from '../store/store.js';
import type { Story } from '../types.js';

/**
 * The key that identifies "the same command": running it again finds the
 * unfinished run with this key and resumes it.
 *
 * @example
 * runKey('import', { paths: ['/data/a.jsonl'], mode: 'queue' }) // '3b1f…' (sha256 hex)
 */
export function runKey(kind: string, options: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify([kind, sorted])).digest('hex');
}

/**
 * The unfinished run with this key, set running again, or a new run: running
 * the same command again resumes it.
 */
export async function openRun(
  store: TimelineStore,
  spec: { kind: RunKind; runKey: string; mode: 'queue' | 'inline'; options: Record<string, unknown>; extractorVersion: string | null },
): Promise<{ run: RunRecord; resumed: boolean }> {
  const previous = await store.findResumableRun(spec.runKey);
  if (previous) return { run: (await store.updateRun(previous.id, { status: 'running' })) ?? previous, resumed: true };
  return { run: await store.createRun(spec), resumed: false };
}

/**
 * Marks the end of a run's input: `interrupted` when `signal` aborted, else
 * input complete and `enqueued` (queue mode) or `running` (inline).
 */
export async function endRunInput(store: TimelineStore, run: RunRecord, mode: 'queue' | 'inline', signal?: AbortSignal): Promise<RunRecord> {
  const aborted = Boolean(signal?.aborted);
  const status = aborted ? 'interrupted' : mode === 'queue' ? 'enqueued' : 'running';
  return (await store.updateRun(run.id, { status, ...(aborted ? {} : { inputComplete: true }) })) ?? run;
}

/** Records why a run stopped on an error (best effort: the error itself is what the caller rethrows). */
export async function markRunFailed(store: TimelineStore, runId: number, err: unknown): Promise<void> {
  await store.updateRun(runId, { status: 'failed', lastError: (err as Error).message.slice(0, 500) }).catch(() => {});
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits while the normalize queue holds more than `highWater` waiting jobs
 * (or until `signal` aborts): the producer never runs ahead of the workers by more.
 */
export async function waitForRoom(queues: PipelineQueues, highWater: number, signal?: AbortSignal, pollMs = 200): Promise<void> {
  while (!signal?.aborted && (await queues.normalizeBacklog()) > highWater) await sleep(pollMs);
}

/** Where a batch of a run goes: the queues (with backpressure) or the stages inline. */
export interface Handoff {
  store: TimelineStore;
  runId: number;
  mode: 'queue' | 'inline';
  queues?: PipelineQueues | null;
  highWater: number;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * Hands stories of a run on: marks them queued in the run first (so the store
 * stage always finds them there), then enqueues them with run-scoped job ids, or
 * runs normalize → extract → store inline. A story that fails inline is recorded
 * as a parse error in the recall ledger and as failed in the run.
 */
export async function handOff(h: Handoff, stories: Story[]): Promise<void> {
  if (stories.length === 0) return;
  await h.store.markRunQueued(h.runId, stories.map((s) => s.id));
  if (h.mode === 'queue') {
    if (!h.queues) throw new Error('queue mode needs the pipeline queues');
    await waitForRoom(h.queues, h.highWater, h.signal);
    await h.queues.enqueueStories(stories, { runId: h.runId });
    return;
  }
  for (const story of stories) {
    let result;
    try {
      result = processStory(story);
    } catch (err) {
      await h.store.recordStoryFailure(story.id, failureMessage(err), h.runId);
      h.logger.debug({ storyId: story.id, error: { message: (err as Error).message } }, 'story failed');
      continue;
    }
    await h.store.saveResult(result, { runId: h.runId });
  }
}
