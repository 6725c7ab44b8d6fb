import type { Logger } from '../logger.js';

/**
 * Graceful shutdown on SIGTERM/SIGINT: `close` lets workers finish their
 * active jobs, then closes queues and the store. A second signal, or
 * `graceMs` elapsing, exits at once; an interrupted job's lock expires and
 * BullMQ hands it to another worker as stalled, so nothing is lost.
 */
export function installShutdown(close: () => Promise<void>, logger: Logger, graceMs = 30_000): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down gracefully');
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ error: { message: (err as Error).message } }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
