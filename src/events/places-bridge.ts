/**
 * Optional bridge to the place gazetteer (src/gazetteer/places.ts, owned by the
 * date normalizer). Loaded dynamically so the extractor works before it exists.
 */

/** The subset of a Place the extractor uses. */
export interface PlaceLike {
  id: string;
  name: string;
  country?: string | null;
}

export type FindPlaceMentions = (text: string) => Array<{ start: number; end: number; place: PlaceLike }>;

let finder: FindPlaceMentions | null = null;
try {
  const spec = '../gazetteer/places.js';
  const mod = (await import(/* @vite-ignore */ spec)) as { findPlaceMentions?: unknown };
  if (typeof mod.findPlaceMentions === 'function') finder = mod.findPlaceMentions as FindPlaceMentions;
} catch {
  finder = null;
}

/**
 * Places named in `text`, or [] when the place gazetteer is unavailable.
 *
 * @example
 * findPlaces('في قاعة الشعب الكبرى في بكين') // [{ start: 25, end: 29, place: { name: 'Beijing', ... } }]
 */
export function findPlaces(text: string): Array<{ start: number; end: number; place: PlaceLike }> {
  if (!finder || typeof text !== 'string' || !text) return [];
  try {
    const r = finder(text);
    return Array.isArray(r) ? r : [];
  } catch {
    return [];
  }
}

/** Whether the place gazetteer was found. */
export const placesAvailable: boolean = finder !== null;
