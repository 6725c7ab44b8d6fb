import type { FastifyPluginAsync } from 'fastify';
import type { TimelineStore } from '../../store/store.js';
import { AppError } from '../app-error.js';
import { sendError } from '../error-handler.js';

export interface HealthOptions {
  store: TimelineStore;
  version: string;
  /** Extra readiness checks by name; each must resolve for the app to be ready. */
  checks?: Record<string, () => Promise<void>>;
  /** Per-check timeout in ms (default 3000). */
  timeoutMs?: number;
}

/** Runs `fn` with a timeout; resolves to 'ok' or to the failure message. */
async function runCheck(fn: () => Promise<void>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(fn), timeout]);
    return 'ok';
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return `failed: ${msg.slice(0, 200) || 'error'}`;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /healthz` (liveness: the process answers) and `GET /readyz`
 * (readiness: the store and every extra check answer; 503 naming the failed ones).
 */
export const healthPlugin: FastifyPluginAsync<HealthOptions> = async (app, opts) => {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const checks: Record<string, () => Promise<void>> = { store: () => opts.store.ping(), ...opts.checks };

  app.get('/healthz', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok', version: opts.version };
  });

  app.get('/readyz', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((n) => runCheck(checks[n]!, timeoutMs)));
    const report: Record<string, string> = {};
    names.forEach((n, i) => (report[n] = results[i]!));
    const failed = names.filter((n) => report[n] !== 'ok');
    if (failed.length) {
      req.log.warn({ checks: report }, 'not ready');
      return sendError(
        reply,
        new AppError('TL_ERR_NOT_READY', `not ready: ${failed.join(', ')} check${failed.length > 1 ? 's' : ''} failed`, { failed, checks: report }),
      );
    }
    return { status: 'ready', version: opts.version, checks: report };
  });
};
