/** Extract queue worker: normalized story → events. */
import { extractEventsWithDiagnostics, EXTRACTOR_VERSION } from '../src/stages/extract-events.js';
import { createStageWorker, type WorkerContext } from '../src/queues/worker-context.js';
import { recordIfFinalFailure } from '../src/reprocess/record-failure.js';
import { isMain } from '../src/runtime/is-main.js';
import { runWorkerMain } from '../src/runtime/worker-main.js';

export function startExtractWorker(ctx: WorkerContext) {
  return createStageWorker(ctx, 'extract', async (job, log) => {
    const { normalized, runId } = job.data;
    let extracted;
    try {
      extracted = extractEventsWithDiagnostics(normalized);
    } catch (err) {
      await recordIfFinalFailure(ctx.store, job, normalized?.story?.id, err, runId, log);
      throw err;
    }
    const { events, diagnostics } = extracted;
    await ctx.queues.enqueueStore({ normalized, events, extractorVersion: EXTRACTOR_VERSION, diagnostics }, runId);
    log.debug({ events: events.length }, 'extracted');
    return { events: events.length };
  });
}

if (isMain(import.meta.url)) await runWorkerMain(['extract']);
