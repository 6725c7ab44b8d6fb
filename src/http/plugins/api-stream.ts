import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { EventChange, TimelineStore } from '../../store/store.js';
import { AppError } from '../app-error.js';
import { SECURITY_HEADERS, DEFAULT_CSP } from '../security-headers.js';
import { ChangeTicker } from '../stream/change-ticker.js';

export interface ApiStreamOptions {
  store: TimelineStore;
  pollMs: number;
  heartbeatMs: number;
  maxClients: number;
}

const CHANGE_ID_RE = /^\d{1,18}$/;

/**
 * One SSE message for a change: `id` is the change id (what `Last-Event-ID`
 * resumes from), `event` is the operation, `data` the change with the event as
 * it is now (null once deleted).
 *
 * @example
 * sseMessage({ id: '7', eventId: 'ev_1', op: 'deleted', at: '2026-01-01T00:00:00.000Z' }, null)
 * // 'id: 7\nevent: deleted\ndata: {"id":"7","op":"deleted","eventId":"ev_1","at":"…","event":null}\n\n'
 */
export function sseMessage(change: EventChange, event: unknown): string {
  const data = JSON.stringify({ id: change.id, op: change.op, eventId: change.eventId, at: change.at, event: event ?? null });
  // JSON.stringify never emits raw line breaks, so one data line is enough.
  return `id: ${change.id}\nevent: ${change.op}\ndata: ${data}\n\n`;
}

/**
 * `GET /api/events/stream`: Server-Sent Events of created, updated and
 * deleted timeline events, read from the event change log. A client resumes
 * with `Last-Event-ID` (browsers send it on reconnect) or `?lastEventId=`;
 * without either it gets the changes from now on. `?lastEventId=0` replays
 * the whole retained log.
 */
export const apiStreamPlugin: FastifyPluginAsync<ApiStreamOptions> = async (app, opts) => {
  const ticker = new ChangeTicker(opts.store, opts.pollMs, app.log);
  const open = new Set<FastifyReply>();
  let opening = 0;

  app.addHook('preClose', async () => {
    ticker.close();
    for (const r of open) r.raw.end();
  });

  app.get<{ Querystring: { lastEventId?: string; apiKey?: string } }>(
    '/api/events/stream',
    {
      schema: {
        summary: 'Live stream (Server-Sent Events) of created, updated and deleted events; resumable with Last-Event-ID',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            lastEventId: { type: 'string', pattern: '^[0-9]{1,18}$', description: 'Resume after this change id (as Last-Event-ID)' },
            apiKey: { type: 'string', maxLength: 512, description: 'API key, for EventSource clients that cannot send headers' },
          },
        },
        headers: {
          type: 'object',
          properties: { 'last-event-id': { type: 'string', maxLength: 64, description: 'Resume after this change id' } },
        },
      },
    },
    async (req, reply) => {
      const header = req.headers['last-event-id'];
      const rawId = typeof header === 'string' && header.trim() ? header.trim() : req.query.lastEventId;
      if (rawId !== undefined && !CHANGE_ID_RE.test(rawId)) {
        throw AppError.badParam('Last-Event-ID', 'Last-Event-ID must be a change id sent by this stream (digits)', { value: rawId.slice(0, 40) });
      }
      // Streams still opening count too: the head query below awaits, and simultaneous clients must not all pass.
      if (open.size + opening >= opts.maxClients) throw new AppError('TL_ERR_TOO_MANY_STREAMS', 'too many open streams; retry later');
      opening++;
      let cursor: string;
      try {
        cursor = rawId ?? (await ticker.currentHead());
      } finally {
        opening--;
      }

      reply.hijack();
      const res = reply.raw;
      const headers: Record<string, string | number | string[]> = {};
      for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v as string;
      res.writeHead(200, {
        ...headers,
        ...SECURITY_HEADERS,
        'content-security-policy': DEFAULT_CSP,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      open.add(reply);
      let closed = false;
      const stop = () => {
        closed = true;
        open.delete(reply);
      };
      res.on('close', stop);
      res.write(`retry: 3000\n: stream of event changes after ${cursor}\n\n`);
      const log = req.log.child({ stream: 'events' });
      try {
        while (!closed) {
          const changes = await opts.store.listEventChanges(cursor, 200);
          const events = await opts.store.getEvents(changes.filter((c) => c.op !== 'deleted').map((c) => c.eventId));
          for (const c of changes) {
            if (closed) break;
            const event = c.op === 'deleted' ? null : (events.get(c.eventId) ?? null);
            res.write(sseMessage(c, event));
            cursor = c.id;
          }
          if (changes.length === 200 || closed) continue;
          const before = cursor;
          await ticker.waitAfter(cursor, opts.heartbeatMs);
          if (!closed && before === cursor) res.write(': ping\n\n');
        }
      } catch (err) {
        log.warn({ error: { message: (err as Error).message } }, 'event stream failed');
      } finally {
        stop();
        res.end();
      }
    },
  );
};
