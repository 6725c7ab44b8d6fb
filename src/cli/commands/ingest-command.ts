import { ingestInline } from '../../pipeline/process-story.js';
import { PipelineQueues } from '../../queues/pipeline-queues.js';
import { createRedis, redisAnswers } from '../../queues/redis-connection.js';
import { RedisUnavailableError } from '../../runtime/ensure-redis.js';
import { commandContext, openConfiguredStore } from './context.js';
import { readInput } from './read-inputs.js';

interface IngestOptions {
  queue?: boolean;
  lang?: string;
  zone?: string;
  json?: boolean;
}

/**
 * `timeline ingest <file|url>...`: inline through the stages into the store,
 * or, with --queue, onto the normalize queue. One bad input never stops the others.
 */
export async function ingestCommand(inputs: string[], opts: IngestOptions): Promise<void> {
  const { config } = commandContext();
  const say = (row: Record<string, unknown>, human: string) =>
    process.stdout.write(opts.json ? JSON.stringify(row) + '\n' : human + '\n');
  let failedInputs = 0;

  if (opts.queue) {
    if (!(await redisAnswers(config.redis.url))) throw new RedisUnavailableError(config.redis.url, '--queue needs Redis');
    const conn = createRedis(config.redis.url, 'queue');
    const queues = new PipelineQueues(conn, config.queues);
    try {
      for (const input of inputs) {
        try {
          const stories = await readInput(input, config, { lang: opts.lang ?? null, zone: opts.zone ?? null });
          const n = await queues.enqueueStories(stories);
          say({ input, stories: stories.length, enqueued: n }, `${input}: ${stories.length} stories enqueued`);
        } catch (err) {
          failedInputs++;
          say({ input, error: (err as Error).message }, `${input}: ${(err as Error).message}`);
        }
      }
    } finally {
      await queues.close();
      conn.disconnect();
    }
  } else {
    const store = await openConfiguredStore(config);
    try {
      for (const input of inputs) {
        try {
          const stories = await readInput(input, config, { lang: opts.lang ?? null, zone: opts.zone ?? null });
          const r = await ingestInline(store, stories);
          say(
            { input, stories: r.stories, events: r.events, failed: r.failed },
            `${input}: ${r.stories} stories, ${r.events} events${r.failed.length ? `, ${r.failed.length} failed (${r.failed.map((f) => f.error).join('; ')})` : ''}`,
          );
          if (r.failed.length) failedInputs++;
        } catch (err) {
          failedInputs++;
          say({ input, error: (err as Error).message }, `${input}: ${(err as Error).message}`);
        }
      }
    } finally {
      await store.close();
    }
  }
  if (failedInputs) process.exitCode = 1;
}
