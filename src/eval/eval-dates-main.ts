/**
 * `npm run eval:dates -- <gold.jsonl> [--system <system.jsonl>] [--json] [--show-errors]`
 *
 * Scores `timeline dates --jsonl` (or a given system file) against a dates gold
 * file. Exit 0 after scoring; 2 for a missing or unusable file or bad arguments;
 * 1 when the CLI under test fails to run.
 */
import { parseArgs } from 'node:util';
import { parseGoldLines, parseSystemLines } from './dates-jsonl.js';
import { EvalInputError, readEvalLines, reportSkippedLines, runEvalMain } from './eval-input-error.js';
import { formatErrors, formatScoreTable } from './format-dates-report.js';
import { runDatesCli } from './run-dates-cli.js';
import { scoreDates } from './score-dates.js';

const USAGE = 'usage: npm run eval:dates -- <gold.jsonl> [--system <system.jsonl>] [--json] [--show-errors]';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { system: { type: 'string' }, json: { type: 'boolean' }, 'show-errors': { type: 'boolean' } },
    });
  } catch (err) {
    throw new EvalInputError(`${(err as Error).message}\n${USAGE}`);
  }
  const goldPath = args.positionals[0];
  if (!goldPath || args.positionals.length > 1) throw new EvalInputError(USAGE);
  const gold = parseGoldLines(readEvalLines(goldPath, 'gold'));
  reportSkippedLines(goldPath, gold.issues);
  if (!gold.cases.length) throw new EvalInputError(`no usable gold case in ${goldPath}`);
  const texts = new Map(gold.cases.map((c) => [c.id, c.text]));
  let sysLines: string[];
  let sysName: string;
  if (args.values.system) {
    sysName = args.values.system;
    sysLines = readEvalLines(sysName, 'system');
  } else {
    sysName = 'timeline dates --jsonl';
    try {
      sysLines = await runDatesCli(gold.cases);
    } catch (err) {
      process.stderr.write(`eval:dates: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const sys = parseSystemLines(sysLines, texts);
  reportSkippedLines(sysName, sys.issues);
  const ev = scoreDates(gold.cases, sys.cases);
  if (args.values.json) {
    const out = args.values['show-errors'] ? ev : { overall: ev.overall, byLang: ev.byLang, systemErrors: ev.systemErrors };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    process.stdout.write(`gold: ${goldPath}  system: ${sysName}\n${formatScoreTable(ev)}\n`);
    if (args.values['show-errors']) process.stdout.write(`\n${formatErrors(ev)}\n`);
  }
  return 0;
}

runEvalMain('eval:dates', () => main(process.argv.slice(2)));
