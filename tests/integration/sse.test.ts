/**
 * The live stream across processes: a writer store and an API store (two
 * connection pools on one PostgreSQL schema, as a worker and the API process
 * would have) — created, updated and deleted events reach an SSE client, and
 * a client that reconnects with Last-Event-ID gets exactly what it missed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openStore } from '../../src/store/open-store.js';
import type { PgStore } from '../../src/store/pg-store.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../helpers/services.js';
import { makeApp, makeResult, makeStory } from '../unit/http/helpers.js';

interface SseMessage {
  id: string;
  event: string;
  data: { id: string; op: string; eventId: string; event: { id: string; title: string; sources: unknown[] } | null };
}

/** A minimal SSE reader over fetch: collects messages until `until` holds or the time runs out. */
async function readStream(url: string, opts: { lastEventId?: string; until: (msgs: SseMessage[]) => boolean; timeoutMs?: number; onOpen?: () => Promise<void> }) {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), opts.timeoutMs ?? 10_000);
  const msgs: SseMessage[] = [];
  let comments = 0;
  try {
    const res = await fetch(url, { headers: opts.lastEventId ? { 'last-event-id': opts.lastEventId } : {}, signal: ac.signal });
    if (res.status !== 200) return { status: res.status, body: await res.text(), msgs, comments, headers: res.headers };
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    let opened = false;
    while (!opts.until(msgs)) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments++;
          const m = /^(\w+): ?(.*)$/.exec(line);
          if (m) fields[m[1]!] = m[2]!;
        }
        if (fields.data) msgs.push({ id: fields.id!, event: fields.event!, data: JSON.parse(fields.data) });
      }
      if (!opened && opts.onOpen) {
        opened = true;
        await opts.onOpen();
      }
    }
    ac.abort();
    return { status: 200, body: '', msgs, comments, headers: res.headers };
  } catch (err) {
    if ((err as Error).name === 'AbortError') return { status: 200, body: '', msgs, comments, headers: new Headers(), aborted: true };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

describe('GET /api/events/stream (PostgreSQL, writer and API in separate pools)', () => {
  const schema = uniqueSchema();
  let writer: PgStore;
  let reader: PgStore;
  let app: FastifyInstance;
  let base: string;

  const s1 = makeStory('s1', 'Xi meets Putin', 'BEIJING, Dec. 2 -- Xi Jinping met Vladimir Putin and signed a deal.');
  const xi = { name: 'Xi Jinping', canonical: 'Xi Jinping', id: 'Q15031', type: 'person' as const, country: 'CHN' };
  const putin = { name: 'Vladimir Putin', canonical: 'Vladimir Putin', id: 'Q7747', type: 'person' as const, country: 'RUS' };

  beforeAll(async () => {
    writer = await openStore({ databaseUrl: TEST_DATABASE_URL, schema, poolSize: 2 });
    reader = await openStore({ databaseUrl: TEST_DATABASE_URL, schema, poolSize: 2 });
    app = await makeApp(reader, { api: { stream: { pollMs: 100, heartbeatMs: 1000, maxClients: 5 } } });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await writer?.close();
    await reader?.close();
    await dropSchema(schema);
  });

  let firstIds: string[] = [];

  it('replays the log from Last-Event-ID 0: created events with their sources', async () => {
    await writer.saveStories([s1]);
    await writer.saveResult(
      makeResult(s1, [
        { kind: 'meeting', title: 'Xi meets Putin', value: '2019-12-02', grain: 'day', participants: [xi, putin] },
        { kind: 'agreement', title: 'Deal signed', value: '2019-12-02', grain: 'day', participants: [xi, putin] },
      ]),
    );
    const r = await readStream(`${base}/api/events/stream`, { lastEventId: '0', until: (m) => m.length >= 2 });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(r.msgs.map((m) => m.event)).toEqual(['created', 'created']);
    expect(r.msgs.map((m) => m.data.event!.title).sort()).toEqual(['Deal signed', 'Xi meets Putin']);
    expect(r.msgs[0]!.data.event!.sources).toHaveLength(1);
    expect(Number(r.msgs[1]!.id)).toBeGreaterThan(Number(r.msgs[0]!.id));
    for (const m of r.msgs) expect(m.data.id).toBe(m.id);
    firstIds = r.msgs.map((m) => m.id);
  });

  it('resumes after Last-Event-ID with exactly the changes it missed, in order', async () => {
    // While the client is away: the story is reprocessed (the deal is gone, the meeting changes)…
    await writer.saveResult(makeResult({ ...s1, contentHash: 'v2' }, [{ kind: 'meeting', title: 'Xi meets Putin in Beijing', value: '2019-12-02', grain: 'day', participants: [xi, putin], location: { name: 'Beijing' } }]));
    // …and another story reports a new event.
    const s2 = makeStory('s2', 'Call', 'MOSCOW -- Putin called Xi.');
    await writer.saveStories([s2]);
    await writer.saveResult(makeResult(s2, [{ kind: 'call', title: 'Putin calls Xi', value: '2019-12-10', grain: 'day', participants: [putin, xi] }]));

    const last = firstIds.at(-1)!;
    const r = await readStream(`${base}/api/events/stream`, { lastEventId: last, until: (m) => m.length >= 3, timeoutMs: 8000 });
    expect(r.msgs.map((m) => [m.event, m.data.event?.title ?? null])).toEqual([
      ['updated', 'Xi meets Putin in Beijing'],
      ['deleted', null],
      ['created', 'Putin calls Xi'],
    ]);
    expect(r.msgs.every((m) => BigInt(m.id) > BigInt(last))).toBe(true);
    expect(r.msgs.some((m) => firstIds.includes(m.id))).toBe(false);
    // The query parameter works too (EventSource's first connection cannot send the header).
    const q = await readStream(`${base}/api/events/stream?lastEventId=${r.msgs[1]!.id}`, { until: (m) => m.length >= 1 });
    expect(q.msgs.map((m) => m.data.event?.title)).toEqual(['Putin calls Xi']);
  });

  it('pushes live changes written by the other pool to a connected client', async () => {
    const s3 = makeStory('s3', 'Visit', 'GENEVA -- Xi visited Geneva.');
    const r = await readStream(`${base}/api/events/stream`, {
      until: (m) => m.length >= 1,
      onOpen: async () => {
        await writer.saveStories([s3]);
        await writer.saveResult(makeResult(s3, [{ kind: 'visit', title: 'Xi visits Geneva', value: '2019-12-20', grain: 'day', participants: [xi] }]));
      },
    });
    // Without Last-Event-ID the stream starts at the head: nothing older is replayed.
    expect(r.msgs.map((m) => [m.event, m.data.event?.title])).toEqual([['created', 'Xi visits Geneva']]);
  });

  it('sends heartbeats while idle, and refuses a malformed Last-Event-ID', async () => {
    const idle = await readStream(`${base}/api/events/stream`, { until: () => false, timeoutMs: 2500 });
    expect(idle.msgs).toEqual([]);
    expect(idle.comments).toBeGreaterThanOrEqual(2); // the opening comment and at least one ping
    const bad = await readStream(`${base}/api/events/stream`, { lastEventId: 'abc', until: () => true });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('TL_ERR_BAD_PARAM');
  });
});

describe('event change log on PGlite', () => {
  it('records created, updated and deleted in order, and prunes by age', async () => {
    const store = await openStore({ memory: true });
    try {
      const s = makeStory('p1', 'P', 'Text of p1.');
      await store.saveStories([s]);
      await store.saveResult(makeResult(s, [{ kind: 'visit', title: 'A visit', value: '2019-01-02', grain: 'day' }]));
      await store.saveResult(makeResult({ ...s, contentHash: 'v2' }, [{ kind: 'visit', title: 'A visit, renamed', value: '2019-01-02', grain: 'day' }]));
      // Reprocessing with identical output changes nothing and logs nothing.
      await store.saveResult(makeResult({ ...s, contentHash: 'v2' }, [{ kind: 'visit', title: 'A visit, renamed', value: '2019-01-02', grain: 'day' }]));
      await store.saveResult(makeResult({ ...s, contentHash: 'v3' }, []));
      const changes = await store.listEventChanges('0', 100);
      expect(changes.map((c) => c.op)).toEqual(['created', 'updated', 'deleted']);
      expect(new Set(changes.map((c) => c.eventId)).size).toBe(1);
      expect(await store.lastEventChangeId()).toBe(changes[2]!.id);
      expect(await store.listEventChanges(changes[0]!.id, 100)).toHaveLength(2);
      expect(await store.pruneEventChanges(3600)).toBe(0);
    } finally {
      await store.close();
    }
  });
});
