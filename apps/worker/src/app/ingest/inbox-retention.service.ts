import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InboxRetentionRepository, type PurgeResult } from '@overblik/persistence';
import { APP_CONFIG } from '@overblik/platform';
import type { WorkerConfig } from '../worker.config';

export const INBOX_RETENTION_LOCK = 'overblik:inbox-retention';
/** Rows redacted per statement: short statements, so ingestion never waits long for the purge. */
export const INBOX_PURGE_BATCH = 1000;
const DAY_MS = 86_400_000;

/**
 * Keeps inbox bodies only as long as they are needed: every INBOX_PURGE_INTERVAL_MS, the payloads of
 * processed inbox items and of dead letters older than INBOX_RETENTION_DAYS are redacted. One worker
 * process at a time does it (an advisory lock); a shutdown ends it after the current statement.
 */
@Injectable()
export class InboxRetentionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InboxRetentionService.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> | undefined;
  private stopping = false;

  constructor(
    private readonly retention: InboxRetentionRepository,
    @Inject(APP_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.INBOX_PURGE_INTERVAL_MS <= 0) return;
    this.timer = setInterval(() => void this.purge(), this.config.INBOX_PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  /** One purge as of `now`: what it redacted, or 'busy' when a purge runs here or in another process. */
  async purge(now = new Date()): Promise<PurgeResult | 'busy'> {
    if (this.running || this.stopping) return 'busy';
    const cutoff = new Date(now.getTime() - this.config.INBOX_RETENTION_DAYS * DAY_MS);
    const pass = this.retention.exclusively(INBOX_RETENTION_LOCK, () =>
      this.retention.purgeBefore(cutoff, INBOX_PURGE_BATCH, () => this.stopping),
    );
    this.running = pass;
    try {
      const result = await pass;
      if (!result) return 'busy';
      if (result.items || result.deadLetters)
        this.logger.log(
          { ...result, before: cutoff.toISOString() },
          'redacted inbox payloads past the retention period',
        );
      return result;
    } catch (e) {
      this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'inbox retention purge failed; will retry');
      return 'busy';
    } finally {
      this.running = undefined;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
