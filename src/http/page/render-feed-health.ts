import type { FeedState } from '../../store/store.js';
import { escapeHtml as h, safeHttpUrl, truncate } from './html.js';

export type FeedHealth = 'ok' | 'degraded' | 'failing' | 'stale' | 'pending' | 'disabled';

/**
 * Classifies a feed from its fetch state at `now`: disabled; pending (never
 * fetched); failing (3+ failures in a row, or gone); degraded (1–2 failures);
 * stale (its next run is more than 15 minutes overdue: no scheduler runs it); ok.
 *
 * @example
 * feedHealth({ ...state, enabled: true, lastFetchAt: '…', consecutiveFailures: 4 }, now) // 'failing'
 */
export function feedHealth(f: FeedState, now: Date): FeedHealth {
  if (!f.enabled) return 'disabled';
  if (!f.lastFetchAt) return 'pending';
  if (f.consecutiveFailures >= 3 || f.status === 'gone') return 'failing';
  if (f.consecutiveFailures > 0) return 'degraded';
  if (f.nextRunAt && now.getTime() - Date.parse(f.nextRunAt) > 15 * 60_000) return 'stale';
  return 'ok';
}

const HEALTH_ORDER: Record<FeedHealth, number> = { failing: 0, degraded: 1, stale: 2, pending: 3, ok: 4, disabled: 5 };

/**
 * A short relative age, e.g. "3 min ago", "in 2 h".
 *
 * @example
 * ago('2026-01-01T00:00:00Z', new Date('2026-01-01T00:03:00Z')) // '3 min ago'
 */
export function ago(iso: string | null, now: Date): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const s = Math.round((now.getTime() - t) / 1000);
  const a = Math.abs(s);
  const v = a < 90 ? `${a} s` : a < 5400 ? `${Math.round(a / 60)} min` : a < 129600 ? `${Math.round(a / 3600)} h` : `${Math.round(a / 86400)} d`;
  return s >= 0 ? `${v} ago` : `in ${v}`;
}

const CSS = `
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#f7f7f5;color:#1c1c1e}
header{background:#fff;border-bottom:1px solid #e4e4e7;padding:12px 20px;display:flex;gap:16px;align-items:baseline}
header h1{font-size:18px;margin:0}header nav{margin-left:auto;display:flex;gap:12px}
a{color:#2563eb;text-decoration:none}
main{padding:16px 20px}
.counts{display:flex;gap:10px;margin-bottom:12px;flex-wrap:wrap}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e4e4e7}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top}
th{font-size:12px;color:#6b6b70;text-transform:uppercase;letter-spacing:.03em}
td.err{color:#7f1d1d;max-width:28em;overflow-wrap:anywhere}
td.url{max-width:22em;overflow-wrap:anywhere;font-size:12px}
.h{display:inline-block;padding:1px 8px;border-radius:999px;font-size:11px;font-weight:600;text-transform:uppercase}
.h-ok{background:#dcfce7;color:#14532d}.h-degraded{background:#fef9c3;color:#713f12}.h-failing{background:#fee2e2;color:#7f1d1d}
.h-stale{background:#ffedd5;color:#7c2d12}.h-pending{background:#e0f2fe;color:#075985}.h-disabled{background:#e5e7eb;color:#374151}
`;

/** The feed-health admin page: one row per feed, worst first, with counts per health. */
export function renderFeedHealth(feeds: FeedState[], opts: { now: Date; nonce: string; version: string; queuesPath: string }): string {
  const rows = feeds
    .map((f) => ({ f, health: feedHealth(f, opts.now) }))
    .sort((a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] || a.f.id.localeCompare(b.f.id));
  const counts = new Map<FeedHealth, number>();
  for (const r of rows) counts.set(r.health, (counts.get(r.health) ?? 0) + 1);
  const countHtml = [...counts]
    .sort((a, b) => HEALTH_ORDER[a[0]] - HEALTH_ORDER[b[0]])
    .map(([k, n]) => `<span class="h h-${k}">${k}: ${n}</span>`)
    .join('');
  const body = rows
    .map(({ f, health }) => {
      const url = safeHttpUrl(f.url);
      return `<tr data-feed="${h(f.id)}" data-health="${health}">
<td><strong>${h(f.id)}</strong>${f.lang ? ` <small>${h(f.lang)}</small>` : ''}</td>
<td><span class="h h-${health}">${health}</span></td>
<td>${h(f.status ?? '—')}</td>
<td title="${h(f.lastFetchAt ?? '')}">${h(ago(f.lastFetchAt, opts.now))}</td>
<td title="${h(f.lastSuccessAt ?? '')}">${h(ago(f.lastSuccessAt, opts.now))}</td>
<td>${f.consecutiveFailures}</td>
<td>${f.itemsLastPoll ?? '—'}</td>
<td title="${h(f.nextRunAt ?? '')}">${h(ago(f.nextRunAt, opts.now))}</td>
<td class="err">${h(truncate(f.lastError ?? '', 300))}</td>
<td class="url">${url ? `<a href="${h(url)}" rel="noopener noreferrer nofollow">${h(truncate(url, 120))}</a>` : h(truncate(f.url, 120))}</td>
</tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="30">
<title>Feed health · wire-timeline</title><style nonce="${h(opts.nonce)}">${CSS}</style></head>
<body><header><h1>Feed health</h1><span>${feeds.length} feeds · refreshed every 30 s</span>
<nav><a href="/">Timeline</a><a href="${h(opts.queuesPath)}">Queues</a><a href="/api/feeds">JSON</a></nav></header>
<main><div class="counts">${countHtml}</div>
<table><thead><tr><th>Feed</th><th>Health</th><th>Status</th><th>Last fetch</th><th>Last success</th><th>Failures</th><th>Items</th><th>Next run</th><th>Last error</th><th>URL</th></tr></thead>
<tbody>${body || '<tr><td colspan="10">No feeds configured.</td></tr>'}</tbody></table></main>
<footer style="padding:12px 20px;color:#6b6b70;font-size:12px">wire-timeline ${h(opts.version)}</footer></body></html>`;
}
