/**
 * Private Redis and PostgreSQL servers for fault tests, on free loopback ports
 * in temp dirs, so a test may kill, stop and restart them without touching the
 * shared services other engineers use.
 *
 * Redis runs with `--appendonly yes --appendfsync always --maxmemory-policy
 * noeviction`. PostgreSQL is a fresh `initdb` cluster (trust auth) run by
 * `pg_ctl`; as root it runs as the `postgres` user (initdb refuses root).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { redisAnswers } from '../../src/queues/redis-connection.js';
import { freePort, waitFor } from './services.js';

export interface PrivateRedis {
  url: string;
  port: number;
  dir: string;
  /** Kills the server outright (SIGKILL): only what the AOF holds survives. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (the AOF is replayed). */
  start(): Promise<void>;
  /** Stops the server and removes its directory. */
  remove(): Promise<void>;
}

/** Starts a private redis-server (AOF always, noeviction) and waits until it answers. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wt-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess | null = null;
  let log = '';
  const start = async () => {
    proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always',
        '--maxmemory-policy', 'noeviction', '--save', '', '--daemonize', 'no', '--protected-mode', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc.stdout!.on('data', (d) => (log = (log + d).slice(-4000)));
    proc.stderr!.on('data', (d) => (log = (log + d).slice(-4000)));
    await waitFor(() => redisAnswers(url, 500), 20_000, `private redis on ${port}: ${log.slice(-500)}`);
  };
  const stopWith = async (signal: NodeJS.Signals) => {
    const p = proc as ChildProcess | null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
  };
  await start();
  return {
    url,
    port,
    dir,
    kill: () => stopWith('SIGKILL'),
    start,
    async remove() {
      await stopWith('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivatePostgres {
  url: string;
  port: number;
  dir: string;
  /** `pg_ctl stop -m fast`: the server goes away, connections drop. */
  stop(): Promise<void>;
  /** `pg_ctl start`, waiting until it accepts connections. */
  start(): Promise<void>;
  /** Stops the cluster and removes its directory. */
  remove(): Promise<void>;
}

function pgBinDir(): string {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install -y postgresql)');
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error('initdb not found under /usr/lib/postgresql/*/bin');
  return join(base, versions[0]!, 'bin');
}

/** Runs a PostgreSQL tool, as the postgres user when we are root. */
function runPg(tool: string, args: string[], asRoot: boolean): void {
  const bin = join(pgBinDir(), tool);
  const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' }) : spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

async function pgAnswers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** initdb + pg_ctl start of a private cluster on a free port (trust auth, fsync off: it is a test). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const asRoot = userInfo().uid === 0;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wt-pg-'));
  const data = join(dir, 'data');
  const sock = join(dir, 'sock');
  mkdirSync(sock);
  if (asRoot) {
    const u = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (u.status !== 0) throw new Error('running as root and there is no postgres user to run initdb as');
    for (const p of [dir, sock]) chownSync(p, Number(u.stdout.trim()), Number(g.stdout.trim()));
  }
  runPg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C'], asRoot);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const opts = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = async () => {
    runPg('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'], asRoot);
    await waitFor(() => pgAnswers(url), 30_000, `private postgres on ${port}`);
  };
  const stop = async () => {
    runPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], asRoot);
  };
  await start();
  return {
    url,
    port,
    dir,
    stop,
    start,
    async remove() {
      try {
        await stop();
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Both private servers; `remove` stops and deletes them. */
export async function startPrivateServices(): Promise<{ redis: PrivateRedis; pg: PrivatePostgres; remove: () => Promise<void> }> {
  const [redis, pgs] = await Promise.all([startPrivateRedis(), startPrivatePostgres()]);
  return {
    redis,
    pg: pgs,
    remove: async () => {
      await Promise.allSettled([redis.remove(), pgs.remove()]);
    },
  };
}
