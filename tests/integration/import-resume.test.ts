/**
 * `timeline import` killed outright (SIGKILL) half-way and run again ends in
 * exactly the state of an uninterrupted import: same story ids, same events.
 * Real processes, real PostgreSQL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, querySchema as query, tempDir, uniqueSchema, waitFor } from '../helpers/services.js';
import { spawnTimeline as timeline } from '../helpers/timeline-process.js';

const LEADERS = [
  ['Chinese President Xi Jinping', 'BEIJING'],
  ['Russian President Vladimir Putin', 'MOSCOW'],
  ['French President Emmanuel Macron', 'PARIS'],
  ['UN Secretary-General Antonio Guterres', 'NEW YORK'],
  ['German Chancellor Olaf Scholz', 'BERLIN'],
  ['Indian Prime Minister Narendra Modi', 'NEW DELHI'],
] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** n wire-like stories; several report the same meeting, so events merge across stories. */
function archive(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = LEADERS[i % LEADERS.length]!;
    const b = LEADERS[(i + 1 + (i % 4)) % LEADERS.length]!;
    const m = (i >> 3) % 12;
    const d = 1 + ((i >> 1) % 27);
    const date = `2022-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const text =
      i % 7 === 6
        ? `${a[1]}, ${MONTHS[m]} ${d} (Wire) -- Markets were calm on ${MONTHS[m]} ${d}, 2022, traders said, in report number ${i}.`
        : `${a[1]}, ${MONTHS[m]} ${d} (Wire) -- ${a[0]} met ${b[0]} in ${a[1].charAt(0) + a[1].slice(1).toLowerCase()} on ${MONTHS[m]} ${d}, 2022. Report ${i % 5}.`;
    lines.push(JSON.stringify({ id: `arc-${String(i).padStart(5, '0')}`, lang: 'en', published: `${date}T18:00:00+00:00`, title: `Report ${i}`, text }));
  }
  return lines.join('\n') + '\n';
}

describe('import resume after SIGKILL', () => {
  const dir = tempDir('wt-resume');
  const full = uniqueSchema();
  const killed = uniqueSchema();
  afterAll(async () => {
    await dropSchema(full);
    await dropSchema(killed);
    dir.remove();
  });

  it('ends with exactly the stories and events of an uninterrupted import', { timeout: 90_000 }, async () => {
    const file = join(dir.path, 'archive.jsonl');
    writeFileSync(file, archive(300));
    const args = ['import', file, '--inline', '--chunk-size', '10', '--feed', 'archive'];

    const ref = await timeline(args, full, dir.path).done;
    expect(ref.stderr).not.toMatch(/timeline:/);
    expect(ref.code).toBe(0);
    // Without a terminal, progress is JSON lines on stderr, ending with the run's status.
    const progress = ref.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(progress.at(-1)).toMatchObject({ event: 'end', kind: 'import', status: 'finished', stories: 300 });

    const first = timeline(args, killed, dir.path);
    // Kill it outright once some chunks are stored but well before the end.
    await waitFor(async () => {
      const rows = await query<{ n: number }>(killed, 'SELECT stories_done AS n FROM runs').catch(() => []);
      return Number(rows[0]?.n ?? 0) >= 40;
    }, 60_000, 'the first chunks of the import');
    first.child.kill('SIGKILL');
    const r1 = await first.done;
    expect(r1.signal).toBe('SIGKILL');
    const [mid] = await query<{ status: string; stories_done: number; input_complete: boolean }>(killed, 'SELECT status, stories_done, input_complete FROM runs');
    expect(mid).toMatchObject({ status: 'running', input_complete: false });
    expect(mid!.stories_done).toBeLessThan(300);

    const r2 = await timeline(args, killed, dir.path).done;
    expect(r2.code).toBe(0);
    expect(r2.stderr).toContain('resuming import run');
    const runs = await query<{ id: string; status: string; stories_done: number; stories_queued: number }>(killed, 'SELECT id, status, stories_done, stories_queued FROM runs');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'finished', stories_done: 300, stories_queued: 300 });

    const ids = (schema: string) => query<{ id: string }>(schema, 'SELECT id FROM stories ORDER BY id').then((r) => r.map((x) => x.id));
    const events = (schema: string) => query<{ id: string; data: unknown }>(schema, 'SELECT id, data FROM events ORDER BY id');
    const refIds = await ids(full);
    expect(refIds).toHaveLength(300);
    expect(await ids(killed)).toEqual(refIds);
    const refEvents = await events(full);
    expect(refEvents.length).toBeGreaterThan(50);
    expect(await events(killed)).toEqual(refEvents);
  });
});
