import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * An open-loop load at a fixed rate: request i is due at start + i/rate, whatever the server does, and
 * its latency is measured from when it was due (so a slow server cannot hide its queue: no coordinated
 * omission). autocannon's own rate mode gives each connection a per-second quota that it spends at once
 * at the start of every second, which measures bursts rather than a steady rate.
 */
export interface PacedLoadOptions {
  url: string;
  headers: Record<string, string>;
  bodies: readonly string[];
  rate: number;
  durationSeconds: number;
  /** Sockets at most; later requests wait for one (and that wait counts in their latency). */
  maxSockets?: number;
}

export interface PacedLoadResult {
  rate: number;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  achievedPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The value at quantile q of sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

export async function pacedLoad(o: PacedLoadOptions): Promise<PacedLoadResult> {
  const target = new URL(o.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 256 });
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  const total = Math.round(o.rate * o.durationSeconds);
  const interval = 1000 / o.rate;
  const start = performance.now();
  let lastDone = start;
  const inFlight = new Set<Promise<void>>();

  const fire = (due: number, body: string): void => {
    const p = new Promise<void>((resolve) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { ...o.headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            const now = performance.now();
            lastDone = now;
            latencies.push(now - due);
            if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) ok++;
            else non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
  };

  while (sent < total) {
    const now = performance.now();
    while (sent < total && start + sent * interval <= now) {
      fire(start + sent * interval, o.bodies[sent % o.bodies.length] ?? '{}');
      sent++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    rate: o.rate,
    sent,
    ok,
    non2xx,
    errors,
    achievedPerSecond: Math.round((ok * 1000) / Math.max(1, lastDone - start)),
    p50Ms: round(quantile(latencies, 0.5)),
    p90Ms: round(quantile(latencies, 0.9)),
    p99Ms: round(quantile(latencies, 0.99)),
    maxMs: round(latencies[latencies.length - 1] ?? NaN),
  };
}
