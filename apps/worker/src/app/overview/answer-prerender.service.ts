import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnswerPrerenderSchedule, DisplayConfigurationCache, type PrerenderResult } from '@overblik/overview-answer';
import { OverviewReadRepository } from '@overblik/persistence';
import { APP_CONFIG } from '@overblik/platform';
import type { WorkerConfig } from '../worker.config';

export { PRERENDER_LOCK } from '@overblik/overview-answer';

/**
 * Keeps the API's stored answers (ADR 0003) rendered without an operator: every
 * OVERVIEW_PRERENDER_INTERVAL_MS it asks the schedule (`AnswerPrerenderSchedule`) whether the configuration
 * version or the Danish day moved since its last complete pass, which then renders every stale answer.
 */
@Injectable()
export class AnswerPrerenderService implements OnModuleInit, OnApplicationShutdown {
  private readonly schedule: AnswerPrerenderSchedule;
  private timer?: NodeJS.Timeout;

  constructor(
    db: DataSource,
    @Inject(APP_CONFIG) private readonly config: WorkerConfig,
    @Optional() configurations?: DisplayConfigurationCache,
  ) {
    this.schedule = new AnswerPrerenderSchedule(
      db,
      configurations ?? new DisplayConfigurationCache(new OverviewReadRepository(db)),
      { batch: config.OVERVIEW_PRERENDER_BATCH, log: new Logger(AnswerPrerenderService.name) },
    );
  }

  onModuleInit(): void {
    if (this.config.OVERVIEW_PRERENDER_INTERVAL_MS <= 0) return;
    this.timer = setInterval(() => void this.check(), this.config.OVERVIEW_PRERENDER_INTERVAL_MS);
    this.timer.unref();
  }

  /** One look (see `AnswerPrerenderSchedule.check`). */
  check(now = new Date()): Promise<PrerenderResult | 'current' | 'busy'> {
    return this.schedule.check(now);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.schedule.stop();
  }
}
