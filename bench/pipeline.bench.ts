/**
 * `npm run bench:pipeline`: throughput of the queue pipeline against the bare
 * BullMQ ceiling on the same machine, in the same run.
 *
 * For each worker-process count k (default 1, 2, 4):
 *  (a) ceiling: k no-op worker processes (bench/lib/noop-worker.ts) on the same
 *      hops (normalize → extract → store), same Redis, same queue settings,
 *      forwarding payloads of the size the real stages produce;
 *  (b) pipeline: k real worker processes (bench/lib/pipeline-worker.ts: the
 *      service's normalize, extract and store workers) storing N synthetic
 *      multilingual stories (bench/templates/) in PostgreSQL;
 *  then enqueue→stored latency at a fixed offered load of half of (b)'s rate.
 * Then the backlog: B stories queued before the workers start; memory over the
 * drain and the stored rate over each fifth of it. Also the cost of each stage
 * for one story in one process (where a worker's time goes).
 * Each part runs on its own BullMQ prefix and PostgreSQL schema, removed after.
 * Writes bench/results/<YYYY-MM-DD>-pipeline.json.
 *
 * Options: --stories N (20000) --workers 1,2,4 --backlog N (100000; 0 = skip)
 * --backlog-workers K (2) --latency-seconds S (30) --quick --no-write
 * --concurrency n,e,s (per-process normalize/extract/store concurrency; default: config)
 * --store-batch N (stories per store transaction, queues.storeBatch.maxSize; 1 = one per transaction)
 * --redis-url URL --database-url URL
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { createRedis } from '../src/queues/redis-connection.js';
import { loadConfig } from '../src/config/index.js';
import { normalizeStory } from '../src/stages/normalize-story.js';
import { extractEvents, EXTRACTOR_VERSION } from '../src/stages/extract-events.js';
import { storeResults, storeResultBatch } from '../src/stages/store-results.js';
import { openStore } from '../src/store/open-store.js';
import type { Story, StoryResult } from '../src/types.js';
import { BenchRun, sleep } from './lib/bench-run.js';
import { machineInfo } from './lib/machine.js';
import { procMemory } from './lib/proc-stats.js';
import { writeBenchResult } from './lib/results.js';
import { percentile, round, table } from './lib/stats.js';
import { BENCH_LANGS, benchStories, loadStoryFactory, type StoryFactory } from './lib/story-templates.js';

const { values } = parseArgs({
  options: {
    stories: { type: 'string' },
    workers: { type: 'string' },
    backlog: { type: 'string' },
    'backlog-workers': { type: 'string' },
    'latency-seconds': { type: 'string' },
    quick: { type: 'boolean' },
    'no-write': { type: 'boolean' },
    'redis-url': { type: 'string' },
    'database-url': { type: 'string' },
    concurrency: { type: 'string' },
    'store-batch': { type: 'string' },
  },
});
const quick = Boolean(values.quick);
const N = Number(values.stories ?? (quick ? 600 : 20_000));
const WORKERS = (values.workers ?? (quick ? '1,2' : '1,2,4')).split(',').map(Number).filter((k) => k > 0);
const BACKLOG = Number(values.backlog ?? (quick ? 1500 : 100_000));
const BACKLOG_WORKERS = Number(values['backlog-workers'] ?? 2);
const LATENCY_SECONDS = Number(values['latency-seconds'] ?? (quick ? 5 : 30));
const REDIS_URL = values['redis-url'] ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = values['database-url'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const SEED = 7;
/** Per-process stage concurrency override, `normalize,extract,store` (default: config/defaults.yaml). */
const CONCURRENCY = values.concurrency
  ? (([normalize, extract, store]) => ({ fetch: 1, normalize, extract, store }))(values.concurrency.split(',').map(Number))
  : null;
/** Store group commit override, `maxSize` (1: one story per transaction, as before batching). */
const STORE_BATCH = values['store-batch'] ? { maxSize: Number(values['store-batch']), maxWaitMs: 5 } : null;
/** Queue settings the benchmark overrides in every run's config. */
const QUEUE_OVERRIDES = { ...(CONCURRENCY ? { concurrency: CONCURRENCY } : {}), ...(STORE_BATCH ? { storeBatch: STORE_BATCH } : {}) };
/** A run is abandoned when nothing is stored for this long. */
const STALL_MS = 120_000;

