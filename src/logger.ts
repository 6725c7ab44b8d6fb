import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  /** true, false, or 'auto' (pretty when stdout is a terminal). */
  pretty: boolean | 'auto';
  name?: string;
}

/**
 * The service logger: pino JSON, pretty when attached to a terminal.
 * Untrusted objects (feed items, story text) are never logged at top level:
 * log ids and counts, and nest anything else under a key.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const pretty = opts.pretty === 'auto' ? Boolean(process.stdout.isTTY) : opts.pretty;
  return pino({
    name: opts.name ?? 'wire-timeline',
    level: opts.level,
    redact: { paths: ['*.password', '*.authorization', 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  });
}

/** A logger that drops everything (tests, one-shot commands with --quiet). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
