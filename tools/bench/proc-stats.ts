import { readdirSync, readFileSync } from 'node:fs';

/** Readings of processes from /proc, for the benchmarks and probes (Linux). */

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ

/** The fields of /proc/<pid>/stat after the command name (field 3 onward). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU time a process has used, user and system apart (ms); zeros when it is gone. */
export function processCpuSplitMs(pid: number | undefined): { userMs: number; systemMs: number } {
  try {
    const f = statFields(Number(pid));
    return {
      userMs: (Number(f[11]) * 1000) / CLOCK_TICKS_PER_SECOND,
      systemMs: (Number(f[12]) * 1000) / CLOCK_TICKS_PER_SECOND,
    };
  } catch {
    return { userMs: 0, systemMs: 0 };
  }
}

/** CPU time (user + system, ms) a process has used; 0 when it is gone. */
export function processCpuMs(pid: number | undefined): number {
  const { userMs, systemMs } = processCpuSplitMs(pid);
  return userMs + systemMs;
}

/** Every live process id. */
function allPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
}

/** Every process whose command name is `command` (/proc/<pid>/comm). */
export function pidsOf(command: string): number[] {
  return allPids().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === command;
    } catch {
      return false; // gone
    }
  });
}

/** The process and its descendants (the API forks workers when API_WORKERS > 1). */
export function processTree(root: number | undefined): number[] {
  if (root === undefined) return [];
  const parentOf = new Map<number, number>();
  for (const pid of allPids()) {
    try {
      parentOf.set(pid, Number(statFields(pid)[1]));
    } catch {
      // the process ended
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/** Peak RSS (VmHWM) of a process, summed over its tree: with API_WORKERS > 1 every worker counts. */
export function peakRssMb(pid: number | undefined): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += m ? Number(m[1]) : 0;
    } catch {
      // the process ended
    }
  }
  return kb ? Math.round(kb / 1024) : NaN;
}

/**
 * CPU time (ms) of each PostgreSQL backend serving this database, by pid: other databases on the shared
 * server are left out; a backend that ends between two snapshots loses its share (the API's pool keeps
 * its connections, so that is rare).
 */
export function postgresCpuMs(database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pidsOf('postgres')) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `)) out.set(pid, processCpuMs(pid));
    } catch {
      // the process ended
    }
  }
  return out;
}

/** CPU time (ms) the backends of one `postgresCpuMs` snapshot used until a later one. */
export function postgresCpuSinceMs(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

/** [ms on a core, ms waiting for one] of a process's main thread so far (/proc/<pid>/schedstat). */
export function schedMs(pid: number): [number, number] {
  const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  return [(run ?? 0) / 1e6, (wait ?? 0) / 1e6];
}

/** The whole machine's CPU times so far in ms, all cores together: /proc/stat's first line, field by field. */
function machineTimesMs(): { user: number; nice: number; system: number; irq: number; softirq: number; steal: number } {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((ticks) => (Number(ticks) * 1000) / CLOCK_TICKS_PER_SECOND);
  return { user: user!, nice: nice!, system: system!, irq: irq!, softirq: softirq!, steal: steal ?? 0 };
}

/** CPU time (ms) the whole machine has spent so far, user (with nice) and system (with interrupts) apart (/proc/stat). */
export function machineCpuMs(): { userMs: number; systemMs: number } {
  const t = machineTimesMs();
  return { userMs: t.user + t.nice, systemMs: t.system + t.irq + t.softirq };
}

/**
 * Time (ms, all cores together) the hypervisor ran something else while this machine's cores had work
 * (`steal` in /proc/stat), so far; 10 ms resolution (USER_HZ).
 */
export function machineStealMs(): number {
  return machineTimesMs().steal;
}