const log = (s: string) => console.log(`[bench:pipeline ${new Date().toISOString().slice(11, 19)}] ${s}`);

/** Average JSON sizes of the three stage payloads, measured on real stage outputs. */
function payloadSizes(stories: Story[]) {
  let a = 0, b = 0, c = 0;
  for (const s of stories) {
    const normalized = normalizeStory(s, { zone: s.zone ?? null });
    const events = extractEvents(normalized);
    a += JSON.stringify({ story: s }).length;
    b += JSON.stringify({ normalized }).length;
    c += JSON.stringify({ result: { normalized, events, extractorVersion: EXTRACTOR_VERSION } }).length;
  }
  const n = stories.length;
  return { normalize: Math.round(a / n), extract: Math.round(b / n), store: Math.round(c / n) };
}

/**
 * Cost of each stage for one story, in this process, one story at a time:
 * normalize and extract (CPU) and the store transaction (PostgreSQL), on a
 * schema of its own. Explains where a worker's time goes.
 */
async function stageCosts(stories: Story[]) {
  const run = newRun();
  try {
    await run.migrate();
    const store = await openStore({ databaseUrl: DATABASE_URL, schema: run.schema, poolSize: 2 });
    let tn = 0, te = 0, ts = 0;
    const results: StoryResult[] = [];
    // The first half is stored one story per transaction, the second half as the store worker
    // does it: batches of queues.storeBatch.maxSize stories per transaction.
    const half = Math.floor(stories.length / 2);
    for (const [i, s] of stories.entries()) {
      const a = performance.now();
      const normalized = normalizeStory(s, { zone: s.zone ?? null });
      const b = performance.now();
      const events = extractEvents(normalized);
      const c = performance.now();
      (tn += b - a), (te += c - b);
      if (i < half) {
        await storeResults(store, { normalized, events, extractorVersion: EXTRACTOR_VERSION });
        ts += performance.now() - c;
      } else results.push({ normalized, events, extractorVersion: EXTRACTOR_VERSION });
    }
    const size = run.config.queues.storeBatch.maxSize;
    const t0 = performance.now();
    for (let i = 0; i < results.length; i += size) await storeResultBatch(store, results.slice(i, i + size).map((result) => ({ result })));
    const tb = performance.now() - t0;
    await store.close();
    const n = stories.length;
    return {
      stories: n,
      normalizeMs: round(tn / n, 2)!,
      extractMs: round(te / n, 2)!,
      storeMs: round(ts / Math.max(1, half), 2)!,
      storeBatchedMs: round(tb / Math.max(1, results.length), 2)!,
      storeBatchSize: size,
    };
  } finally {
    await run.cleanup();
  }
}

async function untilDone(what: string, count: () => Promise<number>, target: number, run: BenchRun, pollMs = 250): Promise<number> {
  let last = -1, lastChange = Date.now();
  for (;;) {
    const n = await count();
    if (n >= target) return Date.now();
    if (n !== last) (last = n), (lastChange = Date.now());
    if (Date.now() - lastChange > STALL_MS) {
      const failed = await run.failedCounts().catch(() => null);
      throw new Error(`${what}: stuck at ${n}/${target} for ${STALL_MS / 1000} s (failed jobs ${JSON.stringify(failed)}); worker output: ${run.workers.map((w) => w.output().slice(-800)).join(' | ')}`);
    }
    const dead = run.workers.find((w) => w.child.exitCode !== null || w.child.signalCode !== null);
    if (dead) throw new Error(`${what}: a worker exited (${dead.child.exitCode ?? dead.child.signalCode}): ${dead.output().slice(-2000)}`);
    await sleep(pollMs);
  }
}

function newRun() {
  return new BenchRun({ redisUrl: REDIS_URL, databaseUrl: DATABASE_URL, label: 'wtb', queues: QUEUE_OVERRIDES });
}

/** (a) The bare BullMQ ceiling with k no-op worker processes. */
async function ceiling(k: number, stories: Story[], pads: [number, number]) {
  const run = newRun();
  try {
    for (let i = 0; i < k; i++) run.startWorker('noop', pads);
    await run.waitWorkersReady(k);
    const counter = new Redis(REDIS_URL);
    const doneKey = `${run.prefix}:bench:done`;
    const cpu0 = run.workerCpuMs();
    const t0 = Date.now();
    await run.enqueue(stories);
    const t1 = await untilDone('ceiling', async () => Number((await counter.get(doneKey)) ?? 0), stories.length, run, 100);
    counter.disconnect();
    const peak = run.workerPeakRss();
    const workerCpuMsPerStory = round((run.workerCpuMs() - cpu0) / stories.length, 2)!;
    return { storiesPerSec: round(stories.length / ((t1 - t0) / 1000), 1)!, seconds: round((t1 - t0) / 1000, 2)!, workerCpuMsPerStory, workerPeakRssMiB: peak };
  } finally {
    await run.cleanup();
  }
}

