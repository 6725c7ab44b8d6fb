/** Normalize queue worker: story → language, dateline, reference, temporal expressions. */
import { normalizeStory } from '../src/stages/normalize-story.js';
import { createStageWorker, type WorkerContext } from '../src/queues/worker-context.js';
import { recordIfFinalFailure } from '../src/reprocess/record-failure.js';
import { isMain } from '../src/runtime/is-main.js';
import { runWorkerMain } from '../src/runtime/worker-main.js';

export function startNormalizeWorker(ctx: WorkerContext) {
  return createStageWorker(ctx, 'normalize', async (job, log) => {
    const { story, runId } = job.data;
    let normalized;
    try {
      normalized = normalizeStory(story, { zone: story.zone ?? null });
    } catch (err) {
      // The recall ledger records the story as a parse error once no retry is left.
      await recordIfFinalFailure(ctx.store, job, story?.id, err, runId, log);
      throw err;
    }
    await ctx.queues.enqueueExtract(normalized, runId);
    log.debug({ lang: normalized.lang, dates: normalized.dates.length }, 'normalized');
    return { lang: normalized.lang, dates: normalized.dates.length };
  });
}

if (isMain(import.meta.url)) await runWorkerMain(['normalize']);
