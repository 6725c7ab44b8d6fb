/**
 * `npm run bench:dates`: speed of our date normalizer against chrono-node on the
 * same whole stories, in the same process, plus accuracy side by side on
 * shared/corpus/dates/dev.jsonl. Writes bench/results/dates-<YYYY-MM-DD>.json.
 *
 * Options: --min-seconds <s> (timed work per system, default 2), --rounds <n> (at least n
 * rounds, default 15), --no-write,
 * --fuzz <n> (also run n seeded random inputs plus the adversarial set through
 * our normalizer and report problems and the slowest input; default 0 = off).
 */
import * as chrono from 'chrono-node';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { normalizeDates } from '../src/dates/index.js';
import { expressionProblems } from '../src/eval/check-expressions.js';
import { chronoExpressions, chronoReference } from '../src/eval/chrono-timex.js';
import { adversarialInputs, randomInputs, seededRandom } from '../src/eval/fuzz-inputs.js';
import { parseGoldLines, parseSystemLines } from '../src/eval/dates-jsonl.js';
import { REPO_ROOT, runDatesCli } from '../src/eval/run-dates-cli.js';
import { scoreDates, type DateScore, type SystemCase } from '../src/eval/score-dates.js';
import { writeBenchResult } from './lib/results.js';
import { table } from './lib/stats.js';

/** Reference used for both systems when a story has none (chrono always needs one). */
const FALLBACK_REF = '2020-01-01T12:00:00+00:00';
const CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus');

interface BenchStory {
  id: string;
  lang: string;
  ref: string;
  text: string;
}

type ChronoParser = { parse: typeof chrono.en.parse };
const CHRONO: Record<string, ChronoParser> = { en: chrono.en, ar: chrono.ar, es: chrono.es, fr: chrono.fr, ru: chrono.ru, zh: chrono.zh, de: chrono.de, it: chrono.it, pt: chrono.pt, ja: chrono.ja, nl: chrono.nl, uk: chrono.uk };

