/** Extract queue worker: normalized story → events. */
import { extractEvents, EXTRACTOR_VERSION } from '../src/stages/extract-events.js';
import { createStageWorker, type WorkerContext } from '../src/queues/worker-context.js';
import { isMain } from '../src/runtime/is-main.js';
import { runWorkerMain } from '../src/runtime/worker-main.js';

export function startExtractWorker(ctx: WorkerContext) {
  return createStageWorker(ctx, 'extract', async (job, log) => {
    const { normalized } = job.data;
    const events = extractEvents(normalized);
    await ctx.queues.enqueueStore({ normalized, events, extractorVersion: EXTRACTOR_VERSION });
    log.debug({ events: events.length }, 'extracted');
    return { events: events.length };
  });
}

if (isMain(import.meta.url)) await runWorkerMain(['extract']);
