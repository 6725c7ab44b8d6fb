import { EVENT_KINDS } from '../../types.js';
import type { StoredEvent } from '../../store/store.js';
import { escapeHtml as h, safeHttpUrl, truncate } from './html.js';
import { formatTimex, groupKey } from './format-date.js';

/** Filters as shown back in the form (raw strings, as the user typed them). */
export interface PageFilters {
  from?: string;
  to?: string;
  kind?: string[];
  entity?: string;
  q?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  /** Grouping: by day (default), month or year. */
  zoom?: Zoom;
}

export const ZOOMS = ['day', 'month', 'year'] as const;
export type Zoom = (typeof ZOOMS)[number];

export interface TimelinePageInput {
  events: StoredEvent[];
  nextCursor: string | null;
  filters: PageFilters;
  /** A filter error to show instead of the list. */
  error?: { message: string; param?: string } | null;
  /** CSP nonce for the inline style and script. */
  nonce: string;
  version: string;
  totalEvents?: number | null;
}

/** Badge colours per kind: [background, text]. */
const KIND_COLOURS: Record<string, [string, string]> = {
  meeting: ['#dbeafe', '#1e3a8a'],
  visit: ['#dcfce7', '#14532d'],
  call: ['#e0f2fe', '#075985'],
  agreement: ['#d1fae5', '#065f46'],
  statement: ['#f1f5f9', '#334155'],
  anniversary: ['#fef9c3', '#713f12'],
  conference: ['#ede9fe', '#4c1d95'],
  election: ['#fae8ff', '#701a75'],
  appointment: ['#e0e7ff', '#3730a3'],
  attack: ['#fee2e2', '#7f1d1d'],
  protest: ['#ffedd5', '#7c2d12'],
  disaster: ['#fecaca', '#991b1b'],
  legal: ['#f5f5f4', '#44403c'],
  aid: ['#ccfbf1', '#134e4a'],
  sanction: ['#fce7f3', '#831843'],
};

const KIND_SET: ReadonlySet<string> = new Set(EVENT_KINDS);

/** A glyph per kind, drawn by CSS before the badge text (so the markup stays plain text). */
const KIND_ICONS: Record<string, string> = {
  // Symbols from the Basic Multilingual Plane that common text fonts (DejaVu, Noto Sans Symbols) carry.
  meeting: '\\21C4',
  visit: '\\2708',
  call: '\\260E',
  agreement: '\\270D',
  statement: '\\275D',
  anniversary: '\\2736',
  conference: '\\2637',
  election: '\\2611',
  appointment: '\\272A',
  attack: '\\26A0',
  protest: '\\2691',
  disaster: '\\2604',
  legal: '\\2696',
  aid: '\\271A',
  sanction: '\\2298',
};

function kindCss(): string {
  return Object.entries(KIND_COLOURS)
    .map(([k, [bg, fg]]) => `.k-${k}{background:${bg};color:${fg};border-color:${fg}33}\n.k-${k}::before{content:"${KIND_ICONS[k] ?? ''}";margin-right:4px}\narticle.ev:has(.meta .k-${k}){border-left:4px solid ${fg}}`)
    .join('\n');
}

