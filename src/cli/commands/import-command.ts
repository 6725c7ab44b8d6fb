import { Importer } from '../../import/importer.js';
import { ProgressReporter } from '../../import/progress-reporter.js';
import { interruptSignal, openRunQueues, reportRun, waitIfAsked } from '../../import/run-session.js';
import type { RunRecord } from '../../store/store.js';
import { commandContext, openConfiguredStore } from './context.js';

interface ImportCommandOptions {
  inline?: boolean;
  feed?: string;
  lang?: string;
  zone?: string;
  chunkSize?: string;
  wait?: boolean;
  json?: boolean;
}

/**
 * `timeline import <path>...`: JSON Lines, RSS/Atom, NewsML-G2, NewsML 1.2, NITF,
 * directories and tar bundles into the store and onto the normalize queue (or
 * inline). Resumable: the same command again continues an interrupted run.
 */
export async function importCommand(paths: string[], opts: ImportCommandOptions): Promise<void> {
  const { config, logger } = commandContext();
  const chunkSize = opts.chunkSize ? Number(opts.chunkSize) : config.import.chunkSize;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 10_000) throw new Error(`--chunk-size must be an integer from 1 to 10000 (got "${opts.chunkSize}")`);
  const mode = opts.inline ? 'inline' : 'queue';
  const q = mode === 'queue' ? await openRunQueues(config, 'import needs Redis for the queues (or use --inline)') : null;
  const store = await openConfiguredStore(config);
  const interrupt = interruptSignal(() => process.stderr.write('timeline: stopping after the current chunk (Ctrl-C again to quit now)\n'));
  const ui: { progress: ProgressReporter | null } = { progress: null };
  let run: RunRecord | null = null;
  try {
    const importer = new Importer(
      { paths, mode, chunkSize, highWater: config.import.highWater, feedId: opts.feed ?? null, lang: opts.lang ?? null, zone: opts.zone ?? null },
      {
        store,
        queues: q?.queues ?? null,
        logger,
        signal: interrupt.signal,
        onRun: (r, resumed, total) => {
          if (resumed) process.stderr.write(`timeline: resuming import run ${r.id}\n`);
          ui.progress = new ProgressReporter({ label: 'import', runId: r.id, total, unit: 'bytes' });
        },
        onProgress: (p) => ui.progress?.update(p.bytes, { stories: p.stories, queued: p.queued, errors: p.errors }),
      },
    );
    run = await importer.run();
    ui.progress?.stop(run.status);
    run = await waitIfAsked(store, run, { wait: !!opts.wait, mode, signal: interrupt.signal, label: 'import' });
  } finally {
    interrupt.dispose();
    await q?.close();
    await store.close();
  }
  reportRun(run as RunRecord | null, { json: !!opts.json, interrupted: interrupt.signal.aborted, failed: (r) => r.inputErrors > 0 || r.storiesFailed > 0 });
}
