/**
 * Where the overview's latency tail comes from (not a test): the API under the paced load of the
 * benchmark (default 1,000/s for 20 s), with
 *   - the slow calls grouped into episodes (calls due within 5 ms of each other), so a tail made of a few
 *     stalls can be told from one spread over every second;
 *   - the API's time waiting for a core (/proc/<pid>/schedstat: run-queue wait) per second of load;
 *   - its GC pauses (--trace-gc), by kind;
 *   - the CPU of the PostgreSQL backends of the bench database per second of load;
 *   - the machine's steal time (the hypervisor running something else), per second and around each
 *     of the worst episodes, so a stall of the machine can be told from one of ours.
 * Needs the bench database (README, "Synthetic data"); extra KEY=VALUE arguments go to the API's
 * environment, `--rate N`, `--duration S` and `--node-arg X` (repeatable) to the probe; `--floor` probes the raw
 * HTTP floor (raw-http-floor.ts) instead of the API, under the same load and analysis; `--output-to F` writes what
 * the probed process printed (its --trace-gc lines among it) to F.
 *   node -r @swc-node/register -r tsconfig-paths/register tools/bench/tail.probe.ts [--rate 1000]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { serviceStages } from './metrics-text';
import { pacedLoad, quantile } from './paced-load';
import { pinApiAlone } from './pinning';
import { BENCH_DATABASE_URL, probeBodies, startProbeApi } from './probe-api';
import { startRawFloor } from './raw-floor-process';
import { BENCH_CPR_HASH_KEY } from '../src/generator/bulk-load.cli';
import { machineStealMs, postgresCpuMs, postgresCpuSinceMs, processCpuSplitMs, schedMs } from './proc-stats';

interface GcPause {
  kind: string;
  ms: number;
}

/** Pauses from --trace-gc lines, e.g. "… ms: Scavenge 40.1 (52.3) -> 30.2 (52.3) MB, 1.23 / 0.00 ms …". */
export function gcPauses(output: string): GcPause[] {
  const pauses: GcPause[] = [];
  for (const m of output.matchAll(
    /ms: (Scavenge|Mark-Compact|Mark-Compact \(reduce\)|Minor Mark-Sweep|Mark-Sweep)[^,]*, ([\d.]+) \/ [\d.]+ ms/g,
  )) {
    pauses.push({ kind: m[1]!, ms: Number(m[2]) });
  }
  return pauses;
}

/** Slow calls (≥ `slowMs`) grouped into episodes: calls due within `gapMs` of the previous slow one. */
export function episodes(
  samples: ReadonlyArray<[number, number]>,
  slowMs: number,
  gapMs = 5,
): Array<{ at: number; calls: number; worstMs: number }> {
  const out: Array<{ at: number; calls: number; worstMs: number; last: number }> = [];
  for (const [due, latency] of [...samples].sort((a, b) => a[0] - b[0])) {
    if (latency < slowMs) continue;
    const current = out[out.length - 1];
    if (current && due - current.last <= gapMs) {
      current.calls++;
      current.worstMs = Math.max(current.worstMs, latency);
      current.last = due;
    } else out.push({ at: due, calls: 1, worstMs: latency, last: due });
  }
  return out.map(({ at, calls, worstMs }) => ({ at: Math.round(at), calls, worstMs: Math.round(worstMs) }));
}

/**
 * How much a cumulative counter, sampled as [time, value so far] in time order, grew between `from` and
 * `to`: the last sample at or before each (0 before the first).
 */
export function growthBetween(samples: ReadonlyArray<[number, number]>, from: number, to: number): number {
  const at = (t: number): number => {
    let value = samples[0]?.[1] ?? 0;
    for (const [time, v] of samples) {
      if (time > t) break;
      value = v;
    }
    return value;
  };
  return at(to) - at(from);
}

interface Target {
  pid: number;
  overviewUrl: string;
  headers: Record<string, string>;
  bodies: string[];
  output(): string;
  stop(): Promise<void>;
}

const CITIZENS = 5000;
const STRIDE = 197;

async function apiTarget(env: string[], nodeArgs: string[]): Promise<Target> {
  const { api, overviewUrl, headers, bodies } = await startProbeApi({
    name: 'tail-probe',
    port: 3912,
    citizens: CITIZENS,
    stride: STRIDE,
    env: Object.fromEntries(env.map((kv) => kv.split('=') as [string, string])),
    nodeArgs,
  });
  return { pid: api.child.pid!, overviewUrl, headers, bodies, output: () => api.output(), stop: () => api.stop() };
}