const CSS = `
:root{--bg:#f7f7f5;--fg:#1c1c1e;--muted:#6b6b70;--card:#fff;--line:#e4e4e7;--accent:#2563eb}
@media (prefers-color-scheme:dark){:root{--bg:#121214;--fg:#ececef;--muted:#a1a1aa;--card:#1c1c20;--line:#2e2e33;--accent:#7aa2ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans CJK SC",sans-serif}
header.top{background:var(--card);border-bottom:1px solid var(--line);padding:14px 24px;display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}
header.top h1{font-size:20px;margin:0}
header.top nav{margin-left:auto;display:flex;gap:14px;font-size:14px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
main{max-width:980px;margin:0 auto;padding:16px 24px 48px}
form.filters{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px;display:grid;gap:10px;margin-bottom:18px}
form.filters .row{display:flex;flex-wrap:wrap;gap:10px;align-items:end}
form.filters label.f{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:3px}
form.filters input[type=text],form.filters select{font:inherit;padding:5px 8px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);min-width:9em}
form.filters .kinds{display:flex;flex-wrap:wrap;gap:6px;border:0;padding:0;margin:0}
form.filters .kinds legend{font-size:12px;color:var(--muted);padding:0;margin-bottom:4px}
form.filters .kinds label{cursor:pointer}
form.filters .kinds input{position:absolute;opacity:0;pointer-events:none}
form.filters .kinds input:checked+.badge{outline:2px solid currentColor;outline-offset:1px}
form.filters .kinds input:focus-visible+.badge{box-shadow:0 0 0 3px var(--accent)}
form.filters button{font:inherit;padding:6px 16px;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
.badge{display:inline-block;font-size:11px;font-weight:600;letter-spacing:.03em;text-transform:uppercase;padding:2px 8px;border-radius:999px;border:1px solid transparent;white-space:nowrap}
.k-other{background:#e5e7eb;color:#374151}
${kindCss()}
.summary{color:var(--muted);font-size:13px;margin:0 0 10px}
.error{background:#fef2f2;color:#7f1d1d;border:1px solid #fecaca;border-radius:8px;padding:10px 14px;margin-bottom:16px}
section.day{margin:0 0 18px}
section.day>h2{font-size:14px;color:var(--muted);font-weight:600;margin:0 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line);position:sticky;top:0;background:var(--bg)}
article.ev{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px;margin:0 0 8px}
article.ev .meta{display:flex;gap:10px;align-items:center;flex-wrap:wrap;font-size:13px;color:var(--muted)}
article.ev h3{font-size:16px;margin:4px 0 4px;font-weight:600;overflow-wrap:anywhere}
article.ev p{margin:2px 0;font-size:14px;overflow-wrap:anywhere}
article.ev .lbl{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em;margin-right:4px}
article.ev blockquote{margin:6px 0;padding:4px 10px;border-left:3px solid var(--line);color:var(--muted);font-size:13px;overflow-wrap:anywhere}
article.ev .sources{font-size:13px}
article.ev .sources a{margin-right:2px}
.grain{font-size:11px;border:1px solid var(--line);border-radius:4px;padding:0 5px}
.empty{color:var(--muted);text-align:center;padding:40px 0}
.pager{display:flex;justify-content:flex-end;margin-top:12px}
footer{color:var(--muted);font-size:12px;text-align:center;padding:20px}
section.group>h2{font-size:16px;margin:6px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line);position:sticky;top:0;background:var(--bg)}
section.group .count{color:var(--muted);font-weight:400;font-size:13px;margin-left:8px}
.zoom{display:flex;gap:4px}
.zoom a{padding:3px 10px;border:1px solid var(--line);border-radius:6px;font-size:13px}
.zoom a[aria-current]{background:var(--accent);color:#fff;border-color:var(--accent)}
a.who{color:inherit;border-bottom:1px dotted var(--muted)}
details.evidence{margin-top:4px;font-size:13px}
details.evidence summary{cursor:pointer;color:var(--accent)}
details.evidence ol{margin:6px 0;padding-left:20px}
details.evidence li{margin:0 0 6px}
details.evidence .src-meta{color:var(--muted);font-size:12px}
`;

/** Drops empty fields before submitting so the URL stays readable. */
const SCRIPT = `
const form = document.querySelector('form.filters');
if (form) {
  form.addEventListener('submit', () => {
    for (const el of form.querySelectorAll('input[type=text], select')) {
      if (!el.value) el.disabled = true;
    }
  });
  for (const el of form.querySelectorAll('.kinds input, select')) {
    el.addEventListener('change', () => form.requestSubmit());
  }
}
`;

function kindBadge(kind: string): string {
  const cls = KIND_SET.has(kind) ? `k-${kind}` : 'k-other';
  return `<span class="badge ${cls}">${h(kind)}</span>`;
}

function participantText(p: StoredEvent['participants'][number]): string {
  const name = p.canonical || p.name;
  const extra = [p.title, p.role && p.role !== p.title ? p.role : null, p.country].filter(Boolean).join(', ');
  const alias = p.canonical && p.name && p.canonical !== p.name ? ` <span class="alias">(${h(truncate(p.name, 80))})</span>` : '';
  // A participant is a link to its own timeline (the entity filter).
  const link = `<a class="who" href="/?entity=${h(encodeURIComponent(p.id || name))}" title="events of ${h(truncate(name, 80))}">${h(truncate(name, 120))}</a>`;
  return `${link}${alias}${extra ? ` <span class="lbl">${h(truncate(extra, 120))}</span>` : ''}`;
}

