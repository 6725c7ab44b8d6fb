/** Store queue worker: writes one story's extraction, idempotently. */
import { storeResults } from '../src/stages/store-results.js';
import { createStageWorker, type WorkerContext } from '../src/queues/worker-context.js';
import { isMain } from '../src/runtime/is-main.js';
import { runWorkerMain } from '../src/runtime/worker-main.js';

export function startStoreWorker(ctx: WorkerContext) {
  return createStageWorker(ctx, 'store', async (job, log) => {
    const { result, runId } = job.data;
    // A run's stores go straight to the store, which adds the diff to the run's summary in the same transaction.
    const { eventIds } = runId != null ? await ctx.store.saveResult(result, { runId }) : await storeResults(ctx.store, result);
    log.debug({ events: eventIds.length }, 'stored');
    return { events: eventIds.length };
  });
}

if (isMain(import.meta.url)) await runWorkerMain(['store']);
