-- Backfill, reprocessing and the recall ledger (issue 8).

-- One import or reprocess run: its options, progress and summary.
CREATE TABLE runs (
  id               bigserial PRIMARY KEY,
  kind             text NOT NULL,                 -- import | reprocess
  run_key          text NOT NULL,                 -- same command and options → same key (resume)
  mode             text NOT NULL,                 -- queue | inline
  options          jsonb NOT NULL DEFAULT '{}',
  status           text NOT NULL DEFAULT 'running', -- running | interrupted | enqueued | finished | failed
  extractor_version text,
  input_complete   boolean NOT NULL DEFAULT false,  -- every input read (import) or selected story enqueued (reprocess)
  stories_total    integer,                        -- stories the run will process, once known
  stories_read     integer NOT NULL DEFAULT 0,     -- import: stories read from the inputs
  stories_new      integer NOT NULL DEFAULT 0,
  stories_changed  integer NOT NULL DEFAULT 0,
  stories_skipped  integer NOT NULL DEFAULT 0,     -- already stored and processed with the same content
  stories_queued   integer NOT NULL DEFAULT 0,     -- handed to the pipeline (queue or inline)
  stories_done     integer NOT NULL DEFAULT 0,     -- results stored
  stories_failed   integer NOT NULL DEFAULT 0,
  input_errors     integer NOT NULL DEFAULT 0,     -- unreadable files or items (no story to record)
  events_added     integer NOT NULL DEFAULT 0,
  events_removed   integer NOT NULL DEFAULT 0,
  events_changed   integer NOT NULL DEFAULT 0,
  last_error       text,
  started_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz
);
CREATE INDEX runs_key_idx ON runs (run_key, id);

-- Stories a run has finished (stored or failed): exact, idempotent accounting and resume.
CREATE TABLE run_items (
  run_id   bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  story_id text NOT NULL,
  outcome  text NOT NULL,                           -- stored | failed
  at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, story_id)
);

-- Import checkpoints: per input (a file, or a bundle entry), how far it was read.
CREATE TABLE run_checkpoints (
  run_id   bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  input    text NOT NULL,
  position bigint NOT NULL DEFAULT 0,               -- stories (JSON lines, feed items) already handed on
  done     boolean NOT NULL DEFAULT false,
  error    text,
  PRIMARY KEY (run_id, input)
);

-- The recall ledger: what each story yielded, and why nothing when nothing.
ALTER TABLE stories ADD COLUMN yield_events integer;
ALTER TABLE stories ADD COLUMN yield_reason text;
ALTER TABLE stories ADD COLUMN yield_error text;
ALTER TABLE stories ADD COLUMN yield_at timestamptz;
CREATE INDEX stories_yield_idx ON stories (yield_reason, feed_id) WHERE yield_events = 0;
CREATE INDEX stories_published_idx ON stories (published_at);
