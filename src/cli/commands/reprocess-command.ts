import { ProgressReporter } from '../../import/progress-reporter.js';
import { interruptSignal, openRunQueues, reportRun, waitIfAsked } from '../../import/run-session.js';
import { Reprocessor } from '../../reprocess/reprocessor.js';
import type { RunRecord } from '../../store/store.js';
import { commandContext, openConfiguredStore } from './context.js';

interface ReprocessCommandOptions {
  inline?: boolean;
  since?: string;
  until?: string;
  feed?: string;
  lang?: string;
  olderThanCurrent?: boolean;
  wait?: boolean;
  json?: boolean;
}

/**
 * A date bound for --since/--until: YYYY, YYYY-MM, YYYY-MM-DD (UTC midnight of its
 * first day) or an ISO instant with offset; null when it is none of these.
 *
 * @example
 * dateBound('2019-12')                   // '2019-12-01T00:00:00Z'
 * dateBound('2019-12-02T08:00:00+08:00') // '2019-12-02T08:00:00+08:00'
 * dateBound('last week')                 // null
 */
export function dateBound(v: string): string | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
  if (m) {
    const d = `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`;
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== d ? null : `${d}T00:00:00Z`;
  }
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : null;
}

/**
 * `timeline reprocess`: normalization and extraction again over stored raw stories
 * (filters on the story date = published, else first seen), through the queues or inline.
 */
export async function reprocessCommand(opts: ReprocessCommandOptions): Promise<void> {
  const { config, logger } = commandContext();
  const bound = (name: string, v: string | undefined) => {
    if (v === undefined) return null;
    const b = dateBound(v);
    if (!b) throw new Error(`--${name} must be YYYY, YYYY-MM, YYYY-MM-DD or an ISO instant with offset (got "${v}")`);
    return b;
  };
  const since = bound('since', opts.since);
  const until = bound('until', opts.until);
  const mode = opts.inline ? 'inline' : 'queue';
  const q = mode === 'queue' ? await openRunQueues(config, 'reprocess needs Redis for the queues (or use --inline)') : null;
  const store = await openConfiguredStore(config);
  const interrupt = interruptSignal(() => process.stderr.write('timeline: stopping after the current batch (Ctrl-C again to quit now)\n'));
  const ui: { progress: ProgressReporter | null } = { progress: null };
  let run: RunRecord | null = null;
  try {
    const rp = new Reprocessor(
      {
        since,
        until,
        feed: opts.feed ?? null,
        lang: opts.lang ?? null,
        olderThanCurrent: Boolean(opts.olderThanCurrent),
        mode,
        batchSize: config.import.chunkSize,
        highWater: config.import.highWater,
      },
      {
        store,
        queues: q?.queues ?? null,
        logger,
        signal: interrupt.signal,
        onRun: (r, resumed) => {
          if (resumed) process.stderr.write(`timeline: resuming reprocess run ${r.id}\n`);
          ui.progress = new ProgressReporter({ label: 'reprocess', runId: r.id, total: r.storiesTotal, unit: 'stories' });
          ui.progress.update(r.storiesDone + r.storiesFailed, { stories: r.storiesDone });
        },
        onProgress: (p) => ui.progress?.update(p.run.storiesDone + p.run.storiesFailed + p.handed, { stories: p.handed }),
      },
    );
    run = await rp.run();
    ui.progress?.stop(run.status);
    run = await waitIfAsked(store, run, { wait: !!opts.wait, mode, signal: interrupt.signal, label: 'reprocess' });
  } finally {
    interrupt.dispose();
    await q?.close();
    await store.close();
  }
  reportRun(run as RunRecord | null, { json: !!opts.json, interrupted: interrupt.signal.aborted, failed: (r) => r.storiesFailed > 0 });
}
