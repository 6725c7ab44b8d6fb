import type { Story, StoryResult, TimelineEvent, TemporalExpression, Dateline } from '../types.js';
import type { EventChange } from './queries/event-changes.js';
import type { EntitySummary } from './queries/entities.js';
import type { StoreActivity } from './queries/activity.js';

export type { EventChange, EventChangeOp } from './queries/event-changes.js';
export type { EntitySummary } from './queries/entities.js';
export type { StoreActivity } from './queries/activity.js';

/** Fetch state of one configured feed, as kept in the store. */
export interface FeedState {
  id: string;
  url: string;
  lang: string | null;
  zone: string | null;
  enabled: boolean;
  etag: string | null;
  lastModified: string | null;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  status: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  itemsLastPoll: number | null;
  nextRunAt: string | null;
}

/** What a fetch attempt reports back for a feed. */
export interface FeedFetchReport {
  feedId: string;
  at: string;
  ok: boolean;
  status: string;
  error?: string | null;
  etag?: string | null;
  lastModified?: string | null;
  items?: number | null;
  nextRunAt?: string | null;
}

/** Result of saving raw stories: which ones need processing. */
export interface SaveStoriesResult {
  /** Stories never seen before. */
  created: string[];
  /** Stories whose content hash changed: they must be reprocessed. */
  changed: string[];
  /** Stories already stored with the same content hash. */
  unchanged: string[];
}

export interface StoredStory {
  id: string;
  feedId: string | null;
  url: string | null;
  guid: string | null;
  title: string | null;
  lang: string | null;
  published: string | null;
  publishedRaw: string | null;
  text: string;
  contentHash: string;
  source: string;
  firstSeenAt: string;
  updatedAt: string;
  processedAt: string | null;
  extractorVersion: string | null;
  dateline: Dateline | null;
  reference: { instant: string | null; zone: string; date: string | null; basis: string } | null;
  dates: TemporalExpression[];
  eventIds: string[];
}

export interface EventQuery {
  /** Inclusive lower bound on the event date (YYYY, YYYY-MM or YYYY-MM-DD). */
  from?: string;
  /** Inclusive upper bound on the event date. */
  to?: string;
  kind?: string[];
  /** Entity id or a name/alias in any language. */
  entity?: string;
  /** Full-text query over title, participants, location and evidence. */
  q?: string;
  /** Opaque cursor returned by a previous page. */
  cursor?: string;
  limit?: number;
  order?: 'asc' | 'desc';
  /** ISO 3166-1 alpha-3 codes: the location's or a participant's country. */
  country?: string[];
  /** A location name, canonical name or venue (case-insensitive, exact). */
  location?: string;
  /** Languages of the source stories (any source matches). */
  lang?: string[];
  /** Feed ids of the source stories (any source matches). */
  feed?: string[];
  /** Minimum merged confidence, 0..1. */
  minConfidence?: number;
}

export interface EventSource {
  storyId: string;
  storyTitle: string | null;
  storyUrl: string | null;
  lang: string | null;
  published: string | null;
  feedId: string | null;
  evidence: Array<{ text: string; start: number; end: number }>;
}

export interface StoredEvent extends TimelineEvent {
  sources: EventSource[];
  createdAt: string;
  updatedAt: string;
}

export interface EventPage {
  events: StoredEvent[];
  nextCursor: string | null;
}

/** What one story's save did to the timeline events (the run summary adds these up). */
export interface EventDiff {
  /** Timeline events that did not exist before. */
  added: number;
  /** Timeline events that no longer exist (their last source went). */
  removed: number;
  /** Timeline events whose merged content changed. */
  changed: number;
}

export interface SaveResultOptions {
  /** The import or reprocess run this save belongs to: its summary is updated in the same transaction. */
  runId?: number | null;
}

/** One story's extraction in a batch save, with the run it belongs to (if any). */
export interface SaveResultItem {
  result: StoryResult;
  runId?: number | null;
}

export type RunKind = 'import' | 'reprocess';
export type RunStatus = 'running' | 'interrupted' | 'enqueued' | 'finished' | 'failed';