/** (b) The real pipeline with k worker processes, then latency at half its rate. */
async function pipeline(k: number, stories: Story[], f: StoryFactory) {
  const run = newRun();
  try {
    await run.migrate();
    for (let i = 0; i < k; i++) run.startWorker('real');
    await run.waitWorkersReady(k);
    const cpu0 = run.workerCpuMs();
    const t0 = Date.now();
    await run.enqueue(stories);
    const t1 = await untilDone('pipeline', () => run.processedCount(), stories.length, run);
    const rate = stories.length / ((t1 - t0) / 1000);
    const workerCpuMsPerStory = round((run.workerCpuMs() - cpu0) / stories.length, 2)!;
    const failedThroughput = await run.failedCounts();

    // Latency at a fixed offered load of half the measured maximum.
    const offered = rate / 2;
    const m = Math.max(20, Math.round(offered * LATENCY_SECONDS));
    const extra = benchStories(f, m, SEED, 'lat', N);
    const sentAt = new Map<string, number>();
    // "Stored" = the store job completed (its transaction committed), as seen by a QueueEvents listener here.
    const storedAt = new Map<string, number>();
    const qeConn = createRedis(REDIS_URL, 'worker');
    const qe = new QueueEvents(run.queues.queueName('store'), { connection: qeConn, prefix: run.prefix });
    qe.on('completed', ({ jobId }) => {
      const storyId = jobId.split('.')[1] ?? '';
      if (sentAt.has(storyId) && !storedAt.has(storyId)) storedAt.set(storyId, Date.now());
    });
    await qe.waitUntilReady();
    const start = Date.now();
    let sent = 0;
    while (sent < m) {
      const due = Math.min(m, Math.floor(((Date.now() - start) / 1000) * offered) + 1);
      if (due > sent) {
        const batch = extra.slice(sent, due);
        const at = Date.now();
        for (const s of batch) sentAt.set(s.id, at);
        await run.queues.enqueueStories(batch);
        sent = due;
      }
      await sleep(10);
    }
    const offeredActual = m / ((Date.now() - start) / 1000);
    await untilDone('latency', async () => storedAt.size, m, run, 50);
    await qe.close();
    qeConn.disconnect();
    const lat = [...storedAt].map(([id, t]) => t - sentAt.get(id)!);
    if ((await run.processedCount()) !== stories.length + m) throw new Error('latency: the store does not hold every story');
    const peak = run.workerPeakRss();
    return {
      storiesPerSec: round(rate, 1)!,
      seconds: round((t1 - t0) / 1000, 2)!,
      workerCpuMsPerStory,
      failedJobs: failedThroughput,
      latency: {
        offeredPerSec: round(offered, 1),
        achievedOfferedPerSec: round(offeredActual, 1),
        stories: m,
        p50ms: round(percentile(lat, 50), 0),
        p95ms: round(percentile(lat, 95), 0),
        p99ms: round(percentile(lat, 99), 0),
        maxMs: round(percentile(lat, 100), 0),
      },
      workerPeakRssMiB: peak,
      events: Number((await (await run.db()).query('SELECT count(*)::int AS n FROM events')).rows[0].n),
    };
  } finally {
    await run.cleanup();
  }
}

async function redisUsedMiB(r: Redis): Promise<number> {
  const m = /used_memory:(\d+)/.exec(await r.info('memory'));
  return round(Number(m?.[1] ?? 0) / 2 ** 20, 1)!;
}

