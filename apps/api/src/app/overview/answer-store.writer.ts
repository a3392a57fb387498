import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { OverviewAnswerRepository, type RenderedAnswerRow } from '@overblik/persistence';
import { OverviewMetrics } from './overview.metrics';

const MAX_BATCH = 200;
const MAX_QUEUED = 5_000;
const FLUSH_MS = 20;

/**
 * Stores freshly rendered answers back, batched and off the call's path: a call never waits for it and
 * never fails because of it. The store is a cache of what the rules give, so a row that is dropped
 * (queue full, write failed) only means the next call renders again.
 */
@Injectable()
export class AnswerStoreWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(AnswerStoreWriter.name);
  private queue = new Map<string, RenderedAnswerRow>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly answers: OverviewAnswerRepository,
    private readonly metrics: OverviewMetrics,
  ) {}

  store(row: RenderedAnswerRow): void {
    if (this.queue.size >= MAX_QUEUED && !this.queue.has(row.citizenKey)) {
      this.metrics.answerStoreDropped.inc();
      return;
    }
    this.queue.set(row.citizenKey, row); // one row per citizen per batch: the statement cannot touch a key twice
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, FLUSH_MS);
  }

  private async flush(): Promise<void> {
    while (this.queue.size) {
      const batch = [...this.queue.values()].slice(0, MAX_BATCH);
      for (const row of batch) this.queue.delete(row.citizenKey);
      try {
        await this.answers.store(batch);
      } catch (e) {
        this.metrics.answerStoreDropped.inc(batch.length);
        this.logger.warn(
          { err: e, rows: batch.length },
          'could not store rendered answers; they are rendered again on the next call',
        );
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }
}
