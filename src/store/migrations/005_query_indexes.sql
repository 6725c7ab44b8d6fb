-- Indexes for the slow shapes of GET /api/events found by bench/api.bench.ts (issue 7).

-- The longest event span, read in one index probe by the `from` filter
-- (src/store/queries/event-filters.ts addDateRange) to bound its scan of events_date_idx.
CREATE INDEX events_span_idx ON events ((date_end - date_start));

-- The entity filter resolves an entity's event ids first (src/store/queries/entities.ts
-- entityEventIdsSql, entityHasAtMost): by participant key or normalized name, read from the
-- index alone. They replace the single-column indexes of 001 (same leading column).
CREATE INDEX event_participants_key_event_idx ON event_participants (key, event_id);
CREATE INDEX event_participants_norm_event_idx ON event_participants (norm_name, event_id);
DROP INDEX event_participants_key_idx;
DROP INDEX event_participants_norm_idx;
