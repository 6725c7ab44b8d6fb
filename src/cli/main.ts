import { Command, Option } from 'commander';
import { ConfigError, ROLES, type Role } from '../config/index.js';
import { RedisUnavailableError } from '../runtime/ensure-redis.js';
import { VERSION } from '../version.js';

// Commands load lazily: `--help` and light commands never load the extractor's data.
const lazy =
  <A extends unknown[]>(load: () => Promise<(...args: A) => Promise<void>>) =>
  async (...args: A) =>
    (await load())(...args);
const serveCommand = lazy(async () => (await import('./commands/serve-command.js')).serveCommand);
const ingestCommand = lazy(async () => (await import('./commands/ingest-command.js')).ingestCommand);
const feedCommand = lazy(async () => (await import('./commands/feed-command.js')).feedCommand);
const datesCommand = lazy(async () => (await import('./commands/jsonl-commands.js')).datesCommand);
const extractCommand = lazy(async () => (await import('./commands/jsonl-commands.js')).extractCommand);
const feedsListCommand = lazy(async () => (await import('./commands/feeds-commands.js')).feedsListCommand);
const feedsSyncCommand = lazy(async () => (await import('./commands/feeds-commands.js')).feedsSyncCommand);
const migrateCommand = lazy(async () => (await import('./commands/migrate-command.js')).migrateCommand);
const importCommand = lazy(async () => (await import('./commands/import-command.js')).importCommand);
const reprocessCommand = lazy(async () => (await import('./commands/reprocess-command.js')).reprocessCommand);
const runsCommand = lazy(async () => (await import('./commands/runs-command.js')).runsCommand);

/** Turns expected failures into one clear line on stderr and a non-zero exit. */
function fail(err: unknown): never {
  if (err instanceof ConfigError || err instanceof RedisUnavailableError) {
    process.stderr.write(`timeline: ${err.message}\n`);
    process.exit(2);
  }
  const e = err as Error & { code?: string };
  process.stderr.write(`timeline: ${e.code ? e.code + ': ' : ''}${e.message ?? String(err)}\n`);
  if (process.env.TIMELINE_DEBUG) process.stderr.write(`${e.stack}\n`);
  process.exit(1);
}

const run =
  <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
  async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      fail(err);
    }
  };

const program = new Command()
  .name('timeline')
  .description('wire-timeline: turns news-wire stories into a dated, deduplicated timeline of events')
  .version(VERSION)
  .showHelpAfterError();

program
  .command('serve')
  .description('run the service: schedulers, queue workers, API, timeline page and dashboard')
  .addOption(
    new Option('--role <roles>', `comma list of roles to run in this process (${ROLES.join(', ')}); default: all`).argParser((v) => {
      const roles = v.split(',').map((s) => s.trim()).filter(Boolean);
      for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) throw new Error(`unknown role "${r}" (use ${ROLES.join(', ')})`);
      return roles as Role[];
    }),
  )
  .option('--port <port>', 'HTTP port (overrides PORT)')
  .option('--no-seed', 'do not seed an empty store from the bundled samples')
  .action(run(serveCommand));

program
  .command('ingest')
  .description('run the pipeline inline on local text, HTML or feed files, or on URLs, and write to the store')
  .argument('<inputs...>', 'files or http(s) URLs')
  .option('--queue', 'enqueue the stories on the normalize queue instead of running the stages inline')
  .option('--lang <code>', 'language of the inputs when known (ISO 639-1)')
  .option('--zone <iana>', 'time zone for naive timestamps and undated stories')
  .option('--json', 'print one JSON summary line per input')
  .action(run(ingestCommand));

program
  .command('feed')
  .description('print the stories the pipeline reads from one feed (file or URL)')
  .argument('<source>', 'feed file or http(s) URL')
  .option('--json', 'one JSON line per story: {id, url, title, published, publishedRaw, lang, text}')
  .option('--lang <code>', 'language of the feed when known')
  .option('--zone <iana>', 'time zone for naive timestamps')
  .action(run(feedCommand));

program
  .command('dates')
  .description('find and normalize temporal expressions; reads JSON lines on stdin')
  .requiredOption('--jsonl', 'read {"id","lang"?,"text","ref"?} lines on stdin; write {"id","dates":[...]} lines')
  .action(run(datesCommand));

program
  .command('extract')
  .description('extract events; reads JSON lines on stdin')
  .requiredOption('--jsonl', 'read {"id","lang"?,"text","published"?,"url"?,"title"?} lines; write {"id","lang","dateline","dates","events"} lines')
  .action(run(extractCommand));

const feeds = program.command('feeds').description('the feed registry');
feeds.command('list').description('list configured feeds with their fetch state').option('--json', 'JSON output').action(run(feedsListCommand));
feeds
  .command('sync')
  .description('sync the store and the job schedulers with the feeds file now')
  .action(run(feedsSyncCommand));

program.command('migrate').description('apply pending database migrations').action(run(migrateCommand));

program
  .command('import')
  .description('bulk-import archives: JSON Lines (extract --jsonl input), RSS/Atom, NewsML-G2, NewsML 1.2, NITF, directories and .tar.gz bundles; resumable')
  .argument('<paths...>', 'files, directories or .tar.gz bundles')
  .option('--inline', 'run the stages inline instead of enqueueing on the normalize queue')
  .option('--feed <id>', 'feed id to file the imported stories under')
  .option('--lang <code>', 'language of the inputs when known (ISO 639-1)')
  .option('--zone <iana>', 'time zone for naive timestamps and undated stories')
  .option('--chunk-size <n>', 'stories per chunk (default: import.chunkSize)')
  .option('--wait', 'with the queues: wait until the workers have stored every story')
  .option('--json', 'print the run summary as JSON')
  .action(run(importCommand));

program
  .command('reprocess')
  .description('re-run normalization and extraction over stored raw stories (through the queues, or --inline); resumable')
  .option('--inline', 'run the stages inline instead of enqueueing on the normalize queue')
  .option('--since <date>', 'stories dated (published, else first seen) on or after: YYYY[-MM[-DD]] or an ISO instant')
  .option('--until <date>', 'stories dated before: YYYY[-MM[-DD]] or an ISO instant')
  .option('--feed <id>', 'stories of one feed')
  .option('--lang <code>', 'stories of one language')
  .option('--older-than-current', 'only stories extracted by another extractor version (or never)')
  .option('--wait', 'with the queues: wait until the workers have stored every story')
  .option('--json', 'print the run summary as JSON')
  .action(run(reprocessCommand));

program
  .command('runs')
  .description('import and reprocess runs with their summaries (stories, events added/removed/changed)')
  .argument('[id]', 'one run')
  .option('--limit <n>', 'how many recent runs', '20')
  .option('--json', 'JSON lines')
  .action(run(runsCommand));

await program.parseAsync(process.argv).catch(fail);
