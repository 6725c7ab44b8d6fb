/**
 * One isolated pipeline run for the benchmarks and fault tests: its own
 * BullMQ prefix and PostgreSQL schema on the given services, a config file
 * for worker processes, the worker processes themselves, a producer, and
 * cleanup of every key and table it created.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Redis } from 'ioredis';
import { loadConfig, type AppConfig } from '../../src/config/index.js';
import { REPO_ROOT } from '../../src/eval/run-dates-cli.js';
import { PipelineQueues } from '../../src/queues/pipeline-queues.js';
import { createRedis } from '../../src/queues/redis-connection.js';
import { openStore } from '../../src/store/open-store.js';
import type { Story } from '../../src/types.js';
import { procCpuMs, procMemory } from './proc-stats.js';

export type WorkerKind = 'real' | 'noop';

export interface BenchRunOptions {
  redisUrl: string;
  databaseUrl: string;
  /** Overrides of `queues.*` for this run (e.g. short locks in fault tests). */
  queues?: Record<string, unknown>;
  /** Worker log level (default `error`). */
  logLevel?: string;
  label?: string;
}

/** A worker process of a run, with the tail of its output for diagnostics. */
export interface RunWorker {
  child: ChildProcess;
  kind: WorkerKind;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export class BenchRun {
  readonly id = randomBytes(5).toString('hex');
  readonly prefix: string;
  readonly schema: string;
  readonly dir: string;
  readonly configFile: string;
  readonly config: AppConfig;
  readonly workers: RunWorker[] = [];
  private redis: Redis | null = null;
  private queuesRef: PipelineQueues | null = null;
  private pgClient: pg.Client | null = null;

  constructor(readonly opts: BenchRunOptions) {
    const label = opts.label ?? 'wtb';
    this.prefix = `${label}_${this.id}`;
    this.schema = `${label}_${this.id}`;
    this.dir = mkdtempSync(join(tmpdir(), `${label}-`));
    this.configFile = join(this.dir, 'config.yaml');
    const queues = { prefix: this.prefix, ...(opts.queues ?? {}) };
    const fileConfig = {
      redis: { url: opts.redisUrl, startLocal: false },
      database: { url: opts.databaseUrl, schema: this.schema },
      queues,
      seed: { onStart: false, paths: [] },
      logging: { level: opts.logLevel ?? 'error', pretty: false },
      dataDir: this.dir,
      feeds: [],
    };
    writeFileSync(this.configFile, JSON.stringify(fileConfig, null, 2)); // JSON is YAML
    this.config = loadConfig({ env: {}, overrides: fileConfig });
  }

  /** Environment of a worker process: the run's config file, and the env overrides pinned to it. */
  private childEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      TIMELINE_CONFIG: this.configFile,
      REDIS_URL: this.opts.redisUrl,
      REDIS_START_LOCAL: 'false',
      DATABASE_URL: this.opts.databaseUrl,
      DATABASE_SCHEMA: this.schema,
      QUEUE_PREFIX: this.prefix,
      LOG_LEVEL: this.opts.logLevel ?? 'error',
      LOG_PRETTY: 'false',
      SEED_ON_START: 'false',
    };
  }

  /** Creates the schema and applies migrations once, before workers race to do it. */
  async migrate(): Promise<void> {
    const store = await openStore({ databaseUrl: this.opts.databaseUrl, schema: this.schema, poolSize: 1 });
    await store.close();
  }

  /** The producer side: queues on a fail-fast connection. */
  get queues(): PipelineQueues {
    if (!this.queuesRef) {
      this.redis = createRedis(this.opts.redisUrl, 'queue');
      this.redis.on('error', () => {});
      this.queuesRef = new PipelineQueues(this.redis, this.config.queues);
      // Outages are expected in fault tests: the producer's callers see failures through their own calls.
      for (const q of this.queuesRef.list()) q.on('error', () => {});
    }
    return this.queuesRef;
  }

  /** Starts one worker process (`real`: the service's stage workers; `noop`: the ceiling). */
  startWorker(kind: WorkerKind, pads: [number, number] = [0, 0]): RunWorker {
    const args =
      kind === 'real'
        ? [join(REPO_ROOT, 'bin/run-ts.js'), 'bench/lib/pipeline-worker.ts']
        : [join(REPO_ROOT, 'bin/run-ts.js'), 'bench/lib/noop-worker.ts', String(pads[0]), String(pads[1])];
    // BENCH_WORKER_NODE_ARGS: node flags for the worker processes only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: REPO_ROOT, env: this.childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (d: Buffer) => {
      out = (out + d.toString('utf8')).slice(-8000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const w: RunWorker = { child, kind, output: () => out, exited };
    this.workers.push(w);
    return w;
  }

  /** Waits until `n` workers of this run listen on every one of its three stage queues. */
  async waitWorkersReady(n: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const qs = [this.queues.queues.normalize, this.queues.queues.extract, this.queues.queues.store];
    while (Date.now() < deadline) {
      const dead = this.workers.find((w) => w.child.exitCode !== null || w.child.signalCode !== null);
      if (dead && dead.child.signalCode !== 'SIGKILL') throw new Error(`a worker exited early (${dead.child.exitCode ?? dead.child.signalCode}): ${dead.output().slice(-2000)}`);
      const counts = await Promise.all(qs.map((q) => q.getWorkersCount().catch(() => 0)));
      if (counts.every((c) => c >= n)) return;
      await sleep(200);
    }
    throw new Error(`workers not ready after ${timeoutMs} ms: ${this.workers.map((w) => w.output().slice(-500)).join(' | ')}`);
  }

  /** Peak RSS (VmHWM, MiB) of each live worker process. */
  workerPeakRss(): Array<number | null> {
    return this.workers.map((w) => (w.child.pid ? (procMemory(w.child.pid)?.peakRssMiB ?? null) : null));
  }

  /** CPU time (ms, user + system) used so far by all live worker processes together. */
  workerCpuMs(): number {
    return this.workers.reduce((sum, w) => sum + ((w.child.pid ? procCpuMs(w.child.pid) : null) ?? 0), 0);
  }

  /** Current RSS (MiB) of each live worker process. */
  workerRss(): Array<number | null> {
    return this.workers.map((w) => (w.child.pid ? (procMemory(w.child.pid)?.rssMiB ?? null) : null));
  }

  /** Enqueues stories on the normalize queue in bulk chunks. */
  async enqueue(stories: Story[], chunk = 500): Promise<void> {
    for (let i = 0; i < stories.length; i += chunk) await this.queues.enqueueStories(stories.slice(i, i + chunk));
  }

  /** A client on the run's schema (for counting what was stored). */
  async db(): Promise<pg.Client> {
    if (!this.pgClient) {
      const c = new pg.Client({ connectionString: this.opts.databaseUrl, options: `-c search_path=${this.schema}` });
      // A lost connection is dropped, so the next call reconnects (fault tests stop the server).
      c.on('error', () => {
        if (this.pgClient === c) this.pgClient = null;
      });
      await c.connect();
      this.pgClient = c;
    }
    return this.pgClient;
  }

  /** Drops the cached database client (after the server restarted). */
  async resetDb(): Promise<void> {
    const c = this.pgClient;
    this.pgClient = null;
    await c?.end().catch(() => {});
  }

  /** Stories whose extraction is stored. */
  async processedCount(): Promise<number> {
    const r = await (await this.db()).query('SELECT count(*)::int AS n FROM stories WHERE processed_at IS NOT NULL');
    return Number(r.rows[0].n);
  }

  /** Jobs that failed for good, per stage queue. */
  async failedCounts(): Promise<{ normalize: number; extract: number; store: number }> {
    const q = this.queues.queues;
    const [a, b, c] = await Promise.all([q.normalize, q.extract, q.store].map((x) => x.getJobCounts('failed')));
    return { normalize: a!.failed ?? 0, extract: b!.failed ?? 0, store: c!.failed ?? 0 };
  }

  /** Stops every worker process gracefully (SIGTERM), then SIGKILL after `graceMs`. */
  async stopWorkers(graceMs = 30_000): Promise<void> {
    const live = this.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    for (const w of live) w.child.kill('SIGTERM');
    await Promise.all(
      live.map(async (w) => {
        const t = setTimeout(() => w.child.kill('SIGKILL'), graceMs);
        await w.exited;
        clearTimeout(t);
      }),
    );
  }

  /** Stops workers, closes connections, deletes the run's Redis keys and schema and its temp dir. */
  async cleanup(): Promise<void> {
    await this.stopWorkers(10_000).catch(() => {});
    await this.queuesRef?.close().catch(() => {});
    if (this.redis) {
      try {
        let cursor = '0';
        do {
          const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await this.redis.del(...keys);
        } while (cursor !== '0');
      } catch {
        /* the server may be gone (fault tests) */
      }
      this.redis.disconnect();
    }
    try {
      const c = await this.db();
      await c.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    } catch {
      /* the server may be gone (fault tests) */
    }
    await this.resetDb();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
