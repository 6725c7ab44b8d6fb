/**
 * Where the benchmarks keep their figures: bench/results/, one JSON file per
 * run. A light module (no services, no config), so a CPU-only bench can use it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/eval/run-dates-cli.js';

/** bench/results/ of this repository. */
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

/**
 * Writes a benchmark's result as indented JSON (with a final newline) to
 * bench/results/<fileName>, creating the folder if needed; returns the path.
 *
 * @example
 * writeBenchResult('2026-11-24-quick-fuzz.json', result) // '/…/bench/results/2026-11-24-quick-fuzz.json'
 */
export function writeBenchResult(fileName: string, result: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, fileName);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return file;
}
