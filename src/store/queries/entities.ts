import { matchKey } from '../../text/match-key.js';
import type { Queryable } from '../db.js';
import { escapeLike } from './sql.js';

/** An entity with the surface forms seen for it and how many timeline events it takes part in. */
export interface EntitySummary {
  id: string;
  type: string | null;
  name: string;
  country: string | null;
  aliases: Array<{ alias: string; lang: string | null }>;
  events: number;
}


type Row = { id: string; type: string | null; name: string; country: string | null; aliases: unknown; events: unknown };

const toEntity = (r: Row): EntitySummary => ({
  id: String(r.id),
  type: r.type ?? null,
  name: String(r.name),
  country: r.country ?? null,
  aliases: (typeof r.aliases === 'string' ? JSON.parse(r.aliases) : (r.aliases ?? [])) as EntitySummary['aliases'],
  events: Number(r.events ?? 0),
});

const SELECT = `SELECT en.id, en.type, en.name, en.country,
    COALESCE((SELECT jsonb_agg(jsonb_build_object('alias', a.alias, 'lang', a.lang) ORDER BY a.alias)
              FROM entity_aliases a WHERE a.entity_id = en.id), '[]'::jsonb) AS aliases,
    (SELECT count(*) FROM event_participants ep WHERE ep.key = en.id) AS events
  FROM entities en`;

/**
 * Entities whose id is `q` or one of whose aliases (any language, compared
 * by `matchKey`) contains `q`; exact alias matches first, then by event count.
 * An empty `q` lists the entities with most events.
 *
 * @example
 * await searchEntities(db, 'شي جين بينغ', 10) // [{ id: 'Q15031', name: 'Xi Jinping', aliases: [...], events: 12 }]
 */
export async function searchEntities(q: Queryable, text: string, limit: number): Promise<EntitySummary[]> {
  const lim = Math.max(1, Math.min(200, Math.floor(limit)));
  const norm = matchKey(text);
  if (!norm) {
    const rows = await q.query<Row>(`${SELECT} ORDER BY events DESC, en.id LIMIT ${lim}`);
    return rows.map(toEntity);
  }
  const rows = await q.query<Row>(
    `${SELECT}
     WHERE en.id = $1 OR EXISTS (SELECT 1 FROM entity_aliases a WHERE a.entity_id = en.id AND a.norm LIKE $2)
     ORDER BY (en.id = $1 OR EXISTS (SELECT 1 FROM entity_aliases a WHERE a.entity_id = en.id AND a.norm = $3)) DESC,
       events DESC, en.id
     LIMIT ${lim}`,
    [text.trim(), '%' + escapeLike(norm) + '%', norm],
  );
  return rows.map(toEntity);
}

/**
 * One entity by id, or null.
 *
 * @example
 * await getEntity(db, 'Q15031') // { id: 'Q15031', name: 'Xi Jinping', … }
 */
export async function getEntity(q: Queryable, id: string): Promise<EntitySummary | null> {
  const rows = await q.query<Row>(`${SELECT} WHERE en.id = $1`, [id]);
  return rows[0] ? toEntity(rows[0]) : null;
}

/** Beyond this many keys (the value itself plus entities with a matching alias), one unordered branch. */
const ENTITY_BRANCH_MAX = 32;

/**
 * The participant keys the `entity` filter value `raw` names: `raw` itself (an entity id or a
 * participant key such as `n:ada lovelace`), then the ids of the entities with an alias
 * normalizing to `norm` (its `matchKey`), without repeats. One lookup on `entity_aliases_norm_idx`.
 *
 * @example
 * await entityKeys(db, 'グレース・ホッパー', matchKey('グレース・ホッパー')) // ['グレース・ホッパー', 'Q1']
 */
export async function entityKeys(q: Queryable, raw: string, norm: string): Promise<string[]> {
  const rows = await q.query<{ entity_id: string }>(
    'SELECT DISTINCT entity_id FROM entity_aliases WHERE norm = $1 ORDER BY entity_id',
    [norm],
  );
  return [raw, ...rows.map((r) => String(r.entity_id)).filter((k) => k !== raw)];
}

/**
 * SQL for one page of an entity's timeline events, driven by the participants: one branch per
 * participant key in `keys` (from `entityKeys`) and one for the normalized name `norm`, each an
 * index range scan of `event_participants_key_date_idx` or `event_participants_norm_date_idx`
 * (migration 006) in (date_start, event_id) order joined to `events e`, filtered by `where`
 * (conditions on `e` and `ep`; date and cursor bounds on `ep.date_start`/`ep.event_id`) and
 * stopped at `n` distinct events. The branches' pages are merged, repeats dropped (an event found
 * by id and by name), and cut to `n`: each branch holds its first `n` distinct events, so the
 * merged first `n` are exact. Selects `id`, `date_start` (YYYY-MM-DD), `data`, `created_at`,
 * `updated_at`, in page order. With more than ENTITY_BRANCH_MAX keys (a name shared by that many
 * entities), the keys are one unordered branch instead. `p` binds a value and returns its placeholder.
 *
 * @example
 * entityPageSql(['Q1', 'Q7'], 'grace hopper', ['ep.date_start <= $1::date'], 'desc', 51, p)
 * // 'WITH hits AS ((SELECT ep.date_start, ep.event_id FROM event_participants ep JOIN events e … WHERE ep.key = $2 AND …
 * //    ORDER BY ep.date_start desc, ep.event_id desc LIMIT 51) UNION ALL (…) …) SELECT e.id, … FROM page JOIN events e …'
 */
export function entityPageSql(
  keys: string[],
  norm: string,
  where: string[],
  order: 'asc' | 'desc',
  n: number,
  p: (v: unknown) => string,
): string {
  const lim = Math.max(1, Math.floor(n));
  const branch = (match: string, distinct: boolean) =>
    `(SELECT ${distinct ? 'DISTINCT ' : ''}ep.date_start, ep.event_id FROM event_participants ep JOIN events e ON e.id = ep.event_id
      WHERE ${[match, ...where].join(' AND ')}
      ORDER BY ep.date_start ${order}, ep.event_id ${order} LIMIT ${lim})`;
  // (event_id, key) is the primary key: a key branch holds each event once; a name may be shared by several keys.
  const branches =
    keys.length > ENTITY_BRANCH_MAX
      ? [branch(`ep.key = ANY(${p(keys)}::text[])`, true)]
      : keys.map((k) => branch(`ep.key = ${p(k)}`, false));
  branches.push(branch(`ep.norm_name = ${p(norm)}`, true));
  return `WITH hits AS (${branches.join('\n      UNION ALL ')}),
    page AS (SELECT DISTINCT h.date_start, h.event_id FROM hits h ORDER BY h.date_start ${order}, h.event_id ${order} LIMIT ${lim})
    SELECT e.id, to_char(e.date_start, 'YYYY-MM-DD') AS date_start, e.data, e.created_at, e.updated_at
    FROM page JOIN events e ON e.id = page.event_id
    ORDER BY page.date_start ${order}, page.event_id ${order}`;
}
