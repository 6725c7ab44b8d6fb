import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EventChange, StoredEvent, TimelineStore } from '../store/store.js';
import { deliveryJobId } from './webhook-queue.js';
import type { WebhookEndpoint, WebhookJobData } from './webhook-types.js';

/**
 * The JSON body of a delivery for one change.
 *
 * @example
 * webhookBody({ id: '42', eventId: 'ev_1', op: 'deleted', at: '…' }, null)
 * // '{"id":"42","type":"event.deleted","at":"…","eventId":"ev_1","event":null}'
 */
export function webhookBody(change: EventChange, event: StoredEvent | null): string {
  return JSON.stringify({ id: change.id, type: `event.${change.op}`, at: change.at, eventId: change.eventId, event });
}

/**
 * Whether an endpoint wants a change. A kinds filter cannot apply to a
 * deleted event (it is gone): deletions go to every endpoint that takes them.
 */
export function endpointWants(ep: WebhookEndpoint, change: EventChange, event: StoredEvent | null): boolean {
  if (!ep.enabled || !ep.events.includes(change.op)) return false;
  if (!ep.kinds.length || change.op === 'deleted') return true;
  return event !== null && ep.kinds.includes(event.kind);
}

export interface WebhookDispatcherOptions {
  store: TimelineStore;
  queue: Queue<WebhookJobData>;
  /** Where the dispatcher keeps its position in the change log. */
  redis: Redis;
  cursorKey: string;
  endpoints: () => WebhookEndpoint[];
  pollMs: number;
  logger: Logger;
}

/**
 * Reads the event change log and enqueues one delivery job per change and
 * endpoint. Its position is kept in Redis, written after the jobs are added,
 * so a crash re-reads at most one batch; the deterministic job ids make the
 * re-read add nothing. On first start it begins at the head of the log
 * (endpoints get changes from now on, not the whole history).
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly o: WebhookDispatcherOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then((n) => this.schedule(n >= 200 ? 0 : this.o.pollMs))
        .catch((err) => {
          this.o.logger.warn({ error: { message: (err as Error).message } }, 'webhook dispatch failed');
          this.schedule(this.o.pollMs * 5);
        });
    }, ms);
  }

  /** One pass: enqueues deliveries for up to 200 changes; returns how many changes it read. */
  async runOnce(): Promise<number> {
    let cursor = await this.o.redis.get(this.o.cursorKey);
    if (cursor === null || !/^\d+$/.test(cursor)) {
      cursor = await this.o.store.lastEventChangeId();
      await this.o.redis.set(this.o.cursorKey, cursor);
      return 0;
    }
    const changes = await this.o.store.listEventChanges(cursor, 200);
    if (changes.length === 0) return 0;
    const endpoints = this.o.endpoints().filter((e) => e.enabled);
    const jobs: Array<{ name: string; data: WebhookJobData; opts: { jobId: string } }> = [];
    const wanted = changes.filter((c) => endpoints.some((ep) => ep.events.includes(c.op)));
    const events = await this.o.store.getEvents(wanted.filter((c) => c.op !== 'deleted').map((c) => c.eventId));
    for (const c of wanted) {
      const event = c.op === 'deleted' ? null : (events.get(c.eventId) ?? null);
      const body = webhookBody(c, event);
      for (const ep of endpoints) {
        if (!endpointWants(ep, c, event)) continue;
        jobs.push({ name: `event.${c.op}`, data: { endpointId: ep.id, type: `event.${c.op}`, body }, opts: { jobId: deliveryJobId(ep.id, c.id) } });
      }
    }
    if (jobs.length) await this.o.queue.addBulk(jobs);
    await this.o.redis.set(this.o.cursorKey, changes[changes.length - 1]!.id);
    this.o.logger.debug({ changes: changes.length, deliveries: jobs.length }, 'webhook deliveries enqueued');
    return changes.length;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }
}
