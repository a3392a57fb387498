import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { pidsOf } from './proc-stats';

/**
 * CPU pinning for a benchmark on a small machine: the API on a core of its own, everything else
 * (PostgreSQL, Redis, the load tool) on the others. On two cores without it, every query the API sends
 * wakes a PostgreSQL backend that the scheduler often runs on the API's own core, so the API waits in
 * the middle of its work; pinning is how a latency-bound service is deployed beside its database on
 * one host. Affinity is restored to every core by the returned function (also for processes PostgreSQL
 * started meanwhile).
 */
export function pinApiAlone(apiPid: number): () => void {
  const all = `0-${cpus().length - 1}`;
  const rest = cpus().length > 2 ? `1-${cpus().length - 1}` : '1';
  // the postmaster and every backend: new backends inherit the postmaster's affinity
  const others = (): number[] => [...pidsOf('postgres'), ...pidsOf('redis-server'), process.pid];
  const set = (cpuList: string, pids: number[]): void => {
    for (const pid of pids) {
      try {
        execFileSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' });
      } catch {
        // the process ended meanwhile
      }
    }
  };
  set('0', [apiPid]);
  set(rest, others());
  return () => set(all, [...others(), apiPid]);
}
