import type { ClientUsageDelta, ClientUsageRepository } from '@overblik/persistence';
import type { ApiConfig } from '../api.config';
import { ClientLimiter, USAGE_FLUSH_MS } from './client-limiter.service';
import { OverviewMetrics } from './overview.metrics';

/** Redis as one shared counter per client and second (strict: only the calls the limiter makes). */
function sharedUsage() {
  const calls = new Map<string, number>();
  const citizens = new Map<string, Set<string>>();
  const flags = new Set<string>();
  let available = true;
  const repo = {
    async add(deltas: readonly ClientUsageDelta[], nowMs: number) {
      if (!available) throw new Error('redis is down');
      const out = new Map();
      for (const d of deltas) {
        const ck = `${d.clientId}:${Math.floor(nowMs / 1000)}`;
        const zk = `${d.clientId}:${Math.floor(nowMs / 60_000)}`;
        calls.set(ck, (calls.get(ck) ?? 0) + d.calls);
        const set = citizens.get(zk) ?? new Set<string>();
        d.citizenKeys.forEach((k) => set.add(k));
        citizens.set(zk, set);
        out.set(d.clientId, {
          callsThisSecond: calls.get(ck),
          distinctCitizensThisMinute: set.size,
          flagged: flags.has(d.clientId),
        });
      }
      return out;
    },
    async flag(clientId: string) {
      flags.add(clientId);
    },
  };
  return { repo: repo as unknown as ClientUsageRepository, flags, setAvailable: (v: boolean) => (available = v) };
}

const config = {
  OVERVIEW_RATE_LIMIT_PER_SECOND: 5,
  OVERVIEW_DISTINCT_CITIZENS_PER_MINUTE: 3,
  OVERVIEW_SLOWDOWN_MS: 0,
  OVERVIEW_FLAG_SECONDS: 60,
} as ApiConfig;
const flushed = () => new Promise((r) => setTimeout(r, USAGE_FLUSH_MS + 20));
const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: { getStatus?: () => number }) => e.getStatus?.() ?? 500,
  );

describe('ClientLimiter', () => {
  const at = Date.UTC(2026, 10, 26, 10, 0, 0, 100);
  let now = at;
  const limiterWith = (repo: ClientUsageRepository): ClientLimiter => {
    const limiter = new ClientLimiter(repo, new OverviewMetrics(), config);
    limiter.clock = () => now;
    return limiter;
  };
  const admitAt = (limiter: ClientLimiter, client: string, key: string, t: number) => {
    now = t;
    return limiter.admit(client, key);
  };

  it('answers 429 past the rate within one second, also across a flush', async () => {
    const { repo } = sharedUsage();
    const limiter = limiterWith(repo);
    const results: number[] = [];
    for (let i = 0; i < 7; i++) {
      results.push(await status(admitAt(limiter, 'c1', 'k', at + i)));
      if (i === 2) await flushed();
    }
    expect(results).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(await status(admitAt(limiter, 'c1', 'k', at + 1000))).toBe(200); // the next second
    limiter.onApplicationShutdown();
  });

  it('still counts calls whose flush Redis has not answered yet', async () => {
    const { repo } = sharedUsage();
    const slow = {
      add: async (d: readonly ClientUsageDelta[], t: number) => {
        await new Promise((r) => setTimeout(r, 100));
        return repo.add(d, t);
      },
      flag: repo.flag,
    } as unknown as ClientUsageRepository;
    const limiter = limiterWith(slow);
    const results: number[] = [];
    for (let i = 0; i < 3; i++) results.push(await status(admitAt(limiter, 'c5', 'k', at)));
    await flushed(); // the flush is now waiting for the slow answer
    for (let i = 0; i < 4; i++) results.push(await status(admitAt(limiter, 'c5', 'k', at)));
    expect(results).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });

  it('counts the calls of other processes through the shared counter', async () => {
    const { repo } = sharedUsage();
    const a = limiterWith(repo);
    const b = limiterWith(repo);
    for (let i = 0; i < 4; i++) await admitAt(a, 'c2', 'k', at);
    await flushed();
    await admitAt(b, 'c2', 'k', at);
    await flushed();
    expect(await status(admitAt(b, 'c2', 'k', at))).toBe(429);
  });

  it('flags a client past the distinct citizens of a minute, and not before', async () => {
    const { repo, flags } = sharedUsage();
    const limiter = limiterWith(repo);
    expect(await admitAt(limiter, 'c3', 'k1', at)).toEqual({ flagged: false });
    expect(await admitAt(limiter, 'c3', 'k2', at + 2000)).toEqual({ flagged: false });
    expect(await admitAt(limiter, 'c3', 'k1', at + 3000)).toEqual({ flagged: false });
    expect(await admitAt(limiter, 'c3', 'k3', at + 4000)).toEqual({ flagged: false });
    expect(await admitAt(limiter, 'c3', 'k4', at + 5000)).toEqual({ flagged: true });
    expect(flags.has('c3')).toBe(true);
  });

  it('keeps limiting on its own counts when Redis does not answer', async () => {
    const { repo, setAvailable } = sharedUsage();
    setAvailable(false);
    const limiter = limiterWith(repo);
    const results: number[] = [];
    for (let i = 0; i < 7; i++) {
      results.push(await status(admitAt(limiter, 'c4', 'k', at)));
      await flushed();
    }
    expect(results).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });
});
