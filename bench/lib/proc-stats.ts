/** Process memory figures read from /proc (Linux). */
import { readFileSync } from 'node:fs';

export interface ProcMemory {
  /** Peak resident set size (VmHWM), in MiB. */
  peakRssMiB: number;
  /** Current resident set size (VmRSS), in MiB. */
  rssMiB: number;
}

/**
 * Reads VmHWM and VmRSS of a live process; null when it is gone or /proc is absent.
 *
 * @example
 * procMemory(process.pid)?.peakRssMiB // e.g. 87.4
 */
export function procMemory(pid: number): ProcMemory | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) : NaN;
  };
  return { peakRssMiB: +(kb('VmHWM') / 1024).toFixed(1), rssMiB: +(kb('VmRSS') / 1024).toFixed(1) };
}

/**
 * CPU time (user + system) a live process has used so far, in milliseconds;
 * null when it is gone. Reads /proc/<pid>/stat (clock ticks of 10 ms).
 *
 * @example
 * procCpuMs(process.pid) // e.g. 1830
 */
export function procCpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may contain spaces) start at state, field 3.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]), stime = Number(rest[12]);
  return Number.isFinite(utime + stime) ? (utime + stime) * 10 : null;
}