/** Backlog: B stories queued first, then k workers drain them. */
async function backlog(b: number, k: number, f: StoryFactory) {
  const run = newRun();
  const r = new Redis(REDIS_URL);
  try {
    await run.migrate();
    const redisBefore = await redisUsedMiB(r);
    const tq = Date.now();
    for (let i = 0; i < b; i += 1000) await run.enqueue(benchStories(f, Math.min(1000, b - i), SEED, 'backlog', i), 1000);
    const enqueueSeconds = (Date.now() - tq) / 1000;
    const redisQueued = await redisUsedMiB(r);
    log(`backlog: ${b} stories queued in ${enqueueSeconds.toFixed(1)} s; Redis +${(redisQueued - redisBefore).toFixed(1)} MiB; starting ${k} workers`);
    for (let i = 0; i < k; i++) run.startWorker('real');
    await run.waitWorkersReady(k);
    const samples: Array<{ t: number; done: number; workerRssMiB: Array<number | null>; redisMiB: number }> = [];
    const t0 = Date.now();
    let lastLog = 0;
    const sample = async () => {
      const done = await run.processedCount();
      samples.push({ t: round((Date.now() - t0) / 1000, 1)!, done, workerRssMiB: run.workerRss(), redisMiB: await redisUsedMiB(r) });
      if (Date.now() - lastLog > 30_000) (lastLog = Date.now()), log(`backlog: ${done}/${b} stored`);
      return done;
    };
    await untilDone('backlog', sample, b, run, 1000);
    const tEnd = Date.now();
    const q = (
      await (await run.db()).query<{ p: number[] }>(
        `SELECT array_agg(extract(epoch FROM x) * 1000) AS p FROM unnest((SELECT percentile_disc(ARRAY[0, 0.2, 0.4, 0.6, 0.8, 1.0]) WITHIN GROUP (ORDER BY processed_at) FROM stories)) AS x`,
      )
    ).rows[0]!.p.map(Number);
    const fifth = 0.2 * b;
    // Stored stories per second over each fifth of the drain, in order.
    const fifths = [0, 1, 2, 3, 4].map((i) => round(fifth / ((q[i + 1]! - q[i]!) / 1000), 1)!);
    const firstRate = fifths[0]!;
    const lastRate = fifths[4]!;
    const rssAt = (frac: number) => samples.find((s) => s.done >= frac * b)?.workerRssMiB ?? null;
    return {
      stories: b,
      workers: k,
      enqueueSeconds: round(enqueueSeconds, 1),
      drainSeconds: round((tEnd - t0) / 1000, 1),
      storiesPerSec: round(b / ((tEnd - t0) / 1000), 1),
      perFifthPerSec: fifths,
      firstFifthPerSec: round(firstRate, 1),
      lastFifthPerSec: round(lastRate, 1),
      lastOverFirst: round(lastRate / firstRate, 2),
      redisMiB: { before: redisBefore, queued: redisQueued, end: samples[samples.length - 1]?.redisMiB ?? null },
      workerRssMiB: { at10pct: rssAt(0.1), at50pct: rssAt(0.5), at90pct: rssAt(0.9) },
      workerPeakRssMiB: run.workerPeakRss(),
      failedJobs: await run.failedCounts(),
      samples: samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 60)) === 0),
    };
  } finally {
    r.disconnect();
    await run.cleanup();
  }
}

