import type { Story, StoryResult, TimelineEvent, TemporalExpression, Dateline } from '../types.js';

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
  /** Idempotent upsert of one story's full extraction: replaces the previous one. */
  saveResult(result: StoryResult): Promise<{ eventIds: string[] }>;
  getStory(id: string): Promise<StoredStory | null>;
  countStories(): Promise<number>;
  listEvents(query: EventQuery): Promise<EventPage>;
  getEvent(id: string): Promise<StoredEvent | null>;
  countEvents(): Promise<number>;
  /** Liveness check of the database connection. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