/** The raw HTTP floor (node:http and the API's statement, nothing else) under the same probe. */
async function floorTarget(nodeArgs: string[]): Promise<Target> {
  const port = 3913;
  const floor = await startRawFloor({
    port,
    nodeArgs,
    env: { DATABASE_URL: BENCH_DATABASE_URL, CPR_HASH_KEY: BENCH_CPR_HASH_KEY },
  });
  const exited = new Promise<void>((resolve) => floor.child.once('exit', () => resolve()));
  return {
    pid: floor.child.pid!,
    overviewUrl: `http://127.0.0.1:${port}/`,
    headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
    bodies: probeBodies(CITIZENS, STRIDE),
    output: floor.output,
    async stop() {
      floor.child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      pin: { type: 'boolean', default: false },
      floor: { type: 'boolean', default: false },
      warmup: { type: 'string', default: '15' },
      rate: { type: 'string', default: '1000' },
      duration: { type: 'string', default: '20' },
      'node-arg': { type: 'string', multiple: true, default: [] },
      'output-to': { type: 'string' },
    },
  });
  const rate = Number(values.rate);
  const duration = Number(values.duration);
  const nodeArgs = ['--trace-gc', ...(values['node-arg'] ?? [])];
  const target = values.floor ? await floorTarget(nodeArgs) : await apiTarget(positionals, nodeArgs);
  const { overviewUrl, headers, bodies } = target;
  const unpin = values.pin ? pinApiAlone(target.pid) : () => undefined;
  try {
    let next = 0;
    await autocannon({
      url: overviewUrl,
      method: 'POST',
      headers,
      connections: 8,
      duration: Number(values.warmup),
      requests: [{ setupRequest: (r: autocannon.Request) => ({ ...r, body: bodies[next++ % bodies.length] }) }],
    } as autocannon.Options);
    const pid = target.pid;
    const gcBefore = gcPauses(target.output()).length;
    const [run0, wait0] = schedMs(pid);
    const cpu0 = processCpuSplitMs(pid);
    const database = new URL(BENCH_DATABASE_URL).pathname.slice(1);
    const pg0 = postgresCpuMs(database);
    // the API's own timing of each stage of a call (none for the floor)
    const metricsUrl = new URL('/metrics', overviewUrl).toString();
    const scrape = async (): Promise<string> => (values.floor ? '' : (await fetch(metricsUrl)).text());
    const m0 = await scrape();
    const samples: Array<[number, number]> = [];
    // the machine's steal so far, every 10 ms, on the clock of performance.now()
    const steal: Array<[number, number]> = [[performance.now(), machineStealMs()]];
    const sampler = setInterval(() => steal.push([performance.now(), machineStealMs()]), 10);
    let origin: number | undefined; // performance.now() of the load's start (its `due` times count from there)
    const result = await pacedLoad({
      url: overviewUrl,
      headers,
      bodies,
      rate,
      durationSeconds: duration,
      onLatency: (due, ms) => {
        origin ??= performance.now() - ms - due;
        samples.push([due, ms]);
      },
    }).finally(() => clearInterval(sampler));
    steal.push([performance.now(), machineStealMs()]);
    const [run1, wait1] = schedMs(pid);
    const cpu1 = processCpuSplitMs(pid);
    const pgMs = postgresCpuSinceMs(pg0, postgresCpuMs(database));
    const m1 = await scrape();
    const stages = values.floor ? undefined : serviceStages(m0, m1);
    const pauses = gcPauses(target.output()).slice(gcBefore);
    const sorted = samples.map((s) => s[1]).sort((a, b) => a - b);
    const slow = episodes(samples, 20);
    const byKind = new Map<string, number[]>();
    for (const p of pauses) {
      const list = byKind.get(p.kind) ?? [];
      list.push(p.ms);
      byKind.set(p.kind, list);
    }
    console.log(
      JSON.stringify(
        {
          target: values.floor ? 'raw HTTP floor' : 'api',
          rate,
          duration,
          pinned: values.pin,
          sent: result.sent,
          ok: result.ok,
          non2xx: result.non2xx,
          errors: result.errors,
          p50Ms: quantile(sorted, 0.5).toFixed(1),
          p90Ms: quantile(sorted, 0.9).toFixed(1),
          p99Ms: quantile(sorted, 0.99).toFixed(1),
          maxMs: quantile(sorted, 1).toFixed(1),
          callsOver20Ms: sorted.filter((x) => x >= 20).length,
          apiMainThreadCpuMsPerSecond: Math.round((run1 - run0) / duration),
          apiCpuMsPerSecond: {
            user: Math.round((cpu1.userMs - cpu0.userMs) / duration),
            system: Math.round((cpu1.systemMs - cpu0.systemMs) / duration),
          },
          apiMainThreadRunQueueWaitMsPerSecond: Math.round((wait1 - wait0) / duration),
          postgresCpuMsPerSecond: Math.round(pgMs / duration),
          gc: Object.fromEntries(
            [...byKind].map(([kind, ms]) => [
              kind,
              {
                count: ms.length,
                totalMs: Math.round(ms.reduce((a, b) => a + b, 0)),
                maxMs: Math.max(...ms),
                over5Ms: ms.filter((x) => x > 5).length,
              },
            ]),
          ),
          // the service's own time (after authentication, until the answer) and its stages
          ...(stages ? { stages } : {}),
          machineStealMsPerSecond: Math.round((steal[steal.length - 1]![1] - steal[0]![1]) / duration),
          slowEpisodes: slow.length,
          // with the machine's steal from 100 ms before the episode's first slow call to its worst latency after it
          worstEpisodes: [...slow]
            .sort((a, b) => b.calls - a.calls)
            .slice(0, 12)
            .map((e) => ({
              ...e,
              stealMs:
                origin === undefined ? null : growthBetween(steal, origin + e.at - 100, origin + e.at + e.worstMs),
            })),
        },
        null,
        1,
      ),
    );
  } finally {
    unpin();
    if (values['output-to']) writeFileSync(values['output-to'], target.output());
    await target.stop();
  }
}

if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
