/**
 * Robustness of the pipeline's text stages (normalizeStory then
 * extractEvents) on random and adversarial input: no exception, events whose
 * evidence spans lie inside the text, and a hang guard. The 50 ms per-input
 * target is a speed target, measured by `npm run bench` (bench/fuzz.bench.ts,
 * 100,000 inputs), not asserted here; the guard only fails at 40× that, which
 * linear-time code does not reach on these sizes even on a loaded machine,
 * while catastrophic backtracking does. Seeded: every run sees the same inputs.
 */
import { describe, expect, it } from 'vitest';
import { adversarialInputs, randomInputs, seededRandom, type FuzzInput } from '../../src/eval/fuzz-inputs.js';
import { runPipelineOnce } from '../../bench/lib/fuzz-pipeline.js';

const SEED = 7_2019;
const N = 1500;
/** Hang guard per input: 40× the 50 ms target. */
const GUARD_MS = 2000;

/** Runs one input; one over the guard is retimed twice and keeps its best time (a GC pause is not slow code). */
function check(x: FuzzInput, i: number) {
  const r = runPipelineOnce(x, i);
  for (let k = 0; k < 2 && r.ms > GUARD_MS && !r.problem; k++) r.ms = Math.min(r.ms, runPipelineOnce(x, i).ms);
  return r;
}

// Warm-up on inputs of another seed, so the first timed inputs are not charged for loading lexicons and compiling.
for (const [i, x] of randomInputs(seededRandom(SEED - 1), 50).entries()) runPipelineOnce(x, i);

describe('normalizeStory + extractEvents on random and adversarial input', () => {
  it('survives every adversarial shape (digit runs, deep brackets, mixed scripts, …)', () => {
    const problems: string[] = [];
    const slow: string[] = [];
    for (const [i, x] of adversarialInputs(seededRandom(SEED)).entries()) {
      const r = check(x, i);
      if (r.problem) problems.push(`${x.kind}: ${r.problem}`);
      if (r.ms > GUARD_MS) slow.push(`${x.kind} (${x.text.length} chars): ${r.ms.toFixed(0)} ms`);
    }
    expect(problems).toEqual([]);
    expect(slow).toEqual([]);
  });

  it(`survives ${N} seeded random mixed-script and binary inputs`, () => {
    const problems: string[] = [];
    const slow: string[] = [];
    for (const [i, x] of randomInputs(seededRandom(SEED), N).entries()) {
      const r = check(x, i);
      if (r.problem) problems.push(`#${i} ${x.kind} (${x.lang}): ${r.problem}`);
      if (r.ms > GUARD_MS) slow.push(`#${i} ${x.kind} (${x.text.length} chars): ${r.ms.toFixed(0)} ms`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(slow).toEqual([]);
  });
});
