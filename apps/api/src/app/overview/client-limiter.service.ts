import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientUsageRepository } from '@overblik/persistence';
import { APP_CONFIG, problem } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import { OverviewMetrics } from './overview.metrics';

const USAGE_TIMEOUT_MS = 50;

/**
 * Abuse limits per orchestration client: a call rate (429 beyond it), and a bound on distinct citizens per
 * minute — a client asking for more citizens than people log in is slowed down and flagged (metric,
 * warning, and the flag on its access-log records). Redis not answering does not stop citizens from
 * seeing their overview: the call goes on, counted as unlimited.
 */
@Injectable()
export class ClientLimiter {
  private readonly logger = new Logger(ClientLimiter.name);

  constructor(
    private readonly usage: ClientUsageRepository,
    private readonly metrics: OverviewMetrics,
    @Inject(APP_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Count the call; throws 429 past the rate limit; resolves (after a delay when flagged) with the flag. */
  async admit(clientId: string, citizenKey: string): Promise<{ flagged: boolean }> {
    let timer: NodeJS.Timeout | undefined;
    const usage = await Promise.race([
      this.usage.record(clientId, citizenKey),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), USAGE_TIMEOUT_MS))),
    ]).catch(() => undefined).finally(() => clearTimeout(timer));
    if (!usage) {
      this.metrics.usageUnavailable.inc();
      return { flagged: false };
    }
    if (usage.callsThisSecond > this.config.OVERVIEW_RATE_LIMIT_PER_SECOND) {
      this.metrics.calls.inc({ client: clientId, outcome: 'rate-limited' });
      throw problem(429, 'rate-limited', 'Too many calls from this client; try again shortly', { retryAfterSeconds: 1 });
    }
    let flagged = usage.flagged;
    if (!flagged && usage.distinctCitizensThisMinute > this.config.OVERVIEW_DISTINCT_CITIZENS_PER_MINUTE) {
      flagged = true;
      await this.usage.flag(clientId, this.config.OVERVIEW_FLAG_SECONDS).catch(() => undefined);
      this.metrics.flagged.inc({ client: clientId });
      this.logger.warn({ clientId, distinctCitizensThisMinute: usage.distinctCitizensThisMinute }, 'client flagged: more distinct citizens than people log in');
    }
    if (flagged && this.config.OVERVIEW_SLOWDOWN_MS > 0) await new Promise((r) => setTimeout(r, this.config.OVERVIEW_SLOWDOWN_MS));
    return { flagged };
  }
}
