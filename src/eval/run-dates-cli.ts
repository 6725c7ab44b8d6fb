/**
 * Runs the real `timeline dates --jsonl` CLI over gold cases, so the
 * evaluation scores exactly what users get.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GoldCase } from './score-dates.js';

/** Repository root (two levels above this file). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Sends `{id, lang, text, ref}` of each case to `node bin/timeline.js dates --jsonl`
 * and resolves with its output lines. Rejects when the process cannot start or exits non-zero.
 *
 * @example
 * const lines = await runDatesCli(gold.cases); // ['{"id":"ar-001","dates":[...]}', ...]
 */
export function runDatesCli(cases: readonly GoldCase[], opts: { cwd?: string } = {}): Promise<string[]> {
  const cwd = opts.cwd ?? REPO_ROOT;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(cwd, 'bin', 'timeline.js'), 'dates', '--jsonl'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.stdin.on('error', () => {}); // reported through the exit code
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`timeline dates --jsonl exited with ${code}: ${Buffer.concat(err).toString('utf8').trim().slice(0, 2000)}`));
        return;
      }
      resolve(Buffer.concat(out).toString('utf8').split('\n').filter((l) => l.trim()));
    });
    for (const c of cases) child.stdin.write(JSON.stringify({ id: c.id, lang: c.lang, text: c.text, ref: c.ref }) + '\n');
    child.stdin.end();
  });
}
