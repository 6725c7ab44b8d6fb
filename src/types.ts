/**
 * The shapes that flow between the pipeline stages, the store and the API.
 * Every stage is a pure function over these types; nothing here knows Redis.
 */

/** How a story came in. */
export type StorySource = 'feed' | 'file' | 'url' | 'jsonl' | 'sample';

/** A raw story as read from a feed, a file or a JSON line. */
export interface Story {
  /** Stable id: derived from the canonical URL, else the guid, else the content hash. */
  id: string;
  feedId: string | null;
  url: string | null;
  guid: string | null;
  title: string | null;
  /** ISO 8601 with offset, or null when unknown or unparseable. */
  published: string | null;
  /** The date string exactly as the source gave it. */
  publishedRaw: string | null;
  /** ISO 639-1 code when known (from feed config, JSON or detection). */
  lang: string | null;
  /** Plain text body (HTML already reduced). */
  text: string;
  /** sha256 hex of the normalized title + text. */
  contentHash: string;
  source: StorySource;
  /** Zone configured for the feed, used for naive timestamps and as a fallback reference zone. */
  zone?: string | null;
}

export type Grain =
  | 'minute'
  | 'hour'
  | 'day'
  | 'week'
  | 'month'
  | 'quarter'
  | 'season'
  | 'half'
  | 'year'
  | 'decade'
  | 'century';

export type TemporalMod = 'START' | 'MID' | 'END' | 'APPROX' | 'BEFORE' | 'AFTER';

/** One temporal expression found in a text, normalized to a TIMEX3 value. */
export interface TemporalExpression {
  /** The exact substring `text.slice(start, end)`. */
  text: string;
  /** JS string offsets (UTF-16 code units). */
  start: number;
  end: number;
  /** TIMEX3 value: 2019-12-02, 2019-12, 2019, 2019-W48, 2019-Q3, 199, 2019-12-02T15:30 */
  value: string;
  grain: Grain;
  mod?: TemporalMod;
  /** For intervals such as "2–5 December": inclusive bounds as TIMEX3 values. */
  range?: { from: string; to: string };
  /** Other readings where the text is genuinely ambiguous. */
  alternatives?: Array<{ value: string; grain: Grain; reason?: string }>;
  /** Diagnostics such as `weekday-mismatch`. */
  flags?: string[];
  /** Whether this expression is the story's dateline. */
  role?: 'dateline' | 'body';
}

/** The dateline at the head of a wire story: "بكين 2 ديسمبر 2019 (شينخوا)". */
export interface Dateline {
  text: string;
  start: number;
  end: number;
  /** Place as written. */
  place: string | null;
  /** Canonical English name of the place when the gazetteer knows it. */
  placeCanonical?: string | null;
  /** ISO 3166-1 alpha-3 of the place when known. */
  country?: string | null;
  /** Local calendar date, YYYY-MM-DD, when the dateline carries one. */
  date: string | null;
  agency: string | null;
  /** IANA zone of the place when known. */
  zone: string | null;
}

export interface Reference {
  /** The instant relative expressions resolve against (ISO 8601 with offset). */
  instant: string | null;
  /** IANA zone (or fixed offset like +08:00) that "today" is read in. */
  zone: string;
  /** Local calendar date of the reference in `zone`. */
  date: string | null;
  basis: 'published' | 'dateline' | 'none';
}

export interface Sentence {
  start: number;
  end: number;
}

/** The output of `normalizeStory`. */
export interface NormalizedStory {
  story: Story;
  lang: string;
  dateline: Dateline | null;
  reference: Reference;
  dates: TemporalExpression[];
  sentences: Sentence[];
}

export const EVENT_KINDS = [
  'meeting',
  'visit',
  'call',
  'agreement',
  'statement',
  'anniversary',
  'conference',
  'election',
  'appointment',
  'attack',
  'protest',
  'disaster',
  'legal',
  'aid',
  'sanction',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface Participant {
  /** Surface form as written in the story. */
  name: string;
  /** Canonical English name from the gazetteer. */
  canonical?: string;
  /** Stable entity id (Wikidata QID where known, else a slug). */
  id?: string;
  role?: string;
  /** Title or office as parsed, in English where known. */
  title?: string;
  /** ISO 3166-1 alpha-3. */
  country?: string;
  type?: 'person' | 'organization' | 'country' | 'place';
}

export interface Evidence {
  storyId: string;
  text: string;
  start: number;
  end: number;
}

export interface EventDate {
  /** TIMEX3 value. */
  value: string;
  grain: Grain;
  text?: string;
  basis: 'expression' | 'dateline' | 'published' | 'computed';
  mod?: TemporalMod;
}

/** The event shape every consumer sees. */
export interface TimelineEvent {
  id: string;
  kind: EventKind;
  title: string;
  date: EventDate;
  participants: Participant[];
  location?: { name: string; canonical?: string; country?: string; venue?: string };
  series?: { name?: string; ordinal?: number; originYear?: number };
  evidence: Evidence[];
  confidence: number;
  codes?: { plover?: string; cameo?: string; mode?: string };
  planned?: boolean;
  lang?: string;
}

/** What the store stage receives for one story. */
/** Why a story yielded no event (the recall ledger). */
export type NoEventReason =
  | 'no-trigger'
  | 'no-date'
  | 'negated-or-hypothetical'
  | 'duplicate'
  | 'unsupported-language'
  | 'parse-error';

/** What the extractor saw in one story, beyond the events it kept. */
export interface ExtractionDiagnostics {
  /** Event triggers matched in the text (before any filtering). */
  triggers: number;
  /** Candidates dropped as negated or hypothetical. */
  negatedOrHypothetical: number;
  /** Candidates dropped for want of a resolvable date. */
  undated: number;
  /** Candidates merged into another event of the same story. */
  duplicates: number;
}

export interface StoryResult {
  normalized: NormalizedStory;
  events: TimelineEvent[];
  /** Version stamp of the extractor that produced `events`. */
  extractorVersion: string;
  /** Extractor diagnostics, when the extractor reported them (feeds the recall ledger). */
  diagnostics?: ExtractionDiagnostics;
}