function loadStories(): BenchStory[] {
  const out: BenchStory[] = [];
  const events = join(CORPUS, 'events', 'dev.jsonl');
  if (existsSync(events)) {
    for (const line of readFileSync(events, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as { id: string; lang: string; ref: string | null; text: string };
      out.push({ id: o.id, lang: o.lang, ref: o.ref ?? FALLBACK_REF, text: o.text });
    }
  } else {
    console.warn(`[bench:dates] ${events} not found: using samples/ only`);
  }
  const samples = join(REPO_ROOT, 'samples');
  for (const f of readdirSync(samples).filter((f) => /^[a-z]{2}-\d{4}-\d{2}-\d{2}-.*\.txt$/.test(f)).sort()) {
    const m = /^([a-z]{2})-(\d{4}-\d{2}-\d{2})-/.exec(f)!;
    out.push({ id: `samples/${basename(f)}`, lang: m[1]!, ref: `${m[2]}T12:00:00+00:00`, text: readFileSync(join(samples, f), 'utf8') });
  }
  return out;
}

type Runner = (s: BenchStory) => number;
const ours: Runner = (s) => normalizeDates(s.text, { lang: s.lang, ref: s.ref }).length;
const chronoRun: Runner = (s) => CHRONO[s.lang]!.parse(s.text, chronoReference(s.ref)!).length;

interface SpeedStats {
  stories: number;
  seconds: number;
  /** Stories over the sum of per-story median times. */
  storiesPerSec: number;
  maxStoryMs: number;
  maxStoryId: string;
  byLang: Record<string, { stories: number; storiesPerSec: number }>;
}

const median = (xs: readonly number[]): number => {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
};

/** Expressions found, summed so no call's result is unused. */
let sink = 0;

/** One pass of `run` over every story: the milliseconds of each call, in story order. */
function pass(run: Runner, stories: readonly BenchStory[]): Float64Array {
  const t = new Float64Array(stories.length);
  for (let i = 0; i < stories.length; i++) {
    const t0 = performance.now();
    sink += run(stories[i]!);
    t[i] = performance.now() - t0;
  }
  return t;
}

/**
 * Warm-up, then rounds: in each round both systems make one pass over the same stories,
 * the first system alternating from round to round, until both have `minSeconds` of measured
 * time and at least `minRounds` rounds are done. Each story's time is its median over the
 * rounds, and a language's rate is its story count over the sum of those medians: a call
 * that a busy machine preempted moves one sample of one story, not the result.
 */
function speed(stories: readonly BenchStory[], minSeconds: number, minRounds: number) {
  for (let i = 0; i < 5; i++) {
    pass(ours, stories);
    pass(chronoRun, stories);
  }
  const oursRounds: Float64Array[] = [];
  const chronoRounds: Float64Array[] = [];
  let totalOurs = 0, totalChrono = 0;
  const sum = (t: Float64Array) => t.reduce((a, b) => a + b, 0);
  while (totalOurs < minSeconds * 1000 || totalChrono < minSeconds * 1000 || oursRounds.length < minRounds) {
    if (oursRounds.length % 2 === 0) {
      oursRounds.push(pass(ours, stories));
      chronoRounds.push(pass(chronoRun, stories));
    } else {
      chronoRounds.push(pass(chronoRun, stories));
      oursRounds.push(pass(ours, stories));
    }
    totalOurs += sum(oursRounds.at(-1)!);
    totalChrono += sum(chronoRounds.at(-1)!);
  }
  const langs = [...new Set(stories.map((s) => s.lang))].sort();
  const count = (l: string) => stories.filter((s) => s.lang === l).length;
  const fin = (rounds: Float64Array[], total: number): { stats: SpeedStats; ms: number[] } => {
    const ms = stories.map((_, i) => median(rounds.map((r) => r[i]!)));
    let max = 0, maxId = '';
    for (const r of rounds) {
      r.forEach((t, i) => {
        if (t > max) (max = t), (maxId = stories[i]!.id);
      });
    }
    const msOf = (l: string | null) => stories.reduce((a, s, i) => a + (l === null || s.lang === l ? ms[i]! : 0), 0);
    const stats: SpeedStats = {
      stories: stories.length * rounds.length,
      seconds: +(total / 1000).toFixed(3),
      storiesPerSec: Math.round(stories.length / (msOf(null) / 1000)),
      maxStoryMs: +max.toFixed(2),
      maxStoryId: maxId,
      byLang: Object.fromEntries(langs.map((l) => [l, { stories: count(l) * rounds.length, storiesPerSec: Math.round(count(l) / (msOf(l) / 1000)) }])),
    };
    return { stats, ms };
  };
  const o = fin(oursRounds, totalOurs);
  const c = fin(chronoRounds, totalChrono);
  const ratioOf = (l: string | null) => {
    let a = 0, b = 0;
    stories.forEach((s, i) => {
      if (l === null || s.lang === l) (a += o.ms[i]!), (b += c.ms[i]!);
    });
    return +(b / a).toFixed(2);
  };
  // The same ratios from total times (means): garbage collection and preemption included.
  const meanRatioOf = (l: string | null) => {
    let a = 0, b = 0;
    stories.forEach((s, i) => {
      if (l !== null && s.lang !== l) return;
      for (const r of oursRounds) a += r[i]!;
      for (const r of chronoRounds) b += r[i]!;
    });
    return +(b / a).toFixed(2);
  };
  return {
    rounds: oursRounds.length,
    ours: o.stats,
    chrono: c.stats,
    /** Our stories/s over chrono's, both from per-story medians. */
    ratio: ratioOf(null),
    ratioByLang: Object.fromEntries(langs.map((l) => [l, ratioOf(l)])),
    /** The same from total times over all rounds. */
    meanRatio: meanRatioOf(null),
    meanRatioByLang: Object.fromEntries(langs.map((l) => [l, meanRatioOf(l)])),
  };
}

async function accuracy() {
  const goldPath = join(CORPUS, 'dates', 'dev.jsonl');
  if (!existsSync(goldPath)) {
    console.warn(`[bench:dates] ${goldPath} not found: skipping accuracy`);
    return null;
  }
  const gold = parseGoldLines(readFileSync(goldPath, 'utf8').split('\n'));
  const texts = new Map(gold.cases.map((c) => [c.id, c.text]));
  const oursSys = parseSystemLines(await runDatesCli(gold.cases), texts).cases;
  const chronoSys: SystemCase[] = gold.cases.map((c) => {
    const p = CHRONO[c.lang];
    if (!p) return { id: c.id, dates: [], error: `chrono-node has no ${c.lang} locale` };
    return { id: c.id, dates: chronoExpressions(p.parse(c.text, chronoReference(c.ref ?? FALLBACK_REF)!)) };
  });
  return { gold: goldPath, ours: scoreDates(gold.cases, oursSys), chrono: scoreDates(gold.cases, chronoSys) };
}

function fuzz(n: number) {
  const inputs = [...adversarialInputs(seededRandom(2)), ...randomInputs(seededRandom(1), n)];
  for (const x of randomInputs(seededRandom(3), 300)) normalizeDates(x.text, { lang: x.lang, ref: x.ref });
  let max = 0, maxKind = '', total = 0;
  const problems: string[] = [];
  for (const x of inputs) {
    const t0 = performance.now();
    let out: unknown;
    try {
      out = normalizeDates(x.text, { lang: x.lang, ref: x.ref });
    } catch (err) {
      problems.push(`${x.kind}: threw ${(err as Error).message}`);
      continue;
    }
    const dt = performance.now() - t0;
    total += dt;
    if (dt > max) (max = dt), (maxKind = `${x.kind} (${x.text.length} chars)`);
    problems.push(...expressionProblems(x.text, out).map((p) => `${x.kind}: ${p}`));
  }
  return { inputs: inputs.length, seconds: +(total / 1000).toFixed(2), maxMs: +max.toFixed(2), maxInput: maxKind, problems: problems.length, firstProblems: problems.slice(0, 20) };
}

const f3 = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

async function main() {
  const { values } = parseArgs({ options: { 'min-seconds': { type: 'string' }, rounds: { type: 'string' }, 'no-write': { type: 'boolean' }, fuzz: { type: 'string' }, quick: { type: 'boolean' } } });
  // --quick (from `npm run bench -- --quick`): a short smoke run that keeps the stored results.
  if (values.quick) values['no-write'] = true;
  const minSeconds = Number(values['min-seconds'] ?? (values.quick ? 0.5 : 2));
  const minRounds = Number(values.rounds ?? (values.quick ? 5 : 15));
  const all = loadStories();
  const stories = all.filter((s) => CHRONO[s.lang]);
  const skipped = all.filter((s) => !CHRONO[s.lang]).map((s) => s.id);
  const chars = stories.reduce((n, s) => n + s.text.length, 0);
  console.log(`corpus: ${stories.length} stories, ${chars} characters (${[...new Set(stories.map((s) => s.lang))].sort().join(', ')}); chrono-node locales used: ${Object.keys(CHRONO).join(', ')}`);
  if (skipped.length) console.log(`not in the speed run (no chrono locale): ${skipped.join(', ')}`);
  const loadBefore = loadavg().map((x) => +x.toFixed(2));
  const sp = speed(stories, minSeconds, minRounds);
  const loadAfter = loadavg().map((x) => +x.toFixed(2));
  const ratio = sp.ratio;
  const langs = Object.keys(sp.ours.byLang);
  console.log(`\nspeed (stories/s, whole stories, after warm-up; per-story medians over ${sp.rounds} rounds)`);
  console.log(
    table([
      ['lang', 'stories', 'ours/s', 'chrono/s', 'ours/chrono'],
      ...langs.map((l) => {
        const o = sp.ours.byLang[l]!, c = sp.chrono.byLang[l]!;
        return [l, String(stories.filter((s) => s.lang === l).length), String(o.storiesPerSec), String(c.storiesPerSec), sp.ratioByLang[l]!.toFixed(2)];
      }),
      ['all', String(stories.length), String(sp.ours.storiesPerSec), String(sp.chrono.storiesPerSec), ratio.toFixed(2)],
    ]),
  );
  console.log(`ours/chrono from total times instead of medians (GC pauses and preemption included): ${langs.map((l) => `${l} ${sp.meanRatioByLang[l]!.toFixed(2)}`).join(', ')}, all ${sp.meanRatio.toFixed(2)}`);
  console.log(`load average (1/5/15 min) before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')} on ${cpus().length} cores${loadAfter[0]! > cpus().length / 2 ? ': the machine was busy, figures are noisy' : ''}`);
  console.log(`ours: max per-story ${sp.ours.maxStoryMs} ms (${sp.ours.maxStoryId}); chrono: max ${sp.chrono.maxStoryMs} ms (${sp.chrono.maxStoryId})`);
  console.log(`timed: ours ${sp.ours.seconds} s over ${sp.ours.stories} stories; chrono ${sp.chrono.seconds} s over ${sp.chrono.stories} stories`);

  const acc = await accuracy();
  if (acc) {
    console.log(`\naccuracy on ${acc.gold} (chrono values at its known grain, same scorer)`);
    const row = (l: string, o: DateScore, c: DateScore) => [l, String(o.cases), String(o.gold), f3(o.recall), f3(o.precision), f3(o.f1), f3(c.recall), f3(c.precision), f3(c.f1)];
    console.log(
      table([
        ['lang', 'cases', 'gold', 'ours R', 'ours P', 'ours F1', 'chrono R', 'chrono P', 'chrono F1'],
        ...Object.keys(acc.ours.byLang).map((l) => row(l, acc.ours.byLang[l]!, acc.chrono.byLang[l]!)),
        row('all', acc.ours.overall, acc.chrono.overall),
      ]),
    );
  }
  const fuzzN = Number(values.fuzz ?? 0);
  const fz = fuzzN > 0 ? fuzz(fuzzN) : null;
  if (fz) {
    console.log(`\nfuzz: ${fz.inputs} inputs in ${fz.seconds} s, max ${fz.maxMs} ms (${fz.maxInput}), ${fz.problems} problem(s)`);
    for (const p of fz.firstProblems) console.log(`  ${p}`);
  }
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version, chronoNode: '2.10' },
    corpus: { stories: stories.length, characters: chars, fallbackRef: FALLBACK_REF, skipped },
    speed: { ...sp, ratioOursToChrono: ratio, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
    fuzz: fz,
    accuracy: acc && {
      gold: acc.gold,
      ours: { overall: acc.ours.overall, byLang: acc.ours.byLang },
      chrono: { overall: acc.chrono.overall, byLang: acc.chrono.byLang, errors: acc.chrono.errors.length },
    },
  };
  if (!values['no-write']) console.log(`\nwrote ${writeBenchResult(`dates-${result.date.slice(0, 10)}.json`, result)}`);
}

await main();
