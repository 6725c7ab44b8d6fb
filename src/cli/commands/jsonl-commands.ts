import { extractEvents } from '../../stages/extract-events.js';
import { storyFromText } from '../../stages/fetch-feed.js';
import { normalizeStory } from '../../stages/normalize-story.js';
import { isoInstantField, runJsonl, stringField } from '../jsonl.js';

function storyOf(obj: Record<string, unknown>, publishedKey: 'ref' | 'published') {
  const text = stringField(obj, 'text', true);
  const id = obj.id === undefined || obj.id === null ? null : String(obj.id);
  const lang = stringField(obj, 'lang');
  if (lang !== null && !/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(lang)) throw new Error('"lang" must be an ISO 639-1 code such as ar or en');
  return storyFromText({
    text,
    id,
    title: stringField(obj, 'title'),
    url: stringField(obj, 'url'),
    lang,
    published: isoInstantField(obj, publishedKey),
    source: 'jsonl',
  });
}

/** `timeline dates --jsonl`: {"id","lang"?,"text","ref"?} → {"id","dates":[...]} */
export async function datesCommand(): Promise<void> {
  await runJsonl(process.stdin, process.stdout, (obj) => {
    const n = normalizeStory(storyOf(obj, 'ref'));
    return { id: obj.id ?? null, dates: n.dates };
  });
}

/** `timeline extract --jsonl`: {"id","lang"?,"text","published"?,"url"?,"title"?} → {"id","lang","dateline","dates","events"} */
export async function extractCommand(): Promise<void> {
  await runJsonl(process.stdin, process.stdout, (obj) => {
    const n = normalizeStory(storyOf(obj, 'published'));
    const events = extractEvents(n);
    return { id: obj.id ?? null, lang: n.lang, dateline: n.dateline, dates: n.dates, events };
  });
}
