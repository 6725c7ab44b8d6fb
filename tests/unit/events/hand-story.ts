/**
 * Hand-made NormalizedStory fixtures for extractor tests: the dates are given
 * by their text, located in order, so the extractor runs without the normalizer.
 */
import type { Grain, NormalizedStory, TemporalExpression, TimelineEvent } from '../../../src/types.js';

/**
 * A NormalizedStory whose `dates` are found by their text in `text`, in order.
 * `opts.basis` says where the reference date `refDate` came from (ignored when
 * it is null); `opts.dateline` is the story's dateline (none by default).
 * @throws Error when a date's text is not in `text` after the previous one.
 */
export function handStory(
  id: string,
  lang: string,
  text: string,
  refDate: string | null,
  dates: Array<[string, string, Grain]> = [],
  opts: { basis?: 'published' | 'dateline'; dateline?: NormalizedStory['dateline'] } = {},
): NormalizedStory {
  const { basis = 'published', dateline = null } = opts;
  const exprs: TemporalExpression[] = [];
  let from = 0;
  for (const [t, value, grain] of dates) {
    const k = text.indexOf(t, from);
    if (k < 0) throw new Error(`fixture: ${t} not in text`);
    exprs.push({ text: t, start: k, end: k + t.length, value, grain });
    from = k + t.length;
  }
  return {
    story: { id, feedId: null, url: null, guid: null, title: null, published: null, publishedRaw: null, lang, text, contentHash: 'x', source: 'sample' },
    lang,
    dateline,
    reference: { instant: null, zone: 'UTC', date: refDate, basis: refDate ? basis : 'none' },
    dates: exprs,
    sentences: [],
  };
}

export const names = (e: TimelineEvent) => e.participants.map((p) => p.canonical ?? p.name);
export const ofKind = (evs: TimelineEvent[], k: string) => evs.filter((e) => e.kind === k);
