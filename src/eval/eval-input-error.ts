import { readFileSync } from 'node:fs';

/** A missing or unusable input file for an evaluation tool: the tool exits 2 with the message. */
export class EvalInputError extends Error {
  override readonly name = 'EvalInputError';
}

/**
 * Runs an evaluation tool's `main` and sets the exit code: its own code, 2 with
 * the message on an `EvalInputError`, 1 with the stack on anything else.
 *
 * @example
 * runEvalMain('eval:dates', () => main(process.argv.slice(2)));
 */
export function runEvalMain(tool: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const input = err instanceof EvalInputError;
      process.stderr.write(`${tool}: ${input ? err.message : ((err as Error)?.stack ?? String(err))}\n`);
      process.exitCode = input ? 2 : 1;
    },
  );
}

/**
 * The lines of an evaluation input file; an unreadable file is an EvalInputError
 * naming `what` it is (gold, system).
 */
export function readEvalLines(path: string, what: string): string[] {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/);
  } catch (err) {
    throw new EvalInputError(`cannot read ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Writes the skipped lines of an input file to stderr, as `file:line: message (skipped)`. */
export function reportSkippedLines(file: string, issues: ReadonlyArray<{ line: number; message: string }>): void {
  for (const i of issues) process.stderr.write(`${file}:${i.line}: ${i.message} (skipped)\n`);
}
