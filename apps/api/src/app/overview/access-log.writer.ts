import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { AccessLogEntry } from '@overblik/domain';
import { AccessLogRepository } from '@overblik/persistence';
import { APP_CONFIG } from '@overblik/platform';
import type { ApiConfig } from '../api.config';
import { OverviewMetrics } from './overview.metrics';

interface Pending {
  entry: AccessLogEntry;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH = 500;

/**
 * Group commit for the access log: a call's record is committed (with the records of the calls that
 * arrived in the same few milliseconds) before the call answers, so no answer leaves without its audit
 * record, and the chain takes one transaction per batch instead of one per call.
 */
@Injectable()
export class AccessLogWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(AccessLogWriter.name);
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: AccessLogRepository,
    private readonly metrics: OverviewMetrics,
    @Inject(APP_CONFIG) private readonly config: ApiConfig,
  ) {}

  record(entry: AccessLogEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (this.queue.length >= MAX_BATCH) this.flushSoon(0);
      else this.flushSoon(this.config.ACCESS_LOG_FLUSH_MS);
    });
  }

  private flushSoon(ms: number): void {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, ms);
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.log.append(batch.map((p) => p.entry));
        this.metrics.accessLogBatch.observe(batch.length);
        for (const p of batch) p.resolve();
      } catch (e) {
        this.logger.error({ err: e, records: batch.length }, 'could not write the access log: the calls fail');
        for (const p of batch) p.reject(e);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.flushing;
    await this.flush();
  }
}
