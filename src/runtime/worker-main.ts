import { loadConfig } from '../config/index.js';
import { createLogger } from '../logger.js';
import type { QueueName } from '../queues/names.js';
import { startService } from './service.js';
import { installShutdown } from './shutdown.js';

/**
 * Entry point of a standalone worker process (`workers/<stage>.worker.ts`):
 * config, logger, store and queues, the given stage workers, signals.
 */
export async function runWorkerMain(stages: QueueName[]): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ ...config.logging, name: `worker:${stages.join(',')}` });
  const handle = await startService(config, { roles: ['worker'], stages, logger, seed: false });
  installShutdown(handle.close, logger);
}