/** The sources of an event with their evidence, folded until opened. */
function renderEvidence(e: StoredEvent): string {
  const sources = (e.sources ?? []).slice(0, 30);
  if (!sources.length) return '';
  const items = sources
    .map((s) => {
      const url = safeHttpUrl(s.storyUrl);
      const label = h(truncate(s.storyTitle || s.storyId, 140));
      const title = url ? `<a href="${h(url)}" rel="noopener noreferrer nofollow" target="_blank">${label}</a>` : `<span>${label}</span>`;
      const meta = [s.feedId, s.lang, s.published ? s.published.slice(0, 10) : null].filter(Boolean).map((x) => h(x)).join(' · ');
      const quotes = s.evidence
        .slice(0, 5)
        .map((x) => `<blockquote>${h(truncate(x.text, 500))}</blockquote>`)
        .join('');
      return `<li class="source">${title} <span class="src-meta">${meta}</span> <a href="/api/stories/${h(encodeURIComponent(s.storyId))}">story text</a>${quotes}</li>`;
    })
    .join('');
  return `<details class="evidence"><summary>Sources and evidence (${e.sources.length})</summary><ol>${items}</ol></details>`;
}

function renderEvent(e: StoredEvent): string {
  const dateText = formatTimex(e.date.value, e.date.grain, e.date.mod);
  const parts: string[] = [];
  parts.push(
    `<div class="meta">${kindBadge(e.kind)}<time datetime="${h(e.date.value)}">${h(dateText)}</time>` +
      `<span class="grain" title="date grain">${h(e.date.grain)}</span>` +
      (e.planned ? '<span class="grain">planned</span>' : '') +
      (typeof e.confidence === 'number' ? `<span title="confidence">${Math.round(Math.max(0, Math.min(1, e.confidence)) * 100)}%</span>` : '') +
      `</div>`,
  );
  parts.push(`<h3>${h(truncate(e.title, 300))}</h3>`);
  if (e.participants?.length) {
    const shown = e.participants.slice(0, 12).map(participantText).join(' · ');
    const more = e.participants.length > 12 ? ` · +${e.participants.length - 12} more` : '';
    parts.push(`<p class="who"><span class="lbl">Who</span>${shown}${more}</p>`);
  }
  if (e.location) {
    const loc = [e.location.venue, e.location.canonical || e.location.name, e.location.country].filter(Boolean).join(', ');
    if (loc) parts.push(`<p class="where"><span class="lbl">Where</span>${h(truncate(loc, 200))}</p>`);
  }
  const quote = e.sources?.[0]?.evidence?.[0]?.text ?? e.evidence?.[0]?.text;
  if (quote) parts.push(`<blockquote>${h(truncate(quote, 320))}</blockquote>`);
  const links: string[] = [`<a href="/api/events/${encodeURIComponent(e.id)}">event JSON</a>`];
  for (const s of (e.sources ?? []).slice(0, 8)) {
    const url = safeHttpUrl(s.storyUrl);
    const label = h(truncate(s.storyTitle || s.feedId || 'story', 90));
    links.push(
      (url ? `<a href="${h(url)}" rel="noopener noreferrer nofollow" target="_blank">${label}</a>` : `<span>${label}</span>`) +
        ` (<a href="/api/stories/${encodeURIComponent(s.storyId)}">text</a>)`,
    );
  }
  if ((e.sources?.length ?? 0) > 8) links.push(`+${e.sources.length - 8} more`);
  parts.push(`<p class="sources"><span class="lbl">Sources</span>${links.join(' · ')}</p>`);
  parts.push(renderEvidence(e));
  return `<article class="ev" id="ev-${h(e.id)}">${parts.join('')}</article>`;
}

/**
 * The group an event falls in at a zoom level: its day (or its own value when
 * coarser), its month, or its year.
 *
 * @example
 * zoomKey('2019-12-02', 'month') // '2019-12'
 * zoomKey('2019', 'month')       // '2019'
 * zoomKey('2019-W48', 'year')    // '2019'
 */
export function zoomKey(value: string, zoom: Zoom): string {
  const day = groupKey(value);
  if (zoom === 'day') return day;
  const m = /^(\d{4})(?:-(\d{2})(?=-|$))?/.exec(day);
  if (!m) return day;
  return zoom === 'year' || !m[2] ? m[1]! : `${m[1]}-${m[2]}`;
}

function renderZoomGroups(events: StoredEvent[], zoom: Zoom): string {
  const groups: Array<{ key: string; events: StoredEvent[] }> = [];
  for (const e of events) {
    const key = zoomKey(e.date.value, zoom);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.events.push(e);
    else groups.push({ key, events: [e] });
  }
  return groups
    .map(
      (g) =>
        `<section class="group zoom-${zoom}" data-group="${h(g.key)}"><h2><time datetime="${h(g.key)}">${h(formatTimex(g.key, g.key.length === 4 ? 'year' : 'month'))}</time>` +
        `<span class="count">${g.events.length} event${g.events.length === 1 ? '' : 's'}</span></h2>\n${g.events.map(renderEvent).join('\n')}</section>`,
    )
    .join('\n');
}

