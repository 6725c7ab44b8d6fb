/** Options of a {@link StoreBatcher}. */
export interface StoreBatcherOptions {
  /** Most items written in one transaction. */
  maxSize: number;
  /**
   * How long the first item of a batch waits for others when no write is in flight (ms).
   * While a write is in flight, items gather anyway and go as soon as it ends (group commit).
   */
  maxWaitMs: number;
  /**
   * Whether a failed batch may be the fault of one of its items, so that writing them one by
   * one is worth it (default: always). An unreachable database fails every item alike: then
   * the batch's error goes to every item at once.
   */
  mayBeItemFault?: (err: unknown) => boolean;
}

interface Pending<I, R> {
  item: I;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for the store stage: items handed in one at a time (one per queue job) are
 * written together, many per transaction, by a batch function that is all or nothing. One
 * batch is in flight at a time; items that arrive meanwhile form the next one, so batches grow
 * with the load and a lone item waits at most `maxWaitMs`.
 *
 * When a batch of several items fails, each item is written again on its own, so one bad item
 * fails alone with its own error and the others are stored.
 *
 * @example
 * const batcher = new StoreBatcher((items) => store.saveResults(items), { maxSize: 32, maxWaitMs: 5 });
 * const { eventIds } = await batcher.add({ result }); // in each store job
 */
export class StoreBatcher<I, R> {
  private pending: Array<Pending<I, R>> = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private closed = false;
  /** Batches written and items in them (for logs and benchmarks). */
  readonly stats = { batches: 0, items: 0, largest: 0, splits: 0 };

  constructor(
    private readonly writeBatch: (items: I[]) => Promise<R[]>,
    private readonly opts: StoreBatcherOptions,
  ) {
    if (!(opts.maxSize >= 1)) throw new RangeError('maxSize must be at least 1');
  }

  /** Queues one item; resolves with its result once its batch is committed. */
  add(item: I): Promise<R> {
    if (this.closed) return Promise.reject(new Error('store batcher is closed'));
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is pending and waits for the write in flight; later `add` calls are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight || this.pending.length) {
      if (!this.inFlight) this.flush();
      await this.inFlight;
    }
  }

  private schedule(): void {
    if (this.inFlight) return; // the write in flight starts the next batch when it ends
    if (this.pending.length >= this.opts.maxSize || this.opts.maxWaitMs === 0) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.opts.maxWaitMs);
    }
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.inFlight || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.opts.maxSize);
    this.inFlight = this.write(batch).finally(() => {
      this.inFlight = null;
      if (this.pending.length) this.flush();
    });
  }

  private async write(batch: Array<Pending<I, R>>): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    try {
      const results = await this.writeBatch(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1 || !(this.opts.mayBeItemFault?.(err) ?? true)) {
        for (const p of batch) p.reject(err);
        return;
      }
      // All or nothing failed: find the item at fault by writing each one alone.
      this.stats.splits++;
      for (const p of batch) {
        try {
          p.resolve((await this.writeBatch([p.item]))[0]!);
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }
}
