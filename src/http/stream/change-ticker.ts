import type { FastifyBaseLogger } from 'fastify';
import type { TimelineStore } from '../../store/store.js';

/**
 * Watches the head of the event change log for one process. Writers may be
 * other processes (workers), so it polls: one cheap `max(id)` query every
 * `pollMs` while at least one listener waits, none otherwise. Listeners are
 * woken when the head moves past the id they wait for.
 *
 * Polling rather than LISTEN/NOTIFY: it runs unchanged on PGlite and on a
 * server, needs no dedicated connection per API process, survives connection
 * loss without re-subscribing, and the cost is one indexed query per
 * interval per process whatever the number of clients.
 */
export class ChangeTicker {
  private head = 0n;
  private timer: NodeJS.Timeout | null = null;
  private readonly waiters = new Set<{ after: bigint; wake: () => void }>();
  private closed = false;

  constructor(
    private readonly store: Pick<TimelineStore, 'lastEventChangeId'>,
    private readonly pollMs: number,
    private readonly log: Pick<FastifyBaseLogger, 'warn'>,
  ) {}

  /** Resolves when the log holds a change after `afterId`, or after `maxWaitMs`, or on close. */
  waitAfter(afterId: string, maxWaitMs: number): Promise<void> {
    const after = BigInt(afterId);
    if (this.closed || this.head > after) return Promise.resolve();
    return new Promise((resolve) => {
      const w = {
        after,
        wake: () => {
          clearTimeout(t);
          this.waiters.delete(w);
          resolve();
        },
      };
      const t = setTimeout(w.wake, maxWaitMs);
      this.waiters.add(w);
      this.schedule();
    });
  }

  /** The latest change id seen (reads the store when nothing was seen yet). */
  async currentHead(): Promise<string> {
    const id = BigInt(await this.store.lastEventChangeId());
    if (id > this.head) this.head = id;
    return this.head.toString();
  }

  private schedule(): void {
    if (this.timer || this.closed || this.waiters.size === 0) return;
    this.timer = setTimeout(() => void this.tick(), this.pollMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    try {
      await this.currentHead();
      for (const w of [...this.waiters]) if (this.head > w.after) w.wake();
    } catch (err) {
      this.log.warn({ error: { message: (err as Error).message } }, 'event change log poll failed');
    }
    this.schedule();
  }

  /** Wakes every waiter and stops polling. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const w of [...this.waiters]) w.wake();
  }
}
