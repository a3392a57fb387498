import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { INGEST_CHUNK_SIZE, IngestQueueProducer } from '@overblik/jobs';
import { InboxRepository } from '@overblik/persistence';
import { APP_CONFIG } from '@overblik/platform';
import type { WorkerConfig } from '../worker.config';

/**
 * Re-enqueues inbox items that are still pending after SWEEP_AFTER_MS: a job lost with a Redis that
 * kept nothing, or a worker killed mid-batch, loses no data. Applying is idempotent, so a sweep that
 * races a slow job does no harm.
 */
@Injectable()
export class SweeperService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SweeperService.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly inbox: InboxRepository,
    private readonly queue: IngestQueueProducer,
    @Inject(APP_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async sweep(now = new Date()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const ranges = await this.inbox.pendingRanges(
        new Date(now.getTime() - this.config.SWEEP_AFTER_MS),
        INGEST_CHUNK_SIZE,
      );
      if (ranges.length) {
        // one job id per range and sweep window, so repeated sweeps of a stuck range do not pile up
        const attempt = `sweep-${Math.floor(now.getTime() / Math.max(this.config.SWEEP_AFTER_MS, 1000))}`;
        await this.queue.enqueue(ranges, attempt);
        this.logger.log({ ranges: ranges.length }, 're-enqueued pending inbox items');
      }
      return ranges.length;
    } catch (e) {
      this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'sweep failed; will retry');
      return 0;
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
