import { createHash } from 'node:crypto';
import { pino } from 'pino';
import type { EventKind, Participant, Story, StoryResult, TimelineEvent } from '../../../src/types.js';
import type { TimelineStore } from '../../../src/store/store.js';
import { openStore } from '../../../src/store/open-store.js';
import { buildApp, type AppDeps } from '../../../src/http/app.js';

export const silentLogger = pino({ level: 'silent' });

export function makeStory(id: string, title: string, text: string, extra: Partial<Story> = {}): Story {
  return {
    id,
    feedId: 'test-feed',
    url: `https://news.example.org/${id}`,
    guid: null,
    title,
    published: '2019-12-02T08:00:00+08:00',
    publishedRaw: 'Mon, 02 Dec 2019 08:00:00 +0800',
    lang: 'en',
    text,
    contentHash: createHash('sha256').update(title + '\n' + text).digest('hex'),
    source: 'sample',
    ...extra,
  };
}

export interface EventSpec {
  kind: EventKind;
  title: string;
  value: string;
  grain: TimelineEvent['date']['grain'];
  participants?: Participant[];
  location?: TimelineEvent['location'];
}

export function makeResult(story: Story, specs: EventSpec[]): StoryResult {
  const events: TimelineEvent[] = specs.map((s, i) => ({
    id: `${story.id}#${i}`,
    kind: s.kind,
    title: s.title,
    date: { value: s.value, grain: s.grain, basis: 'expression' },
    participants: s.participants ?? [],
    ...(s.location ? { location: s.location } : {}),
    evidence: [{ storyId: story.id, text: story.text.slice(0, 60), start: 0, end: Math.min(60, story.text.length) }],
    confidence: 0.8,
    lang: 'en',
  }));
  return {
    normalized: {
      story,
      lang: 'en',
      dateline: null,
      reference: { instant: story.published, zone: 'Asia/Shanghai', date: '2019-12-02', basis: 'published' },
      dates: [{ text: 'Monday', start: 0, end: 6, value: '2019-12-02', grain: 'day', role: 'body' }],
      sentences: [{ start: 0, end: story.text.length }],
    },
    events,
    extractorVersion: 'test-1',
  };
}

const XI: Participant = { name: 'Xi Jinping', canonical: 'Xi Jinping', id: 'Q15031', type: 'person', country: 'CHN', title: 'President' };
const PUTIN: Participant = { name: 'Vladimir Putin', canonical: 'Vladimir Putin', id: 'Q7747', type: 'person', country: 'RUS' };
const GUTERRES: Participant = { name: 'António Guterres', id: 'Q311440', type: 'person' };

/** 14 events over 4 stories: several kinds, dates and grains, one hostile story. */
export async function seed(store: TimelineStore): Promise<{ eventIds: string[]; storyIds: string[]; hostileEventId: string; yearEventId: string }> {
  const s1 = makeStory('s1', 'Xi meets Putin', 'BEIJING, Dec. 2 (Xinhua) -- Chinese President Xi Jinping met Russian President Vladimir Putin on Monday.');
  const s2 = makeStory('s2', 'UN chief visits', 'NEW YORK, Dec. 5 -- UN Secretary-General António Guterres visited Geneva.');
  const s3 = makeStory(
    's3',
    '<script>alert("t")</script>',
    '<img src=x onerror=alert(1)> hostile text with "quotes" & ampersands',
    { url: 'javascript:alert(1)' },
  );
  const s4 = makeStory('s4', 'Anniversary', 'Marks 70 years since 1949.');
  await store.saveStories([s1, s2, s3, s4]);
  const r1 = await store.saveResult(
    makeResult(s1, [
      { kind: 'meeting', title: 'Xi Jinping meets Vladimir Putin', value: '2019-12-02', grain: 'day', participants: [XI, PUTIN], location: { name: 'Beijing', canonical: 'Beijing', country: 'CHN' } },
      { kind: 'call', title: 'Xi and Putin phone call', value: '2019-11-20', grain: 'day', participants: [XI, PUTIN] },
      { kind: 'agreement', title: 'Gas pipeline agreement signed', value: '2019-12', grain: 'month', participants: [XI, PUTIN] },
      { kind: 'statement', title: 'Joint statement issued', value: '2019-12-03', grain: 'day', participants: [XI] },
    ]),
  );
  const r2 = await store.saveResult(
    makeResult(s2, [
      { kind: 'visit', title: 'Guterres visits Geneva', value: '2019-12-05', grain: 'day', participants: [GUTERRES], location: { name: 'Geneva' } },
      { kind: 'conference', title: 'Climate conference opens', value: '2019-12-02', grain: 'day', participants: [GUTERRES] },
      { kind: 'statement', title: 'Guterres statement on climate', value: '2019-12-06', grain: 'day', participants: [GUTERRES] },
      { kind: 'aid', title: 'Aid pledged', value: '2020-01-15', grain: 'day', participants: [GUTERRES] },
      { kind: 'election', title: 'Election held', value: '2018-03-18', grain: 'day', participants: [PUTIN] },
    ]),
  );
  const r3 = await store.saveResult(
    makeResult(s3, [{ kind: 'protest', title: '<script>alert("xss")</script> & <b>bold</b>', value: '2019-12-04', grain: 'day', participants: [{ name: '<img src=x onerror=alert(2)>' }] }]),
  );
  const r4 = await store.saveResult(
    makeResult(s4, [
      { kind: 'anniversary', title: 'Founding anniversary year', value: '2019', grain: 'year', participants: [XI] },
      { kind: 'disaster', title: 'Earthquake strikes', value: '2019-10-01', grain: 'day' },
      { kind: 'legal', title: 'Court ruling', value: '2019-10-01', grain: 'day' },
      { kind: 'sanction', title: 'Sanctions imposed', value: '2019-09-10', grain: 'day', participants: [PUTIN] },
    ]),
  );
  const eventIds = [...r1.eventIds, ...r2.eventIds, ...r3.eventIds, ...r4.eventIds];
  return { eventIds, storyIds: ['s1', 's2', 's3', 's4'], hostileEventId: r3.eventIds[0]!, yearEventId: r4.eventIds[0]! };
}

export async function openSeededStore(): Promise<{ store: TimelineStore; seeded: Awaited<ReturnType<typeof seed>> }> {
  const store = await openStore({ memory: true });
  const seeded = await seed(store);
  return { store, seeded };
}

export async function makeApp(store: TimelineStore, over: Partial<AppDeps> = {}) {
  return buildApp({
    store,
    queues: [],
    auth: { adminUser: 'admin', adminPassword: null },
    logger: silentLogger,
    version: '9.9.9-test',
    ...over,
  });
}

export const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`, 'utf8').toString('base64');
