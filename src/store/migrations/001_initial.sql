-- wire-timeline schema, version 1.
-- Raw stories are kept forever; extraction tables are replaced per story.

CREATE TABLE feeds (
  id                   text PRIMARY KEY,
  url                  text NOT NULL,
  lang                 text,
  zone                 text,
  enabled              boolean NOT NULL DEFAULT true,
  etag                 text,
  last_modified        text,
  last_fetch_at        timestamptz,
  last_success_at      timestamptz,
  status               text,
  last_error           text,
  consecutive_failures integer NOT NULL DEFAULT 0,
  items_last_poll      integer,
  next_run_at          timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stories (
  id                text PRIMARY KEY,
  feed_id           text,
  url               text,
  guid              text,
  title             text,
  lang              text,
  published_at      timestamptz,
  published_raw     text,
  raw_text          text NOT NULL,
  content_hash      text NOT NULL,
  source            text NOT NULL,
  first_seen_at     timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  processed_at      timestamptz,
  processed_hash    text,
  extractor_version text,
  detected_lang     text,
  dateline          jsonb,
  reference         jsonb
);
CREATE INDEX stories_feed_idx ON stories (feed_id, first_seen_at);
CREATE INDEX stories_url_idx ON stories (url);

-- Every distinct content a story has had, kept forever.
CREATE TABLE story_versions (
  story_id     text NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  content_hash text NOT NULL,
  title        text,
  raw_text     text NOT NULL,
  seen_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (story_id, content_hash)
);

CREATE TABLE temporal_expressions (
  story_id     text NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  idx          integer NOT NULL,
  start_offset integer NOT NULL,
  end_offset   integer NOT NULL,
  text         text NOT NULL,
  value        text NOT NULL,
  grain        text NOT NULL,
  mod          text,
  role         text,
  data         jsonb NOT NULL,
  PRIMARY KEY (story_id, idx)
);

CREATE TABLE entities (
  id         text PRIMARY KEY,
  type       text,
  name       text NOT NULL,
  country    text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE entity_aliases (
  entity_id text NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  norm      text NOT NULL,
  alias     text NOT NULL,
  lang      text,
  PRIMARY KEY (entity_id, norm)
);
CREATE INDEX entity_aliases_norm_idx ON entity_aliases (norm);

-- Timeline events: one row per real-world event, merged across stories.
CREATE TABLE events (
  id          text PRIMARY KEY,
  kind        text NOT NULL,
  title       text NOT NULL,
  date_value  text NOT NULL,
  date_grain  text NOT NULL,
  date_start  date NOT NULL,
  date_end    date NOT NULL,
  confidence  real NOT NULL,
  data        jsonb NOT NULL,
  search      text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_date_idx ON events (date_start, id);
CREATE INDEX events_kind_date_idx ON events (kind, date_start, id);

-- Which story reported which event, with the story-level extraction and evidence spans.
CREATE TABLE event_sources (
  event_id       text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  story_id       text NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  story_event_id text NOT NULL,
  sentence_start integer,
  sentence_end   integer,
  evidence       jsonb NOT NULL,
  data           jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, story_id, story_event_id)
);
CREATE INDEX event_sources_story_idx ON event_sources (story_id);

-- Participants of timeline events, by entity id or by normalized surface name.
CREATE TABLE event_participants (
  event_id  text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  key       text NOT NULL,
  norm_name text NOT NULL,
  role      text,
  PRIMARY KEY (event_id, key)
);
CREATE INDEX event_participants_key_idx ON event_participants (key);
CREATE INDEX event_participants_norm_idx ON event_participants (norm_name);
