/**
 * `timeline` run as a user runs it: a real child process on the test's
 * PostgreSQL schema and data dir, with no Redis started for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { TEST_DATABASE_URL } from './services.js';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface TimelineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `timeline <args>` on `schema` with `dataDir`; `done` resolves when the
 * process has exited and its output is closed.
 */
export function spawnTimeline(args: string[], schema: string, dataDir: string): { child: ChildProcess; done: Promise<TimelineExit> } {
  const child = spawn(process.execPath, ['bin/timeline.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, DATA_DIR: dataDir, REDIS_START_LOCAL: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<TimelineExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
