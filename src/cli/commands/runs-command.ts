import { runSummaryLine } from '../../import/run-session.js';
import { commandContext, openConfiguredStore } from './context.js';

/** `timeline runs [id]`: import and reprocess runs with their summaries. */
export async function runsCommand(id: string | undefined, opts: { json?: boolean; limit?: string }): Promise<void> {
  const { config } = commandContext();
  const store = await openConfiguredStore(config);
  try {
    if (id !== undefined) {
      const run = /^\d{1,15}$/.test(id) ? await store.getRun(Number(id)) : null;
      if (!run) {
        process.stderr.write(`timeline: no run with id "${id.slice(0, 40)}"\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(opts.json ? JSON.stringify(run) + '\n' : `${runSummaryLine(run)}\n  options ${JSON.stringify(run.options)}\n  started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}${run.lastError ? `\n  error ${run.lastError}` : ''}\n`);
      return;
    }
    const limit = opts.limit ? Number(opts.limit) : 20;
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a positive integer (got "${opts.limit}")`);
    const runs = await store.listRuns({ limit });
    if (opts.json) for (const r of runs) process.stdout.write(JSON.stringify(r) + '\n');
    else if (runs.length === 0) process.stdout.write('no runs yet\n');
    else for (const r of runs) process.stdout.write(`${r.startedAt.slice(0, 19)}Z ${runSummaryLine(r)}\n`);
  } finally {
    await store.close();
  }
}
