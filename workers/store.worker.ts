/** Store queue worker: writes stories' extractions idempotently, many stories per transaction. */
import { storeResultBatch } from '../src/stages/store-results.js';
import { StoreBatcher } from '../src/store/store-batcher.js';
import type { SaveResultItem } from '../src/store/store.js';
import { isUnavailableError } from '../src/store/store-errors.js';
import { createStageWorker, type WorkerContext } from '../src/queues/worker-context.js';
import { isMain } from '../src/runtime/is-main.js';
import { runWorkerMain } from '../src/runtime/worker-main.js';

export function startStoreWorker(ctx: WorkerContext) {
  // Each job hands its story to the batcher and completes when its batch commits (group commit).
  // A run's stores carry the run id: the store adds each story's diff to the run in the same transaction.
  const batcher = new StoreBatcher((items: SaveResultItem[]) => storeResultBatch(ctx.store, items), {
    ...ctx.config.queues.storeBatch,
    // A batch that failed for anything but an unavailable database is written again story by story.
    mayBeItemFault: (err) => !isUnavailableError(err),
  });
  const worker = createStageWorker(ctx, 'store', async (job, log) => {
    const { result, runId } = job.data;
    const { eventIds } = await batcher.add({ result, runId: runId ?? null });
    log.debug({ events: eventIds.length }, 'stored');
    return { events: eventIds.length };
  });
  worker.on('closed', () => {
    const s = batcher.stats;
    ctx.logger.info({ queue: 'store', batches: s.batches, stories: s.items, largestBatch: s.largest, splitBatches: s.splits }, 'store batches');
  });
  return worker;
}

if (isMain(import.meta.url)) await runWorkerMain(['store']);
