/**
 * Out of the box: the first start seeds an empty store from the bundled
 * samples, with no network, and the same event told in three languages is
 * one timeline event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { sampleFiles, seedIfEmpty } from '../../src/runtime/seed.js';
import { openStore } from '../../src/store/open-store.js';
import type { PgStore } from '../../src/store/pg-store.js';

const SAMPLES = new URL('../../samples/', import.meta.url).pathname;

describe('first-start seed from samples/', () => {
  let store: PgStore;
  beforeAll(async () => {
    store = await openStore({ memory: true });
  });
  afterAll(async () => store?.close());

  it('ingests every sample into an empty store, once', async () => {
    const files = sampleFiles([SAMPLES, '/no/such/dir']);
    expect(files.length).toBeGreaterThanOrEqual(8);
    const first = await seedIfEmpty(store, [SAMPLES], silentLogger());
    expect(first).toMatchObject({ seeded: true, stories: files.length });
    expect(first.events).toBeGreaterThan(0);
    const again = await seedIfEmpty(store, [SAMPLES], silentLogger());
    expect(again.seeded).toBe(false);
    expect(await store.countStories()).toBe(files.length);
  });

  it('merges the Xi–Putin talks told in English, Russian and Arabic into one event', async () => {
    const { events } = await store.listEvents({ from: '2023-03-21', to: '2023-03-21', kind: ['meeting'], entity: 'Vladimir Putin' });
    const talks = events.filter((e) => {
      const names = e.participants.map((p) => p.canonical ?? p.name);
      return names.includes('Xi Jinping') && names.includes('Vladimir Putin');
    });
    expect(talks).toHaveLength(1);
    expect(talks[0]!.sources.map((s) => s.lang).sort()).toEqual(['ar', 'en', 'ru']);
  });
});
