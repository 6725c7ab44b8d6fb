/**
 * Reprocessing: normalization and extraction again over stored raw stories,
 * through the queues or inline, as one resumable run with a stored summary.
 */
import { endRunInput, handOff, markRunFailed, openRun, runKey } from '../import/run-support.js';
import type { Logger } from '../logger.js';
import type { PipelineQueues } from '../queues/pipeline-queues.js';
import { EXTRACTOR_VERSION } from '../stages/extract-events.js';
import type { RunRecord, StorySelection, TimelineStore } from '../store/store.js';

export interface ReprocessOptions {
  /** Inclusive lower bound on the story date (published, else first seen). */
  since?: string | null;
  /** Exclusive upper bound on the same date. */
  until?: string | null;
  feed?: string | null;
  lang?: string | null;
  /** Only stories whose extraction was stamped with another extractor version (or none). */
  olderThanCurrent?: boolean;
  mode: 'queue' | 'inline';
  /** Stories read and handed on per batch. */
  batchSize: number;
  highWater: number;
}

export interface ReprocessDeps {
  store: TimelineStore;
  queues?: PipelineQueues | null;
  logger: Logger;
  signal?: AbortSignal;
  onRun?: (run: RunRecord, resumed: boolean) => void;
  onProgress?: (p: { run: RunRecord; handed: number }) => void;
  /** The current extractor version (tests may pin one). */
  extractorVersion?: string;
}

export class Reprocessor {
  constructor(
    private readonly opts: ReprocessOptions,
    private readonly deps: ReprocessDeps,
  ) {}

  /** The story selection these options describe. */
  selection(): StorySelection {
    const o = this.opts;
    return {
      since: o.since ?? null,
      until: o.until ?? null,
      feed: o.feed ?? null,
      lang: o.lang ?? null,
      olderThan: o.olderThanCurrent ? (this.deps.extractorVersion ?? EXTRACTOR_VERSION) : null,
    };
  }

  /** Runs (or resumes) the reprocess run; returns the run as it stands at the end. */
  async run(): Promise<RunRecord> {
    const { store, logger, signal } = this.deps;
    const sel = this.selection();
    const options = { ...sel, mode: this.opts.mode };
    const opened = await openRun(store, {
      kind: 'reprocess',
      runKey: runKey('reprocess', options),
      mode: this.opts.mode,
      options,
      extractorVersion: this.deps.extractorVersion ?? EXTRACTOR_VERSION,
    });
    let run = opened.run;
    if (!opened.resumed) run = (await store.updateRun(run.id, { storiesTotal: await store.countSelectedStories(sel) })) ?? run;
    const log = logger.child({ run: run.id });
    this.deps.onRun?.(run, opened.resumed);
    log.info({ resumed: opened.resumed, selection: sel }, 'reprocess started');

    const handoff = { store, runId: run.id, mode: this.opts.mode, queues: this.deps.queues ?? null, highWater: this.opts.highWater, logger: log, ...(signal ? { signal } : {}) };
    let after: string | null = null;
    let handed = 0;
    try {
      for (;;) {
        if (signal?.aborted) break;
        // Stories this run already finished are skipped, so a resumed run redoes nothing.
        const page = await store.selectStories(sel, { after, limit: this.opts.batchSize, excludeRun: run.id });
        if (page.stories.length === 0) break;
        await handOff(handoff, page.stories);
        handed += page.stories.length;
        this.deps.onProgress?.({ run, handed });
        if (!page.nextAfter) break;
        after = page.nextAfter;
      }
    } catch (err) {
      await markRunFailed(store, run.id, err);
      throw err;
    }
    run = await endRunInput(store, run, this.opts.mode, signal);
    log.info({ status: run.status, handed }, 'reprocess ended');
    return run;
  }
}