function renderGroups(events: StoredEvent[], zoom: Zoom = 'day'): string {
  if (zoom !== 'day') return renderZoomGroups(events, zoom);
  const out: string[] = [];
  let current: string | null = null;
  for (const e of events) {
    const key = groupKey(e.date.value);
    if (key !== current) {
      if (current !== null) out.push('</section>');
      current = key;
      const grain = key.length === 10 ? 'day' : e.date.grain;
      out.push(`<section class="day"><h2><time datetime="${h(key)}">${h(formatTimex(key, grain))}</time></h2>`);
    }
    out.push(renderEvent(e));
  }
  if (current !== null) out.push('</section>');
  return out.join('\n');
}

function filterQuery(f: PageFilters, cursor?: string): string {
  const sp = new URLSearchParams();
  if (f.from) sp.set('from', f.from);
  if (f.to) sp.set('to', f.to);
  for (const k of f.kind ?? []) sp.append('kind', k);
  if (f.entity) sp.set('entity', f.entity);
  if (f.q) sp.set('q', f.q);
  if (f.order && f.order !== 'desc') sp.set('order', f.order);
  if (f.limit) sp.set('limit', String(f.limit));
  if (f.zoom && f.zoom !== 'day') sp.set('zoom', f.zoom);
  if (cursor) sp.set('cursor', cursor);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

function renderForm(f: PageFilters): string {
  const selected = new Set(f.kind ?? []);
  const kinds = EVENT_KINDS.map(
    (k) => `<label><input type="checkbox" name="kind" value="${k}"${selected.has(k) ? ' checked' : ''}><span class="badge k-${k}">${k}</span></label>`,
  ).join('');
  const text = (name: string, label: string, value: string | undefined, extra = '') =>
    `<label class="f">${label}<input type="text" name="${name}" value="${h(value ?? '')}"${extra}></label>`;
  const datePattern = ' pattern="\\d{4}(-\\d{2}(-\\d{2})?)?" placeholder="YYYY[-MM[-DD]]" maxlength="10"';
  return `<form class="filters" method="get" action="/">
<fieldset class="kinds"><legend>Kinds</legend>${kinds}</fieldset>
<div class="row">
${text('entity', 'Entity', f.entity, ' placeholder="name or id" maxlength="200"')}
${text('q', 'Search', f.q, ' placeholder="words" maxlength="200"')}
${text('from', 'From', f.from, datePattern)}
${text('to', 'To', f.to, datePattern)}
<label class="f">Order<select name="order"><option value="">newest first</option><option value="asc"${f.order === 'asc' ? ' selected' : ''}>oldest first</option></select></label>
<label class="f">Zoom<select name="zoom"><option value="">by day</option><option value="month"${f.zoom === 'month' ? ' selected' : ''}>by month</option><option value="year"${f.zoom === 'year' ? ' selected' : ''}>by year</option></select></label>
<button type="submit">Apply</button> <a href="/">Reset</a>
</div>
</form>`;
}

/**
 * Renders the timeline page: filter form, events grouped by date, and a link
 * to the next page. Every value from the store is escaped.
 */
export function renderTimelinePage(input: TimelinePageInput): string {
  const { events, nextCursor, filters, error, nonce } = input;
  const body = error
    ? `<div class="error" role="alert"><strong>Invalid filter${error.param ? ` “${h(error.param)}”` : ''}:</strong> ${h(error.message)}</div>`
    : events.length
      ? renderGroups(events, filters.zoom ?? 'day')
      : '<p class="empty">No events match these filters.</p>';
  const summary = error
    ? ''
    : `<p class="summary">Showing ${events.length} event${events.length === 1 ? '' : 's'}${
        typeof input.totalEvents === 'number' ? ` of ${input.totalEvents} in the timeline` : ''
      }.</p>`;
  const pager = !error && nextCursor ? `<nav class="pager"><a href="/${h(filterQuery(filters, nextCursor))}" rel="next">${filters.order === 'asc' ? 'Later' : 'Older'} events →</a></nav>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wire-timeline</title>
<link rel="icon" href="data:,">
<style nonce="${h(nonce)}">${CSS}</style>
</head>
<body>
<header class="top"><h1>wire-timeline</h1><span class="summary">events from news-wire stories</span>
<nav><a href="/api/events">API</a><a href="/api/feeds">Feeds</a><a href="/admin/queues">Queues</a></nav></header>
<main>
${renderForm(filters)}
${summary}
${body}
${pager}
</main>
<footer>wire-timeline ${h(input.version)}</footer>
<script type="module" nonce="${h(nonce)}">${SCRIPT}</script>
</body>
</html>`;
}
