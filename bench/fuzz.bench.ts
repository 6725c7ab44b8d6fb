/**
 * `npm run bench` (bench/fuzz.bench.ts): the pipeline's text stages,
 * normalizeStory then extractEvents, on 100,000 seeded random inputs plus the
 * adversarial set of src/eval/fuzz-inputs.ts (mixed scripts, long digit runs,
 * nested brackets, …). Reports exceptions, the time per input (p50, p99, max)
 * and every input over the 50 ms target. An input over the target is timed
 * twice more and keeps its best time, so a GC pause or a busy neighbour is
 * not taken for slow code. Writes bench/results/<YYYY-MM-DD>-fuzz.json.
 *
 * Options: --inputs N (100000) --quick (5000) --no-write
 */
import { parseArgs } from 'node:util';
import { adversarialInputs, randomInputs, seededRandom } from '../src/eval/fuzz-inputs.js';
import { runPipelineOnce } from './lib/fuzz-pipeline.js';
import { machineInfo } from './lib/machine.js';
import { writeBenchResult } from './lib/results.js';
import { percentile, round } from './lib/stats.js';

const { values } = parseArgs({ options: { inputs: { type: 'string' }, quick: { type: 'boolean' }, 'no-write': { type: 'boolean' } } });
const quick = Boolean(values.quick);
const N = Number(values.inputs ?? (quick ? 5000 : 100_000));
const TARGET_MS = 50;
const SEED = 20_251_124;

const machine = await machineInfo(null, null);
console.log(`fuzz: ${N} random + adversarial inputs through normalizeStory + extractEvents; ${machine.cores} cores, load ${machine.load1}`);
for (const [i, x] of randomInputs(seededRandom(SEED - 1), 300).entries()) runPipelineOnce(x, i); // warm-up
const inputs = [...adversarialInputs(seededRandom(SEED)), ...randomInputs(seededRandom(SEED), N)];
const times: number[] = [];
const problems: string[] = [];
const over: Array<{ i: number; kind: string; lang: string; chars: number; ms: number }> = [];
let events = 0;
const t0 = Date.now();
for (const [i, x] of inputs.entries()) {
  const r = runPipelineOnce(x, i);
  for (let k = 0; k < 2 && r.ms > TARGET_MS && !r.problem; k++) r.ms = Math.min(r.ms, runPipelineOnce(x, i).ms);
  times.push(r.ms);
  events += r.events;
  if (r.problem) problems.push(`#${i} ${x.kind} (${x.lang}, ${x.text.length} chars): ${r.problem}`);
  if (r.ms > TARGET_MS) over.push({ i, kind: x.kind, lang: x.lang, chars: x.text.length, ms: round(r.ms, 1)! });
  if (i > 0 && i % 20_000 === 0) console.log(`  ${i}/${inputs.length} …`);
}
const seconds = (Date.now() - t0) / 1000;
over.sort((a, b) => b.ms - a.ms);
const maxI = times.indexOf(Math.max(...times));
const result = {
  date: new Date().toISOString(),
  machine,
  params: { random: N, adversarial: inputs.length - N, seed: SEED, targetMs: TARGET_MS, quick },
  seconds: round(seconds, 1),
  exceptionsOrBadOutput: problems.length,
  firstProblems: problems.slice(0, 20),
  events,
  ms: { p50: round(percentile(times, 50), 2), p99: round(percentile(times, 99), 2), max: round(times[maxI]!, 1) },
  slowest: { kind: inputs[maxI]!.kind, lang: inputs[maxI]!.lang, chars: inputs[maxI]!.text.length },
  overTarget: over.length,
  overTargetInputs: over.slice(0, 40),
};
console.log(`\n${inputs.length} inputs in ${result.seconds} s: ${problems.length} exception(s)/bad output(s); ${events} events`);
console.log(`per input: p50 ${result.ms.p50} ms, p99 ${result.ms.p99} ms, max ${result.ms.max} ms (${result.slowest.kind}, ${result.slowest.lang}, ${result.slowest.chars} chars)`);
console.log(`over the ${TARGET_MS} ms target (best of 3): ${over.length}${over.length ? ': ' + over.slice(0, 10).map((o) => `${o.kind}/${o.lang}/${o.chars}ch ${o.ms} ms`).join('; ') : ''}`);
for (const p of problems.slice(0, 10)) console.log(`  ${p}`);
if (!values['no-write']) console.log(`wrote ${writeBenchResult(`${result.date.slice(0, 10)}${quick ? '-quick' : ''}-fuzz.json`, result)}`);
process.exitCode = problems.length ? 1 : 0;
