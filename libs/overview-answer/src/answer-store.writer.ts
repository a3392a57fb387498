import type { OverviewAnswerRepository, RenderedAnswerRow } from '@overblik/persistence';
import type { AnswerLog } from './answer-log';

const MAX_BATCH = 200;
const MAX_QUEUED = 5_000;
const FLUSH_MS = 20;

export interface AnswerStoreWriterOptions {
  log: AnswerLog;
  /** Told how many rendered answers were not stored (queue full, write failed), for a metric. */
  onDropped?: (rows: number) => void;
}

/**
 * Stores freshly rendered answers back, batched and off the call's path: a call never waits for it and
 * never fails because of it. The store is a cache of what the rules give, so a row that is dropped
 * (queue full, write failed) only means the next call renders again.
 */
export class AnswerStoreWriter {
  private queue = new Map<string, RenderedAnswerRow>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly onDropped: (rows: number) => void;

  constructor(
    private readonly answers: Pick<OverviewAnswerRepository, 'store'>,
    private readonly options: AnswerStoreWriterOptions,
  ) {
    this.onDropped = options.onDropped ?? (() => undefined);
  }

  store(row: RenderedAnswerRow): void {
    if (this.queue.size >= MAX_QUEUED && !this.queue.has(row.citizenKey)) {
      this.onDropped(1);
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
        this.onDropped(batch.length);
        this.options.log.warn(
          { err: e, rows: batch.length },
          'could not store rendered answers; they are rendered again on the next call',
        );
      }
    }
  }

  /** Stores what is queued and resolves when it is written (Nest calls it at shutdown). */
  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }
}
