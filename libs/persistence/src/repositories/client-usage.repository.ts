import type Redis from 'ioredis';

export interface ClientUsage {
  /** Calls by this client in the current second (all API processes together). */
  callsThisSecond: number;
  /** Distinct citizens this client asked for in the current minute (HyperLogLog estimate, ±1 %). */
  distinctCitizensThisMinute: number;
  /** Whether the client is flagged (asked for too many distinct citizens recently). */
  flagged: boolean;
}

/**
 * Per-client usage counters in Redis, shared by every API process: one pipelined round trip per call.
 * Only keyed citizen hashes go into Redis, never a CPR number.
 */
export class ClientUsageRepository {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(kind: string, clientId: string, window?: number): string {
    return window === undefined ? `${this.prefix}:usage:${kind}:${clientId}` : `${this.prefix}:usage:${kind}:${clientId}:${window}`;
  }

  async record(clientId: string, citizenKey: string, nowMs = Date.now()): Promise<ClientUsage> {
    const second = Math.floor(nowMs / 1000);
    const minute = Math.floor(nowMs / 60_000);
    const calls = this.key('calls', clientId, second);
    const citizens = this.key('citizens', clientId, minute);
    const result = await this.redis
      .multi()
      .incr(calls)
      .expire(calls, 5)
      .pfadd(citizens, citizenKey)
      .pfcount(citizens)
      .expire(citizens, 120)
      .exists(this.key('flag', clientId))
      .exec();
    if (!result) throw new Error('the usage transaction was discarded');
    const value = (i: number): number => {
      const [err, v] = result[i]!;
      if (err) throw err;
      return Number(v);
    };
    return { callsThisSecond: value(0), distinctCitizensThisMinute: value(3), flagged: value(5) === 1 };
  }

  /** Flag a client for a while (it is slowed down while flagged). */
  async flag(clientId: string, seconds: number): Promise<void> {
    await this.redis.set(this.key('flag', clientId), new Date().toISOString(), 'EX', seconds);
  }
}
