/**
 * Bulk import: JSON Lines, RSS/Atom, NewsML-G2, NewsML 1.2, NITF, directories
 * and tar bundles of them, streamed in chunks into the store and the pipeline,
 * resumable from per-input checkpoints.
 */
import { resolve } from 'node:path';
import type { Logger } from '../logger.js';
import type { PipelineQueues } from '../queues/pipeline-queues.js';
import { EXTRACTOR_VERSION } from '../stages/extract-events.js';
import type { CheckpointItem, RunCounters, RunRecord, TimelineStore } from '../store/store.js';
import type { Story } from '../types.js';
import { leafInputs, leafItems, totalBytes, type ReadOptions } from './import-sources.js';
import { endRunInput, handOff, markRunFailed, openRun, runKey } from './run-support.js';

export interface ImportOptions extends ReadOptions {
  paths: string[];
  mode: 'queue' | 'inline';
  /** Stories per chunk (one store transaction and one addBulk each). */
  chunkSize: number;
  /** Normalize-queue waiting count above which the importer waits. */
  highWater: number;
}

export interface ImportDeps {
  store: TimelineStore;
  queues?: PipelineQueues | null;
  logger: Logger;
  /** Aborting stops the import cleanly after the current chunk (Ctrl-C). */
  signal?: AbortSignal;
  /** Called as work goes on: bytes read of `total`, stories read so far. */
  onProgress?: (p: { run: RunRecord; bytes: number; totalBytes: number; stories: number; queued: number; errors: number }) => void;
  /** Called once the run is known (new or resumed). */
  onRun?: (run: RunRecord, resumed: boolean, totalBytes: number) => void;
}

export class Importer {
  constructor(
    private readonly opts: ImportOptions,
    private readonly deps: ImportDeps,
  ) {}

  /** Runs (or resumes) the import; returns the run as it stands at the end. */
  async run(): Promise<RunRecord> {
    const { store, logger, signal } = this.deps;
    const paths = this.opts.paths.map((p) => resolve(p));
    const options = { paths, mode: this.opts.mode, feedId: this.opts.feedId ?? null, lang: this.opts.lang ?? null, zone: this.opts.zone ?? null };
    const opened = await openRun(store, { kind: 'import', runKey: runKey('import', options), mode: this.opts.mode, options, extractorVersion: EXTRACTOR_VERSION });
    let run = opened.run;
    const log = logger.child({ run: run.id });
    const total = await totalBytes(paths);
    this.deps.onRun?.(run, opened.resumed, total);
    log.info({ resumed: opened.resumed, paths: paths.length }, 'import started');

    const checkpoints = await store.getCheckpoints(run.id);
    const read: ReadOptions = { feedId: this.opts.feedId ?? null, lang: this.opts.lang ?? null, zone: this.opts.zone ?? null };
    const handoff = { store, runId: run.id, mode: this.opts.mode, queues: this.deps.queues ?? null, highWater: this.opts.highWater, logger: log, ...(signal ? { signal } : {}) };

    let chunk: Story[] = [];
    const pending = new Map<string, CheckpointItem>();
    let counters: Required<Pick<RunCounters, 'storiesRead' | 'storiesNew' | 'storiesChanged' | 'storiesSkipped' | 'inputErrors'>> = zero();
    let bytes = 0;
    let storiesSeen = 0;
    let queuedSeen = 0;
    let errorsSeen = 0;
    const progress = () => this.deps.onProgress?.({ run, bytes, totalBytes: total, stories: storiesSeen, queued: queuedSeen, errors: errorsSeen });

    const flush = async () => {
      if (chunk.length) {
        const byId = new Map(chunk.map((s) => [s.id, s]));
        const stories = [...byId.values()];
        const saved = await store.saveStories(stories);
        const needing = new Set(await store.unprocessedStoryIds(stories.map((s) => s.id)));
        const toHand = stories.filter((s) => needing.has(s.id));
        await handOff(handoff, toHand);
        counters.storiesNew += saved.created.length;
        counters.storiesChanged += saved.changed.length;
        counters.storiesSkipped += chunk.length - toHand.length;
        queuedSeen += toHand.length;
      }
      await store.saveCheckpoints(run.id, [...pending.values()], counters);
      chunk = [];
      pending.clear();
      counters = zero();
      progress();
    };

    try {
      outer: for await (const leaf of leafInputs(paths, (n) => (bytes += n))) {
        if (signal?.aborted) break;
        const cp = checkpoints.get(leaf.key);
        if (cp?.done) {
          if (leaf.kind === 'file') bytes += leaf.size;
          continue;
        }
        let pos = cp?.position ?? 0;
        try {
          for await (const item of leafItems(leaf, read, pos, (n) => (bytes += n))) {
            pos++;
            if (item?.story) {
              chunk.push(item.story);
              counters.storiesRead++;
              storiesSeen++;
            } else if (item?.error) {
              counters.inputErrors++;
              errorsSeen++;
              log.debug({ input: leaf.name, error: { message: item.error } }, 'item skipped');
            }
            pending.set(leaf.key, { input: leaf.key, position: pos, done: false });
            if (chunk.length >= this.opts.chunkSize) {
              await flush();
              if (signal?.aborted) break outer;
            }
          }
          pending.set(leaf.key, { input: leaf.key, position: pos, done: true });
        } catch (err) {
          counters.inputErrors++;
          errorsSeen++;
          const message = (err as Error).message.slice(0, 500);
          pending.set(leaf.key, { input: leaf.key, position: pos, done: true, error: message });
          log.warn({ input: leaf.name, error: { message, code: (err as { code?: string }).code } }, 'input skipped');
        }
        if (pending.size >= 500) await flush();
        else progress();
      }
      await flush();
    } catch (err) {
      // Whatever was handed on is checkpointed; record why the run stopped.
      await markRunFailed(store, run.id, err);
      throw err;
    }
    run = await endRunInput(store, run, this.opts.mode, signal);
    log.info({ status: run.status }, 'import ended');
    return run;
  }
}

function zero() {
  return { storiesRead: 0, storiesNew: 0, storiesChanged: 0, storiesSkipped: 0, inputErrors: 0 };
}
