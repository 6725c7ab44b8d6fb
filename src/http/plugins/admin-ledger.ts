import type { FastifyPluginAsync } from 'fastify';
import { NO_EVENT_REASONS } from '../../pipeline/yield-reason.js';
import type { LedgerPage, RunRecord, TimelineStore } from '../../store/store.js';
import { sendAdminPage } from '../dashboard/admin-page.js';
import type { DashboardAuth } from '../dashboard/credentials.js';
import { escapeHtml as h, safeHttpUrl, truncate } from '../page/html.js';

export interface AdminLedgerOptions {
  store: TimelineStore;
  auth: DashboardAuth;
  version: string;
}

export const ADMIN_LEDGER_PATH = '/admin/ledger';

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reason: { type: 'string', enum: [...NO_EVENT_REASONS] },
    feed: { type: 'string', minLength: 1, maxLength: 200 },
    after: { type: 'string', minLength: 1, maxLength: 512 },
  },
} as const;

const link = (q: Record<string, string | null | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  const s = p.toString();
  return ADMIN_LEDGER_PATH + (s ? `?${s}` : '');
};

/**
 * The recall-ledger page: stories that yielded no event, counted per reason and
 * per feed, a page of them, and the latest import/reprocess runs. Every story
 * value is escaped; only http(s) story URLs become links.
 *
 * @example
 * renderLedger(page, runs, { nonce: 'n0', version: '0.1.0', reason: null, feed: null })
 * // '<!doctype html>…<h1>Recall ledger</h1>…'
 */
export function renderLedger(
  page: LedgerPage,
  runs: RunRecord[],
  o: { nonce: string; version: string; reason: string | null; feed: string | null },
): string {
  const reasons = page.byReason
    .map((r) => `<tr><td><a href="${h(link({ reason: r.reason, feed: o.feed }))}">${h(r.reason ?? 'unknown')}</a></td><td class="n">${r.count}</td></tr>`)
    .join('');
  const feeds = page.byFeed
    .map((f) => `<tr><td>${f.feedId ? `<a href="${h(link({ reason: o.reason, feed: f.feedId }))}">${h(f.feedId)}</a>` : '<i>no feed</i>'}</td><td class="n">${f.count}</td></tr>`)
    .join('');
  const stories = page.stories
    .map((s) => {
      const url = safeHttpUrl(s.url);
      const title = h(truncate(s.title ?? s.id, 120));
      return `<tr><td>${url ? `<a href="${h(url)}" rel="noopener noreferrer">${title}</a>` : title}<div class="id"><a href="/api/stories/${h(encodeURIComponent(s.id))}">${h(s.id)}</a></div></td>
<td>${h(s.feedId ?? '—')}</td><td>${h(s.lang ?? '—')}</td><td>${h(s.published?.slice(0, 10) ?? '—')}</td><td>${h(s.reason ?? 'unknown')}${s.error ? `<div class="err">${h(truncate(s.error, 200))}</div>` : ''}</td></tr>`;
    })
    .join('\n');
  const runRows = runs
    .map(
      (r) =>
        `<tr><td><a href="/api/runs/${r.id}">${r.id}</a></td><td>${h(r.kind)}</td><td>${h(r.mode)}</td><td>${h(r.status)}</td><td class="n">${r.storiesDone}/${r.storiesQueued}</td><td class="n">${r.storiesFailed}</td><td class="n">+${r.eventsAdded} −${r.eventsRemoved} ~${r.eventsChanged}</td><td>${h(r.startedAt.slice(0, 19).replace('T', ' '))}</td></tr>`,
    )
    .join('');
  const filter = [o.reason ? `reason <b>${h(o.reason)}</b>` : '', o.feed ? `feed <b>${h(o.feed)}</b>` : ''].filter(Boolean).join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recall ledger · wire-timeline</title>
<style nonce="${h(o.nonce)}">
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}
.n{text-align:right;font-variant-numeric:tabular-nums}.id{font-size:12px;color:#666}.err{font-size:12px;color:#a00}.grid{display:flex;gap:3rem;flex-wrap:wrap}
</style></head><body>
<h1>Recall ledger</h1>
<p>${page.total} processed ${page.total === 1 ? 'story' : 'stories'} yielded no event${filter ? ` (${filter}; <a href="${ADMIN_LEDGER_PATH}">all</a>)` : ''}. · <a href="/admin/queues">queues</a> · <a href="/api/stories?yielded=none">JSON</a></p>
<div class="grid">
<section><h2>Per reason</h2><table><tr><th>reason</th><th>stories</th></tr>${reasons || '<tr><td colspan="2">none</td></tr>'}</table></section>
<section><h2>Per feed</h2><table><tr><th>feed</th><th>stories</th></tr>${feeds || '<tr><td colspan="2">none</td></tr>'}</table></section>
</div>
<h2>Stories</h2>
<table><tr><th>story</th><th>feed</th><th>lang</th><th>published</th><th>reason</th></tr>
${stories || '<tr><td colspan="5">none</td></tr>'}
</table>
${page.nextAfter ? `<p><a href="${h(link({ reason: o.reason, feed: o.feed, after: page.nextAfter }))}">next page</a></p>` : ''}
<h2>Latest runs</h2>
<table><tr><th>run</th><th>kind</th><th>mode</th><th>status</th><th>done</th><th>failed</th><th>events</th><th>started (UTC)</th></tr>${runRows || '<tr><td colspan="8">none yet</td></tr>'}</table>
<p class="id">wire-timeline ${h(o.version)}</p>
</body></html>`;
}

/**
 * `GET /admin/ledger`: the recall-ledger page next to the queue dashboard,
 * behind the same HTTP Basic credentials (admin or viewer: it only reads).
 */
export const adminLedgerPlugin: FastifyPluginAsync<AdminLedgerOptions> = async (app, opts) => {
  app.get<{ Querystring: { reason?: string; feed?: string; after?: string } }>(ADMIN_LEDGER_PATH, { schema: { hide: true, querystring: querySchema } }, async (req, reply) => {
    const { reason, feed, after } = req.query;
    return sendAdminPage(req, reply, opts.auth, async (nonce) => {
      const page = await opts.store.listLedger({ yielded: 'none', limit: 100, ...(reason ? { reason } : {}), ...(feed ? { feed } : {}), ...(after ? { after } : {}) });
      const runs = await opts.store.listRuns({ limit: 10 });
      return renderLedger(page, runs, { nonce, version: opts.version, reason: reason ?? null, feed: feed ?? null });
    });
  });
};
