import { resolveLanguage } from '../../dates/index.js';
import { commandContext } from './context.js';
import { readInput } from './read-inputs.js';

/** `timeline feed <file|url> --json`: the stories as the pipeline reads them. */
export async function feedCommand(source: string, opts: { json?: boolean; lang?: string; zone?: string }): Promise<void> {
  const { config } = commandContext();
  const stories = await readInput(source, config, { lang: opts.lang ?? null, zone: opts.zone ?? null });
  for (const s of stories) {
    const row = {
      id: s.id,
      url: s.url,
      title: s.title,
      published: s.published,
      publishedRaw: s.publishedRaw,
      lang: s.text || s.title ? resolveLanguage(s.lang, `${s.title ?? ''}\n${s.text}`) : s.lang,
      text: s.text,
    };
    if (opts.json) process.stdout.write(JSON.stringify(row) + '\n');
    else process.stdout.write(`${row.published ?? '(no date)'}  [${row.lang ?? '?'}]  ${row.title ?? '(untitled)'}\n    ${row.url ?? row.id}\n`);
  }
  if (!opts.json) process.stdout.write(`${stories.length} stories\n`);
}
