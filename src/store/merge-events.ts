import { createHash } from 'node:crypto';
import type { Participant, TimelineEvent } from '../types.js';
import { matchKey } from '../text/match-key.js';

/** The key a participant is matched on across stories and languages. */
export function participantKey(p: Participant): string {
  if (p.id) return p.id;
  return `n:${matchKey(p.canonical ?? p.name)}`;
}

/** Kinds identified by the country they happen in or concern, whoever else a story names. */
const COUNTRY_KEYED = new Set<string>(['anniversary', 'attack', 'protest', 'disaster']);

/**
 * The participants that identify an event across stories: editions differ in
 * the extras they name (the country of a meeting, the speaker next to an
 * anniversary, the organization that ran an election), not in its core.
 * Countries for anniversaries, attacks, protests and disasters; else the
 * persons; else everyone. Untyped participants (older data) all count.
 *
 * @example
 * coreParticipants({ kind: 'anniversary', participants: [xi, china, russia] }) // [china, russia]
 * coreParticipants({ kind: 'meeting', participants: [xi, patrushev, china] })   // [xi, patrushev]
 */
export function coreParticipants(e: Pick<TimelineEvent, 'kind' | 'participants'>): Participant[] {
  const ps = e.participants;
  if (ps.some((p) => p.type === undefined)) return ps;
  const countries = ps.filter((p) => p.type === 'country');
  if (COUNTRY_KEYED.has(e.kind) && countries.length) return countries;
  const persons = ps.filter((p) => p.type === 'person');
  return persons.length ? persons : ps;
}

/**
 * The id of the timeline event a story-level event belongs to. Two stories,
 * in any language, that report the same kind of event on the same date with
 * the same core participants (see {@link coreParticipants}) and the same
 * ordinal in a series map to one timeline event.
 *
 * @example
 * timelineEventId({ kind: 'meeting', date: { value: '2019-12-02' }, participants: [{ id: 'Q15031' }, { id: 'Q367392' }] })
 * // 'ev_…' — the same for any story and any participant order
 */
export function timelineEventId(e: Pick<TimelineEvent, 'kind' | 'date' | 'participants' | 'series'>): string {
  const parts = [...new Set(coreParticipants(e).map(participantKey))].sort();
  const key = [e.kind, e.date.value, parts.join('|'), e.series?.ordinal ?? ''].join('\u0001');
  return 'ev_' + createHash('sha256').update(key).digest('hex').slice(0, 24);
}

function mergeParticipants(list: Participant[][]): Participant[] {
  const out = new Map<string, Participant>();
  for (const ps of list) {
    for (const p of ps) {
      const k = participantKey(p);
      const prev = out.get(k);
      if (!prev) out.set(k, { ...p });
      else {
        // Keep the first surface form; fill what the earlier source lacked.
        for (const f of ['canonical', 'id', 'role', 'title', 'country', 'type'] as const) {
          if (prev[f] === undefined && p[f] !== undefined) (prev as unknown as Record<string, unknown>)[f] = p[f];
        }
      }
    }
  }
  return [...out.values()];
}

/**
 * Merges the story-level reports of one real-world event into the timeline
 * event consumers see. The most confident report gives title, date and
 * location; participants and evidence are unioned; confidence grows with
 * independent sources.
 */
export function mergeReports(id: string, reports: TimelineEvent[]): TimelineEvent {
  if (reports.length === 0) throw new Error('mergeReports needs at least one report');
  const sorted = [...reports].sort((a, b) => b.confidence - a.confidence || a.id.localeCompare(b.id));
  const best = sorted[0]!;
  const evidence = sorted.flatMap((r) => r.evidence);
  const seen = new Set<string>();
  const uniqueEvidence = evidence.filter((ev) => {
    const k = `${ev.storyId}:${ev.start}:${ev.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const stories = new Set(uniqueEvidence.map((e) => e.storyId)).size;
  const miss = sorted.reduce((acc, r) => acc * (1 - Math.min(0.99, Math.max(0, r.confidence))), 1);
  const confidence = stories > 1 ? Math.min(0.99, 1 - miss) : best.confidence;
  const merged: TimelineEvent = {
    ...best,
    id,
    participants: mergeParticipants(sorted.map((r) => r.participants)),
    evidence: uniqueEvidence,
    confidence: Math.round(confidence * 1000) / 1000,
  };
  if (!merged.location) {
    const withLoc = sorted.find((r) => r.location);
    if (withLoc?.location) merged.location = withLoc.location;
  }
  return merged;
}
