import { loadConfig, ROLES, type Role } from '../../config/index.js';
import { createLogger } from '../../logger.js';
import { startService } from '../../runtime/service.js';
import { installShutdown } from '../../runtime/shutdown.js';

export async function serveCommand(opts: { role?: Role[]; port?: string; seed?: boolean }): Promise<void> {
  const overrides: Record<string, unknown> = {};
  if (opts.port !== undefined) overrides.server = { port: opts.port };
  const config = loadConfig({ overrides });
  const roles = opts.role ?? config.server.roles ?? [...ROLES];
  const logger = createLogger({ ...config.logging, name: 'wire-timeline' });
  const handle = await startService(config, { roles, logger, seed: opts.seed === false ? false : undefined });
  installShutdown(handle.close, logger);
}
