/**
 * Where the overview's latency tail comes from (not a test): the API under the paced load of the
 * benchmark (default 1,000/s for 20 s), with
 *   - the slow calls grouped into episodes (calls due within 5 ms of each other), so a tail made of a few
 *     stalls can be told from one spread over every second;
 *   - the API's time waiting for a core (/proc/<pid>/schedstat: run-queue wait) per second of load;
 *   - its GC pauses (--trace-gc), by kind.
 * Needs the bench database (README, "Synthetic data"); extra KEY=VALUE arguments go to the API's
 * environment, `--rate N`, `--duration S` and `--node-arg X` (repeatable) to the probe.
 *   node -r @swc-node/register -r tsconfig-paths/register tools/bench/tail.probe.ts [--rate 1000]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateDevKeyPair, mintToken } from '@overblik/platform';
import { startApp } from '@overblik/testing';
import { BENCH_CPR_HASH_KEY } from '../src/generator/bulk-load.cli';
import { generateCitizen } from '../src/generator/citizen.generator';
import { pacedLoad, quantile } from './paced-load';
import { pinApiAlone } from './pinning';

/** [ms on a core, ms waiting for one] of a process and its threads so far. */
function schedMs(pid: number): [number, number] {
  const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  return [(run ?? 0) / 1e6, (wait ?? 0) / 1e6];
}

/** [user ms, system ms] of a process (all threads) so far. */
function cpuSplitMs(pid: number): [number, number] {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return [Number(f[11]) * 10, Number(f[12]) * 10]; // utime, stime in clock ticks (USER_HZ = 100)
}

interface GcPause {
  kind: string;
  ms: number;
}

/** Pauses from --trace-gc lines, e.g. "… ms: Scavenge 40.1 (52.3) -> 30.2 (52.3) MB, 1.23 / 0.00 ms …". */
export function gcPauses(output: string): GcPause[] {
  const pauses: GcPause[] = [];
  for (const m of output.matchAll(/ms: (Scavenge|Mark-Compact|Mark-Compact \(reduce\)|Minor Mark-Sweep|Mark-Sweep)[^,]*, ([\d.]+) \/ [\d.]+ ms/g)) {
    pauses.push({ kind: m[1]!, ms: Number(m[2]) });
  }
  return pauses;
}

/** Slow calls (≥ `slowMs`) grouped into episodes: calls due within `gapMs` of the previous slow one. */
export function episodes(samples: ReadonlyArray<[number, number]>, slowMs: number, gapMs = 5): Array<{ at: number; calls: number; worstMs: number }> {
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

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { pin: { type: 'boolean', default: false }, warmup: { type: 'string', default: '15' }, rate: { type: 'string', default: '1000' }, duration: { type: 'string', default: '20' }, 'node-arg': { type: 'string', multiple: true, default: [] } },
  });
  const rate = Number(values.rate);
  const duration = Number(values.duration);
  const keys = await generateDevKeyPair('tail-probe');
  const port = 3912;
  const api = await startApp(
    'api',
    {
      DATABASE_URL: process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/overblik_bench', REDIS_URL: 'redis://127.0.0.1:6379', CPR_HASH_KEY: BENCH_CPR_HASH_KEY,
      ORCHESTRATION_JWKS: keys.jwks, VENDOR_JWKS: keys.jwks, API_PORT: String(port), QUEUE_PREFIX: 'tail-probe',
      OVERVIEW_RATE_LIMIT_PER_SECOND: '1000000', OVERVIEW_DISTINCT_CITIZENS_PER_MINUTE: '100000000', OVERVIEW_SLOWDOWN_MS: '0',
      ...Object.fromEntries(positionals.map((kv) => kv.split('=') as [string, string])),
    },
    { logLevel: 'warn', readyUrl: `http://127.0.0.1:${port}/health/live`, timeoutMs: 90_000, nodeArgs: ['--trace-gc', ...(values['node-arg'] ?? [])] },
  );
  const unpin = values.pin ? pinApiAlone(api.child.pid!) : () => undefined;
  try {
    const token = await mintToken({ privateJwk: keys.privateJwk, issuer: 'overblik-dev', audience: 'overblik-overview', subject: 'tail-probe', scope: 'overview:read', expiresIn: '1h' });
    const bodies = Array.from({ length: 5000 }, (_, i) => {
      const citizen = generateCitizen(i * 197, { seed: 42, dirtyShare: 0, asOf: '2026-11-01' });
      return JSON.stringify({ cpr: citizen.cpr, formaal: 'MIT_OVERBLIK', kommuner: [citizen.municipalityCvr] });
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    let next = 0;
    await autocannon({ url: `http://127.0.0.1:${port}/v1/overview`, method: 'POST', headers, connections: 8, duration: Number(values.warmup), requests: [{ setupRequest: (r: autocannon.Request) => ({ ...r, body: bodies[next++ % bodies.length] }) }] } as autocannon.Options);
    const pid = api.child.pid!;
    const gcBefore = gcPauses(api.output()).length;
    const [run0, wait0] = schedMs(pid);
    const [user0, system0] = cpuSplitMs(pid);
    const samples: Array<[number, number]> = [];
    const result = await pacedLoad({ url: `http://127.0.0.1:${port}/v1/overview`, headers, bodies, rate, durationSeconds: duration, onLatency: (due, ms) => samples.push([due, ms]) });
    const [run1, wait1] = schedMs(pid);
    const [user1, system1] = cpuSplitMs(pid);
    const pauses = gcPauses(api.output()).slice(gcBefore);
    const sorted = samples.map((s) => s[1]).sort((a, b) => a - b);
    const slow = episodes(samples, 20);
    const byKind = new Map<string, number[]>();
    for (const p of pauses) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), p.ms]);
    console.log(JSON.stringify({
      rate, duration, pinned: values.pin, sent: result.sent, ok: result.ok, non2xx: result.non2xx, errors: result.errors,
      p50Ms: quantile(sorted, 0.5).toFixed(1), p90Ms: quantile(sorted, 0.9).toFixed(1), p99Ms: quantile(sorted, 0.99).toFixed(1), maxMs: quantile(sorted, 1).toFixed(1),
      callsOver20Ms: sorted.filter((x) => x >= 20).length,
      apiMainThreadCpuMsPerSecond: Math.round((run1 - run0) / duration),
      apiCpuMsPerSecond: { user: Math.round((user1 - user0) / duration), system: Math.round((system1 - system0) / duration) }, apiMainThreadRunQueueWaitMsPerSecond: Math.round((wait1 - wait0) / duration),
      gc: Object.fromEntries([...byKind].map(([kind, ms]) => [kind, { count: ms.length, totalMs: Math.round(ms.reduce((a, b) => a + b, 0)), maxMs: Math.max(...ms), over5Ms: ms.filter((x) => x > 5).length }])),
      slowEpisodes: slow.length,
      worstEpisodes: [...slow].sort((a, b) => b.calls - a.calls).slice(0, 12),
    }, null, 1));
  } finally {
    unpin();
    await api.stop();
  }
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