async function main() {
  const t00 = Date.now();
  const machine = await machineInfo(REDIS_URL, DATABASE_URL);
  log(`machine: ${machine.cores} cores, ${machine.ramGiB} GiB, ${machine.cpuModel}; node ${machine.node}, redis ${machine.redis}, postgres ${machine.postgres}; load ${machine.load1}`);
  const f = loadStoryFactory();
  const stories = benchStories(f, N, SEED, 'main');
  const chars = stories.reduce((n, s) => n + s.text.length, 0);
  const sizes = payloadSizes(stories.slice(0, 120));
  const pads: [number, number] = [Math.max(0, sizes.extract - sizes.normalize), Math.max(0, sizes.store - sizes.extract)];
  log(`${N} stories (${BENCH_LANGS.join('/')}), ${Math.round(chars / N)} chars on average; payload bytes normalize ${sizes.normalize}, extract ${sizes.extract}, store ${sizes.store}`);

  // Warm once (JIT, lexicons), then time each stage on stories the runs below do not depend on.
  await stageCosts(benchStories(f, 30, SEED + 1, 'warm'));
  const costs = await stageCosts(benchStories(f, quick ? 120 : 600, SEED + 1, 'cost'));
  log(`per story, one at a time in one process: normalize ${costs.normalizeMs} ms, extract ${costs.extractMs} ms, store ${costs.storeMs} ms one story per transaction, ${costs.storeBatchedMs} ms per story in batches of ${costs.storeBatchSize}`);

  const scaling: Array<{ workers: number; ceiling: Awaited<ReturnType<typeof ceiling>>; pipeline: Awaited<ReturnType<typeof pipeline>>; ratio: number }> = [];
  for (const k of WORKERS) {
    log(`k=${k}: ceiling (no-op workers)`);
    const a = await ceiling(k, stories, pads);
    log(`k=${k}: ceiling ${a.storiesPerSec} stories/s; pipeline`);
    const b = await pipeline(k, stories, f);
    log(`k=${k}: pipeline ${b.storiesPerSec} stories/s; latency p50/p95/p99 ${b.latency.p50ms}/${b.latency.p95ms}/${b.latency.p99ms} ms at ${b.latency.offeredPerSec}/s`);
    scaling.push({ workers: k, ceiling: a, pipeline: b, ratio: round(b.storiesPerSec / a.storiesPerSec, 3)! });
  }
  const bl = BACKLOG > 0 ? await backlog(BACKLOG, BACKLOG_WORKERS, f) : null;

  const max = (xs: Array<number | null>) => Math.max(...xs.map((x) => x ?? 0));
  console.log(`\nthroughput (stories/s; ${N} stories; per worker process: concurrency normalize/extract/store ${JSON.stringify(newRunConcurrency())})`);
  console.log(
    table([
      ['workers', 'ceiling/s', 'pipeline/s', 'ratio', 'p50 ms', 'p95 ms', 'p99 ms', 'at /s', 'worker CPU ms/story (noop, real)', 'peak RSS MiB (noop, real)'],
      ...scaling.map((s) => [
        String(s.workers),
        String(s.ceiling.storiesPerSec),
        String(s.pipeline.storiesPerSec),
        s.ratio.toFixed(3),
        String(s.pipeline.latency.p50ms),
        String(s.pipeline.latency.p95ms),
        String(s.pipeline.latency.p99ms),
        String(s.pipeline.latency.offeredPerSec),
        `${s.ceiling.workerCpuMsPerStory}, ${s.pipeline.workerCpuMsPerStory}`,
        `${max(s.ceiling.workerPeakRssMiB)}, ${max(s.pipeline.workerPeakRssMiB)}`,
      ]),
    ]),
  );
  if (bl) {
    console.log(
      `\nbacklog: ${bl.stories} stories, ${bl.workers} workers: ${bl.storiesPerSec}/s overall; stored/s per fifth of the drain ${bl.perFifthPerSec.join(', ')} (last/first ${bl.lastOverFirst}); ` +
        `worker RSS MiB at 10/50/90%: ${JSON.stringify(bl.workerRssMiB)}; peak ${JSON.stringify(bl.workerPeakRssMiB)}; Redis MiB ${JSON.stringify(bl.redisMiB)}`,
    );
  }
  const benchPeak = procMemory(process.pid)?.peakRssMiB ?? null;
  const seconds = round((Date.now() - t00) / 1000, 1);
  console.log(`\nbenchmark process peak RSS ${benchPeak} MiB; total ${seconds} s`);
  const result = {
    date: new Date().toISOString(),
    machine,
    params: { stories: N, workers: WORKERS, backlog: BACKLOG, backlogWorkers: BACKLOG_WORKERS, latencySeconds: LATENCY_SECONDS, quick, seed: SEED },
    stories: { averageChars: Math.round(chars / N), langs: BENCH_LANGS, payloadBytes: sizes },
    queueSettings: newRunConcurrency(),
    stageCostMs: costs,
    notes: [
      'latency: from just before addBulk on the producer to the store job completed event (its PostgreSQL transaction committed) received by a QueueEvents listener in the benchmark process',
      'ceiling: same hops, Redis, queue settings and payload sizes; the last no-op stage INCRs a Redis counter',
    ],
    scaling,
    backlog: bl,
    benchProcessPeakRssMiB: benchPeak,
    totalSeconds: seconds,
  };
  if (!values['no-write']) log(`wrote ${writeBenchResult(`${result.date.slice(0, 10)}${quick ? '-quick' : ''}-pipeline.json`, result)}`);
}

function newRunConcurrency() {
  const q = loadConfig({ env: {}, overrides: { queues: QUEUE_OVERRIDES } }).queues;
  return { concurrency: q.concurrency, storeBatch: q.storeBatch, attempts: q.attempts, lockDurationMs: q.lockDurationMs, keepCompleted: q.keepCompleted };
}

await main();
