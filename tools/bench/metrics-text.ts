/** Figures read from a process's Prometheus text (/metrics): histograms, event-loop delay, GC. */

export interface Histogram {
  buckets: Array<{ le: string; n: number }>;
  sum: number;
  count: number;
}

/** A Prometheus histogram from the text of /metrics: one without labels, or the series with `label` (e.g. `stage="read"`). */
export function histogramOf(text: string, name: string, label?: string): Histogram {
  const metrics =
    label === undefined
      ? text
      : text
          .split('\n')
          .filter((line) => line.includes(label))
          .join('\n');
  const buckets = [
    ...metrics.matchAll(new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\} ([\\d.e+]+)$`, 'gm')),
  ].map((m) => ({ le: m[1] ?? '', n: Number(m[2]) }));
  const sum = Number(new RegExp(`^${name}_sum(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'm').exec(metrics)?.[1] ?? 0);
  const count = Number(new RegExp(`^${name}_count(?:\\{[^}]*\\})? ([\\d.e+]+)$`, 'm').exec(metrics)?.[1] ?? 0);
  return { buckets, sum, count };
}

export interface EventLoopFigures {
  lagP99Ms: number;
  lagMaxMs: number;
  gcCount: number;
  gcMs: number;
  majorGcCount: number;
}

/** Event-loop delay (since the previous scrape) and garbage collection (since start) from prom-client's defaults. */
export function eventLoopOf(metrics: string): EventLoopFigures {
  const gauge = (name: string): number =>
    Math.round(Number(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(metrics)?.[1] ?? NaN) * 10_000) / 10;
  const gcLines = [...metrics.matchAll(/^nodejs_gc_duration_seconds_(count|sum)\{kind="(\w+)"\} ([\d.e+-]+)$/gm)];
  const total = (what: string, kind?: string): number =>
    gcLines.filter((m) => m[1] === what && (!kind || m[2] === kind)).reduce((n, m) => n + Number(m[3]), 0);
  return {
    lagP99Ms: gauge('nodejs_eventloop_lag_p99_seconds'),
    lagMaxMs: gauge('nodejs_eventloop_lag_max_seconds'),
    gcCount: total('count'),
    gcMs: total('sum') * 1000,
    majorGcCount: total('count', 'major'),
  };
}

/** What happened between two snapshots: count, mean and the bucket bound that holds p50 and p99. */
export function histogramDelta(
  before: Histogram,
  after: Histogram,
): { count: number; mean: number; p50: string; p99: string } {
  const count = after.count - before.count;
  const buckets = after.buckets.map((b, i) => ({ le: b.le, n: b.n - (before.buckets[i]?.n ?? 0) }));
  const at = (q: number): string => `≤ ${buckets.find((b) => b.n >= q * count)?.le ?? '?'}`;
  return { count, mean: count ? (after.sum - before.sum) / count : NaN, p50: at(0.5), p99: at(0.99) };
}

/** The stages of `overblik_overview_stage_seconds` (apps/api overview.service.ts). */
const STAGES = ['limits', 'read', 'answer', 'access-log'] as const;

/** The overview service's own time between two scrapes of /metrics, whole and per stage: mean, and the buckets of p50 and p99. */
export function serviceStages(
  before: string,
  after: string,
): Record<string, { meanMs: number; p50Seconds: string; p99Seconds: string }> {
  const series: Array<[string, string, string | undefined]> = [
    ['service', 'overblik_overview_seconds', undefined],
    ...STAGES.map((stage): [string, string, string] => [stage, 'overblik_overview_stage_seconds', `stage="${stage}"`]),
  ];
  return Object.fromEntries(
    series.map(([stage, name, label]) => {
      const d = histogramDelta(histogramOf(before, name, label), histogramOf(after, name, label));
      return [stage, { meanMs: Number((d.mean * 1000).toFixed(2)), p50Seconds: d.p50, p99Seconds: d.p99 }];
    }),
  );
}
