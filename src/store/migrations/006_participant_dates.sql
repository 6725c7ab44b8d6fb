-- Entity timelines read in date order from the participants alone (issue 7, part 3).

-- Each participant row carries its event's start day (events.date_start, the merged event's
-- timexBounds(date.value).start), written with the row by src/store/queries/participants.ts
-- writeParticipants. An entity's page is then one index range scan in (date_start, event_id)
-- order per key or normalized name, whatever the entity's size (src/store/queries/entities.ts).
ALTER TABLE event_participants ADD COLUMN date_start date;
UPDATE event_participants ep SET date_start = e.date_start FROM events e WHERE e.id = ep.event_id;
-- Rows of events that no longer exist (none are expected: the foreign key cascades).
DELETE FROM event_participants WHERE date_start IS NULL;
ALTER TABLE event_participants ALTER COLUMN date_start SET NOT NULL;

CREATE INDEX event_participants_key_date_idx ON event_participants (key, date_start, event_id);
CREATE INDEX event_participants_norm_date_idx ON event_participants (norm_name, date_start, event_id);
-- Same leading column as the new ones: entity event counts (key = …) read those instead.
DROP INDEX event_participants_key_event_idx;
DROP INDEX event_participants_norm_event_idx;

-- The trigram index on events.search for `q=` (pg_trgm) is created after this file by
-- PgStore.migrate (ensureSearchIndex in src/store/queries/search-index.ts): the extension is
-- per database and may not be creatable (privileges), and the store must work without it.
