import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { etaSeconds, ProgressReporter } from '../../../src/import/progress-reporter.js';

class Sink extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.text += chunk.toString();
    cb();
  }
}

describe('etaSeconds', () => {
  it('extrapolates the rate so far, and says nothing before there is one', () => {
    expect(etaSeconds(250, 1000, 5)).toBe(15);
    expect(etaSeconds(1000, 1000, 5)).toBe(0);
    expect(etaSeconds(0, 1000, 5)).toBeNull();
    expect(etaSeconds(10, null, 5)).toBeNull();
  });
});

describe('ProgressReporter', () => {
  it('without a terminal writes JSON lines, at most one per interval, and an end line', () => {
    const sink = new Sink();
    let t = 1_000_000;
    const p = new ProgressReporter({ label: 'import', runId: 7, total: 1000, unit: 'bytes', stream: sink, intervalMs: 1000, now: () => t });
    t += 2000;
    p.update(250, { stories: 40, queued: 30 });
    t += 100;
    p.update(300, { stories: 48 }); // within the interval: no line
    t += 2000;
    p.update(500, { stories: 80 });
    p.stop('finished');
    const lines = sink.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ event: 'progress', run: 7, kind: 'import', done: 250, total: 1000, unit: 'bytes', stories: 40, queued: 30, rate: 20, etaSeconds: 6 });
    expect(lines[1]).toMatchObject({ done: 500, stories: 80 });
    expect(lines[2]).toMatchObject({ event: 'end', status: 'finished', done: 500 });
  });

  it('on a terminal draws a bar with the story count, rate and ETA instead', () => {
    const sink = new Sink();
    sink.isTTY = true;
    const p = new ProgressReporter({ label: 'reprocess', runId: 3, total: 10, unit: 'stories', stream: sink, tty: true });
    p.update(5, { stories: 5 });
    p.stop('finished');
    expect(sink.text).toContain('reprocess #3');
    expect(sink.text).toMatch(/50% \| 5 stories \| [\d.]+\/s \| ETA/);
    expect(sink.text).not.toContain('{"event"');
  });
});
