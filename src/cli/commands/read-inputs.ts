import { fetchFeed, readLocalInput } from '../../stages/fetch-feed.js';
import type { Story } from '../../types.js';
import type { AppConfig } from '../../config/index.js';

export const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** Reads the stories of one CLI input: a local file (text, HTML, feed) or an http(s) URL. */
export async function readInput(source: string, config: AppConfig, opts: { lang?: string | null; zone?: string | null }): Promise<Story[]> {
  if (isUrl(source)) {
    const res = await fetchFeed(
      { url: source, lang: opts.lang ?? null, zone: opts.zone ?? null },
      config.fetch,
    );
    return res.stories;
  }
  return readLocalInput(source, { lang: opts.lang ?? null, zone: opts.zone ?? null });
}