/** One import or reprocess run with its summary. */
export interface RunRecord {
  id: number;
  kind: RunKind;
  runKey: string;
  mode: 'queue' | 'inline';
  options: Record<string, unknown>;
  status: RunStatus;
  extractorVersion: string | null;
  inputComplete: boolean;
  storiesTotal: number | null;
  storiesRead: number;
  storiesNew: number;
  storiesChanged: number;
  storiesSkipped: number;
  storiesQueued: number;
  storiesDone: number;
  storiesFailed: number;
  inputErrors: number;
  eventsAdded: number;
  eventsRemoved: number;
  eventsChanged: number;
  lastError: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** Counters a run adds to as it goes (all optional, default 0). */
export type RunCounters = Partial<
  Pick<RunRecord, 'storiesRead' | 'storiesNew' | 'storiesChanged' | 'storiesSkipped' | 'storiesQueued' | 'inputErrors'>
>;

/** How far one input of an import run was read. */
export interface CheckpointItem {
  input: string;
  /** Items (JSON lines, feed or wire items) already handed on. */
  position: number;
  done: boolean;
  error?: string | null;
}

/** Which stored stories a reprocess run selects. */
export interface StorySelection {
  /** Inclusive lower bound on the story's date: published, else first seen (ISO date or instant). */
  since?: string | null;
  /** Exclusive upper bound on the same date. */
  until?: string | null;
  feed?: string | null;
  lang?: string | null;
  /** Only stories whose extractor version differs from this one (or that were never processed). */
  olderThan?: string | null;
}

/** A stored raw story, as a reprocess run reads it back. */
export interface RawStoryPage {
  stories: Story[];
  /** Pass back to read the next page; null at the end. */
  nextAfter: string | null;
}

export interface LedgerQuery {
  /** `none`: stories that yielded no event; `some`: those that did; absent: every processed story. */
  yielded?: 'none' | 'some';
  reason?: string;
  feed?: string;
  limit?: number;
  /** Story id to continue after. */
  after?: string;
}

export interface LedgerStory {
  id: string;
  feedId: string | null;
  title: string | null;
  url: string | null;
  lang: string | null;
  published: string | null;
  events: number;
  reason: string | null;
  error: string | null;
  extractorVersion: string | null;
  at: string | null;
}

export interface LedgerPage {
  stories: LedgerStory[];
  nextAfter: string | null;
  /** Counts over every story matching the query (not only this page). */
  total: number;
  byFeed: Array<{ feedId: string | null; count: number }>;
  byReason: Array<{ reason: string | null; count: number }>;
}

/**
 * The timeline store. One PostgreSQL implementation backs it, on `pg` or PGlite.
 * Every write is idempotent.
 */
export interface TimelineStore {
  /** Applies pending migrations. Safe to call many times. */
  migrate(): Promise<void>;
  /** Registers configured feeds (insert or update) and marks removed ones disabled. */
  syncFeeds(feeds: Array<{ id: string; url: string; lang: string | null; zone: string | null; enabled: boolean }>): Promise<void>;
  listFeeds(): Promise<FeedState[]>;
  getFeed(id: string): Promise<FeedState | null>;
  recordFetch(report: FeedFetchReport): Promise<void>;
  /** Keeps raw stories forever; reports which are new or changed. */
  saveStories(stories: Story[]): Promise<SaveStoriesResult>;
  /**
   * Idempotent upsert of one story's full extraction: replaces the previous one, records the
   * story's yield in the recall ledger and reports what changed in the timeline events.
   */
  saveResult(result: StoryResult, opts?: SaveResultOptions): Promise<{ eventIds: string[]; diff: EventDiff }>;
  /**
   * `saveResult` for many stories in one transaction, one multi-row statement per table.
   * Results come back in input order. All or nothing: when it throws, nothing of the batch was
   * written (save the items one by one to find the one at fault).
   */
  saveResults(items: SaveResultItem[]): Promise<Array<{ eventIds: string[]; diff: EventDiff }>>;
  /** Records in the ledger that a story failed normalization or extraction for good (and counts it in its run). */
  recordStoryFailure(storyId: string, error: string, runId?: number | null): Promise<void>;
  /** Ids of the given stories that are not yet processed at their current content (or never were). */
  unprocessedStoryIds(ids: string[]): Promise<string[]>;
  /** Stored raw stories matching a selection, by id order, one page at a time. */
  selectStories(sel: StorySelection, opts: { after?: string | null; limit: number; excludeRun?: number | null }): Promise<RawStoryPage>;
  countSelectedStories(sel: StorySelection): Promise<number>;
  createRun(run: { kind: RunKind; runKey: string; mode: 'queue' | 'inline'; options: Record<string, unknown>; extractorVersion: string | null }): Promise<RunRecord>;
  /** The latest run with this key that has not read all its input (interrupted, killed or failed), if any: to resume. */
  findResumableRun(runKey: string): Promise<RunRecord | null>;
  getRun(id: number): Promise<RunRecord | null>;
  listRuns(opts?: { limit?: number; kind?: RunKind }): Promise<RunRecord[]>;
  addRunCounters(id: number, c: RunCounters): Promise<void>;
  updateRun(id: number, patch: { status?: RunStatus; inputComplete?: boolean; storiesTotal?: number | null; lastError?: string | null }): Promise<RunRecord | null>;
  /** Input checkpoints of an import run: input → { position, done }. */
  getCheckpoints(runId: number): Promise<Map<string, { position: number; done: boolean }>>;
  /** Saves input checkpoints, and the read counters of the work they cover, in one transaction. */
  saveCheckpoints(runId: number, items: CheckpointItem[], counters?: RunCounters): Promise<void>;
  /** Adds stories to a run as queued, before they are handed on; returns the ids new to the run. */
  markRunQueued(runId: number, storyIds: string[]): Promise<string[]>;
  /** The recall ledger: processed stories and what they yielded, with counts per feed and reason. */
  listLedger(query: LedgerQuery): Promise<LedgerPage>;
  getStory(id: string): Promise<StoredStory | null>;
  /** Which of these story ids are stored (one query, however many). */
  existingStoryIds(ids: string[]): Promise<string[]>;
  countStories(): Promise<number>;
  listEvents(query: EventQuery): Promise<EventPage>;
  getEvent(id: string): Promise<StoredEvent | null>;
  /** The stored events among these ids, by id (one read for the lot: the stream and webhooks). */
  getEvents(ids: string[]): Promise<Map<string, StoredEvent>>;
  countEvents(): Promise<number>;
  /** Event change log (live stream, webhooks): changes after `afterId`, oldest first. */
  listEventChanges(afterId: string, limit: number): Promise<EventChange[]>;
  /** Id of the latest event change ('0' when none). */
  lastEventChangeId(): Promise<string>;
  /** Deletes event changes older than the given age; returns how many. */
  pruneEventChanges(olderThanSeconds: number): Promise<number>;
  /** Entities by id or any alias in any language. */
  searchEntities(q: string, limit: number): Promise<EntitySummary[]>;
  getEntity(id: string): Promise<EntitySummary | null>;
  /** Totals and last-minute counts of stories and events (metrics). */
  activity(): Promise<StoreActivity>;
  /** Liveness check of the database connection. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
