/**
 * Ctrl-C on `timeline import`: a real process gets SIGINT, stops after the
 * current chunk, checkpoints, marks its run interrupted and exits 130.
 * Real PostgreSQL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, querySchema as query, tempDir, uniqueSchema, waitFor } from '../helpers/services.js';
import { spawnTimeline } from '../helpers/timeline-process.js';

describe('import interrupted with Ctrl-C', () => {
  const dir = tempDir('wt-sigint');
  const schema = uniqueSchema();
  afterAll(async () => {
    await dropSchema(schema);
    dir.remove();
  });

  it('stops cleanly after the current chunk and records where it stopped', { timeout: 60_000 }, async () => {
    const file = join(dir.path, 'many.jsonl');
    const lines = Array.from({ length: 400 }, (_, i) =>
      JSON.stringify({ id: `int-${String(i).padStart(4, '0')}`, lang: 'en', published: '2022-05-02T10:00:00+00:00', text: `MOSCOW, May 2 (Wire) -- Russian President Vladimir Putin met envoy number ${i} on Monday.` }),
    );
    writeFileSync(file, lines.join('\n') + '\n');
    const { child, done } = spawnTimeline(['import', file, '--inline', '--chunk-size', '10'], schema, dir.path);
    await waitFor(async () => {
      const rows = await query<{ n: number }>(schema, 'SELECT stories_done AS n FROM runs').catch(() => []);
      return Number(rows[0]?.n ?? 0) >= 20;
    }, 45_000, 'the first chunks');
    child.kill('SIGINT');
    const { code, stdout, stderr } = await done;
    expect(code).toBe(130);
    expect(stderr).toContain('stopping after the current chunk');
    expect(stdout).toMatch(/run 1 \(import, inline\): interrupted/);
    const [run] = await query<{ status: string; input_complete: boolean; stories_done: number; stories_queued: number }>(schema, 'SELECT * FROM runs');
    expect(run).toMatchObject({ status: 'interrupted', input_complete: false });
    expect(run!.stories_done).toBeLessThan(400);
    // Everything handed on was finished, and the checkpoint is exactly there: nothing half-done.
    expect(run!.stories_done).toBe(run!.stories_queued);
    const [cp] = await query<{ position: string; done: boolean }>(schema, 'SELECT position, done FROM run_checkpoints');
    expect(cp).toMatchObject({ done: false });
    expect(Number(cp!.position)).toBe(run!.stories_done);
    const [{ n }] = (await query<{ n: string }>(schema, 'SELECT count(*) AS n FROM stories')) as [{ n: string }];
    expect(Number(n)).toBe(run!.stories_done);
  });
});
