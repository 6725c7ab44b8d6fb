import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { EventQuery, StoredEvent, TimelineStore } from '../../store/store.js';
import { eventQuerySchema, joinRepeatedListParams, parseEventQuery, type RawEventQuery } from '../event-query.js';
import { EXPORT_FORMATS, FORMAT_INFO, toCsv, toIcs, toPloverRecord, toTimelineJs, type ExportFormat } from '../export/formats.js';

export interface ApiExportOptions {
  store: TimelineStore;
  /** Most events one export returns. */
  maxEvents: number;
}

const { cursor: _cursor, limit: _limit, ...filterProps } = eventQuerySchema.properties;

const exportQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['format'],
  properties: {
    format: { type: 'string', enum: [...EXPORT_FORMATS], description: 'ndjson, csv, plover (PLOVER-style records, one JSON per line), timelinejs or ics' },
    ...filterProps,
    order: { ...filterProps.order, default: 'asc', description: 'Sort by event date; exports default to oldest first' },
    limit: { type: 'integer', minimum: 1, description: 'Most events to export (capped by the server setting api.exportMaxEvents)' },
  },
} as const;

type ExportQuery = Omit<RawEventQuery, 'cursor'> & { format: ExportFormat };

/** Reads every event matching `query`, page by page, up to `max`. */
async function* allEvents(store: TimelineStore, query: EventQuery, max: number): AsyncGenerator<StoredEvent[]> {
  let cursor: string | undefined;
  let left = max;
  while (left > 0) {
    const page = await store.listEvents({ ...query, limit: Math.min(500, left), ...(cursor ? { cursor } : {}) });
    if (page.events.length) yield page.events;
    left -= page.events.length;
    if (!page.nextCursor || page.events.length === 0) return;
    cursor = page.nextCursor;
  }
}

/** Streams text chunks produced page by page. */
function streamPages(pages: AsyncGenerator<StoredEvent[]>, render: (events: StoredEvent[], first: boolean) => string): Readable {
  return Readable.from(
    (async function* () {
      let first = true;
      for await (const events of pages) {
        yield render(events, first);
        first = false;
      }
      if (first) {
        const head = render([], true);
        if (head) yield head;
      }
    })(),
  );
}

/**
 * `GET /api/events/export?format=…` with any event filter: NDJSON, CSV,
 * PLOVER-style records, TimelineJS JSON or iCalendar. Line formats stream
 * page by page; TimelineJS and iCalendar are built whole.
 */
export const apiExportPlugin: FastifyPluginAsync<ApiExportOptions> = async (app, opts) => {
  app.get<{ Querystring: ExportQuery }>(
    '/api/events/export',
    {
      schema: { summary: 'Export the events matching any filter', querystring: exportQuerySchema },
      preValidation: joinRepeatedListParams,
    },
    async (req, reply) => {
      const { format, limit, ...rest } = req.query;
      const query = parseEventQuery(rest);
      delete query.limit;
      const max = Math.min(limit ?? opts.maxEvents, opts.maxEvents);
      const info = FORMAT_INFO[format];
      reply
        .header('content-type', info.type)
        .header('content-disposition', `attachment; filename="timeline-events.${info.ext}"`)
        .header('cache-control', 'no-store');
      const pages = allEvents(opts.store, query, max);
      switch (format) {
        case 'ndjson':
          return reply.send(streamPages(pages, (evs) => evs.map((e) => JSON.stringify(e) + '\n').join('')));
        case 'plover':
          return reply.send(streamPages(pages, (evs) => evs.map((e) => JSON.stringify(toPloverRecord(e)) + '\n').join('')));
        case 'csv':
          return reply.send(streamPages(pages, (evs, first) => (first ? '\ufeff' : '') + toCsv(evs, first)));
        case 'timelinejs':
        case 'ics': {
          const events: StoredEvent[] = [];
          for await (const evs of pages) events.push(...evs);
          const host = req.headers.host && /^[\w.:[\]-]+$/.test(req.headers.host) ? `${req.protocol}://${req.headers.host}` : null;
          if (format === 'ics') return toIcs(events, { name: 'wire-timeline', baseUrl: host });
          return JSON.stringify(toTimelineJs(events, 'wire-timeline'));
        }
      }
    },
  );
};
