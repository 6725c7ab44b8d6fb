import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { ingestInline } from '../pipeline/process-story.js';
import { readLocalInput } from '../stages/fetch-feed.js';
import type { TimelineStore } from '../store/store.js';
import type { Story } from '../types.js';

const SEED_FILE = /\.(txt|html?|xml|rss|atom)$/i;

/** Lists the sample files under `paths` (files or folders; missing ones are skipped). */
export function sampleFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) continue;
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) if (SEED_FILE.test(f)) out.push(join(p, f));
    } else out.push(p);
  }
  return out;
}

/**
 * On first start (no stories stored yet) ingests the bundled sample stories
 * inline, so a fresh install shows a populated timeline with no network.
 */
export async function seedIfEmpty(store: TimelineStore, paths: string[], logger: Logger): Promise<{ seeded: boolean; stories: number; events: number }> {
  if ((await store.countStories()) > 0) return { seeded: false, stories: 0, events: 0 };
  const stories: Story[] = [];
  for (const file of sampleFiles(paths)) {
    try {
      stories.push(...(await readLocalInput(file)).map((s) => ({ ...s, source: 'sample' as const })));
    } catch (err) {
      logger.warn({ file, error: { message: (err as Error).message } }, 'sample could not be read');
    }
  }
  const report = await ingestInline(store, stories);
  for (const f of report.failed) logger.warn({ storyId: f.storyId, error: { message: f.error } }, 'sample story failed');
  logger.info({ stories: report.stories, events: report.events }, 'seeded the store from bundled samples');
  return { seeded: true, stories: report.stories, events: report.events };
}
