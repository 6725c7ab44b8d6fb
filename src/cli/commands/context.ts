import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../config/index.js';
import { createLogger, type Logger } from '../../logger.js';
import { openStore } from '../../store/open-store.js';
import type { PgStore } from '../../store/pg-store.js';

/** Config and a logger on stderr-friendly settings for one-shot commands. */
export function commandContext(overrides?: Record<string, unknown>): { config: AppConfig; logger: Logger } {
  const config = loadConfig(overrides ? { overrides } : {});
  const logger = createLogger({ ...config.logging, level: config.logging.level === 'info' ? 'warn' : config.logging.level });
  return { config, logger };
}

/** Opens the configured store (PostgreSQL or embedded PGlite under the data dir). */
export function openConfiguredStore(config: AppConfig): Promise<PgStore> {
  return openStore({
    databaseUrl: config.database.url,
    dataDir: join(config.dataDir, 'pglite'),
    schema: config.database.schema,
    poolSize: Math.min(config.database.poolSize, 4),
  });
}
