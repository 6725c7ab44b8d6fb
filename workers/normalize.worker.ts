/** Normalize queue worker: story → language, dateline, reference, temporal expressions. */
import { normalizeStory } from '../src/stages/normalize-story.js';
import { createStageWorker, type WorkerContext } from '../src/queues/worker-context.js';
import { isMain } from '../src/runtime/is-main.js';
import { runWorkerMain } from '../src/runtime/worker-main.js';

export function startNormalizeWorker(ctx: WorkerContext) {
  return createStageWorker(ctx, 'normalize', async (job, log) => {
    const { story } = job.data;
    const normalized = normalizeStory(story, { zone: story.zone ?? null });
    await ctx.queues.enqueueExtract(normalized);
    log.debug({ lang: normalized.lang, dates: normalized.dates.length }, 'normalized');
    return { lang: normalized.lang, dates: normalized.dates.length };
  });
}

if (isMain(import.meta.url)) await runWorkerMain(['normalize']);
