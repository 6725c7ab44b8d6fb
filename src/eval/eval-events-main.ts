/**
 * `npm run eval:events -- <gold.jsonl> [--verbose] [--json]`
 *
 * Runs normalizeStory + extractEvents on every story of an events gold file
 * (shared/corpus/events/dev.jsonl format) and scores the events with the
 * corpus README's matching rule (src/eval/score-events.ts). Prints precision,
 * recall and F1 overall and per language; `--verbose` adds each story's misses
 * and false positives. The story's `ref` (its reference instant) is given to
 * the normalizer as the publication instant, else `published`.
 *
 * Exit 0 after scoring; 2 for a missing or unusable gold file or bad arguments.
 */
import { parseArgs } from 'node:util';
import { storyFromText } from '../feeds/local-input.js';
import { extractEvents } from '../stages/extract-events.js';
import { normalizeStory } from '../stages/normalize-story.js';
import type { TimelineEvent } from '../types.js';
import { EvalInputError, readEvalLines, reportSkippedLines, runEvalMain } from './eval-input-error.js';
import { parseEventsGold, scoreStory, summarize, type GoldEvent, type GoldStory, type Prf, type StoryScore } from './score-events.js';

const USAGE = 'usage: npm run eval:events -- <gold.jsonl> [--verbose] [--json]';

/** Runs the pipeline's normalize + extract stages on one gold story. */
function systemEvents(g: GoldStory): { lang: string; events: TimelineEvent[] } {
  const story = storyFromText({
    text: g.text,
    id: g.id,
    title: g.title ?? null,
    url: null,
    lang: g.lang === 'und' ? null : g.lang,
    published: g.ref ?? g.published,
    source: 'jsonl',
  });
  const n = normalizeStory(story);
  return { lang: n.lang, events: extractEvents(n) };
}

const f3 = (x: number) => x.toFixed(3);

function table(overall: Prf, byLang: Record<string, Prf & { stories: number }>, stories: number): string {
  const head = ['lang', 'stories', 'tp', 'fp', 'fn', 'precision', 'recall', 'F1'];
  const row = (name: string, s: Prf, n: number) => [name, n, s.tp, s.fp, s.fn, f3(s.p), f3(s.r), f3(s.f1)].map(String);
  const rows = [head, ...Object.entries(byLang).map(([k, s]) => row(k, s, s.stories)), row('all', overall, stories)];
  const widths = head.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

const goldLine = (g: GoldEvent) =>
  `${g.kind} ${g.date ?? 'null'}${typeof g.ordinal === 'number' ? ` #${g.ordinal}` : ''} [${g.participants.map((p) => p[0]).join(', ')}]`;
const sysLine = (e: TimelineEvent) =>
  `${e.kind} ${e.date.value}${e.series?.ordinal ? ` #${e.series.ordinal}` : ''} [${e.participants.map((p) => p.canonical ?? p.name).join(', ')}] ${JSON.stringify(e.title)}`;

function details(scores: StoryScore[]): string {
  const out: string[] = [];
  for (const s of scores) {
    if (!s.missed.length && !s.falsePositives.length) continue;
    out.push(`${s.id} (${s.lang}): tp=${s.tp} fp=${s.fp} fn=${s.fn}`);
    for (const m of s.missed) out.push(`  MISS ${goldLine(m)}`);
    for (const e of s.falsePositives) out.push(`  FP   ${sysLine(e)}`);
  }
  return out.length ? out.join('\n') : 'no misses, no false positives';
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { verbose: { type: 'boolean', short: 'v' }, json: { type: 'boolean' } } });
  } catch (err) {
    throw new EvalInputError(`${(err as Error).message}\n${USAGE}`);
  }
  const goldPath = args.positionals[0];
  if (!goldPath || args.positionals.length > 1) throw new EvalInputError(USAGE);
  const gold = parseEventsGold(readEvalLines(goldPath, 'gold'));
  reportSkippedLines(goldPath, gold.issues);
  if (!gold.stories.length) throw new EvalInputError(`no usable gold story in ${goldPath}`);
  const scores = gold.stories.map((g) => {
    const sys = systemEvents(g);
    const s = scoreStory(g, sys.events);
    if (g.lang === 'und') s.lang = sys.lang;
    return s;
  });
  const { overall, byLang } = summarize(scores);
  if (args.values.json) {
    const out: Record<string, unknown> = { overall, byLang };
    if (args.values.verbose)
      out.stories = scores.map((s) => ({ id: s.id, lang: s.lang, tp: s.tp, fp: s.fp, fn: s.fn, missed: s.missed, falsePositives: s.falsePositives }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    process.stdout.write(`gold: ${goldPath}  (${gold.stories.length} stories)\n${table(overall, byLang, scores.length)}\n`);
    if (args.values.verbose) process.stdout.write(`\n${details(scores)}\n`);
  }
  return 0;
}

runEvalMain('eval:events', () => main(process.argv.slice(2)));
