-- wire-timeline schema, version 3: the event change log.
-- One row per created, updated or deleted timeline event, written in the same
-- transaction as the event itself. The bigserial id orders changes across
-- processes: the live stream (SSE) and the webhook dispatcher read it by id,
-- and SSE clients resume from it with Last-Event-ID.

CREATE TABLE event_changes (
  id       bigserial PRIMARY KEY,
  event_id text NOT NULL,
  op       text NOT NULL CHECK (op IN ('created', 'updated', 'deleted')),
  at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_changes_at_idx ON event_changes (at);

-- Filters of the events API that read the merged event document.
CREATE INDEX events_confidence_idx ON events (confidence);
CREATE INDEX stories_lang_idx ON stories (lang);
