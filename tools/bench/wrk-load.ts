/**
 * The closed-loop maximum through wrk (Debian's package, `apt-get install wrk`): a load tool written in
 * C, as pgbench's client is, so the two cores the API shares with it go to the API rather than to the
 * load tool. A load tool in the benchmark's own Node process takes a noticeable share of what the whole
 * call costs the machine (docs/performance.md).
 *
 * The bodies go to wrk through a file of their own (mode 0600, removed afterwards); each is a request
 * made once in wrk's Lua `init`, sent in turn. Latency comes from wrk's histogram, CPU from bash's
 * `times` for its child.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const WRK = process.env['WRK'] ?? '/usr/bin/wrk';

export const wrkAvailable = (): boolean => existsSync(WRK);

/** What a closed-loop run gives, whichever tool ran it. */
export interface ClosedLoopResult {
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** The load tool's CPU (user + system) when it ran as its own process (wrk); autocannon's is the benchmark's own. */
  loadToolCpuMs?: number;
}

/** Lua for wrk: one request per body line, sent round-robin; a JSON summary at the end. */
const SCRIPT = `
local requests = {}
local counter = 0
function init(args)
  local headers = {}
  for pair in io.lines(args[2]) do
    local name, value = string.match(pair, "^([^:]+): (.*)$")
    if name then headers[name] = value end
  end
  for line in io.lines(args[1]) do
    requests[#requests + 1] = wrk.format("POST", args[3], headers, line)
  end
end
function request()
  counter = counter % #requests + 1
  return requests[counter]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK-RESULT {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

/** Parses bash's `times`: its second line is the children's user and system time, e.g. "0m1.250s 0m0.310s". */
export function childCpuMs(timesOutput: string): number {
  const lines = timesOutput.trim().split('\n');
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines[lines.length - 1] ?? '');
  if (!m) return NaN;
  return Math.round((Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000);
}

/** Reads wrk's JSON summary line (see SCRIPT) into the benchmark's figures. */
export function wrkResultOf(stdout: string, loadToolCpuMs: number): ClosedLoopResult {
  const line = /WRK-RESULT (\{.*\})/.exec(stdout)?.[1];
  if (!line) throw new Error(`wrk printed no result: ${stdout.slice(0, 500)}`);
  const r = JSON.parse(line) as Record<
    'requests' | 'durationUs' | 'connect' | 'read' | 'write' | 'status' | 'timeout' | 'p50' | 'p90' | 'p99' | 'max',
    number
  >;
  const ms = (us: number): number => Math.round(us / 100) / 10;
  const errors = r.connect + r.read + r.write;
  return {
    requestsPerSecond: Math.round(((r.requests - r.status) * 1e6) / Math.max(1, r.durationUs)),
    p50Ms: ms(r.p50),
    p90Ms: ms(r.p90),
    p99Ms: ms(r.p99),
    maxMs: ms(r.max),
    total: r.requests,
    ok: r.requests - r.status,
    non2xx: r.status,
    errors,
    timeouts: r.timeout,
    loadToolCpuMs,
  };
}

/** `connections` keep-alive connections on one wrk thread for `duration` seconds. */
export async function wrkLoad(o: {
  url: string;
  headers: Record<string, string>;
  bodies: readonly string[];
  connections: number;
  duration: number;
}): Promise<ClosedLoopResult> {
  if (o.bodies.some((b) => b.includes('\n'))) throw new Error('wrk bodies are one line each');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'overblik-wrk-'));
  try {
    const bodiesFile = path.join(dir, 'bodies');
    const headersFile = path.join(dir, 'headers');
    const scriptFile = path.join(dir, 'load.lua');
    writeFileSync(bodiesFile, `${o.bodies.join('\n')}\n`, { mode: 0o600 });
    // the bearer token goes in a file, not in wrk's command line (which `ps` shows)
    writeFileSync(
      headersFile,
      `${Object.entries(o.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n')}\n`,
      { mode: 0o600 },
    );
    writeFileSync(scriptFile, SCRIPT, { mode: 0o600 });
    const target = new URL(o.url);
    const args = [
      '-t',
      '1',
      '-c',
      String(o.connections),
      '-d',
      `${o.duration}s`,
      '--timeout',
      '10s',
      '-s',
      scriptFile,
      o.url,
      '--',
      bodiesFile,
      headersFile,
      target.pathname,
    ];
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) =>
      execFile('bash', ['-c', '"$0" "$@" && times', WRK, ...args], { maxBuffer: 10_000_000 }, (error, out) =>
        error ? reject(error) : resolve({ stdout: out }),
      ),
    );
    return wrkResultOf(stdout, childCpuMs(stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
