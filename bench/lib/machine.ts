/** The machine a benchmark ran on: cores, RAM, CPU model, Node, Redis and PostgreSQL versions. */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { Redis } from 'ioredis';

export interface MachineInfo {
  cores: number;
  ramGiB: number;
  cpuModel: string | null;
  node: string;
  redis: string | null;
  postgres: string | null;
  load1: number | null;
}

function cpuModel(): string | null {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return m ? m[1]!.trim() : (cpus()[0]?.model ?? null);
  } catch {
    return cpus()[0]?.model ?? null;
  }
}

function load1(): number | null {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/** Collects the machine description; service versions are null when a service does not answer. */
export async function machineInfo(redisUrl: string | null, databaseUrl: string | null): Promise<MachineInfo> {
  let redis: string | null = null;
  if (redisUrl) {
    const r = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await r.connect();
      redis = /redis_version:(\S+)/.exec(await r.info('server'))?.[1] ?? null;
    } catch {
      /* not answering */
    } finally {
      r.disconnect();
    }
  }
  let postgres: string | null = null;
  if (databaseUrl) {
    const c = new pg.Client({ connectionString: databaseUrl });
    try {
      await c.connect();
      postgres = String((await c.query('SHOW server_version')).rows[0].server_version);
    } catch {
      /* not answering */
    } finally {
      await c.end().catch(() => {});
    }
  }
  return { cores: cpus().length, ramGiB: +(totalmem() / 2 ** 30).toFixed(1), cpuModel: cpuModel(), node: process.version, redis, postgres, load1: load1() };
}
