import { matchKey } from '../../text/match-key.js';
import type { Queryable } from '../db.js';

/** An entity with the surface forms seen for it and how many timeline events it takes part in. */
export interface EntitySummary {
  id: string;
  type: string | null;
  name: string;
  country: string | null;
  aliases: Array<{ alias: string; lang: string | null }>;
  events: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

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
