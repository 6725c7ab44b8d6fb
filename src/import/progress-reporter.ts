/**
 * Progress of a long run: a cli-progress bar with rate and ETA on a terminal,
 * JSON lines on stderr otherwise.
 */
import cliProgress from 'cli-progress';

export interface ProgressOptions {
  /** `import` or `reprocess`. */
  label: string;
  runId: number;
  /** Amount of work in `unit`s, when known. */
  total: number | null;
  unit: 'bytes' | 'stories';
  /** Where to write; default process.stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Force the bar (true) or JSON lines (false); default: the stream is a terminal. */
  tty?: boolean;
  /** Least time between two JSON lines (ms). */
  intervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** Counters shown beside the amount of work done. */
export interface ProgressCounts {
  stories: number;
  queued?: number;
  errors?: number;
}

/**
 * Seconds left at the current rate, or null when it cannot be told yet.
 *
 * @example
 * etaSeconds(250, 1000, 5) // 15
 * etaSeconds(0, 1000, 5)   // null
 */
export function etaSeconds(done: number, total: number | null, elapsedSeconds: number): number | null {
  if (!total || done <= 0 || elapsedSeconds <= 0) return null;
  const rate = done / elapsedSeconds;
  return Math.max(0, Math.round((total - done) / rate));
}

export class ProgressReporter {
  private readonly stream: NodeJS.WritableStream;
  private readonly bar: cliProgress.SingleBar | null;
  private readonly started: number;
  private lastLine = 0;
  private done = 0;
  private counts: ProgressCounts = { stories: 0 };
  private readonly now: () => number;

  constructor(private readonly opts: ProgressOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.now = opts.now ?? Date.now;
    this.started = this.now();
    const tty = opts.tty ?? Boolean((this.stream as { isTTY?: boolean }).isTTY);
    if (tty) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.stream as NodeJS.WriteStream,
          format: `${opts.label} #${opts.runId} [{bar}] {percentage}% | {stories} stories | {rate}/s | ETA {eta_formatted}`,
          etaBuffer: 50,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(Math.max(1, opts.total ?? 1), 0, { stories: 0, rate: '0' });
    } else this.bar = null;
  }

  private rate(): number {
    const s = (this.now() - this.started) / 1000;
    return s > 0 ? this.counts.stories / s : 0;
  }

  /** Reports the work done so far (in the unit) and the counters. */
  update(done: number, counts: ProgressCounts): void {
    this.done = done;
    this.counts = counts;
    if (this.bar) {
      if (this.opts.total == null) this.bar.setTotal(Math.max(done, 1));
      this.bar.update(done, { stories: counts.stories, rate: this.rate().toFixed(1) });
      return;
    }
    const t = this.now();
    if (t - this.lastLine >= (this.opts.intervalMs ?? 1000)) {
      this.lastLine = t;
      this.writeLine('progress');
    }
  }

  private writeLine(event: 'progress' | 'end', extra: Record<string, unknown> = {}): void {
    const elapsed = (this.now() - this.started) / 1000;
    const line = {
      event,
      run: this.opts.runId,
      kind: this.opts.label,
      done: this.done,
      total: this.opts.total,
      unit: this.opts.unit,
      ...this.counts,
      rate: Math.round(this.rate() * 10) / 10,
      etaSeconds: etaSeconds(this.done, this.opts.total, elapsed),
      elapsedSeconds: Math.round(elapsed * 10) / 10,
      ...extra,
    };
    this.stream.write(JSON.stringify(line) + '\n');
  }

  /** Ends the display with a last line (`status`: finished, interrupted, …). */
  stop(status: string): void {
    if (this.bar) {
      this.bar.stop();
      return;
    }
    this.writeLine('end', { status });
  }
}
