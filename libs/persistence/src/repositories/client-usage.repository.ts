import type Redis from 'ioredis';

/** What one API process counted for one client since its last flush. */
export interface ClientUsageDelta {
  clientId: string;
  calls: number;
  citizenKeys: string[];
}

export interface ClientUsage {
  /** Calls by this client in the current second (all API processes together). */
  callsThisSecond: number;
  /** Distinct citizens this client asked for in the current minute (HyperLogLog estimate, ±1 %). */
  distinctCitizensThisMinute: number;
  /** Whether the client is flagged (asked for too many distinct citizens recently). */
  flagged: boolean;
}

/**
 * Per-client usage counters in Redis, shared by every API process. Processes add what they counted in
 * one pipelined round trip per flush (not per call) and get the totals back. Only keyed citizen hashes
 * go into Redis, never a CPR number.
 */
export class ClientUsageRepository {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(kind: string, clientId: string, window?: number): string {
    return window === undefined
      ? `${this.prefix}:usage:${kind}:${clientId}`
      : `${this.prefix}:usage:${kind}:${clientId}:${window}`;
  }

  /** Add the deltas of several clients and read back each client's totals. */
  async add(deltas: readonly ClientUsageDelta[], nowMs = Date.now()): Promise<Map<string, ClientUsage>> {
    const second = Math.floor(nowMs / 1000);
    const minute = Math.floor(nowMs / 60_000);
    const tx = this.redis.multi();
    for (const d of deltas) {
      const calls = this.key('calls', d.clientId, second);
      const citizens = this.key('citizens', d.clientId, minute);
      tx.incrby(calls, d.calls).expire(calls, 5);
      if (d.citizenKeys.length) tx.pfadd(citizens, ...d.citizenKeys);
      tx.pfcount(citizens).expire(citizens, 120).exists(this.key('flag', d.clientId));
    }
    const result = await tx.exec();
    if (!result) throw new Error('the usage transaction was discarded');
    let i = 0;
    const next = (): number => {
      const [err, v] = result[i++]!;
      if (err) throw err;
      return Number(v);
    };
    const out = new Map<string, ClientUsage>();
    for (const d of deltas) {
      const callsThisSecond = next();
      next(); // expire
      if (d.citizenKeys.length) next(); // pfadd
      const distinctCitizensThisMinute = next();
      next(); // expire
      out.set(d.clientId, { callsThisSecond, distinctCitizensThisMinute, flagged: next() === 1 });
    }
    return out;
  }

  /** Flag a client for a while (it is slowed down while flagged). */
  async flag(clientId: string, seconds: number): Promise<void> {
    await this.redis.set(this.key('flag', clientId), new Date().toISOString(), 'EX', seconds);
  }
}
