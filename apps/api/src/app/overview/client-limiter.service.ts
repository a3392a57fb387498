import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientUsageRepository } from '@overblik/persistence';
import { APP_CONFIG, clientLabel, problem } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import { OverviewMetrics } from './overview.metrics';

/** How often a process sends what it counted to Redis and learns the totals of all processes. */
export const USAGE_FLUSH_MS = 25;
const USAGE_TIMEOUT_MS = 200;

interface ClientState {
  pendingCalls: number;
  pendingCitizens: Set<string>;
  /** Sent to Redis, answer not back yet: still counted, so a flush never hides calls. */
  inflightCalls: number;
  inflightCitizens: number;
  /** Totals of all processes at the last flush, for that second and minute. */
  knownSecond: number;
  knownCalls: number;
  knownMinute: number;
  knownCitizens: number;
  flaggedUntil: number;
}

/**
 * Abuse limits per orchestration client: a call rate (429 beyond it), and a bound on distinct citizens per
 * minute — a client asking for more citizens than people log in is slowed down and flagged (metric,
 * warning, and the flag on its access-log records). Counting is local and flushed to Redis every
 * USAGE_FLUSH_MS (one round trip for all clients), so the limits hold across API processes without a
 * Redis call per request. Redis not answering does not stop citizens from seeing their overview: each
 * process then limits on its own counts.
 */
@Injectable()
export class ClientLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(ClientLimiter.name);
  private readonly clients = new Map<string, ClientState>();
  private timer: NodeJS.Timeout | undefined;
  /** The clock (tests set their own). */
  clock: () => number = () => Date.now();

  constructor(
    private readonly usage: ClientUsageRepository,
    private readonly metrics: OverviewMetrics,
    @Inject(APP_CONFIG) private readonly config: ApiConfig,
  ) {}

  private stateOf(clientId: string): ClientState {
    let s = this.clients.get(clientId);
    if (!s) {
      s = {
        pendingCalls: 0,
        pendingCitizens: new Set(),
        inflightCalls: 0,
        inflightCitizens: 0,
        knownSecond: 0,
        knownCalls: 0,
        knownMinute: 0,
        knownCitizens: 0,
        flaggedUntil: 0,
      };
      this.clients.set(clientId, s);
    }
    return s;
  }

  /** Count the call; throws 429 past the rate limit; resolves (after a delay when flagged) with the flag. */
  async admit(clientId: string, citizenKey: string): Promise<{ flagged: boolean }> {
    const nowMs = this.clock();
    const s = this.stateOf(clientId);
    const second = Math.floor(nowMs / 1000);
    const minute = Math.floor(nowMs / 60_000);
    s.pendingCalls += 1;
    s.pendingCitizens.add(citizenKey);
    this.flushSoon();
    const calls = (s.knownSecond === second ? s.knownCalls : 0) + s.inflightCalls + s.pendingCalls;
    if (calls > this.config.OVERVIEW_RATE_LIMIT_PER_SECOND) {
      this.metrics.calls.inc({ client: clientLabel(clientId), outcome: 'rate-limited' });
      throw problem(429, 'rate-limited', 'Too many calls from this client; try again shortly', {
        retryAfterSeconds: 1,
      });
    }
    const citizens = (s.knownMinute === minute ? s.knownCitizens : 0) + s.inflightCitizens + s.pendingCitizens.size;
    let flagged = s.flaggedUntil > nowMs;
    if (!flagged && citizens > this.config.OVERVIEW_DISTINCT_CITIZENS_PER_MINUTE) {
      flagged = true;
      s.flaggedUntil = nowMs + this.config.OVERVIEW_FLAG_SECONDS * 1000;
      this.usage.flag(clientId, this.config.OVERVIEW_FLAG_SECONDS).catch(() => undefined);
      this.metrics.flagged.inc({ client: clientLabel(clientId) });
      this.logger.warn(
        { clientId, distinctCitizensThisMinute: citizens },
        'client flagged: more distinct citizens than people log in',
      );
    }
    if (flagged && this.config.OVERVIEW_SLOWDOWN_MS > 0)
      await new Promise((r) => setTimeout(r, this.config.OVERVIEW_SLOWDOWN_MS));
    return { flagged };
  }

  private flushSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, USAGE_FLUSH_MS);
  }

  private async flush(): Promise<void> {
    const nowMs = this.clock();
    const deltas = [...this.clients.entries()]
      .filter(([, s]) => s.pendingCalls > 0)
      .map(([clientId, s]) => {
        const delta = { clientId, calls: s.pendingCalls, citizenKeys: [...s.pendingCitizens] };
        s.inflightCalls += delta.calls;
        s.inflightCitizens += delta.citizenKeys.length;
        s.pendingCalls = 0;
        s.pendingCitizens = new Set();
        return delta;
      });
    if (!deltas.length) return;
    let timeout: NodeJS.Timeout | undefined;
    const totals = await Promise.race([
      this.usage.add(deltas, nowMs),
      new Promise<never>(
        (_, reject) => (timeout = setTimeout(() => reject(new Error('usage counters timed out')), USAGE_TIMEOUT_MS)),
      ),
    ])
      .catch(() => undefined)
      .finally(() => clearTimeout(timeout));
    const second = Math.floor(nowMs / 1000);
    const minute = Math.floor(nowMs / 60_000);
    if (!totals) this.metrics.usageUnavailable.inc(deltas.reduce((n, d) => n + d.calls, 0));
    for (const d of deltas) {
      const s = this.stateOf(d.clientId);
      s.inflightCalls -= d.calls;
      s.inflightCitizens -= d.citizenKeys.length;
      const t = totals?.get(d.clientId);
      if (t) {
        // the totals of all processes, this flush included
        Object.assign(s, {
          knownSecond: second,
          knownCalls: t.callsThisSecond,
          knownMinute: minute,
          knownCitizens: t.distinctCitizensThisMinute,
        });
        if (t.flagged && s.flaggedUntil <= nowMs) s.flaggedUntil = nowMs + this.config.OVERVIEW_FLAG_SECONDS * 1000;
      } else {
        // Redis did not answer: keep limiting on this process's own counts
        s.knownCalls = (s.knownSecond === second ? s.knownCalls : 0) + d.calls;
        s.knownSecond = second;
        s.knownCitizens = (s.knownMinute === minute ? s.knownCitizens : 0) + d.citizenKeys.length;
        s.knownMinute = minute;
      }
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
