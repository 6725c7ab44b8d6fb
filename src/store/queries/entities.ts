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

/**
 * SQL selecting the ids of the events an entity takes part in, for the
 * `entity` filter of the events API: participants whose key is the raw value
 * (an entity id or a participant key), whose normalized name is `norm`, or
 * whose entity has an alias normalizing to `norm`. Each branch is an index
 * lookup (`event_participants_key_event_idx`, `event_participants_norm_event_idx`,
 * `entity_aliases_norm_idx`); `rawP` and `normP` are bound placeholders.
 * With `limitEach`, each branch stops at that many rows and duplicates are
 * kept (UNION ALL): for cheap bounded counts.
 *
 * @example
 * entityEventIdsSql('$1', '$2')
 * // '(SELECT ep.event_id FROM event_participants ep WHERE ep.key = $1) UNION (SELECT … ep.norm_name = $2) UNION …'
 */
export function entityEventIdsSql(rawP: string, normP: string, limitEach?: number): string {
  const u = limitEach ? 'UNION ALL' : 'UNION';
  const lim = limitEach ? ` LIMIT ${Math.floor(limitEach)}` : '';
  // In index order, so a bounded count reads the index (not a sequential scan of a popular key).
  const by = (col: string) => (limitEach ? ` ORDER BY ep.${col}, ep.event_id` : '');
  return `(SELECT ep.event_id FROM event_participants ep WHERE ep.key = ${rawP}${by('key')}${lim})
      ${u} (SELECT ep.event_id FROM event_participants ep WHERE ep.norm_name = ${normP}${by('norm_name')}${lim})
      ${u} (SELECT ep.event_id FROM entity_aliases ea JOIN event_participants ep ON ep.key = ea.entity_id WHERE ea.norm = ${normP}${lim})`;
}

/**
 * Whether the entity named by `raw` (id, participant key, name or alias;
 * `norm` is its `matchKey`) takes part in at most `max` events, counted with
 * a LIMIT in each branch so a popular entity costs at most `max + 1` rows a
 * branch (index-only once the visibility map is set by (auto)vacuum).
 * Decides the plan of the entity filter: few events are resolved first and
 * sorted; many are found by walking events in date order.
 *
 * @example
 * await entityHasAtMost(db, 'Official 177 Ivanov', 'official 177 ivanov', 2000) // true (58 events)
 * await entityHasAtMost(db, 'Q15031', 'q15031', 2000) // false (38,271 events)
 */
export async function entityHasAtMost(q: Queryable, raw: string, norm: string, max: number): Promise<boolean> {
  const rows = await q.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM (${entityEventIdsSql('$1', '$2', Math.floor(max) + 1)}) x`,
    [raw, norm],
  );
  return Number(rows[0]?.n ?? 0) <= max;
}
