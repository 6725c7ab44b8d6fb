import { stringify } from 'csv-stringify/sync';
import ical from 'ical-generator';
import { timexBounds } from '../../timex.js';
import type { StoredEvent } from '../../store/store.js';

/** The export formats of `GET /api/events/export`. */
export const EXPORT_FORMATS = ['ndjson', 'csv', 'plover', 'timelinejs', 'ics'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Content type and file extension of each format. */
export const FORMAT_INFO: Record<ExportFormat, { type: string; ext: string }> = {
  ndjson: { type: 'application/x-ndjson; charset=utf-8', ext: 'ndjson' },
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  plover: { type: 'application/x-ndjson; charset=utf-8', ext: 'plover.ndjson' },
  timelinejs: { type: 'application/json; charset=utf-8', ext: 'timelinejs.json' },
  ics: { type: 'text/calendar; charset=utf-8', ext: 'ics' },
};

const name = (p: { canonical?: string; name: string }) => p.canonical || p.name;

/** The columns of the CSV export, in order. */
export const CSV_COLUMNS = [
  'id',
  'date',
  'grain',
  'date_start',
  'date_end',
  'kind',
  'title',
  'participants',
  'participant_ids',
  'location',
  'country',
  'confidence',
  'plover',
  'cameo',
  'sources',
  'source_urls',
  'created_at',
  'updated_at',
] as const;

/**
 * A spreadsheet must not run a cell as a formula: text that starts with
 * = + - @ (or a tab/CR) gets a leading apostrophe (OWASP CSV injection).
 *
 * @example
 * defuseCell('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 * defuseCell('Xi meets Putin')   // 'Xi meets Putin'
 */
export function defuseCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** One CSV row (header order = `CSV_COLUMNS`). */
export function csvRow(e: StoredEvent): string[] {
  const b = timexBounds(e.date.value);
  const loc = e.location ? [e.location.venue, name(e.location), e.location.country].filter(Boolean).join(', ') : '';
  const cells = [
    e.id,
    e.date.value,
    e.date.grain,
    b?.start ?? '',
    b?.end ?? '',
    e.kind,
    e.title,
    e.participants.map(name).join('; '),
    e.participants.map((p) => p.id ?? '').join('; '),
    loc,
    e.location?.country ?? '',
    String(e.confidence),
    e.codes?.plover ?? '',
    e.codes?.cameo ?? '',
    String(e.sources?.length ?? 0),
    (e.sources ?? []).map((s) => s.storyUrl ?? '').filter(Boolean).join(' '),
    e.createdAt,
    e.updatedAt,
  ];
  return cells.map(defuseCell);
}

/**
 * CSV text (RFC 4180: quotes doubled, fields with commas, quotes or line
 * breaks quoted) of some events; `header` adds the header line.
 *
 * @example
 * toCsv([event], true) // 'id,date,grain,…\r\nev_1,2019-12-02,day,…\r\n'
 */
export function toCsv(events: StoredEvent[], header: boolean): string {
  return stringify(events.map(csvRow), { header, columns: header ? [...CSV_COLUMNS] : undefined, record_delimiter: '\r\n', quoted_match: /^\s|\s$/ });
}

/** A PLOVER-style event record (field names after the PLOVER/POLECAT data sets). */
export interface PloverRecord {
  event_id: string;
  event_date: string;
  date_precision: string;
  event_type: string | null;
  event_mode: string | null;
  cameo: string | null;
  event_text: string;
  source_actor: string | null;
  source_actor_id: string | null;
  source_country: string | null;
  target_actor: string | null;
  target_actor_id: string | null;
  target_country: string | null;
  other_actors: string[];
  location: string | null;
  country: string | null;
  confidence: number;
  language: string | null;
  publications: Array<{ story_id: string; url: string | null; feed: string | null; language: string | null; published: string | null }>;
  evidence: string[];
}

/**
 * Maps a timeline event to a PLOVER-style record: the first participant is
 * the source actor, the second the target; the PLOVER type and mode come
 * from the event's codes.
 */
export function toPloverRecord(e: StoredEvent): PloverRecord {
  const [a, b, ...rest] = e.participants;
  return {
    event_id: e.id,
    event_date: e.date.value,
    date_precision: e.date.grain,
    event_type: e.codes?.plover ?? null,
    event_mode: e.codes?.mode ?? null,
    cameo: e.codes?.cameo ?? null,
    event_text: e.title,
    source_actor: a ? name(a) : null,
    source_actor_id: a?.id ?? null,
    source_country: a?.country ?? null,
    target_actor: b ? name(b) : null,
    target_actor_id: b?.id ?? null,
    target_country: b?.country ?? null,
    other_actors: rest.map(name),
    location: e.location ? name(e.location) : null,
    country: e.location?.country ?? a?.country ?? null,
    confidence: e.confidence,
    language: e.lang ?? null,
    publications: (e.sources ?? []).map((s) => ({ story_id: s.storyId, url: s.storyUrl, feed: s.feedId, language: s.lang, published: s.published })),
    evidence: (e.sources ?? []).flatMap((s) => s.evidence.map((x) => x.text)).slice(0, 20),
  };
}

/** A TimelineJS date: year is required; month and day only when known. */
export interface TimelineJsDate {
  year: number;
  month?: number;
  day?: number;
  display_date?: string;
}

export interface TimelineJsDocument {
  title?: { text: { headline: string; text: string } };
  events: Array<{ unique_id: string; start_date: TimelineJsDate; end_date?: TimelineJsDate; text: { headline: string; text: string }; group: string }>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function tlDate(iso: string, grain: string): TimelineJsDate {
  const [y, m, d] = iso.split('-').map(Number);
  const out: TimelineJsDate = { year: y! };
  if (['day', 'hour', 'minute', 'week', 'month'].includes(grain)) out.month = m!;
  if (['day', 'hour', 'minute'].includes(grain)) out.day = d!;
  return out;
}

/**
 * A TimelineJS (Knight Lab) JSON document: one slide per event with
 * `start_date.year` (and month/day as precise as the event), an HTML-escaped
 * headline and text, and the kind as group. Events with no placeable date are left out.
 */
export function toTimelineJs(events: StoredEvent[], headline: string): TimelineJsDocument {
  const out: TimelineJsDocument = { title: { text: { headline: escapeHtml(headline), text: `${events.length} events` } }, events: [] };
  for (const e of events) {
    const b = timexBounds(e.date.value);
    if (!b) continue;
    const who = e.participants.map(name).join(', ');
    const where = e.location ? name(e.location) : '';
    const sources = (e.sources ?? [])
      .slice(0, 10)
      .map((s) => (s.storyUrl && /^https?:\/\//i.test(s.storyUrl) ? `<a href="${escapeHtml(s.storyUrl)}">${escapeHtml(s.storyTitle ?? s.storyId)}</a>` : escapeHtml(s.storyTitle ?? s.storyId)))
      .join(' · ');
    const text = [who && `<p>${escapeHtml(who)}</p>`, where && `<p>${escapeHtml(where)}</p>`, sources && `<p>${sources}</p>`].filter(Boolean).join('');
    const slide: TimelineJsDocument['events'][number] = {
      unique_id: e.id.replace(/[^\w-]/g, '_'),
      start_date: tlDate(b.start, e.date.grain),
      text: { headline: escapeHtml(e.title), text },
      group: e.kind,
    };
    if (b.end !== b.start) slide.end_date = tlDate(b.end, e.date.grain);
    slide.start_date.display_date = e.date.value;
    out.events.push(slide);
  }
  return out;
}

const utcDate = (iso: string, addDays = 0) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + addDays));
};

/**
 * An iCalendar (RFC 5545) calendar of all-day events spanning each event's
 * date (a month-grain event spans its month), with a stable UID per event.
 */
export function toIcs(events: StoredEvent[], opts: { name: string; baseUrl?: string | null }): string {
  const cal = ical({ name: opts.name, prodId: { company: 'wire-timeline', product: 'timeline', language: 'EN' } });
  for (const e of events) {
    const b = timexBounds(e.date.value);
    if (!b) continue;
    const who = e.participants.map(name).join(', ');
    const description = [
      `${e.kind} · ${e.date.value} (${e.date.grain}) · confidence ${e.confidence}`,
      who && `Who: ${who}`,
      ...(e.sources ?? []).slice(0, 10).map((s) => `Source: ${s.storyTitle ?? s.storyId}${s.storyUrl ? ` <${s.storyUrl}>` : ''}`),
    ]
      .filter(Boolean)
      .join('\n');
    cal.createEvent({
      id: `${e.id}@wire-timeline`,
      start: utcDate(b.start),
      end: utcDate(b.end, 1),
      allDay: true,
      summary: e.title,
      description,
      ...(e.location ? { location: [e.location.venue, name(e.location), e.location.country].filter(Boolean).join(', ') } : {}),
      categories: [{ name: e.kind }],
      stamp: new Date(e.updatedAt),
      ...(opts.baseUrl ? { url: `${opts.baseUrl}/api/events/${encodeURIComponent(e.id)}` } : {}),
    });
  }
  return cal.toString();
}
